import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { chartFormat } from './format.js';
import { palette, renderChart, shapePath, symbols } from './render.js';
import { placeLabels, valueAxis } from './scale.js';
import { expectAccessibleChart, readChart } from './test-helpers.js';

const contrastWithWhite = (hex: string) => {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r, g, b] = channels.map((value) => (value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
};

describe('renderChart', () => {
  const words = { id: 'a-chart', title: 'Referrals <script>alert(1)</script> & "more"', description: 'One sentence & <b>no markup</b>.' };

  it('labels the chart with an escaped title and description and strips the styles Plot writes', () => {
    const { svg } = renderChart({
      words,
      // A style option makes Plot write a style attribute too; neither may reach the page.
      plot: { style: { color: 'red' }, marks: [Plot.dot([{ x: 1, y: 2 }], { x: 'x', y: 'y' })] },
    });
    expectAccessibleChart(svg, words.id, words.title, words.description);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp;');
  });

  it('escapes text drawn by marks', () => {
    const { svg } = renderChart({ words, plot: { marks: [Plot.text(['<script>&'], { frameAnchor: 'middle' })] } });
    expect(svg).toContain('&lt;script&gt;&amp;');
    expect(readChart(svg).texts).toContain('<script>&');
  });

  it('refuses ids that could break out of an attribute', () => {
    expect(() => renderChart({ words: { ...words, id: 'x" onload="y' }, plot: { marks: [] } })).toThrow(/chart id/);
    expect(() => renderChart({ words: { ...words, id: '1st' }, plot: { marks: [] } })).toThrow(/chart id/);
  });

  it('gives the same markup for the same input', () => {
    const draw = () => renderChart({ words, plot: { marks: [Plot.lineY([1, 3, 2])] }, key: [{ label: 'A', line: { stroke: palette[0], dash: '', width: 2 } }] }).svg;
    expect(draw()).toBe(draw());
  });
});

describe('the palette and shapes', () => {
  it('has colours with at least 3:1 contrast against white', () => {
    for (const colour of palette) expect(contrastWithWhite(colour), colour).toBeGreaterThanOrEqual(3);
  });

  it('has a different shape for every colour', () => {
    expect(new Set(symbols.map((shape) => shapePath(shape, 5))).size).toBe(palette.length);
  });
});

describe('chartFormat', () => {
  it('writes values the way tables do', () => {
    expect(chartFormat('percent')(30.4)).toBe('30%');
    expect(chartFormat('percent')(-0.04)).toBe('0%');
    expect(chartFormat('percent')(1.26)).toBe('1.3%');
    expect(chartFormat('percent')(9.96)).toBe('10%');
    expect(chartFormat('number')(1250)).toBe('1,250');
    expect(chartFormat('days')(12)).toBe('12 days');
    expect(chartFormat('days')(1)).toBe('1 day');
    expect(chartFormat('pounds')(24000)).toBe('£24,000');
  });
});

describe('valueAxis', () => {
  it('has ticks that read differently once rounded', () => {
    const { domain, ticks } = valueAxis([1.2, 2.5]);
    expect(domain).toEqual([0, 3]);
    expect(new Set(ticks.map(chartFormat('percent'))).size).toBe(ticks.length);
  });

  it('stops at a ceiling', () => {
    expect(valueAxis([20, 140], { ceiling: 100 })).toEqual({ domain: [0, 100], ticks: [0, 20, 40, 60, 80, 100] });
  });
});

describe('placeLabels', () => {
  it('moves close labels apart within the bounds, keeping their order', () => {
    expect(placeLabels([100, 102, 50], 20, 0, 200)).toEqual([100, 120, 50]);
    expect(placeLabels([195, 199], 20, 0, 200)).toEqual([180, 200]);
  });
});
