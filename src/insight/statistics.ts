import { createRequire } from 'node:module';
import { minimumToCompare } from './measures.js';

/**
 * How the insight pages compare a partnership's figures with a benchmark (England, its region, a
 * comparator area), by the methods Public Health England's Fingertips profiles use, so a figure
 * here can be read the same way as one there: Wilson score intervals for proportions, exact
 * Poisson limits (Byar's approximation from 10 events) for counts and rates, and funnel-plot
 * limits that agree with the Wilson intervals.
 *
 * Proportions are 0 to 1 throughout; the pages turn them into percentages. Every z value comes
 * from the chi-square quantile with one degree of freedom (z² is chi-square with 1 df), so the
 * module has one tested source of quantiles instead of a hand-written inverse normal.
 */

/** 95% for "better" or "worse"; 99.8% (about 3 standard errors) for strong evidence, as Fingertips does. */
export const confidenceLevels = [95, 99.8] as const;

export type ConfidenceLevel = (typeof confidenceLevels)[number];

export interface Interval {
  lower: number;
  upper: number;
}

type Quantile = (probability: number, degreesOfFreedom: number) => number;
let quantile: Quantile | undefined;

/**
 * The chi-squared quantile from @stdlib, loaded (synchronously: it is CommonJS) by the first
 * figure that needs it rather than with the service: its modules took a twentieth of a start.
 */
function chiSquareQuantile(probability: number, degreesOfFreedom: number): number {
  quantile ??= createRequire(import.meta.url)('@stdlib/stats-base-dists-chisquare-quantile') as Quantile;
  return quantile(probability, degreesOfFreedom);
}

let zByLevel: Map<ConfidenceLevel, number> | undefined;

/** The two-sided z for a confidence level: 1.96 for 95%, 3.09 for 99.8%. */
export function zFor(level: ConfidenceLevel): number {
  zByLevel ??= new Map(confidenceLevels.map((level) => [level, Math.sqrt(chiSquareQuantile(level / 100, 1))]));
  return zByLevel.get(level) as number;
}

function alphaFor(level: ConfidenceLevel): number {
  return 1 - level / 100;
}

function requireCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number, 0 or more (got ${value})`);
}

function requireProportion(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new RangeError(`${name} must be a proportion from 0 to 1 (got ${value})`);
}

// Proportions ---------------------------------------------------------------------------------

/**
 * The Wilson score interval (Newcombe 1998, method 3), which PHE uses for proportions because it
 * stays inside 0 to 1 and behaves well for the small numbers a partnership has, unlike the
 * textbook p ± z√(p(1−p)/n). The ends are pinned to exactly 0 or 1 when every case or none
 * succeeded, where the formula gives them only up to rounding. Null when there are no cases.
 */
export function wilsonInterval(successes: number, trials: number, level: ConfidenceLevel = 95): Interval | null {
  requireCount('successes', successes);
  requireCount('trials', trials);
  if (successes > trials) throw new RangeError(`successes (${successes}) cannot be more than trials (${trials})`);
  if (trials === 0) return null;
  const z = zFor(level);
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const halfWidth = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  const divisor = 1 + z2 / trials;
  return {
    lower: successes === 0 ? 0 : Math.max(0, (centre - halfWidth) / divisor),
    upper: successes === trials ? 1 : Math.min(1, (centre + halfWidth) / divisor),
  };
}

// Counts and rates ----------------------------------------------------------------------------

/** Exact Poisson limits from the chi-square distribution (PHE technical guide, the χ² exact method). */
export function exactPoissonInterval(events: number, level: ConfidenceLevel = 95): Interval {
  requireCount('events', events);
  const alpha = alphaFor(level);
  return {
    lower: events === 0 ? 0 : chiSquareQuantile(alpha / 2, 2 * events) / 2,
    upper: chiSquareQuantile(1 - alpha / 2, 2 * events + 2) / 2,
  };
}

/** Byar's approximation to the exact limits (Breslow and Day 1987), as PHE gives it. Poor below 10 events. */
export function byarInterval(events: number, level: ConfidenceLevel = 95): Interval {
  requireCount('events', events);
  if (events === 0) return { lower: 0, upper: exactPoissonInterval(0, level).upper };
  const z = zFor(level);
  const next = events + 1;
  return {
    lower: Math.max(0, events * (1 - 1 / (9 * events) - z / (3 * Math.sqrt(events))) ** 3),
    upper: next * (1 - 1 / (9 * next) + z / (3 * Math.sqrt(next))) ** 3,
  };
}

/** Below this many events Byar's method is not close enough to exact, so the exact limits are used. */
export const byarFromEvents = 10;

/**
 * Limits for a count of events: exact below 10, Byar's method from 10, as PHE's technical guide
 * recommends (Byar is within 0.2% of exact at 95% from 10 events, and a closed form).
 */
export function poissonCountInterval(events: number, level: ConfidenceLevel = 95): Interval {
  return events < byarFromEvents ? exactPoissonInterval(events, level) : byarInterval(events, level);
}

export interface RateWithInterval {
  rate: number;
  lower: number;
  upper: number;
}

/**
 * A rate per `per` of the denominator (per 1,000 adults in treatment, say) with limits from the
 * count's: the denominator is taken as known exactly, as it is for a crude rate. Null when there
 * is nothing to divide by.
 */
export function rateInterval(events: number, denominator: number, per: number, level: ConfidenceLevel = 95): RateWithInterval | null {
  requireCount('events', events);
  if (!Number.isFinite(denominator) || denominator < 0) throw new RangeError(`denominator must be 0 or more (got ${denominator})`);
  if (!Number.isFinite(per) || per <= 0) throw new RangeError(`per must be more than 0 (got ${per})`);
  if (denominator === 0) return null;
  const count = poissonCountInterval(events, level);
  const scale = per / denominator;
  return { rate: events * scale, lower: count.lower * scale, upper: count.upper * scale };
}

// Judgements ----------------------------------------------------------------------------------

export type Judgement = 'better' | 'similar' | 'worse' | 'not_compared';

/** Why a figure was not compared, so the page can say so instead of leaving a blank. */
export type NotComparedReason = 'too_few' | 'no_benchmark';

/**
 * Plain words for a judgement against a named comparator ('England', 'the North West'), for a
 * table cell or a label beside a chart. Words, because colour alone tells nobody anything who
 * cannot see it or prints the page in black and white.
 */
export const judgementWords: Record<Judgement, (comparator: string) => string> = {
  better: (comparator) => `Better than ${comparator}`,
  similar: (comparator) => `Similar to ${comparator}`,
  worse: (comparator) => `Worse than ${comparator}`,
  not_compared: (comparator) => `Not compared with ${comparator}`,
};

export interface Comparison {
  /** The partnership's figure: a proportion, or a rate per `per`; null when there is nothing to divide by. */
  value: number | null;
  interval95: Interval | null;
  interval998: Interval | null;
  judgement: Judgement;
  /**
   * The benchmark lies outside the 99.8% interval too, on the same side. This is stronger evidence
   * that the difference is real, not that it is bigger, so the page should say "strong evidence",
   * never "much better".
   */
  strongEvidence: boolean;
  notComparedBecause: NotComparedReason | null;
  /** One sentence for the page, such as 'Better than England, with strong evidence that the difference is not chance.' */
  sentence: string;
}

export interface CompareOptions {
  higherIsBetter: boolean;
  /** The name the sentence compares with: 'England', 'the North West', 'Westmere (demo)'. */
  comparator: string;
  /** The interval the judgement is made on; 95% unless a page needs to be stricter. */
  level?: ConfidenceLevel;
  /** Fewer cases than this (trials, or the rate's denominator) are not compared. */
  minimum?: number;
}

type Side = 'above' | 'inside' | 'below';

/** Where the figure sits against the benchmark: above when the benchmark is below the whole interval. */
function sideOf(benchmark: number, interval: Interval): Side {
  if (benchmark < interval.lower) return 'above';
  if (benchmark > interval.upper) return 'below';
  return 'inside';
}

function judgementOf(side: Side, higherIsBetter: boolean): Judgement {
  if (side === 'inside') return 'similar';
  return (side === 'above') === higherIsBetter ? 'better' : 'worse';
}

function sentenceFor(judgement: Judgement, comparator: string, strongEvidence: boolean, reason: NotComparedReason | null, minimum: number): string {
  const words = judgementWords[judgement](comparator);
  switch (judgement) {
    case 'better':
    case 'worse':
      return strongEvidence ? `${words}, with strong evidence that the difference is not chance.` : `${words}.`;
    case 'similar':
      return `${words}: any difference could be chance.`;
    case 'not_compared':
      return reason === 'no_benchmark' ? `${words}: there is no figure for ${comparator}.` : `${words}: fewer than ${minimum.toLocaleString('en-GB')} cases.`;
  }
}

function compare(
  value: number | null,
  interval95: Interval | null,
  interval998: Interval | null,
  cases: number,
  benchmark: number | null,
  options: CompareOptions,
): Comparison {
  const minimum = options.minimum ?? minimumToCompare;
  const judged = (options.level ?? 95) === 95 ? interval95 : interval998;
  const notCompared = (reason: NotComparedReason): Comparison => ({
    value,
    interval95,
    interval998,
    judgement: 'not_compared',
    strongEvidence: false,
    notComparedBecause: reason,
    sentence: sentenceFor('not_compared', options.comparator, false, reason, minimum),
  });
  if (benchmark === null) return notCompared('no_benchmark');
  if (cases < minimum || judged === null || interval998 === null) return notCompared('too_few');
  const side = sideOf(benchmark, judged);
  const judgement = judgementOf(side, options.higherIsBetter);
  const strongEvidence = side !== 'inside' && sideOf(benchmark, interval998) === side;
  return {
    value,
    interval95,
    interval998,
    judgement,
    strongEvidence,
    notComparedBecause: null,
    sentence: sentenceFor(judgement, options.comparator, strongEvidence, null, minimum),
  };
}

/**
 * A proportion against a benchmark proportion (England's, say): better or worse when the
 * benchmark lies outside the Wilson interval, similar when inside. The benchmark is treated as
 * fixed, as Fingertips does; for England against one partnership its own uncertainty is small.
 */
export function compareProportion(figure: { successes: number; trials: number }, benchmark: number | null, options: CompareOptions): Comparison {
  if (benchmark !== null) requireProportion('benchmark', benchmark);
  const interval95 = wilsonInterval(figure.successes, figure.trials, 95);
  const interval998 = wilsonInterval(figure.successes, figure.trials, 99.8);
  return compare(figure.trials === 0 ? null : figure.successes / figure.trials, interval95, interval998, figure.trials, benchmark, options);
}

/** A rate per `per` against a benchmark rate per the same `per`, on the Poisson limits of its count. */
export function compareRate(
  figure: { events: number; denominator: number },
  benchmark: number | null,
  options: CompareOptions & { per: number },
): Comparison {
  if (benchmark !== null && (!Number.isFinite(benchmark) || benchmark < 0)) throw new RangeError(`benchmark must be a rate of 0 or more (got ${benchmark})`);
  const at95 = rateInterval(figure.events, figure.denominator, options.per, 95);
  const at998 = rateInterval(figure.events, figure.denominator, options.per, 99.8);
  const interval = (rate: RateWithInterval | null): Interval | null => (rate === null ? null : { lower: rate.lower, upper: rate.upper });
  return compare(at95?.rate ?? null, interval(at95), interval(at998), figure.denominator, benchmark, options);
}

// Funnel plots --------------------------------------------------------------------------------

/**
 * The control limits around a benchmark proportion for a unit with `trials` cases:
 * benchmark ± z√(benchmark(1 − benchmark)/trials), held within 0 to 1.
 *
 * This is the PHE Fingertips method for proportion funnels (the APHO funnel-plot guidance, and
 * PHEindicatormethods' phe_funnels): the limits are the observed proportions at which the
 * unit's Wilson score interval would just reach the benchmark. So a unit lies outside the 95%
 * funnel exactly when the benchmark lies outside its 95% Wilson interval, and the funnel plot can
 * never disagree with the "better" or "worse" beside it. The normal approximation is made at the
 * benchmark, not at the unit's own proportion, which is why it holds up for small units.
 */
export function funnelLimits(benchmark: number, trials: number, level: ConfidenceLevel = 95): Interval {
  requireProportion('benchmark', benchmark);
  requireCount('trials', trials);
  if (trials === 0) throw new RangeError('trials must be more than 0 for a funnel limit');
  const halfWidth = zFor(level) * Math.sqrt((benchmark * (1 - benchmark)) / trials);
  return { lower: Math.max(0, benchmark - halfWidth), upper: Math.min(1, benchmark + halfWidth) };
}

export type FunnelPosition = Side;

export interface FunnelPoint<Key> {
  key: Key;
  successes: number;
  trials: number;
  /** Null for a unit with no cases, which cannot be placed on the plot. */
  proportion: number | null;
  limits95: Interval | null;
  limits998: Interval | null;
  position95: FunnelPosition | null;
  position998: FunnelPosition | null;
}

function positionOf(proportion: number, limits: Interval): FunnelPosition {
  if (proportion > limits.upper) return 'above';
  if (proportion < limits.lower) return 'below';
  return 'inside';
}

/** Each unit's proportion, the limits at its size, and whether it lies inside, above or below them. */
export function funnelPlotPoints<Key>(units: ReadonlyArray<{ key: Key; successes: number; trials: number }>, benchmark: number): Array<FunnelPoint<Key>> {
  requireProportion('benchmark', benchmark);
  return units.map(({ key, successes, trials }) => {
    requireCount('successes', successes);
    requireCount('trials', trials);
    if (successes > trials) throw new RangeError(`successes (${successes}) cannot be more than trials (${trials})`);
    if (trials === 0) return { key, successes, trials, proportion: null, limits95: null, limits998: null, position95: null, position998: null };
    const proportion = successes / trials;
    const limits95 = funnelLimits(benchmark, trials, 95);
    const limits998 = funnelLimits(benchmark, trials, 99.8);
    return {
      key,
      successes,
      trials,
      proportion,
      limits95,
      limits998,
      position95: positionOf(proportion, limits95),
      position998: positionOf(proportion, limits998),
    };
  });
}

export interface FunnelCurvePoint {
  trials: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/**
 * The limit curves from 1 case to `maxTrials`, at up to `steps` whole numbers of cases spaced
 * evenly on a log scale (as phe_funnels spaces them), so the sharp bend at small sizes is drawn
 * smoothly without thousands of points along the flat part.
 */
export function funnelCurve(benchmark: number, maxTrials: number, steps = 100): FunnelCurvePoint[] {
  requireProportion('benchmark', benchmark);
  requireCount('maxTrials', maxTrials);
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`steps must be a whole number, 2 or more (got ${steps})`);
  if (maxTrials === 0) return [];
  const sizes = new Set<number>();
  for (let step = 0; step < steps; step += 1) sizes.add(Math.round(maxTrials ** (step / (steps - 1))));
  sizes.add(maxTrials);
  return [...sizes]
    .sort((a, b) => a - b)
    .map((trials) => {
      const at95 = funnelLimits(benchmark, trials, 95);
      const at998 = funnelLimits(benchmark, trials, 99.8);
      return { trials, lower95: at95.lower, upper95: at95.upper, lower998: at998.lower, upper998: at998.upper };
    });
}
