import { describe, expect, it } from 'vitest';
import { checkboxItems, radioItems, selectItems } from './choice-items.js';
import { pagination, paginationLinks } from './pagination.js';
import { tagLabels } from './tags.js';
import { uploadProblem } from './upload.js';

describe('tags', () => {
  it('give the words of each status', () => {
    const tags = { open: { text: 'Open', classes: 'govuk-tag--blue' }, closed: { text: 'Closed', classes: 'govuk-tag--grey' } };
    expect(tagLabels(tags)).toEqual({ open: 'Open', closed: 'Closed' });
  });
});

describe('radio and checkbox items', () => {
  const labels = { yes: 'Yes', no: 'No', unsure: 'Not sure' };

  it('check the selected radio, in the order given, with hints', () => {
    expect(radioItems(labels, 'no', ['no', 'yes'], { yes: 'If you are certain' })).toEqual([
      { value: 'no', text: 'No', checked: true },
      { value: 'yes', text: 'Yes', checked: false, hint: { text: 'If you are certain' } },
    ]);
    expect(radioItems(labels, undefined).map((item) => item.value)).toEqual(['yes', 'no', 'unsure']);
  });

  it('check every ticked box, whether the form sent one value or several', () => {
    expect(checkboxItems(labels, 'yes').map((item) => item.checked)).toEqual([true, false, false]);
    expect(checkboxItems(labels, ['no', 'unsure']).map((item) => item.checked)).toEqual([false, true, true]);
    expect(checkboxItems(labels, undefined).every((item) => !item.checked)).toBe(true);
  });
});

describe('select items', () => {
  it('mark the selected option, after a first option with no value when asked', () => {
    const options = [
      { value: 'north', text: 'North' },
      { value: 'south', text: 'South' },
    ];
    expect(selectItems(options, 'south', 'Select a region')).toEqual([
      { value: '', text: 'Select a region' },
      { value: 'north', text: 'North', selected: false },
      { value: 'south', text: 'South', selected: true },
    ]);
    expect(selectItems(options, undefined)).toHaveLength(2);
  });
});

describe('pagination', () => {
  const hrefFor = (page: number) => `/list?page=${page}`;

  it('is not shown when everything fits on one page', () => {
    expect(paginationLinks(1, 25, 25, hrefFor)).toBeNull();
    expect(paginationLinks(1, 25, 0, hrefFor)).toBeNull();
  });

  it('links the first, last and neighbouring pages, with gaps as ellipses', () => {
    const links = paginationLinks(5, 10, 95, hrefFor);
    expect(links?.items).toEqual([
      { number: 1, href: '/list?page=1', current: false },
      { ellipsis: true },
      { number: 4, href: '/list?page=4', current: false },
      { number: 5, href: '/list?page=5', current: true },
      { number: 6, href: '/list?page=6', current: false },
      { ellipsis: true },
      { number: 10, href: '/list?page=10', current: false },
    ]);
    expect(links?.previous).toEqual({ href: '/list?page=4' });
    expect(links?.next).toEqual({ href: '/list?page=6' });
    expect(paginationLinks(1, 10, 30, hrefFor)?.previous).toBeUndefined();
    expect(paginationLinks(3, 10, 30, hrefFor)?.next).toBeUndefined();
  });

  it('keeps simple filters in each link, but not empty ones or the page', () => {
    const links = pagination('/audit', { action: 'signed_in', who: '', page: '2' }, 2, 10, 30);
    expect(links?.items[0]).toEqual({ number: 1, href: '/audit?action=signed_in&page=1', current: false });
  });
});

describe('upload problems', () => {
  it('say what to do when no usable file came', () => {
    expect(uploadProblem({ kind: 'none' }, 'Select a CSV file to import', '5 MB')).toBe('Select a CSV file to import');
    expect(uploadProblem({ kind: 'too-big' }, 'Select a CSV file to import', '5 MB')).toBe('The selected file must be smaller than 5 MB');
    expect(uploadProblem({ kind: 'unreadable' }, 'Select a CSV file to import', '5 MB')).toBe('The selected file could not be uploaded. Choose one file and try again');
  });
});
