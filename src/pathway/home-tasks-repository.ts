import { sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import { workingDaysBetweenSql } from '../platform/db/working-days.js';
import { defaultFundingDecisionTargetDays } from './rules/safety-flags.js';
import { unplannedOutcomes } from './labels.js';
import { stayPastPlannedLengthCondition } from './queues.js';

/**
 * The counts behind the home page's pathway lines, one statement each (count … FILTER), on the
 * same definitions as the work queues (queues.ts) and the provider's placement pages. Dates are
 * worked out by the caller and passed in as plain dates; the partnership's funding decision
 * target comes with the counts, and funding waits are measured against it in working days, as
 * the queue's clock counts them.
 */

export interface PathwayHomeCountDates {
  today: string;
  /** A contact after this date counts as recent; waiting since on or before it is long enough to count. */
  noContactSince: string;
  /** Reviews due up to and including this date are due soon. */
  reviewsDueBy: string;
}

export interface PathwayHomeCounts {
  /** The partnership's target for funding decisions, in working days. */
  fundingDecisionTargetDays: number;
  unplannedNotTold: number;
  fundingOverTarget: number;
  waitingNoContact: number;
  reviewsOverdue: number;
  reviewsDueSoon: number;
  staysPastPlannedLength: number;
}

const unplanned = () => sql.join([...unplannedOutcomes].map((outcome) => sql`${outcome}`));


export async function pathwayHomeCounts(db: Executor, partnershipId: string, dates: PathwayHomeCountDates): Promise<PathwayHomeCounts> {
  // The two review counts share one pass over the open reviews due by the end of the window.
  const result = await sql<Record<keyof PathwayHomeCounts, number | string>>`
    WITH target AS (
      SELECT p.funding_decision_target_days AS days FROM partnerships p WHERE p.id = ${partnershipId}
    ), open_reviews AS (
      SELECT count(*) FILTER (WHERE v.due_on < ${dates.today}::date) AS overdue, count(*) FILTER (WHERE v.due_on >= ${dates.today}::date) AS due_soon
      FROM referral_reviews v
      JOIN referrals vr ON vr.id = v.referral_id AND vr.partnership_id = v.partnership_id
      WHERE v.partnership_id = ${partnershipId} AND v.completed_on IS NULL AND NOT v.not_recorded AND v.due_on <= ${dates.reviewsDueBy}::date
        AND vr.stage NOT IN ('closed', 'withdrawn')
    )
    SELECT
      count(*) FILTER (WHERE r.stage IN ('discharged', 'aftercare') AND r.discharge_outcome IN (${unplanned()}) AND r.referrer_notified_at IS NULL) AS "unplannedNotTold",
      (SELECT days FROM target) AS "fundingDecisionTargetDays",
      count(*) FILTER (
        WHERE r.stage = 'funding_requested'
          AND ${workingDaysBetweenSql(sql`r.funding_requested_on`, sql`${dates.today}::date`)} > (SELECT days FROM target)
      ) AS "fundingOverTarget",
      count(*) FILTER (
        WHERE r.stage IN ('funding_decided', 'waiting')
          AND (r.stage = 'waiting' OR r.funding_decision = 'approved')
          AND coalesce(r.waiting_since, r.funding_decided_on, ${dates.noContactSince}::date) <= ${dates.noContactSince}::date
          AND NOT EXISTS (
            SELECT 1 FROM referral_contacts c
            WHERE c.partnership_id = r.partnership_id AND c.referral_id = r.id AND c.contacted_on > ${dates.noContactSince}::date
          )
      ) AS "waitingNoContact",
      count(*) FILTER (WHERE ${stayPastPlannedLengthCondition('r', dates.today)}) AS "staysPastPlannedLength",
      (SELECT overdue FROM open_reviews) AS "reviewsOverdue",
      (SELECT due_soon FROM open_reviews) AS "reviewsDueSoon"
    FROM referrals r
    WHERE r.partnership_id = ${partnershipId}
  `.execute(db);
  const row = result.rows[0];
  return {
    fundingDecisionTargetDays: Number(row?.fundingDecisionTargetDays ?? defaultFundingDecisionTargetDays),
    unplannedNotTold: Number(row?.unplannedNotTold ?? 0),
    fundingOverTarget: Number(row?.fundingOverTarget ?? 0),
    waitingNoContact: Number(row?.waitingNoContact ?? 0),
    reviewsOverdue: Number(row?.reviewsOverdue ?? 0),
    reviewsDueSoon: Number(row?.reviewsDueSoon ?? 0),
    staysPastPlannedLength: Number(row?.staysPastPlannedLength ?? 0),
  };
}

export interface PlacementHomeCounts {
  needingAdmission: number;
  needingDischarge: number;
  reviewsDue: number;
  referrerNotTold: number;
}

/**
 * For a provider account: its own services' placements (from every partnership) that need the
 * provider to record something, on the same rules as the placement page's buttons. A stay needs
 * its discharge recorded once it has reached its planned end.
 */
export async function placementHomeCounts(db: Executor, providerIds: readonly string[], today: string, reviewsDueBy: string): Promise<PlacementHomeCounts> {
  if (!providerIds.length) return { needingAdmission: 0, needingDischarge: 0, reviewsDue: 0, referrerNotTold: 0 };
  const ids = sql.join(providerIds.map((id) => sql`${id}`));
  const result = await sql<Record<keyof PlacementHomeCounts, number | string>>`
    SELECT
      count(*) FILTER (
        WHERE r.stage = 'waiting'
          OR (r.stage = 'funding_decided' AND (r.funding_decision = 'approved' OR (r.funding_route = 'other_route' AND r.funding_decision IS NOT NULL)))
      ) AS "needingAdmission",
      count(*) FILTER (WHERE r.stage = 'admitted' AND r.admitted_on IS NOT NULL AND r.planned_weeks IS NOT NULL AND r.admitted_on + r.planned_weeks * 7 <= ${today}::date) AS "needingDischarge",
      count(*) FILTER (
        WHERE r.discharged_on IS NOT NULL AND r.discharge_outcome IN (${unplanned()}) AND r.referrer_notified_at IS NULL AND r.stage NOT IN ('closed', 'withdrawn')
      ) AS "referrerNotTold",
      (
        SELECT count(*) FROM referral_reviews v
        JOIN referrals vr ON vr.id = v.referral_id AND vr.partnership_id = v.partnership_id
        JOIN services vs ON vs.id = vr.service_id
        WHERE vs.provider_id IN (${ids}) AND vr.stage IN ('admitted', 'discharged') AND v.kind IN ('care_plan', 'risk')
          AND v.completed_on IS NULL AND NOT v.not_recorded AND v.due_on <= ${reviewsDueBy}::date
      ) AS "reviewsDue"
    FROM services s
    JOIN referrals r ON r.service_id = s.id
    WHERE s.provider_id IN (${ids})
  `.execute(db);
  const row = result.rows[0];
  return {
    needingAdmission: Number(row?.needingAdmission ?? 0),
    needingDischarge: Number(row?.needingDischarge ?? 0),
    reviewsDue: Number(row?.reviewsDue ?? 0),
    referrerNotTold: Number(row?.referrerNotTold ?? 0),
  };
}
