import {
  ageBands,
  type DischargeOutcome,
  dischargeOutcomes,
  ethnicityGroups,
  mainSubstances,
  type ReferralStage,
  sexes,
  yesNoNotStated,
} from '../platform/db/schema.js';
import { daysBetween, ukDateOf, workingDaysBetween } from '../platform/values/calendar.js';
import { notificationDueBy, notifiedOnTime, stayWeeksToCost, unplannedOutcomes } from '../pathway/index.js';

/**
 * The pathway measures as plain functions over plain arrays of referral-like records, so they
 * can be tested without a database. They are the source of truth: the summary page fetches the
 * records for one partnership and period and runs these on them.
 *
 * Dates are 'YYYY-MM-DD' strings (as both database drivers return DATE columns); the only
 * timestamp is when the referrer was told about an unplanned discharge.
 */

/** Below this many cases a figure is shown but flagged as too few to compare. */
export const minimumToCompare = 10;

/** An early drop-out is an unplanned ending this many days or fewer after admission. */
export const earlyDropOutDays = 28;

/** Drop-out peaks in the first fortnight (PRODUCT.md), so the dashboard shows it too. */
export const firstFortnightDays = 14;

/** Staying at least this long is linked with better outcomes. */
export const longStayDays = 90;

// Records -------------------------------------------------------------------------------------

/** The columns of a referral the measures read (named as in the database). */
export interface MeasureRecord {
  stage: ReferralStage;
  service_id: string | null;
  referred_on: string | null;
  funding_requested_on: string | null;
  funding_decided_on: string | null;
  /** The partnership's funding decision target, in working days from the request. */
  funding_decision_target_days: number;
  admitted_on: string | null;
  aftercare_plan_agreed_on: string | null;
  planned_weeks: number | null;
  weekly_cost_pence: number | null;
  discharged_on: string | null;
  discharge_outcome: DischargeOutcome | null;
  referrer_notified_at: Date | string | null;
  age_band: string;
  sex: string;
  ethnicity_group: string;
  disability: string;
  main_substance: string;
}

// Numbers -------------------------------------------------------------------------------------

/** A rate with the numbers behind it. `percent` is null when there is nothing to divide by. */
export interface Rate {
  numerator: number;
  denominator: number;
  percent: number | null;
  tooFewToCompare: boolean;
}

export function rate(numerator: number, denominator: number, minimum = minimumToCompare): Rate {
  return {
    numerator,
    denominator,
    percent: denominator === 0 ? null : (numerator / denominator) * 100,
    tooFewToCompare: denominator < minimum,
  };
}

/** How long something took: the middle value, the value 90% of cases were within, and how many cases. */
export interface Distribution {
  count: number;
  median: number | null;
  p90: number | null;
  tooFewToCompare: boolean;
}

/**
 * A percentile by linear interpolation between the two nearest ranks, the same as
 * PostgreSQL's percentile_cont; null for no values.
 */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

export function median(values: readonly number[]): number | null {
  return percentile(values, 0.5);
}

export function distribution(values: readonly number[], minimum = minimumToCompare): Distribution {
  return { count: values.length, median: median(values), p90: percentile(values, 0.9), tooFewToCompare: values.length < minimum };
}

// Measures --------------------------------------------------------------------------------------

const isUnplanned = (outcome: DischargeOutcome | null) => outcome !== null && unplannedOutcomes.has(outcome);

const admitted = (record: MeasureRecord): record is MeasureRecord & { admitted_on: string } => record.admitted_on !== null;

/** Discharged with a recorded outcome (after an admission). */
const discharged = (record: MeasureRecord): record is MeasureRecord & { admitted_on: string; discharged_on: string; discharge_outcome: DischargeOutcome } =>
  record.admitted_on !== null && record.discharged_on !== null && record.discharge_outcome !== null;

/** Days from referral to the funding decision (approved or declined), for every decision made. */
export function daysToFundingDecision(records: readonly MeasureRecord[]): Distribution {
  return distribution(
    records.flatMap((record) => (record.referred_on && record.funding_decided_on ? [Math.max(0, daysBetween(record.referred_on, record.funding_decided_on))] : [])),
  );
}

/**
 * Funding decisions made within the partnership's target ÷ every decision made after a request:
 * working days from the request to the decision, the same clock as the target and the queue of
 * decisions over it (Monday to Friday; bank holidays not taken off).
 */
export function decisionsWithinTargetRate(records: readonly MeasureRecord[]): Rate {
  const decided = records.filter((record) => record.funding_requested_on !== null && record.funding_decided_on !== null);
  const withinTarget = decided.filter((record) => workingDaysBetween(record.funding_requested_on as string, record.funding_decided_on as string) <= record.funding_decision_target_days);
  return rate(withinTarget.length, decided.length);
}

/** Days from referral to admission, for everyone admitted. */
export function daysToAdmission(records: readonly MeasureRecord[]): Distribution {
  return distribution(records.flatMap((record) => (record.referred_on && record.admitted_on ? [Math.max(0, daysBetween(record.referred_on, record.admitted_on))] : [])));
}

/** Days from admission to discharge, for stays that have ended. */
export function lengthOfStay(records: readonly MeasureRecord[]): Distribution {
  return distribution(records.filter(discharged).map((record) => Math.max(0, daysBetween(record.admitted_on, record.discharged_on))));
}

/** Completed as planned ÷ every discharge. */
export function completionRate(records: readonly MeasureRecord[]): Rate {
  const ended = records.filter(discharged);
  return rate(ended.filter((record) => record.discharge_outcome === 'completed').length, ended.length);
}

/**
 * Unplanned endings (left early or asked to leave) within 28 days of admission ÷ admissions
 * whose first 28 days are known: everyone discharged, and everyone still in after 28 days.
 * People admitted less than 28 days ago and still in are left out until their 28 days are up.
 */
export function earlyDropOutRate(records: readonly MeasureRecord[], today: string, withinDays = earlyDropOutDays): Rate {
  let droppedOut = 0;
  let known = 0;
  for (const record of records.filter(admitted)) {
    if (discharged(record)) {
      known += 1;
      if (isUnplanned(record.discharge_outcome) && daysBetween(record.admitted_on, record.discharged_on) <= withinDays) droppedOut += 1;
    } else if (record.discharged_on === null && daysBetween(record.admitted_on, today) > withinDays) {
      known += 1;
    }
  }
  return rate(droppedOut, known);
}

/**
 * Stays that lasted at least 90 days ÷ admissions whose first 90 days are known: everyone
 * discharged, and everyone still in after 90 days (who count as having stayed).
 */
export function stayedAtLeastRate(records: readonly MeasureRecord[], today: string, days = longStayDays): Rate {
  let stayed = 0;
  let known = 0;
  for (const record of records.filter(admitted)) {
    if (discharged(record)) {
      known += 1;
      if (daysBetween(record.admitted_on, record.discharged_on) >= days) stayed += 1;
    } else if (record.discharged_on === null && daysBetween(record.admitted_on, today) >= days) {
      known += 1;
      stayed += 1;
    }
  }
  return rate(stayed, known);
}

/**
 * Unplanned discharges where the referrer was told within 24 hours ÷ unplanned discharges.
 * One not told yet whose deadline has not passed is left out: its outcome is not known yet.
 */
export function unplannedNotifiedOnTimeRate(records: readonly MeasureRecord[], now: Date): Rate {
  const today = ukDateOf(now);
  let onTime = 0;
  let counted = 0;
  for (const record of records.filter(discharged)) {
    if (!isUnplanned(record.discharge_outcome)) continue;
    if (record.referrer_notified_at === null && today <= notificationDueBy(record.discharged_on)) continue;
    counted += 1;
    if (notifiedOnTime(record.discharged_on, record.referrer_notified_at)) onTime += 1;
  }
  return rate(onTime, counted);
}

/** Admissions with an aftercare plan agreed on or before the day of admission ÷ admissions. */
export function aftercareAgreedBeforeAdmissionRate(records: readonly MeasureRecord[]): Rate {
  const admissions = records.filter(admitted);
  return rate(
    admissions.filter((record) => record.aftercare_plan_agreed_on !== null && record.aftercare_plan_agreed_on <= record.admitted_on).length,
    admissions.length,
  );
}

export interface PlacementCost {
  /** Admissions in the records. */
  placements: number;
  /** Placements with a weekly cost, which the totals cover. */
  costed: number;
  /** Placements with no weekly cost recorded, left out of the totals. */
  notCosted: number;
  /** Costed placements still under way, estimated: at their planned length, or from the days so far. */
  estimated: number;
  /**
   * Of those, the ones costed from the days stayed so far: past their planned length, or with no
   * length planned (stayWeeksToCost, the pathway's rule).
   */
  estimatedFromDaysSoFar: number;
  totalPence: number;
  averagePence: number | null;
  completions: number;
  /** Total cost ÷ placements completed as planned. */
  perCompletionPence: number | null;
  tooFewToCompare: boolean;
}

/**
 * Weekly cost × weeks stayed; while someone is still in, the planned weeks, or the weeks so far
 * once the stay has run past its planned length (or when none was planned). Amounts are in
 * pence, rounded per placement.
 */
export function placementCost(records: readonly MeasureRecord[], today: string): PlacementCost {
  const admissions = records.filter(admitted);
  let totalPence = 0;
  let costed = 0;
  let estimated = 0;
  let estimatedFromDaysSoFar = 0;
  for (const record of admissions) {
    if (record.weekly_cost_pence === null) continue;
    costed += 1;
    let weeks: number;
    if (record.discharged_on !== null) {
      weeks = Math.max(0, daysBetween(record.admitted_on, record.discharged_on)) / 7;
    } else {
      estimated += 1;
      const estimate = stayWeeksToCost(record, today);
      if (estimate.estimate === 'days_so_far') estimatedFromDaysSoFar += 1;
      weeks = estimate.weeks;
    }
    totalPence += Math.round(record.weekly_cost_pence * weeks);
  }
  const completions = admissions.filter((record) => discharged(record) && record.discharge_outcome === 'completed').length;
  return {
    placements: admissions.length,
    costed,
    notCosted: admissions.length - costed,
    estimated,
    estimatedFromDaysSoFar,
    totalPence,
    averagePence: costed ? Math.round(totalPence / costed) : null,
    completions,
    perCompletionPence: completions && costed ? Math.round(totalPence / completions) : null,
    tooFewToCompare: costed < minimumToCompare,
  };
}

/** How many discharges ended each way. */
export function dischargeOutcomeCounts(records: readonly MeasureRecord[]): Record<DischargeOutcome, number> {
  const counts = Object.fromEntries(dischargeOutcomes.map((outcome) => [outcome, 0])) as Record<DischargeOutcome, number>;
  for (const record of records.filter(discharged)) counts[record.discharge_outcome] += 1;
  return counts;
}

export interface PathwayMeasures {
  /** Every record measured (the people in the group). */
  people: number;
  admitted: number;
  discharged: number;
  daysToFundingDecision: Distribution;
  decisionsWithinTarget: Rate;
  daysToAdmission: Distribution;
  lengthOfStay: Distribution;
  completion: Rate;
  earlyDropOut: Rate;
  earlyDropOutFirstFortnight: Rate;
  stayedNinetyDays: Rate;
  unplannedNotifiedOnTime: Rate;
  aftercareBeforeAdmission: Rate;
  cost: PlacementCost;
  dischargeOutcomes: Record<DischargeOutcome, number>;
}

/** Every measure for one group of records, as of a moment (for the measures that depend on today). */
export function pathwayMeasures(records: readonly MeasureRecord[], now: Date): PathwayMeasures {
  const today = ukDateOf(now);
  return {
    people: records.length,
    admitted: records.filter(admitted).length,
    discharged: records.filter(discharged).length,
    daysToFundingDecision: daysToFundingDecision(records),
    decisionsWithinTarget: decisionsWithinTargetRate(records),
    daysToAdmission: daysToAdmission(records),
    lengthOfStay: lengthOfStay(records),
    completion: completionRate(records),
    earlyDropOut: earlyDropOutRate(records, today),
    earlyDropOutFirstFortnight: earlyDropOutRate(records, today, firstFortnightDays),
    stayedNinetyDays: stayedAtLeastRate(records, today),
    unplannedNotifiedOnTime: unplannedNotifiedOnTimeRate(records, now),
    aftercareBeforeAdmission: aftercareAgreedBeforeAdmissionRate(records),
    cost: placementCost(records, today),
    dischargeOutcomes: dischargeOutcomeCounts(records),
  };
}

// Groups ----------------------------------------------------------------------------------------

export type PeriodUnit = 'month' | 'quarter' | 'year';
/** Whether a record belongs to a period by the date it was referred or the date it was admitted. */
export type PeriodBasis = 'referral' | 'admission';

export const equalityDimensions = ['age_band', 'sex', 'ethnicity_group', 'disability', 'main_substance'] as const;
export type EqualityDimension = (typeof equalityDimensions)[number];

/** Every value each equality field can hold, in the order pages list them. */
export const equalityGroupValues: Record<EqualityDimension, readonly string[]> = {
  age_band: ageBands,
  sex: sexes,
  ethnicity_group: ethnicityGroups,
  disability: yesNoNotStated,
  main_substance: mainSubstances,
};

/** '2026-11' for a month, '2026-Q4' for a quarter, '2026' for a year. */
export function periodKey(date: string, unit: PeriodUnit): string {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  if (unit === 'year') return year;
  if (unit === 'quarter') return `${year}-Q${Math.ceil(month / 3)}`;
  return date.slice(0, 7);
}

export function basisDate(record: Pick<MeasureRecord, 'referred_on' | 'admitted_on'>, basis: PeriodBasis): string | null {
  return basis === 'referral' ? record.referred_on : record.admitted_on;
}

/** Splits records into groups by a key; records whose key is null are left out. Groups keep first-seen order. */
export function groupRecords<T>(records: readonly T[], keyOf: (record: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const key = keyOf(record);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return groups;
}

export interface MeasureGroup {
  key: string;
  measures: PathwayMeasures;
}

/** The measures for each month, quarter or year of referral or admission, earliest first. Records without that date are left out. */
export function measuresByPeriod(records: readonly MeasureRecord[], unit: PeriodUnit, basis: PeriodBasis, now: Date): MeasureGroup[] {
  const groups = groupRecords(records, (record) => {
    const date = basisDate(record, basis);
    return date ? periodKey(date, unit) : null;
  });
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, group]) => ({ key, measures: pathwayMeasures(group, now) }));
}

/** Key used for records not placed with any service. */
export const noService = 'none';

/** The measures for each service people were placed with (or referred to); records with no service are grouped under `noService`. */
export function measuresByService(records: readonly MeasureRecord[], now: Date): MeasureGroup[] {
  const groups = groupRecords(records, (record) => record.service_id ?? noService);
  return [...groups.entries()].map(([key, group]) => ({ key, measures: pathwayMeasures(group, now) }));
}

/** The measures for every value of one equality field, in the field's order, including groups with nobody in them. */
export function measuresByEqualityGroup(records: readonly MeasureRecord[], dimension: EqualityDimension, now: Date): MeasureGroup[] {
  const groups = groupRecords(records, (record) => record[dimension]);
  const keys = [...equalityGroupValues[dimension], ...[...groups.keys()].filter((key) => !equalityGroupValues[dimension].includes(key))];
  return keys.map((key) => ({ key, measures: pathwayMeasures(groups.get(key) ?? [], now) }));
}

export interface AccessRow {
  group: string;
  /** People in the group. */
  people: number;
  /** The group's share of everyone in the records. */
  shareOfPeople: Rate;
  admitted: number;
  /** The group's share of every admission in the records. */
  shareOfAdmissions: Rate;
  /** Admitted ÷ people in the group. */
  admissionRate: Rate;
  completion: Rate;
}

/** One group's access: its share of everyone, its share of admissions, and how its stays ended. */
export function accessRow(group: string, measures: Pick<PathwayMeasures, 'people' | 'admitted' | 'completion'>, everyone: Pick<PathwayMeasures, 'people' | 'admitted'>): AccessRow {
  return {
    group,
    people: measures.people,
    shareOfPeople: rate(measures.people, everyone.people),
    admitted: measures.admitted,
    shareOfAdmissions: rate(measures.admitted, everyone.admitted),
    admissionRate: rate(measures.admitted, measures.people),
    completion: measures.completion,
  };
}

/** Fair access: how many people of each group are in the records, how many were admitted, and how their stays ended. */
export function accessByGroup(records: readonly MeasureRecord[], dimension: EqualityDimension): AccessRow[] {
  const everyone = { people: records.length, admitted: records.filter(admitted).length };
  const groups = groupRecords(records, (record) => record[dimension]);
  const keys = [...equalityGroupValues[dimension], ...[...groups.keys()].filter((key) => !equalityGroupValues[dimension].includes(key))];
  return keys.map((group) => {
    const members = groups.get(group) ?? [];
    return accessRow(group, { people: members.length, admitted: members.filter(admitted).length, completion: completionRate(members) }, everyone);
  });
}
