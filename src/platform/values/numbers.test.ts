import { describe, expect, it } from 'vitest';
import { createTemplateEngine } from '../web/nunjucks.js';
import { formatNumber } from './numbers.js';

describe('numbers in words on a page', () => {
  it('puts thousands separators in every number over 999, and leaves other values as they are', () => {
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(1000)).toBe('1,000');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(-4321.5)).toBe('-4,321.5');
    expect(formatNumber('12345')).toBe('12,345');
    expect(formatNumber('fewer than 5')).toBe('fewer than 5');
    expect(formatNumber(null)).toBe('');
  });

  it('is the templates’ number filter, used by the directory’s result count and downloads', () => {
    const templates = createTemplateEngine();
    expect(templates.renderString('{{ 25000 | number }} services', {})).toBe('25,000 services');
    const page = templates.render('providers/views/directory/search.njk', {
      pageTitle: 'Find a residential service',
      total: 12345,
      first: 1,
      last: 20,
      results: [{ href: '/services/x', name: 'Ash House', providerName: 'Alder', kindLabel: 'Residential rehab', region: 'North East', cost: '£900', waiting: '2 weeks' }],
      exportLimit: 5000,
      search: { sort: 'name' },
      sortLabel: 'Name (A to Z)',
      sortOptions: [],
      values: {},
      paths: { search: () => '/services', importServices: () => '/admin/services/import' },
      csrfToken: () => 'token',
    });
    expect(page).toContain('12,345 services in the directory');
    expect(page).toContain('Showing 1 to 20 of 12,345');
    expect(page).toContain('Downloads hold the first 5,000 services');
  });
});
