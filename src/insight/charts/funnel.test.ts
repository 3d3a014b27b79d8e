import { describe, expect, it } from 'vitest';
import { conversionText, stageFunnelChart } from './funnel.js';
import { expectAccessibleChart, readChart } from './test-helpers.js';

const stages = [
  { label: 'Identified as needing residential treatment', count: 120 },
  { label: 'Referred', count: 96 },
  { label: 'Funding approved', count: 0 },
  { label: 'Admitted & <b>settled</b>', count: 0 },
];
const options = { id: 'pathway-funnel', title: 'People at each stage of the pathway', description: 'Of 120 people identified, 96 were referred.', stages, format: 'number' as const };

describe('stageFunnelChart', () => {
  const { svg } = stageFunnelChart(options);
  const chart = readChart(svg);

  it('is an accessible chart without styles', () => {
    expectAccessibleChart(svg, options.id, options.title, options.description);
  });

  it('draws one bar per stage, in order, as long as its count', () => {
    const bars = [...chart.root.querySelectorAll('g[data-mark="bar"] rect')];
    expect(bars).toHaveLength(4);
    const widths = bars.map((bar) => Number(bar.getAttribute('width') ?? 0));
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.8);
    const tops = bars.map((bar) => Number(bar.getAttribute('y')));
    expect([...tops].sort((a, b) => a - b)).toEqual(tops);
  });

  it('labels each stage, its count and how many of the previous stage reached it', () => {
    expect(chart.textsIn('y-axis tick label')).toEqual(['Identified as needing residential treatment', 'Referred', 'Funding approved', 'Admitted & <b>settled</b>']);
    expect(svg).toContain('&lt;b&gt;settled&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
    expect(chart.texts).toEqual(expect.arrayContaining(['120', '96', '0', '80% of previous', '0% of previous']));
    // No conversion after a stage nobody reached.
    expect(chart.texts.filter((text) => text.endsWith('of previous'))).toHaveLength(2);
  });

  it('gives the same markup for the same input', () => {
    expect(stageFunnelChart(options).svg).toBe(svg);
  });
});

describe('conversionText', () => {
  it('says what share of the previous stage reached this one', () => {
    expect(conversionText(stages, 0)).toBeNull();
    expect(conversionText(stages, 1)).toBe('80% of previous');
    expect(conversionText(stages, 3)).toBeNull();
  });
});
