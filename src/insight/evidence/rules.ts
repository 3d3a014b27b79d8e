import type { Rating } from '../../platform/db/schema.js';
import { addDays, daysBetween, longDate } from '../../platform/values/calendar.js';
import { type Period, periodContaining } from '../periods.js';
import { type EvidenceMeasure, type EvidenceUnit } from './catalogue.js';

/**
 * The rules that turn a linked figure into words a partnership can act on: which period a
 * round's figures cover, the rating a figure suggests against a statement's thresholds, and
 * whether an action is on track to its target.
 */

/** How many financial quarters the figures for a statement or action cover, ending with the current one. */
export const evidenceQuarters = 4;

/**
 * The period a round's figures cover: the four financial quarters up to the day responses are
 * due (or today, while that is still ahead), so that a live figure includes the latest records
 * and the trend has one point per quarter of the same span.
 */
export function evidencePeriod(endsOn: string, today: string): { from: string; to: string; quarters: Period[] } {
  const to = endsOn < today ? endsOn : today;
  const quarters: Period[] = [periodContaining(to, 'quarter')];
  while (quarters.length < evidenceQuarters) {
    const earliest = quarters[0] as Period;
    quarters.unshift(periodContaining(addDays(earliest.from, -1), 'quarter'));
  }
  return { from: (quarters[0] as Period).from, to, quarters };
}

/** A statement's link to a measure: at or better than `inPlace` suggests "in place", at or better than `partly` suggests "partly". */
export interface MeasureThresholds {
  inPlace: number;
  partly: number;
}

const isAtLeastAsGood = (value: number, threshold: number, better: EvidenceMeasure['better']) => (better === 'higher' ? value >= threshold : value <= threshold);

/** The thresholds are the wrong way round for the direction that counts as better. */
export function thresholdProblem(thresholds: MeasureThresholds, better: EvidenceMeasure['better']): string | null {
  if (!isAtLeastAsGood(thresholds.inPlace, thresholds.partly, better)) {
    return better === 'higher'
      ? 'The “in place” threshold must be at least the “partly” threshold, because a higher figure is better'
      : 'The “in place” threshold must be no more than the “partly” threshold, because a lower figure is better';
  }
  return null;
}

export type SuggestedRating = Extract<Rating, 'in_place' | 'partly' | 'not_in_place'>;

/** The rating one figure suggests; none when there is no figure or too few people to go on. */
export function suggestedRating(value: number | null, tooFew: boolean, thresholds: MeasureThresholds, better: EvidenceMeasure['better']): SuggestedRating | null {
  if (value === null || tooFew) return null;
  if (isAtLeastAsGood(value, thresholds.inPlace, better)) return 'in_place';
  if (isAtLeastAsGood(value, thresholds.partly, better)) return 'partly';
  return 'not_in_place';
}

const ratingOrder: readonly SuggestedRating[] = ['not_in_place', 'partly', 'in_place'];

/** A statement with several linked figures is only as well in place as its weakest one. */
export function combinedSuggestion(suggestions: ReadonlyArray<SuggestedRating | null>): SuggestedRating | null {
  const known = suggestions.filter((suggestion): suggestion is SuggestedRating => suggestion !== null);
  if (!known.length) return null;
  return known.reduce((worst, suggestion) => (ratingOrder.indexOf(suggestion) < ratingOrder.indexOf(worst) ? suggestion : worst));
}

/** Whether an agreed rating needs a reason: it differs from what the figures suggest. */
export function differsFromSuggestion(agreed: Rating, suggestion: SuggestedRating | null): boolean {
  return suggestion !== null && agreed !== suggestion;
}

const unitWords: Record<EvidenceUnit, (value: string) => string> = {
  percent: (value) => `${value}%`,
  days: (value) => `${value} ${value === '1' ? 'day' : 'days'}`,
  points: (value) => `${value} percentage ${value === '1' ? 'point' : 'points'}`,
};

/** A figure in words with its unit: "12.5%", "9 days", "6 percentage points". Percentages under 10 keep one decimal place. */
export function valueText(value: number | null, unit: EvidenceUnit): string {
  if (value === null) return 'No figure';
  const digits = unit === 'days' ? (Number.isInteger(value) ? 0 : 1) : Math.abs(value) < 10 ? 1 : 0;
  const shown = value.toLocaleString('en-GB', { minimumFractionDigits: unit === 'percent' && Math.abs(value) < 10 ? 1 : 0, maximumFractionDigits: digits });
  return unitWords[unit](shown);
}

/** A threshold in words: "at most 14 days", "at least 60%". */
export function thresholdText(threshold: number, unit: EvidenceUnit, better: EvidenceMeasure['better']): string {
  return `${better === 'higher' ? 'at least' : 'at most'} ${valueText(threshold, unit)}`;
}

// Actions' targets ------------------------------------------------------------------------------

export type ProgressStatus = 'met' | 'on_track' | 'off_track' | 'no_figure';

export interface TargetProgress {
  status: ProgressStatus;
  /** How far from the baseline to the target the figure has moved, 0 to 1 (null without a figure). */
  fractionDone: number | null;
  /** How far it should have moved by today, if progress were steady from when the baseline was set. */
  fractionExpected: number;
  sentence: string;
}

/** Behind steady progress by more than this share of the way counts as off track. */
export const progressTolerance = 0.1;

/**
 * Progress from a frozen baseline towards a target value by a date, judged against steady
 * progress from the day the baseline was set: met once the figure reaches the target, off track
 * once it falls behind steady progress by more than the tolerance, or the date passes unmet.
 */
export function actionProgress(options: {
  baseline: number;
  baselineOn: string;
  target: number;
  targetOn: string;
  current: number | null;
  today: string;
  measure: Pick<EvidenceMeasure, 'unit' | 'better'>;
}): TargetProgress {
  const { baseline, baselineOn, target, targetOn, current, today, measure } = options;
  const span = Math.max(1, daysBetween(baselineOn, targetOn));
  const fractionExpected = Math.min(1, Math.max(0, daysBetween(baselineOn, today) / span));
  const targetWords = `the target of ${valueText(target, measure.unit)} by ${longDate(targetOn)}`;
  if (current === null) return { status: 'no_figure', fractionDone: null, fractionExpected, sentence: `No figure yet to compare with ${targetWords}.` };
  if (isAtLeastAsGood(current, target, measure.better)) {
    return { status: 'met', fractionDone: 1, fractionExpected, sentence: `Now ${valueText(current, measure.unit)}: ${targetWords} is met.` };
  }
  const distance = target - baseline;
  const fractionDone = distance === 0 ? 0 : Math.max(0, Math.min(1, (current - baseline) / distance));
  const late = today > targetOn;
  const offTrack = late || fractionDone < fractionExpected - progressTolerance;
  const from = `from ${valueText(baseline, measure.unit)} to ${valueText(current, measure.unit)}`;
  const sentence = late
    ? `Off track: ${targetWords} has passed; the figure moved ${from}.`
    : offTrack
      ? `Off track: the figure moved ${from}, ${Math.round(fractionDone * 100)}% of the way, where steady progress would be ${Math.round(fractionExpected * 100)}% by now.`
      : `On track: the figure moved ${from}, ${Math.round(fractionDone * 100)}% of the way to ${targetWords}.`;
  return { status: offTrack ? 'off_track' : 'on_track', fractionDone, fractionExpected, sentence };
}

// Between rounds --------------------------------------------------------------------------------

export type FigureMovement = 'better' | 'worse' | 'same' | 'not_comparable';

/** Changes smaller than this share of the earlier figure (or a tenth of a unit) count as no change. */
export const sameWithin = 0.05;

/** Whether a figure moved the right way between two rounds, for the direction that counts as better. */
export function figureMovement(then: number | null, now: number | null, better: EvidenceMeasure['better']): FigureMovement {
  if (then === null || now === null) return 'not_comparable';
  const difference = now - then;
  if (Math.abs(difference) <= Math.max(0.1, Math.abs(then) * sameWithin)) return 'same';
  return (difference > 0) === (better === 'higher') ? 'better' : 'worse';
}
