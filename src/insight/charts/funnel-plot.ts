import { chartFormat, tickFormat } from './format.js';
import { type Chart, type ChartWords, chartWidth, type KeyItem, layoutKey, lineHeight, palette, renderChart, type Shape, secondaryTextColour, symbols, textColour, textWidth } from './render.js';
import { valueAxis } from './scale.js';
import { plot } from './modules.js';

export interface FunnelPlotPoint {
  /** The unit, like a service's name. */
  label: string;
  /** How many cases, like discharges: the x axis. */
  trials: number;
  /** The unit's percentage, from 0 to 100. */
  proportion: number;
}

/** The control limits (percentages) at a number of cases; a few dozen points make smooth curves. */
export interface FunnelLimits {
  trials: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export interface FunnelPlotChartOptions extends ChartWords {
  points: readonly FunnelPlotPoint[];
  curve: readonly FunnelLimits[];
  /** The horizontal line the limits are drawn around, like { value: 52, label: 'England 52%' }. */
  benchmark: { value: number; label: string };
  /** The x axis's title; "Number of cases" unless given, like "Number of discharges". */
  trialsLabel?: string;
  /** The y axis's title; "Percentage" unless given. */
  proportionLabel?: string;
}

export type FunnelPosition = 'inside' | 'above-95' | 'below-95' | 'above-99.8' | 'below-99.8';

/** The limits at any number of cases, by straight lines between the curve's points (and flat past its ends). */
export function limitsAt(curve: readonly FunnelLimits[], trials: number): FunnelLimits | null {
  const sorted = [...curve].sort((a, b) => a.trials - b.trials);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return null;
  if (trials <= first.trials) return { ...first, trials };
  if (trials >= last.trials) return { ...last, trials };
  const after = sorted.findIndex((limits) => limits.trials >= trials);
  const upper = sorted[after]!;
  const lower = sorted[after - 1]!;
  const share = (trials - lower.trials) / (upper.trials - lower.trials);
  const between = (key: 'lower95' | 'upper95' | 'lower998' | 'upper998') => lower[key] + share * (upper[key] - lower[key]);
  return { trials, lower95: between('lower95'), upper95: between('upper95'), lower998: between('lower998'), upper998: between('upper998') };
}

/** Where a unit falls against the limits, so a table beside the chart can say the same. */
export function funnelPosition(point: Pick<FunnelPlotPoint, 'trials' | 'proportion'>, curve: readonly FunnelLimits[]): FunnelPosition {
  const limits = limitsAt(curve, point.trials);
  if (!limits) return 'inside';
  if (point.proportion > limits.upper998) return 'above-99.8';
  if (point.proportion < limits.lower998) return 'below-99.8';
  if (point.proportion > limits.upper95) return 'above-95';
  if (point.proportion < limits.lower95) return 'below-95';
  return 'inside';
}

const circle = symbols[0]!;
const triangle = symbols[2]!;
const downwardTriangle = symbols[4]!;
const colour = palette[0];
const limit95Dash = '7 4';
const limit998Dash = '1.5 3.5';

/** Shapes, not colour, mark units beyond the limits: a triangle pointing the way the unit is out, hollow beyond 95%, solid beyond 99.8%. */
const markers: Record<FunnelPosition, { shape: Shape; fill: string }> = {
  inside: { shape: circle, fill: colour },
  'above-95': { shape: triangle, fill: 'white' },
  'below-95': { shape: downwardTriangle, fill: 'white' },
  'above-99.8': { shape: triangle, fill: colour },
  'below-99.8': { shape: downwardTriangle, fill: colour },
};

/**
 * A funnel plot: each unit's percentage against its number of cases, with the benchmark, dashed
 * 95% and dotted 99.8% control limits, and a labelled marker per unit.
 */
export function funnelPlotChart({ id, title, description, points, curve, benchmark, trialsLabel = 'Number of cases', proportionLabel = 'Percentage' }: FunnelPlotChartOptions): Chart {
  if (curve.length < 2) throw new Error('A funnel plot needs at least two points on its limit curves.');
  const percent = chartFormat('percent');
  const limits = [...curve].sort((a, b) => a.trials - b.trials);
  const xAxis = valueAxis([...points.map((point) => point.trials), ...limits.map((limit) => limit.trials)]);
  const yAxis = valueAxis([
    ...points.map((point) => point.proportion),
    ...limits.flatMap((limit) => [limit.upper95, limit.upper998]),
    benchmark.value,
  ], { ceiling: 100 });

  const placed = points.map((point) => {
    const position = funnelPosition(point, limits);
    return { ...point, position, ...markers[position], labelOnLeft: point.trials > xAxis.domain[1] * 0.6 };
  });
  const lines = (lower: 'lower95' | 'lower998', upper: 'upper95' | 'upper998') => [
    ...limits.map((limit) => ({ trials: limit.trials, value: limit[upper], side: 'upper' })),
    ...limits.map((limit) => ({ trials: limit.trials, value: limit[lower], side: 'lower' })),
  ];

  const key: KeyItem[] = [
    { label: 'Benchmark', line: { stroke: textColour, dash: '', width: 2 } },
    { label: '95% limits', line: { stroke: secondaryTextColour, dash: limit95Dash, width: 2 } },
    { label: '99.8% limits', line: { stroke: secondaryTextColour, dash: limit998Dash, width: 2 } },
    { label: 'Within limits', shape: { shape: circle, fill: colour, stroke: colour } },
    { label: 'Beyond 95%', shape: { shape: triangle, fill: 'white', stroke: colour } },
    { label: 'Beyond 99.8%', shape: { shape: triangle, fill: colour, stroke: colour } },
  ];
  const keyHeight = layoutKey(key).height;
  const titleLines = Math.ceil(textWidth(proportionLabel) / chartWidth);
  const marginTop = keyHeight + titleLines * lineHeight + 16;
  const marginLeft = Math.max(...yAxis.ticks.map((tick) => textWidth(percent(tick)))) + 16;
  const marginBottom = 2 * lineHeight + 20;
  const marginRight = 20;
  const halo = { stroke: 'white', strokeWidth: 4, paintOrder: 'stroke' } as const;

  return renderChart({
    words: { id, title, description },
    key,
    plot: {
      height: marginTop + 340 + marginBottom,
      marginTop,
      marginLeft,
      marginRight,
      marginBottom,
      x: { domain: xAxis.domain },
      y: { domain: yAxis.domain, clamp: true },
      marks: [
        plot().gridY(yAxis.ticks, { stroke: '#b1b4b6', strokeOpacity: 1 }),
        plot().axisY(yAxis.ticks, { tickFormat: percent, label: null, tickSize: 0 }),
        plot().text([proportionLabel], { frameAnchor: 'top-left', text: (words: string) => words, textAnchor: 'start', lineAnchor: 'bottom', lineWidth: chartWidth / 16 / 0.6, dx: -marginLeft, dy: -10 }),
        plot().axisX(xAxis.ticks, { tickFormat: tickFormat('number'), label: trialsLabel, labelAnchor: 'center', labelArrow: 'none', labelOffset: 2 * lineHeight + 12, tickSize: 6 }),
        plot().ruleX([xAxis.domain[0]], { stroke: textColour }),
        plot().ruleY([yAxis.domain[0]], { stroke: textColour }),
        plot().line(lines('lower998', 'upper998'), { x: 'trials', y: 'value', z: 'side', stroke: secondaryTextColour, strokeWidth: 2, strokeDasharray: limit998Dash }),
        plot().line(lines('lower95', 'upper95'), { x: 'trials', y: 'value', z: 'side', stroke: secondaryTextColour, strokeWidth: 2, strokeDasharray: limit95Dash }),
        plot().ruleY([benchmark.value], { stroke: textColour, strokeWidth: 2 }),
        plot().text([benchmark], { y: 'value', text: 'label', frameAnchor: 'right', textAnchor: 'end', lineAnchor: 'bottom', dy: -5, fill: textColour, ...halo }),
        // Labels first, so that their white halos never hide another unit's marker.
        plot().text(placed.filter((point) => !point.labelOnLeft), { x: 'trials', y: 'proportion', text: 'label', textAnchor: 'start', dx: 10, fill: textColour, ...halo }),
        plot().text(placed.filter((point) => point.labelOnLeft), { x: 'trials', y: 'proportion', text: 'label', textAnchor: 'end', dx: -10, fill: textColour, ...halo }),
        ...(['inside', 'above-95', 'below-95', 'above-99.8', 'below-99.8'] as const).map((position) =>
          plot().dot(
            placed.filter((point) => point.position === position),
            { x: 'trials', y: 'proportion', symbol: markers[position].shape, fill: markers[position].fill, stroke: colour, strokeWidth: 2, r: 6 },
          ),
        ),
      ],
    },
  });
}
