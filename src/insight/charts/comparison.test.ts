import { describe, expect, it } from 'vitest';
import { comparisonChart } from './comparison.js';
import { expectAccessibleChart, readChart } from './test-helpers.js';

const options = {
  id: 'completion-comparison',
  title: 'Completed residential treatment as planned',
  description: 'The partnership’s 41% is similar to England’s 48%.',
  format: 'percent' as const,
  benchmark: { value: 48, label: 'England 48%' },
  rows: [
    { label: 'This partnership', value: 41, lower95: 33, upper95: 49, lower998: 28, upper998: 55, judgement: 'Similar to England' },
    { label: 'Comparator <script>&', value: 60, lower95: 55, upper95: 65, lower998: 52, upper998: 68, judgement: 'Higher than England' },
    { label: 'Comparator B', value: null, judgement: 'Too few to compare' },
    { label: 'England', value: 48 },
  ],
};

describe('comparisonChart', () => {
  const { svg } = comparisonChart(options);
  const chart = readChart(svg);
  const rules = chart.group('rule');

  it('is an accessible chart without styles', () => {
    expectAccessibleChart(svg, options.id, options.title, options.description);
  });

  it('draws a dot per shown value, a thick 95% interval and a thin 99.8% interval', () => {
    expect(chart.group('dot')[0]?.querySelectorAll('path')).toHaveLength(3);
    const widths = rules.map((rule) => rule.getAttribute('stroke-width'));
    const thin = rules[widths.indexOf('2', 1)];
    const thick = rules[widths.indexOf('7')];
    expect(thin?.querySelectorAll('line')).toHaveLength(2);
    expect(thick?.querySelectorAll('line')).toHaveLength(2);
  });

  it('labels the rows, values, judgements and benchmark, and says “not shown” for a missing value', () => {
    expect(chart.textsIn('y-axis tick label')).toEqual(['This partnership', 'Comparator <script>&', 'Comparator B', 'England']);
    expect(svg).toContain('&lt;script&gt;&amp;');
    expect(svg).not.toContain('<script>');
    expect(chart.texts).toEqual(expect.arrayContaining(['England 48%', 'not shown', '48%']));
    expect(chart.texts.join('|')).toContain('41% Similar to England');
    expect(chart.texts.join('|')).toContain('Too few');
    expect(chart.root.querySelector('g[stroke-dasharray="6 3"] line')).not.toBeNull();
  });

  it('has a key for the value and the two intervals', () => {
    const key = [...(chart.root.querySelector('g.app-plot__key')?.querySelectorAll('text') ?? [])].map((text) => text.textContent);
    expect(key).toEqual(['Value', '95% interval', '99.8% interval']);
  });

  it('refuses two rows with the same label', () => {
    expect(() => comparisonChart({ ...options, rows: [options.rows[0]!, options.rows[0]!] })).toThrow(/own label/);
  });

  it('gives the same markup for the same input', () => {
    expect(comparisonChart(options).svg).toBe(svg);
  });
});
