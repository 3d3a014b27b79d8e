import { describe, expect, it } from 'vitest';
import { funnelPlotChart, funnelPosition, limitsAt } from './funnel-plot.js';
import { expectAccessibleChart, readChart } from './test-helpers.js';

// Normal-approximation limits around 52%, enough for drawing.
const curve = Array.from({ length: 40 }, (_, index) => {
  const trials = 5 + index * 5;
  const error = Math.sqrt((0.52 * 0.48) / trials) * 100;
  return { trials, lower95: Math.max(0, 52 - 1.96 * error), upper95: Math.min(100, 52 + 1.96 * error), lower998: Math.max(0, 52 - 3.09 * error), upper998: Math.min(100, 52 + 3.09 * error) };
});
const options = {
  id: 'completion-funnel',
  title: 'Services’ planned completions against England',
  description: 'One service is above the 99.8% limit and one below the 95% limit.',
  curve,
  benchmark: { value: 52, label: 'England 52%' },
  trialsLabel: 'Number of discharges',
  proportionLabel: 'Percentage completed as planned',
  points: [
    { label: 'Service A', trials: 40, proportion: 55 },
    { label: 'Service <script>&', trials: 120, proportion: 40 },
    { label: 'Service C', trials: 180, proportion: 75 },
  ],
};

describe('funnelPosition', () => {
  it('places a unit against the limits at its number of cases', () => {
    expect(funnelPosition({ trials: 40, proportion: 55 }, curve)).toBe('inside');
    expect(funnelPosition({ trials: 120, proportion: 40 }, curve)).toBe('below-95');
    expect(funnelPosition({ trials: 180, proportion: 75 }, curve)).toBe('above-99.8');
    expect(funnelPosition({ trials: 180, proportion: 10 }, curve)).toBe('below-99.8');
  });

  it('reads limits between the curve’s points by straight lines', () => {
    const between = limitsAt([{ trials: 10, lower95: 10, upper95: 90, lower998: 0, upper998: 100 }, { trials: 20, lower95: 20, upper95: 80, lower998: 10, upper998: 90 }], 15);
    expect(between).toEqual({ trials: 15, lower95: 15, upper95: 85, lower998: 5, upper998: 95 });
  });
});

describe('funnelPlotChart', () => {
  const { svg } = funnelPlotChart(options);
  const chart = readChart(svg);

  it('is an accessible chart without styles', () => {
    expectAccessibleChart(svg, options.id, options.title, options.description);
  });

  it('draws the benchmark, dashed 95% and dotted 99.8% limits above and below it', () => {
    const lines = chart.group('line');
    expect(lines.map((line) => line.getAttribute('stroke-dasharray'))).toEqual(['1.5 3.5', '7 4']);
    for (const line of lines) expect(line.querySelectorAll('path')).toHaveLength(2);
    expect(chart.texts).toContain('England 52%');
  });

  it('marks units beyond the limits with other shapes, and labels every unit', () => {
    const markers = chart.group('dot').flatMap((group) => [...group.querySelectorAll('path')].map((path) => ({ d: path.getAttribute('d'), fill: group.getAttribute('fill') })));
    expect(markers).toHaveLength(3);
    expect(new Set(markers.map((marker) => `${marker.d} ${marker.fill}`)).size).toBe(3);
    expect(chart.texts).toEqual(expect.arrayContaining(['Service A', 'Service <script>&', 'Service C']));
    expect(svg).toContain('Service &lt;script&gt;&amp;');
  });

  it('labels both axes and keeps percentages within 0% to 100%', () => {
    expect(chart.texts).toEqual(expect.arrayContaining(['Number of discharges', 'Percentage completed as planned']));
    expect(chart.textsIn('y-axis tick label')).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
  });

  it('explains its lines and shapes in a key', () => {
    const key = [...(chart.root.querySelector('g.app-plot__key')?.querySelectorAll('text') ?? [])].map((text) => text.textContent);
    expect(key).toEqual(['Benchmark', '95% limits', '99.8% limits', 'Within limits', 'Beyond 95%', 'Beyond 99.8%']);
  });

  it('gives the same markup for the same input', () => {
    expect(funnelPlotChart(options).svg).toBe(svg);
  });
});
