import { describe, expect, it } from 'vitest';
import { dashes, palette } from './render.js';
import { expectAccessibleChart, readChart } from './test-helpers.js';
import { trendChart } from './trend.js';

const periods = ['Apr to Jun 2025', 'Jul to Sep 2025', 'Oct to Dec 2025', 'Jan to Mar 2026', 'Apr to Jun 2026'];
const options = {
  id: 'admissions-trend',
  title: 'Adults admitted to residential treatment',
  description: 'The partnership’s rate rose from 1% to 2.2% over the year, above the region and England.',
  valueLabel: 'Percentage of adults in treatment admitted',
  format: 'percent' as const,
  target: { value: 2, label: '2% national ambition' },
  series: [
    { key: 'partnership', label: 'This partnership', points: periods.map((period, index) => ({ period, value: index === 2 ? null : 1 + index * 0.3 })) },
    { key: 'region', label: 'North West <script>&', points: periods.map((period, index) => ({ period, value: 1.5 + index * 0.1 })) },
    { key: 'england', label: 'England', points: periods.map((period, index) => ({ period, value: 1.6 + index * 0.12 })) },
  ],
};

describe('trendChart', () => {
  const { svg } = trendChart(options);
  const chart = readChart(svg);

  it('is an accessible chart without styles', () => {
    expectAccessibleChart(svg, options.id, options.title, options.description);
  });

  it('draws one line per series, told apart by colour and dash, with a gap where a value is missing', () => {
    const lines = chart.group('line');
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => line.getAttribute('stroke'))).toEqual(palette.slice(0, 3));
    expect(lines.map((line) => line.getAttribute('stroke-dasharray') ?? '')).toEqual(dashes.slice(0, 3));
    // The missing third value splits the partnership's line in two.
    expect(lines[0]?.querySelector('path')?.getAttribute('d')?.match(/M/g)).toHaveLength(2);
  });

  it('marks each value with its series’ shape', () => {
    const dots = chart.group('dot');
    expect(dots.map((group) => group.querySelectorAll('path').length)).toEqual([4, 5, 5]);
    const shapes = dots.map((group) => group.querySelector('path')?.getAttribute('d'));
    expect(new Set(shapes).size).toBe(3);
  });

  it('names the series in a key, escaped', () => {
    const key = chart.root.querySelector('g.app-plot__key');
    expect([...(key?.querySelectorAll('text') ?? [])].map((text) => text.textContent)).toEqual(['This partnership', 'North West <script>&', 'England']);
    expect(svg).toContain('North West &lt;script&gt;&amp;');
  });

  it('labels the periods in order, the target, the value axis and the last value of each line', () => {
    expect(chart.textsIn('x-axis tick label')).toEqual(periods);
    expect(chart.texts).toContain('2% national ambition');
    expect(chart.texts).toContain('Percentage of adults in treatment admitted');
    expect(chart.group('y-axis tick label')[0]?.textContent).toBe('0%1%2%3%');
    const ends = chart.root.querySelector('g[font-weight="bold"]');
    expect([...(ends?.querySelectorAll('text') ?? [])].map((text) => text.textContent)).toEqual(['2.2%', '1.9%', '2.1%']);
  });

  it('keeps periods in the order given, not sorted', () => {
    const { svg: reversed } = trendChart({ ...options, target: undefined, series: [{ key: 'a', label: 'A', points: [...periods].reverse().map((period) => ({ period, value: 1 })) }] });
    const labels = [...readChart(reversed).root.querySelectorAll('g[data-mark="x-axis tick label"] text')].map((text) => text.querySelector('tspan')?.textContent);
    expect(labels[0]).toBe('Apr to Jun');
    expect(labels[1]).toBe('Jan to Mar');
  });

  it('labels every other period when there are too many to fit, always the latest', () => {
    const many = Array.from({ length: 12 }, (_, index) => `Quarter ${index + 1} of the years`);
    const { svg: crowded } = trendChart({ ...options, series: [{ key: 'a', label: 'A', points: many.map((period) => ({ period, value: 1 })) }] });
    const ticks = readChart(crowded).group('x-axis tick label')[0]?.querySelectorAll('text') ?? [];
    expect(ticks.length).toBeLessThan(12);
    expect([...ticks].at(-1)?.textContent).toContain('Quarter 12');
  });

  it('gives the same markup for the same input', () => {
    expect(trendChart(options).svg).toBe(svg);
  });
});
