import { describe, expect, it } from 'vitest';
import { chartCategories, chartLayout, ratingsChart } from './chart.js';

const counts = (values: Partial<Record<'in_place' | 'partly' | 'not_in_place' | 'dont_know' | 'not_applicable', number>>) => ({
  in_place: 0,
  partly: 0,
  not_in_place: 0,
  dont_know: 0,
  not_applicable: 0,
  ...values,
});

const themes = [
  { title: 'Partnership and governance', counts: counts({ in_place: 3, partly: 2, not_in_place: 1 }), notAgreed: 1 },
  { title: 'Data and monitoring', counts: counts({ dont_know: 2, not_applicable: 1 }), notAgreed: 3 },
];

describe('the ratings chart', () => {
  const chart = ratingsChart(themes, { idPrefix: 'test-chart', title: 'Agreed ratings by theme' });

  it('draws one bar per theme, with a segment for each rating that has statements, in the legend’s order', () => {
    expect(chart.rows.map((row) => row.title)).toEqual(['Partnership and governance', 'Data and monitoring']);
    expect(chart.rows[0]?.segments.map((segment) => [segment.category, segment.count])).toEqual([
      ['in_place', 3],
      ['partly', 2],
      ['not_in_place', 1],
      ['not_agreed', 1],
    ]);
    expect(chart.rows[1]?.segments.map((segment) => segment.category)).toEqual(['dont_know', 'not_applicable', 'not_agreed']);
  });

  it('scales every bar to the same unit so lengths can be compared, leaving room for the total', () => {
    const unit = (chartLayout.width - chartLayout.totalRoom) / 7;
    const first = chart.rows[0]?.segments ?? [];
    expect(first[0]).toMatchObject({ x: 0, width: Math.round(3 * unit * 100) / 100 });
    // Segments sit end to end.
    expect(first[1]?.x).toBeCloseTo(3 * unit, 1);
    expect(first[3]?.x).toBeCloseTo(6 * unit, 1);
    const end = (first[3]?.x ?? 0) + (first[3]?.width ?? 0);
    expect(end).toBeCloseTo(chartLayout.width - chartLayout.totalRoom, 1);
    expect(chart.rows[0]?.totalText).toBe('7 statements');
    expect(chart.rows[1]?.totalText).toBe('6 statements');
    expect(chart.rows[1]?.totalX).toBeLessThan(chart.rows[0]?.totalX ?? 0);
  });

  it('writes the count in every wide enough segment, and describes each one in words', () => {
    for (const segment of chart.rows.flatMap((row) => row.segments)) {
      expect(segment.labelled).toBe(true);
      expect(segment.countX).toBeCloseTo(segment.x + segment.width / 2, 1);
      // The count sits on a white badge inside the segment.
      expect(segment.badgeX).toBeGreaterThan(segment.x);
      expect(segment.badgeX + segment.badgeWidth).toBeLessThan(segment.x + segment.width);
    }
    expect(chart.rows[0]?.segments[1]?.describedAs).toBe('Partly in place: 2 of 7');
    const narrow = ratingsChart([{ title: 'Wide', counts: counts({ in_place: 60, partly: 1 }), notAgreed: 0 }], { idPrefix: 'n', title: 'T' });
    expect(narrow.rows[0]?.segments[1]?.labelled).toBe(false);
  });

  it('does not rely on colour alone: patterns differ, and the legend names each pattern', () => {
    const fills = new Set(chart.legend.map((item) => `${item.fill}|${item.strokeDasharray}`));
    expect(fills.size).toBe(chartCategories.length);
    expect(new Set(chart.legend.map((item) => item.patternName)).size).toBe(chartCategories.length);
    expect(chart.legend.map((item) => item.label)).toEqual(['In place', 'Partly in place', 'Not in place', 'Don’t know', 'Not applicable', 'Not agreed yet']);
    const partly = chart.legend.find((item) => item.category === 'partly');
    expect(partly?.fill).toBe('url(#test-chart-pattern-partly)');
    expect(chart.patterns.map((pattern) => pattern.id)).toContain('test-chart-pattern-partly');
    for (const pattern of chart.patterns) expect(pattern.shapes.length).toBeGreaterThan(1);
  });

  it('has a title and a description that points to the table holding the same figures', () => {
    expect(chart.titleId).toBe('test-chart-title');
    expect(chart.descriptionId).toBe('test-chart-description');
    expect(chart.description).toContain('2 themes');
    expect(chart.description).toContain('The table below the chart gives the same figures');
  });

  it('lays the rows out top to bottom with each theme’s name above its bar', () => {
    const [first, second] = chart.rows;
    expect(first?.titleY).toBeLessThan(first?.barY ?? 0);
    expect(second?.titleY).toBeGreaterThan((first?.barY ?? 0) + chartLayout.barHeight);
    expect(chart.height).toBe((second?.barY ?? 0) + chartLayout.barHeight);
  });

  it('copes with nothing to draw', () => {
    const empty = ratingsChart([{ title: 'Empty', counts: counts({}), notAgreed: 0 }], { idPrefix: 'e', title: 'T' });
    expect(empty.empty).toBe(true);
    expect(empty.rows[0]?.segments).toEqual([]);
    expect(empty.rows[0]?.totalText).toBe('0 statements');
    expect(ratingsChart([], { idPrefix: 'none', title: 'T' }).height).toBe(0);
  });
});
