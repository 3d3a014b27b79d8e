import { sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import { type DischargeOutcome, dischargeOutcomes, type PeriodUnit } from '../platform/db/schema.js';
import { ukDateOf } from '../platform/values/calendar.js';
import { workingDaysBetweenSql } from '../platform/db/working-days.js';
import { unplannedOutcomes } from '../pathway/index.js';
import {
  earlyDropOutDays,
  type EqualityDimension,
  firstFortnightDays,
  longStayDays,
  minimumToCompare,
  noService,
  type PathwayMeasures,
  type PeriodBasis,
  rate,
} from './measures.js';
import { periodKeySql } from './periods.js';

/**
 * The pathway measures worked out by PostgreSQL, for every group the dashboard shows, in one
 * statement: GROUPING SETS give everyone, each period, each service and each equality group
 * in a single pass over the partnership's referrals for the period. The plain functions in
 * measures.ts define each measure; a property test on random referrals proves this SQL gives
 * the same figures.
 */

export type FigureGrouping = 'all' | 'period' | 'service' | EqualityDimension;

export interface FigureGroup {
  grouping: FigureGrouping;
  /** The period key, service id (or `noService`), or equality value; '' for everyone. */
  key: string;
  measures: PathwayMeasures;
}

export interface FigureQuery {
  from: string;
  to: string;
  basis: PeriodBasis;
  /** The unit of the by-period groups. */
  unit: PeriodUnit;
  now: Date;
  /** Only the by-period groups (for a trend), or only everyone, rather than every grouping. */
  only?: 'period' | 'all';
}

const unplanned = [...unplannedOutcomes];

/** A count from either driver (PostgreSQL's bigint comes back as a string). */
const count = (value: unknown) => Number(value ?? 0);
const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

function distributionOf(values: { count: unknown; median: unknown; p90: unknown }) {
  const cases = count(values.count);
  return { count: cases, median: cases ? numberOrNull(values.median) : null, p90: cases ? numberOrNull(values.p90) : null, tooFewToCompare: cases < minimumToCompare };
}

type Row = Record<string, unknown>;

function measuresOf(row: Row): PathwayMeasures {
  const totalPence = count(row.total_pence);
  const costed = count(row.costed);
  const completions = count(row.completed);
  const admissions = count(row.admitted);
  return {
    people: count(row.people),
    admitted: admissions,
    discharged: count(row.discharged),
    daysToFundingDecision: distributionOf({ count: row.decision_count, median: row.decision_median, p90: row.decision_p90 }),
    decisionsWithinTarget: rate(count(row.decided_within_target), count(row.decided_after_request)),
    daysToAdmission: distributionOf({ count: row.admission_count, median: row.admission_median, p90: row.admission_p90 }),
    lengthOfStay: distributionOf({ count: row.discharged, median: row.stay_median, p90: row.stay_p90 }),
    completion: rate(completions, count(row.discharged)),
    earlyDropOut: rate(count(row.dropped_28), count(row.known_28)),
    earlyDropOutFirstFortnight: rate(count(row.dropped_14), count(row.known_14)),
    stayedNinetyDays: rate(count(row.stayed_90), count(row.known_90)),
    unplannedNotifiedOnTime: rate(count(row.notified_on_time), count(row.unplanned_counted)),
    aftercareBeforeAdmission: rate(count(row.aftercare_before), admissions),
    cost: {
      placements: admissions,
      costed,
      notCosted: admissions - costed,
      estimated: count(row.estimated),
      estimatedFromDaysSoFar: count(row.estimated_from_days),
      totalPence,
      averagePence: costed ? Math.round(totalPence / costed) : null,
      completions,
      perCompletionPence: completions && costed ? Math.round(totalPence / completions) : null,
      tooFewToCompare: costed < minimumToCompare,
    },
    dischargeOutcomes: Object.fromEntries(dischargeOutcomes.map((outcome) => [outcome, count(row[`ended_${outcome}`])])) as Record<DischargeOutcome, number>,
  };
}

/** Empty measures, for groups with nobody in them. */
export const noMeasures: PathwayMeasures = measuresOf({});

const groupingColumns: Record<Exclude<FigureGrouping, 'all'>, string> = {
  period: 'period_key',
  service: 'service_key',
  age_band: 'age_band',
  sex: 'sex',
  ethnicity_group: 'ethnicity_group',
  disability: 'disability',
  main_substance: 'main_substance',
};

/**
 * Every measure for the partnership's referrals referred (or admitted) in the period: for
 * everyone, by period, by service and by each equality field. Groups with nobody in them are
 * not returned.
 */
export async function pathwayFigures(db: Executor, partnershipId: string | readonly string[], query: FigureQuery): Promise<FigureGroup[]> {
  const partnerships = typeof partnershipId === 'string' ? [partnershipId] : partnershipId;
  if (!partnerships.length) return [];
  const today = ukDateOf(query.now);
  const basisColumn = query.basis === 'referral' ? 'referred_on' : 'admitted_on';
  // Built from fixed strings only: the column and unit come from closed lists above.
  const periodKey = sql.raw(periodKeySql(`r.${basisColumn}`, query.unit));
  const basis = sql.raw(`r.${basisColumn}`);
  const unplannedList = sql.join(unplanned.map((outcome) => sql`${outcome}`));
  const periodsOnly = query.only === 'period';
  const everyoneOnly = query.only === 'all';
  const outcomeCounts = sql.join(
    dischargeOutcomes.map((outcome) => sql`count(*) FILTER (WHERE ended AND discharge_outcome = ${outcome}) AS ${sql.ref(`ended_${outcome}`)}`),
  );
  const result = await sql<Row>`
    WITH base AS (
      SELECT
        ${periodKey} AS period_key,
        coalesce(r.service_id::text, ${noService}) AS service_key,
        r.age_band, r.sex, r.ethnicity_group, r.disability, r.main_substance,
        r.admitted_on, r.discharged_on, r.discharge_outcome, r.planned_weeks, r.weekly_cost_pence,
        r.aftercare_plan_agreed_on,
        CASE WHEN r.referred_on IS NOT NULL AND r.funding_decided_on IS NOT NULL THEN greatest(0, r.funding_decided_on - r.referred_on) END AS decision_days,
        CASE WHEN r.funding_requested_on IS NOT NULL AND r.funding_decided_on IS NOT NULL
          THEN ${workingDaysBetweenSql(sql`r.funding_requested_on`, sql`r.funding_decided_on`)} <= p.funding_decision_target_days END AS decided_in_target,
        CASE WHEN r.referred_on IS NOT NULL AND r.admitted_on IS NOT NULL THEN greatest(0, r.admitted_on - r.referred_on) END AS admission_days,
        (r.admitted_on IS NOT NULL AND r.discharged_on IS NOT NULL AND r.discharge_outcome IS NOT NULL) AS ended,
        (r.admitted_on IS NOT NULL AND r.discharged_on IS NULL) AS still_in,
        r.discharged_on - r.admitted_on AS stay_days,
        ${today}::date - r.admitted_on AS days_in,
        -- A stay still under way is costed from the days so far once past its planned length, or with none planned (stayWeeksToCost).
        (r.planned_weeks IS NULL OR greatest(0, ${today}::date - r.admitted_on) > r.planned_weeks * 7) AS past_plan,
        (r.discharge_outcome IN (${unplannedList})) AS unplanned,
        r.referrer_notified_at,
        (r.referrer_notified_at AT TIME ZONE 'Europe/London')::date AS notified_on
      FROM referrals r
      JOIN partnerships p ON p.id = r.partnership_id
      WHERE r.partnership_id IN (${sql.join(partnerships)}) AND ${basis} >= ${query.from}::date AND ${basis} <= ${query.to}::date
    )
    SELECT
      ${
        everyoneOnly
          ? sql``
          : periodsOnly
          ? sql`0 AS g_period, period_key,`
          : sql`grouping(period_key) AS g_period, grouping(service_key) AS g_service, grouping(age_band) AS g_age_band, grouping(sex) AS g_sex,
      grouping(ethnicity_group) AS g_ethnicity_group, grouping(disability) AS g_disability, grouping(main_substance) AS g_main_substance,
      period_key, service_key, age_band, sex, ethnicity_group, disability, main_substance,`
      }
      count(*) AS people,
      count(*) FILTER (WHERE admitted_on IS NOT NULL) AS admitted,
      count(*) FILTER (WHERE ended) AS discharged,
      count(decision_days) AS decision_count,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY decision_days) AS decision_median,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY decision_days) AS decision_p90,
      count(decided_in_target) AS decided_after_request,
      count(*) FILTER (WHERE decided_in_target) AS decided_within_target,
      count(admission_days) AS admission_count,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY admission_days) AS admission_median,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY admission_days) AS admission_p90,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(0, stay_days)) FILTER (WHERE ended) AS stay_median,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY greatest(0, stay_days)) FILTER (WHERE ended) AS stay_p90,
      count(*) FILTER (WHERE ended AND discharge_outcome = 'completed') AS completed,
      count(*) FILTER (WHERE ended AND unplanned AND stay_days <= ${earlyDropOutDays}) AS dropped_28,
      count(*) FILTER (WHERE ended OR (still_in AND days_in > ${earlyDropOutDays})) AS known_28,
      count(*) FILTER (WHERE ended AND unplanned AND stay_days <= ${firstFortnightDays}) AS dropped_14,
      count(*) FILTER (WHERE ended OR (still_in AND days_in > ${firstFortnightDays})) AS known_14,
      count(*) FILTER (WHERE (ended AND stay_days >= ${longStayDays}) OR (still_in AND days_in >= ${longStayDays})) AS stayed_90,
      count(*) FILTER (WHERE ended OR (still_in AND days_in >= ${longStayDays})) AS known_90,
      count(*) FILTER (WHERE ended AND unplanned AND NOT (referrer_notified_at IS NULL AND ${today}::date <= discharged_on + 1)) AS unplanned_counted,
      count(*) FILTER (WHERE ended AND unplanned AND notified_on <= discharged_on + 1) AS notified_on_time,
      count(*) FILTER (WHERE admitted_on IS NOT NULL AND aftercare_plan_agreed_on <= admitted_on) AS aftercare_before,
      count(*) FILTER (WHERE admitted_on IS NOT NULL AND weekly_cost_pence IS NOT NULL) AS costed,
      count(*) FILTER (WHERE admitted_on IS NOT NULL AND weekly_cost_pence IS NOT NULL AND discharged_on IS NULL) AS estimated,
      count(*) FILTER (WHERE admitted_on IS NOT NULL AND weekly_cost_pence IS NOT NULL AND discharged_on IS NULL AND past_plan) AS estimated_from_days,
      coalesce(sum(round(weekly_cost_pence::numeric * CASE
        WHEN discharged_on IS NOT NULL THEN greatest(0, stay_days) / 7.0
        WHEN past_plan THEN greatest(0, days_in) / 7.0
        ELSE planned_weeks::numeric
      END)) FILTER (WHERE admitted_on IS NOT NULL AND weekly_cost_pence IS NOT NULL), 0) AS total_pence,
      ${outcomeCounts}
    FROM base
    ${everyoneOnly ? sql`` : periodsOnly ? sql`GROUP BY period_key` : sql`GROUP BY GROUPING SETS ((), (period_key), (service_key), (age_band), (sex), (ethnicity_group), (disability), (main_substance))`}
  `.execute(db);

  return result.rows.map((row) => {
    const grouping = (Object.keys(groupingColumns) as Array<keyof typeof groupingColumns>).find((name) => row[`g_${name}`] !== undefined && count(row[`g_${name}`]) === 0) ?? 'all';
    const key = grouping === 'all' ? '' : String(row[groupingColumns[grouping]]);
    return { grouping, key, measures: measuresOf(row) };
  });
}

/** The groups of one kind, in the order given, with empty measures for any key not found. */
export function groupsOf(groups: readonly FigureGroup[], grouping: FigureGrouping, keys?: readonly string[]): Array<{ key: string; measures: PathwayMeasures }> {
  const found = groups.filter((group) => group.grouping === grouping);
  if (!keys) return found.map(({ key, measures }) => ({ key, measures }));
  const byKey = new Map(found.map((group) => [group.key, group.measures]));
  const extra = found.filter((group) => !keys.includes(group.key)).map((group) => group.key);
  return [...keys, ...extra].map((key) => ({ key, measures: byKey.get(key) ?? noMeasures }));
}

/** The measures for everyone in the period. */
export function overallOf(groups: readonly FigureGroup[]): PathwayMeasures {
  return groups.find((group) => group.grouping === 'all')?.measures ?? noMeasures;
}

