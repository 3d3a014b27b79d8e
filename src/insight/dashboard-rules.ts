import type { DischargeOutcome } from '../platform/db/schema.js';
import { addDays, daysBetween } from '../platform/values/calendar.js';
import { type Rate, rate } from './measures.js';

/**
 * The rules behind the dashboard's headline and pictures, as plain functions: progress to the
 * local target and the national ambition, the NTA 2012 "for every ten people" picture, the
 * pathway funnel's conversions, and the fair-access gap in words.
 */

/** DHSC's 2025 ambition: 2% of the treatment population should access residential treatment. */
export const nationalAmbitionPercent = 2;

// Target ------------------------------------------------------------------------------------------

export interface TargetProgress {
  financialYear: number;
  /** Residential starts recorded so far this financial year. */
  startsSoFar: number;
  target: number | null;
  /** Adults in treatment the access rate divides by, when published figures give it. */
  adultsInTreatment: number | null;
  /** Starts so far ÷ adults in treatment. */
  accessRate: Rate | null;
  /** The local target as a share of adults in treatment. */
  targetRate: Rate | null;
  /** Starts needed for the 2% ambition. */
  ambitionStarts: number | null;
  /** Starts by 31 March if the rate so far carries on. */
  projected: number;
  /** Words: "On current trajectory, 6 short of the target." */
  trajectory: string;
  daysGone: number;
  daysInYear: number;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;

/**
 * Progress in the financial year that started on 1 April `financialYear`, as of `today`: the
 * run rate so far (starts ÷ days gone, counting today) carried on to 31 March.
 */
export function targetProgress(options: { financialYear: number; today: string; startsSoFar: number; target: number | null; adultsInTreatment: number | null }): TargetProgress {
  const { financialYear, today, startsSoFar, target, adultsInTreatment } = options;
  const first = `${financialYear}-04-01`;
  const last = `${financialYear + 1}-03-31`;
  const daysInYear = daysBetween(first, last) + 1;
  const daysGone = Math.min(daysInYear, Math.max(1, daysBetween(first, today) + 1));
  const projected = Math.round((startsSoFar / daysGone) * daysInYear);
  const finished = today > last;
  let trajectory: string;
  if (target === null) {
    trajectory = finished
      ? `${plural(startsSoFar, 'residential start')} in the year. No local target was recorded.`
      : `On current trajectory, about ${plural(projected, 'residential start')} by 31 March. No local target is recorded for this year.`;
  } else if (finished) {
    trajectory =
      startsSoFar >= target ? `The target of ${target.toLocaleString('en-GB')} was met${startsSoFar > target ? `, with ${startsSoFar - target} more` : ''}.` : `The year ended ${target - startsSoFar} short of the target of ${target.toLocaleString('en-GB')}.`;
  } else if (startsSoFar >= target) {
    trajectory = `The target of ${target.toLocaleString('en-GB')} has already been reached.`;
  } else if (projected >= target) {
    trajectory = `On current trajectory, the target of ${target.toLocaleString('en-GB')} will be met${projected > target ? `, with ${projected - target} to spare` : ''}.`;
  } else {
    trajectory = `On current trajectory, ${target - projected} short of the target of ${target.toLocaleString('en-GB')}.`;
  }
  const hasPopulation = adultsInTreatment !== null && adultsInTreatment > 0;
  return {
    financialYear,
    startsSoFar,
    target,
    adultsInTreatment,
    accessRate: hasPopulation ? rate(startsSoFar, adultsInTreatment) : null,
    targetRate: hasPopulation && target !== null ? rate(target, adultsInTreatment) : null,
    ambitionStarts: hasPopulation ? Math.ceil((adultsInTreatment * nationalAmbitionPercent) / 100) : null,
    projected,
    trajectory,
    daysGone,
    daysInYear,
  };
}

/** The last day of the financial year a target belongs to. */
export function financialYearEnd(financialYear: number): string {
  return addDays(`${financialYear + 1}-04-01`, -1);
}

// The NTA 2012 picture -----------------------------------------------------------------------------

export interface TenPeoplePicture {
  /** Discharges the picture is built on. */
  discharges: number;
  completed: number;
  droppedOut: number;
  movedOn: number;
  other: number;
  /** Per ten discharges, to one decimal place. */
  perTen: { completed: number; droppedOut: number; movedOn: number; other: number } | null;
}

/** The NTA (2012): of every ten people who go to rehab, three complete, one drops out and six go on to community support. */
export const nationalTenPeople = { completed: 3, droppedOut: 1, movedOn: 6, other: 0 } as const;

/** How stays ended, as the NTA told it: completed, dropped out (left early or asked to leave), moved on to community treatment. */
export function tenPeoplePicture(outcomes: Record<DischargeOutcome, number>): TenPeoplePicture {
  const completed = outcomes.completed;
  const droppedOut = outcomes.left_early + outcomes.asked_to_leave;
  const movedOn = outcomes.transferred;
  const other = outcomes.other;
  const discharges = completed + droppedOut + movedOn + other;
  const perTen = (value: number) => Math.round((value / discharges) * 100) / 10;
  return {
    discharges,
    completed,
    droppedOut,
    movedOn,
    other,
    perTen: discharges ? { completed: perTen(completed), droppedOut: perTen(droppedOut), movedOn: perTen(movedOn), other: perTen(other) } : null,
  };
}

// The pathway funnel ---------------------------------------------------------------------------------

export const funnelStages = ['identified', 'referred', 'assessed', 'funding_decided', 'admitted', 'completed', 'aftercare'] as const;
export type FunnelStage = (typeof funnelStages)[number];

export const funnelStageLabels: Record<FunnelStage, string> = {
  identified: 'Identified as possibly needing residential treatment',
  referred: 'Referred',
  assessed: 'Assessed',
  funding_decided: 'Funding decided',
  admitted: 'Admitted',
  completed: 'Completed their stay',
  aftercare: 'Started aftercare',
};

export interface FunnelStep {
  stage: FunnelStage;
  reached: number;
  /** Reached ÷ reached the stage before; null for the first stage. */
  fromPrevious: Rate | null;
  /** Reached ÷ identified. */
  fromStart: Rate;
}

/** Each stage's count with the conversion from the stage before and from the start. */
export function funnelSteps(reached: Record<FunnelStage, number>): FunnelStep[] {
  return funnelStages.map((stage, index) => {
    const before = index === 0 ? null : reached[funnelStages[index - 1] as FunnelStage];
    return {
      stage,
      reached: reached[stage],
      fromPrevious: before === null ? null : rate(reached[stage], before),
      fromStart: rate(reached[stage], reached.identified),
    };
  });
}

// Fair access ----------------------------------------------------------------------------------------

/** Below this gap, in percentage points, shares are treated as in line. */
export const fairAccessTolerancePoints = 5;

/**
 * The gap between a group's share of starts (or referrals) and its share of the local
 * treatment population, in words. Null shares (nothing to divide by) give no sentence.
 */
export function fairAccessGap(group: string, shareOfStarts: number | null, shareOfPopulation: number | null, what = 'residential starts'): { points: number | null; sentence: string } {
  if (shareOfStarts === null || shareOfPopulation === null) return { points: null, sentence: `Not enough figures to compare ${group} with the treatment population.` };
  const points = Math.round((shareOfStarts - shareOfPopulation) * 10) / 10;
  const magnitude = Math.abs(points).toLocaleString('en-GB', { maximumFractionDigits: 1 });
  if (Math.abs(points) < fairAccessTolerancePoints) {
    return { points, sentence: `${group}: ${Math.round(shareOfStarts)}% of ${what} and ${Math.round(shareOfPopulation)}% of adults in treatment, roughly in line.` };
  }
  return {
    points,
    sentence: `${group}: ${Math.round(shareOfStarts)}% of ${what} but ${Math.round(shareOfPopulation)}% of adults in treatment, ${magnitude} percentage points ${points < 0 ? 'fewer' : 'more'} than their share.`,
  };
}
