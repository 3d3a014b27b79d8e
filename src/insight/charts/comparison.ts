import { type ChartFormat, chartFormat, tickFormat } from './format.js';
import { type Chart, type ChartWords, type KeyItem, layoutKey, lineHeight, palette, renderChart, secondaryTextColour, symbols, textColour, textWidth, wrappedWidth } from './render.js';
import { valueAxis } from './scale.js';
import { plot } from './modules.js';

export interface ComparisonRow {
  /** The area, like "This partnership", a comparator's name, the region or "England". */
  label: string;
  /** Null when the figure is not shown (too few to compare, or not published). */
  value: number | null;
  lower95?: number;
  upper95?: number;
  lower998?: number;
  upper998?: number;
  /** Written beside the value, like "Similar to England" or "Too few to compare". */
  judgement?: string;
}

export interface ComparisonChartOptions extends ChartWords {
  rows: readonly ComparisonRow[];
  /** A vertical line, like { value: 48, label: 'England 48%' }. */
  benchmark?: { value: number; label: string };
  format: ChartFormat;
}

export const notShownText = 'not shown';
const interval95Width = 7;
const interval998Width = 2;
const areaLabelEms = 10;
const rowHeight = 2 * lineHeight + 12;

/**
 * One row per area: a dot for its value, a thick line for its 95% interval and a thin line for
 * its 99.8% interval, and the value (with any judgement) written at the right. A labelled
 * vertical line marks the benchmark. Rows without a value say "not shown" instead of a dot.
 */
export function comparisonChart({ id, title, description, rows, benchmark, format }: ComparisonChartOptions): Chart {
  if (rows.length === 0) throw new Error('A comparison chart needs at least one row.');
  const label = chartFormat(format);
  const tick = tickFormat(format);
  const labels = rows.map((row) => row.label);
  if (new Set(labels).size !== labels.length) throw new Error('Each row of a comparison chart needs its own label.');

  const shown = rows.filter((row): row is ComparisonRow & { value: number } => row.value !== null);
  const hidden = rows.filter((row) => row.value === null);
  const interval = (lower: 'lower95' | 'lower998', upper: 'upper95' | 'upper998') =>
    shown.filter((row) => row[lower] !== undefined && row[upper] !== undefined);
  const interval95 = interval('lower95', 'upper95');
  const interval998 = interval('lower998', 'upper998');
  const axis = valueAxis([
    ...shown.flatMap((row) => [row.value, row.lower95, row.upper95, row.lower998, row.upper998].filter((value): value is number => value !== undefined)),
    ...(benchmark ? [benchmark.value] : []),
  ]);

  const valueTexts = rows.map((row) => ({
    label: row.label,
    text: [row.value === null ? null : label(row.value), row.judgement ?? null].filter((part): part is string => part !== null).join('\n'),
  }));
  const valueColumnEms = 9;

  const key: KeyItem[] = [
    { label: 'Value', shape: { shape: symbols[0]!, fill: textColour, stroke: 'white' } },
    ...(interval95.length > 0 ? [{ label: '95% interval', line: { stroke: palette[0], dash: '', width: interval95Width } }] : []),
    ...(interval998.length > 0 ? [{ label: '99.8% interval', line: { stroke: palette[0], dash: '', width: interval998Width } }] : []),
  ];
  const keyHeight = layoutKey(key).height;
  const benchmarkLines = benchmark ? 1 : 0;

  const marginTop = keyHeight + benchmarkLines * lineHeight + 16;
  const marginLeft = Math.min(wrappedWidth(areaLabelEms), Math.max(...labels.map(textWidth))) + 16;
  const marginRight = Math.min(wrappedWidth(valueColumnEms), Math.max(...valueTexts.flatMap((row) => row.text.split('\n').map(textWidth)))) + 24;
  const marginBottom = lineHeight + 16;

  return renderChart({
    words: { id, title, description },
    key,
    plot: {
      height: marginTop + rows.length * rowHeight + marginBottom,
      marginTop,
      marginLeft,
      marginRight,
      marginBottom,
      x: { domain: axis.domain },
      y: { type: 'band', domain: labels, padding: 0 },
      marks: [
        plot().gridX(axis.ticks, { stroke: '#b1b4b6', strokeOpacity: 1 }),
        plot().axisX(axis.ticks, { tickFormat: tick, label: null, tickSize: 6 }),
        plot().axisY({ tickSize: 0, label: null, lineWidth: areaLabelEms, tickPadding: 10, fill: textColour }),
        ...(benchmark
          ? [
              plot().ruleX([benchmark.value], { stroke: textColour, strokeWidth: 2, strokeDasharray: '6 3' }),
              plot().text([benchmark], { x: 'value', text: 'label', frameAnchor: 'top', lineAnchor: 'bottom', dy: -6, fill: textColour }),
            ]
          : []),
        plot().ruleY(interval998, { y: 'label', x1: 'lower998', x2: 'upper998', stroke: palette[0], strokeWidth: interval998Width }),
        plot().ruleY(interval95, { y: 'label', x1: 'lower95', x2: 'upper95', stroke: palette[0], strokeWidth: interval95Width }),
        plot().dot(shown, { x: 'value', y: 'label', symbol: symbols[0]!, r: 6, fill: textColour, stroke: 'white', strokeWidth: 2 }),
        plot().text(hidden, { y: 'label', text: () => notShownText, frameAnchor: 'left', textAnchor: 'start', dx: 8, fill: secondaryTextColour }),
        plot().text(valueTexts, { y: 'label', text: 'text', frameAnchor: 'right', textAnchor: 'start', dx: 16, lineWidth: valueColumnEms, fill: textColour }),
      ],
    },
  });
}
