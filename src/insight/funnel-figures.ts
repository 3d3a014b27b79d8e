import { sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import type { ReferralStage } from '../platform/db/schema.js';
import { type FunnelStage, funnelStages } from './dashboard-rules.js';
import { type EqualityDimension, equalityDimensions } from './measures.js';

/**
 * The pathway funnel for the people identified in a period: how many reached each stage, and
 * where and why the others left (withdrawn from a stage, found not eligible, funding declined).
 * `funnelCounts` defines the figures over plain records; `funnelFigures` works them out in SQL
 * for everyone and for each equality group, and a test proves the two agree.
 */

export interface FunnelRecord {
  stage: ReferralStage;
  referred_on: string | null;
  assessed_on: string | null;
  eligibility_decision: string | null;
  funding_decision: string | null;
  funding_decided_on: string | null;
  admitted_on: string | null;
  discharged_on: string | null;
  discharge_outcome: string | null;
  aftercare_started_on: string | null;
  withdrawn_from_stage: ReferralStage | null;
  age_band: string;
  sex: string;
  ethnicity_group: string;
  disability: string;
  main_substance: string;
}

export interface FunnelCounts {
  reached: Record<FunnelStage, number>;
  notEligible: number;
  fundingDeclined: number;
  withdrawn: number;
  /** Withdrawn, by the stage they were at. */
  withdrawnFrom: Partial<Record<ReferralStage, number>>;
}

const reachedTests: Record<FunnelStage, (record: FunnelRecord) => boolean> = {
  identified: () => true,
  referred: (record) => record.referred_on !== null,
  assessed: (record) => record.assessed_on !== null,
  funding_decided: (record) => record.funding_decided_on !== null,
  admitted: (record) => record.admitted_on !== null,
  completed: (record) => record.admitted_on !== null && record.discharged_on !== null && record.discharge_outcome === 'completed',
  aftercare: (record) => record.aftercare_started_on !== null,
};

export function funnelCounts(records: readonly FunnelRecord[]): FunnelCounts {
  const reached = Object.fromEntries(funnelStages.map((stage) => [stage, records.filter(reachedTests[stage]).length])) as Record<FunnelStage, number>;
  const withdrawnFrom: Partial<Record<ReferralStage, number>> = {};
  let withdrawn = 0;
  for (const record of records) {
    if (record.stage !== 'withdrawn') continue;
    withdrawn += 1;
    if (record.withdrawn_from_stage) withdrawnFrom[record.withdrawn_from_stage] = (withdrawnFrom[record.withdrawn_from_stage] ?? 0) + 1;
  }
  return {
    reached,
    notEligible: records.filter((record) => record.eligibility_decision === 'not_eligible').length,
    fundingDeclined: records.filter((record) => record.funding_decision === 'declined').length,
    withdrawn,
    withdrawnFrom,
  };
}

export interface FunnelGroup {
  /** 'all', or the equality field the group belongs to. */
  grouping: 'all' | EqualityDimension;
  key: string;
  counts: FunnelCounts;
}

export interface WithdrawalReason {
  stage: ReferralStage;
  reason: string;
  people: number;
}

type Row = Record<string, unknown>;
const count = (value: unknown) => Number(value ?? 0);

/** The funnel for the partnership's people identified in the period, for everyone and each equality group. */
export async function funnelFigures(db: Executor, partnershipId: string, period: { from: string; to: string }): Promise<FunnelGroup[]> {
  const result = await sql<Row>`
    SELECT
      grouping(age_band) AS g_age_band, grouping(sex) AS g_sex, grouping(ethnicity_group) AS g_ethnicity_group,
      grouping(disability) AS g_disability, grouping(main_substance) AS g_main_substance,
      age_band, sex, ethnicity_group, disability, main_substance,
      count(*) AS identified,
      count(referred_on) AS referred,
      count(assessed_on) AS assessed,
      count(funding_decided_on) AS funding_decided,
      count(admitted_on) AS admitted,
      count(*) FILTER (WHERE admitted_on IS NOT NULL AND discharged_on IS NOT NULL AND discharge_outcome = 'completed') AS completed,
      count(aftercare_started_on) AS aftercare,
      count(*) FILTER (WHERE eligibility_decision = 'not_eligible') AS not_eligible,
      count(*) FILTER (WHERE funding_decision = 'declined') AS funding_declined,
      count(*) FILTER (WHERE stage = 'withdrawn') AS withdrawn,
      ${sql.join(withdrawableStages.map((stage) => sql`count(*) FILTER (WHERE stage = 'withdrawn' AND withdrawn_from_stage = ${stage}) AS ${sql.ref(`from_${stage}`)}`))}
    FROM referrals
    WHERE partnership_id = ${partnershipId} AND identified_on >= ${period.from}::date AND identified_on <= ${period.to}::date
    GROUP BY GROUPING SETS ((), (age_band), (sex), (ethnicity_group), (disability), (main_substance))
  `.execute(db);
  return result.rows.map((row) => {
    const grouping = equalityDimensions.find((dimension) => count(row[`g_${dimension}`]) === 0) ?? 'all';
    const withdrawnFrom: Partial<Record<ReferralStage, number>> = {};
    for (const stage of withdrawableStages) if (count(row[`from_${stage}`])) withdrawnFrom[stage] = count(row[`from_${stage}`]);
    return {
      grouping,
      key: grouping === 'all' ? '' : String(row[grouping]),
      counts: {
        reached: Object.fromEntries(funnelStages.map((stage) => [stage, count(row[stage])])) as Record<FunnelStage, number>,
        notEligible: count(row.not_eligible),
        fundingDeclined: count(row.funding_declined),
        withdrawn: count(row.withdrawn),
        withdrawnFrom,
      },
    };
  });
}

/** The stages a referral can be withdrawn from: every open stage before admission ends. */
export const withdrawableStages: readonly ReferralStage[] = ['identified', 'referred', 'assessed', 'preparing', 'funding_requested', 'funding_decided', 'waiting'];

/** The reasons people were withdrawn, as recorded, most common first: for the partnership's own staff only. */
export async function withdrawalReasons(db: Executor, partnershipId: string, period: { from: string; to: string }, limit = 10): Promise<WithdrawalReason[]> {
  const rows = await db
    .selectFrom('referrals')
    .select(['withdrawn_from_stage as stage', sql<string>`lower(trim(withdrawn_reason))`.as('reason'), sql<string>`count(*)`.as('people')])
    .where('partnership_id', '=', partnershipId)
    .where('stage', '=', 'withdrawn')
    .where('identified_on', '>=', period.from)
    .where('identified_on', '<=', period.to)
    .groupBy(['withdrawn_from_stage', sql`lower(trim(withdrawn_reason))`])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('reason')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ stage: row.stage as ReferralStage, reason: row.reason || 'No reason recorded', people: Number(row.people) }));
}
