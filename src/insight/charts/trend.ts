import { type ChartFormat, chartFormat, tickFormat } from './format.js';
import { type Chart, type ChartWords, chartWidth, dashes, fontSize, type KeyItem, layoutKey, lineHeight, palette, renderChart, symbols, textColour, textWidth } from './render.js';
import { placeLabels, valueAxis } from './scale.js';
import { plot } from './modules.js';

export interface TrendPoint {
  /** The period's label, like "Apr to Jun 2026". Periods are shown in the order given, evenly spaced. */
  period: string;
  /** Null leaves a gap in the line. */
  value: number | null;
}

export interface TrendSeries {
  key: string;
  /** Shown in the key, like "This partnership", "North West" or "England". */
  label: string;
  points: readonly TrendPoint[];
}

export interface TrendChartOptions extends ChartWords {
  series: readonly TrendSeries[];
  /** The value axis's label, like "Percentage of adults in treatment admitted". */
  valueLabel: string;
  format: ChartFormat;
  /** A horizontal line, like { value: 2, label: '2% national ambition' }. */
  target?: { value: number; label: string };
}

const plotHeight = 320;
const tickLabelEms = 6.5;
const lineWidth = 2.5;

/**
 * One line per series over ordered periods. Series differ in colour, dash and marker shape, and
 * a key names them; the last value of each line is written beside it.
 */
export function trendChart({ id, title, description, series, valueLabel, format, target }: TrendChartOptions): Chart {
  if (series.length === 0) throw new Error('A trend chart needs at least one series.');
  if (series.length > palette.length) throw new Error(`A trend chart can tell apart at most ${palette.length} series.`);
  const periods = [...new Set(series.flatMap((line) => line.points.map((point) => point.period)))];
  const label = chartFormat(format);
  const tick = tickFormat(format);

  const values = series.flatMap((line) => line.points.flatMap((point) => (point.value === null ? [] : [point.value])));
  const axis = valueAxis([...values, ...(target ? [target.value] : [])]);
  const [bottom, top] = axis.domain;

  const key: KeyItem[] = series.map((line, index) => ({
    label: line.label,
    line: { stroke: palette[index]!, dash: dashes[index]!, width: lineWidth },
    shape: { shape: symbols[index]!, fill: palette[index]!, stroke: 'white' },
  }));
  const keyHeight = layoutKey(key).height;

  const lastPoints = series.flatMap((line, index) => {
    const last = [...line.points].reverse().find((point) => point.value !== null);
    return last && last.value !== null ? [{ index, period: last.period, value: last.value, text: label(last.value) }] : [];
  });

  // The value axis's title sits above the chart, under the key, wrapped to the chart's width.
  const titleLines = Math.ceil(textWidth(valueLabel) / chartWidth);
  const marginTop = keyHeight + titleLines * lineHeight + 16;
  const marginBottom = 2 * lineHeight + 24;
  const marginLeft = Math.max(40, ...axis.ticks.map((value) => textWidth(tick(value)) + 16));
  const marginRight = Math.max(30, ...lastPoints.map((point) => textWidth(point.text) + 20));
  const height = marginTop + plotHeight + marginBottom;

  // Label every kth period, always the latest, so that wrapped labels do not overlap.
  const padding = 0.3;
  const spacing = (chartWidth - marginLeft - marginRight) / Math.max(1, periods.length - 1 + 2 * padding);
  const every = Math.max(1, Math.ceil((tickLabelEms * fontSize + 12) / spacing));
  const ticks = periods.filter((_, index) => (periods.length - 1 - index) % every === 0);

  // Write the last values beside their lines, nudged apart where lines end close together.
  const toPixels = (value: number) => marginTop + ((top - value) / (top - bottom)) * plotHeight;
  const toValue = (pixels: number) => top - ((pixels - marginTop) / plotHeight) * (top - bottom);
  const placed = placeLabels(
    lastPoints.map((point) => toPixels(point.value)),
    lineHeight,
    marginTop,
    marginTop + plotHeight,
  );
  const endLabels = lastPoints.map((point, index) => ({ ...point, at: toValue(placed[index]!) }));

  return renderChart({
    words: { id, title, description },
    key,
    plot: {
      height,
      marginTop,
      marginRight,
      marginBottom,
      marginLeft,
      x: { type: 'point', domain: periods, padding },
      y: { domain: [bottom, top] },
      marks: [
        plot().gridY(axis.ticks, { stroke: '#b1b4b6', strokeOpacity: 1 }),
        plot().axisY(axis.ticks, { tickFormat: tick, label: null, tickSize: 0 }),
        plot().text([valueLabel], { frameAnchor: 'top-left', text: (words: string) => words, textAnchor: 'start', lineAnchor: 'bottom', lineWidth: chartWidth / fontSize / 0.6, dx: -marginLeft, dy: -10 }),
        plot().axisX(ticks, { lineWidth: tickLabelEms, label: null, tickSize: 6 }),
        plot().ruleY([bottom], { stroke: textColour }),
        ...(target
          ? [
              plot().ruleY([target.value], { stroke: textColour, strokeWidth: 1.5, strokeDasharray: '6 3' }),
              plot().text([target], { y: 'value', text: 'label', frameAnchor: 'left', textAnchor: 'start', lineAnchor: 'bottom', dx: 4, dy: -5, fill: textColour, stroke: 'white', strokeWidth: 4, paintOrder: 'stroke' }),
            ]
          : []),
        ...series.flatMap((line, index) => {
          const colour = palette[index]!;
          const points = line.points.filter((point): point is TrendPoint & { value: number } => point.value !== null);
          return [
            plot().line(line.points, { x: 'period', y: 'value', stroke: colour, strokeWidth: lineWidth, ...(dashes[index] ? { strokeDasharray: dashes[index] } : {}) }),
            plot().dot(points, { x: 'period', y: 'value', symbol: symbols[index]!, r: 5, fill: colour, stroke: 'white', strokeWidth: 1.5 }),
          ];
        }),
        plot().text(endLabels, { x: 'period', y: 'at', text: 'text', textAnchor: 'start', dx: 10, fill: textColour, fontWeight: 'bold' }),
      ],
    },
  });
}
