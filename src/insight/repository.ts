import type { Executor } from '../platform/db/executor.js';
import { lastDayOfMonth, ukDateOf } from '../platform/values/calendar.js';
import {
  type AccessRow,
  accessRow,
  type EqualityDimension,
  equalityDimensions,
  equalityGroupValues,
  type MeasureGroup,
  type MeasureRecord,
  noService,
  type PathwayMeasures,
  type PeriodBasis,
  type PeriodUnit,
} from './measures.js';
import { partnershipArea } from './dashboard-repository.js';
import { groupsOf, overallOf, pathwayFigures } from './pathway-figures.js';

/**
 * The pathway summary for one partnership and period, by referral date (through
 * referrals_partnership_referred_idx) or by admission date (referrals_partnership_admitted_idx).
 * The figures are worked out in SQL by pathway-figures.ts; the plain functions in measures.ts
 * define them, and fetchMeasureRecords gives tests the same records to check against.
 */

export interface SummaryPeriod {
  /** 'last-12-months', '2026' or '2026-Q3'. */
  key: string;
  /** First and last days, inclusive. */
  from: string;
  to: string;
  label: string;
}

export const lastTwelveMonths = 'last-12-months';

/** How many calendar years (this one and the ones before) the period choices go back. */
export const yearsOffered = 5;

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Words for a period key from measures.periodKey: 'November 2026', 'July to September 2026', '2026'. */
export function periodKeyLabel(key: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) {
    const first = (Number(quarter[2]) - 1) * 3;
    return `${monthNames[first]} to ${monthNames[first + 2]} ${quarter[1]}`;
  }
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) return `${monthNames[Number(month[2]) - 1]} ${month[1]}`;
  return key;
}

/**
 * The period a choice stands for, as of today: the last 12 months (this month so far and the
 * 11 whole months before it), a calendar year or a calendar quarter. Null for anything else,
 * or for a period that has not started yet.
 */
export function summaryPeriod(key: string, today: string): SummaryPeriod | null {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (key === lastTwelveMonths) {
    const startMonth = month === 12 ? 1 : month + 1;
    const startYear = month === 12 ? year : year - 1;
    const from = `${startYear}-${pad(startMonth)}-01`;
    return { key, from, to: today, label: `the last 12 months (${monthNames[startMonth - 1]} ${startYear} to ${monthNames[month - 1]} ${year})` };
  }
  const yearMatch = /^(\d{4})$/.exec(key);
  if (yearMatch) {
    const chosen = Number(yearMatch[1]);
    if (chosen > year || chosen < 1900) return null;
    return { key, from: `${chosen}-01-01`, to: `${chosen}-12-31`, label: String(chosen) };
  }
  const quarterMatch = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarterMatch) {
    const chosen = Number(quarterMatch[1]);
    const quarter = Number(quarterMatch[2]);
    const from = `${chosen}-${pad((quarter - 1) * 3 + 1)}-01`;
    if (from > today || chosen < 1900) return null;
    return { key, from, to: lastDayOfMonth(chosen, quarter * 3), label: periodKeyLabel(key) };
  }
  return null;
}

/** The periods offered on the summary page: the last 12 months, then each recent year followed by its quarters, newest first. */
export function periodChoices(today: string): Array<{ key: string; text: string }> {
  const year = Number(today.slice(0, 4));
  const choices = [{ key: lastTwelveMonths, text: 'The last 12 months' }];
  for (let chosen = year; chosen > year - yearsOffered; chosen -= 1) {
    choices.push({ key: String(chosen), text: `The whole of ${chosen}` });
    for (let quarter = 4; quarter >= 1; quarter -= 1) {
      const key = `${chosen}-Q${quarter}`;
      if (summaryPeriod(key, today)) choices.push({ key, text: periodKeyLabel(key) });
    }
  }
  return choices;
}

export interface SummaryRecord extends MeasureRecord {
  service_name: string | null;
}

/** The columns the measures need, for the partnership's referrals referred (or admitted) in the period. */
export async function fetchMeasureRecords(
  db: Executor,
  partnershipId: string,
  period: Pick<SummaryPeriod, 'from' | 'to'>,
  basis: PeriodBasis,
): Promise<SummaryRecord[]> {
  const column = basis === 'referral' ? 'referrals.referred_on' : 'referrals.admitted_on';
  const rows = await db
    .selectFrom('referrals')
    .leftJoin('services', 'services.id', 'referrals.service_id')
    .innerJoin('partnerships', 'partnerships.id', 'referrals.partnership_id')
    .select([
      'referrals.stage',
      'referrals.service_id',
      'services.name as service_name',
      'referrals.referred_on',
      'referrals.funding_requested_on',
      'referrals.funding_decided_on',
      'partnerships.funding_decision_target_days',
      'referrals.admitted_on',
      'referrals.aftercare_plan_agreed_on',
      'referrals.planned_weeks',
      'referrals.weekly_cost_pence',
      'referrals.discharged_on',
      'referrals.discharge_outcome',
      'referrals.referrer_notified_at',
      'referrals.age_band',
      'referrals.sex',
      'referrals.ethnicity_group',
      'referrals.disability',
      'referrals.main_substance',
    ])
    .where('referrals.partnership_id', '=', partnershipId)
    .where(column, '>=', period.from)
    .where(column, '<=', period.to)
    .execute();
  return rows;
}

export interface ServiceGroup extends MeasureGroup {
  /** The service's name, or null for people not placed with (or referred to) a service. */
  name: string | null;
}

export interface EqualityBreakdown {
  dimension: EqualityDimension;
  access: AccessRow[];
  measures: MeasureGroup[];
}

export interface PathwaySummary {
  period: SummaryPeriod;
  basis: PeriodBasis;
  breakdownUnit: PeriodUnit;
  today: string;
  /** The partnership's funding decision target now, in working days from the request. */
  fundingDecisionTargetDays: number;
  overall: PathwayMeasures;
  byPeriod: MeasureGroup[];
  byService: ServiceGroup[];
  byEquality: EqualityBreakdown[];
}

/**
 * The summary page's figures for one partnership: the measures for everyone referred (or
 * admitted) in the period, then by month, by service and by each equality field, all worked
 * out in one SQL statement. This is what the summary page shows and what the benchmark times.
 */
export async function loadPathwaySummary(
  db: Executor,
  partnershipId: string,
  options: { period: SummaryPeriod; basis: PeriodBasis; now: Date },
): Promise<PathwaySummary> {
  const { period, basis, now } = options;
  const groups = await pathwayFigures(db, partnershipId, { from: period.from, to: period.to, basis, unit: 'month', now });
  const overall = overallOf(groups);
  const { fundingDecisionTargetDays } = await partnershipArea(db, partnershipId);
  const services = groupsOf(groups, 'service');
  const names = await serviceNamesFor(
    db,
    services.map((group) => group.key).filter((key) => key !== noService),
  );
  return {
    period,
    basis,
    breakdownUnit: 'month',
    today: ukDateOf(now),
    fundingDecisionTargetDays,
    overall,
    byPeriod: groupsOf(groups, 'period', monthsOf(period)),
    byService: services
      .map((group) => ({ ...group, name: group.key === noService ? null : (names.get(group.key) ?? null) }))
      .sort((a, b) => (a.name === null ? 1 : b.name === null ? -1 : a.name.localeCompare(b.name))),
    byEquality: equalityDimensions.map((dimension) => {
      const measures = groupsOf(groups, dimension, equalityGroupValues[dimension]);
      return { dimension, access: measures.map((group) => accessRow(group.key, group.measures, overall)), measures };
    }),
  };
}

/** The names of the services people were placed with or referred to. */
export async function serviceNamesFor(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('services').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Every month of a period, so months with nobody in them still show. */
function monthsOf(period: Pick<SummaryPeriod, 'from' | 'to'>): string[] {
  const months: string[] = [];
  let cursor = `${period.from.slice(0, 7)}-01`;
  while (cursor <= period.to) {
    months.push(cursor.slice(0, 7));
    const [year, month] = cursor.split('-').map(Number) as [number, number];
    cursor = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
  }
  return months;
}
