import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../platform/audit/audit.js';
import type { Executor } from '../platform/db/executor.js';
import type { Database, DischargeOutcome, ReferralReviewKind, ReferralStage } from '../platform/db/schema.js';
import { addDays, daysBetween, latestDateMoreWorkingDaysBefore, ukDateOf, workingDaysBetween } from '../platform/values/calendar.js';
import { unansweredPlacementRequests } from './placement-repository.js';
import { fundingDecisionTargetDays } from './repository.js';
import { notificationDueBy } from './referrer-notification.js';
import { unplannedOutcomes } from './labels.js';
import { daysPastPlannedLength, plannedEndDate } from './rules/stays.js';

/**
 * The work queues: what is waiting or overdue in one partnership's pathway. Each queue is one
 * SQL query, filtered by partnership and stage so it uses referrals_partnership_stage_idx (or,
 * for reviews, referral_reviews_due_idx); date thresholds are worked out here and passed in as
 * plain dates. Each query also returns the queue's full length (count(*) over ()), so a long
 * queue can be cut to its first rows without a second query.
 */

/** The most rows a queue lists; the heading still gives the full count. */
export const queueRowLimit = 500;

/** Reviews and follow-ups due within this many days are listed with the overdue ones. */
export const reviewsDueWithinDays = 7;

export interface Queue<Row> {
  /** Every referral in the queue, even when only the first rows are listed. */
  count: number;
  rows: Row[];
}

interface QueueOptions {
  limit?: number;
}

function toQueue<Row extends { total: number }>(rows: Row[]): Queue<Omit<Row, 'total'>> {
  return { count: rows[0]?.total ?? 0, rows: rows.map(({ total: _total, ...row }) => row) };
}

const total = sql<number>`count(*) over ()`.as('total');

// Funding decisions --------------------------------------------------------------------------------

export interface FundingDecisionRow {
  id: string;
  local_reference: string;
  stage: ReferralStage;
  referred_on: string | null;
  funding_requested_on: string;
  funding_route: string | null;
  /** Working days since the request, to today. */
  workingDaysWaiting: number;
}

/** The SQL of the funding queue (a builder, so tests can also ask the database how it would run it). */
export function fundingDecisionOverdueQuery(db: Executor, partnershipId: string, today: string, targetDays: number, limit = queueRowLimit) {
  const requestedOnOrBefore = latestDateMoreWorkingDaysBefore(today, targetDays);
  return db
    .selectFrom('referrals')
    .select(['id', 'local_reference', 'stage', 'referred_on', 'funding_requested_on', 'funding_route', total])
    .where('partnership_id', '=', partnershipId)
    .where('stage', '=', 'funding_requested')
    .where('funding_requested_on', '<=', requestedOnOrBefore)
    .orderBy('funding_requested_on')
    .orderBy('local_reference')
    .limit(limit);
}

/** Funding requested and still not decided after more than `targetDays` working days; longest waiting first. */
export async function fundingDecisionOverdue(
  db: Executor,
  partnershipId: string,
  today: string,
  targetDays: number,
  { limit = queueRowLimit }: QueueOptions = {},
): Promise<Queue<FundingDecisionRow>> {
  const rows = await fundingDecisionOverdueQuery(db, partnershipId, today, targetDays, limit).execute();
  const queue = toQueue(rows);
  return {
    count: queue.count,
    rows: queue.rows.map((row) => {
      const requestedOn = row.funding_requested_on as string;
      return { ...row, funding_requested_on: requestedOn, workingDaysWaiting: workingDaysBetween(requestedOn, today) };
    }),
  };
}

// Waiting for admission ----------------------------------------------------------------------------

export interface WaitingRow {
  id: string;
  local_reference: string;
  stage: ReferralStage;
  referred_on: string | null;
  funding_decided_on: string | null;
  waiting_since: string | null;
  service_name: string | null;
  last_contact_on: string | null;
  /** Calendar days since they started waiting (or since funding was approved). */
  daysWaiting: number | null;
}

/** The SQL of the waiting-for-admission queue. */
export function waitingForAdmissionQuery(db: Executor, partnershipId: string, limit = queueRowLimit) {
  return db
    .selectFrom('referrals')
    .leftJoin('services', 'services.id', 'referrals.service_id')
    .select((eb) => [
      'referrals.id',
      'referrals.local_reference',
      'referrals.stage',
      'referrals.referred_on',
      'referrals.funding_decided_on',
      'referrals.waiting_since',
      'services.name as service_name',
      eb
        .selectFrom('referral_contacts')
        .select((inner) => inner.fn.max('referral_contacts.contacted_on').as('last'))
        .whereRef('referral_contacts.partnership_id', '=', 'referrals.partnership_id')
        .whereRef('referral_contacts.referral_id', '=', 'referrals.id')
        .as('last_contact_on'),
      total,
    ])
    .where('referrals.partnership_id', '=', partnershipId)
    .where('referrals.stage', 'in', ['funding_decided', 'waiting'])
    .where((eb) => eb.or([eb('referrals.stage', '=', 'waiting'), eb('referrals.funding_decision', '=', 'approved')]))
    .orderBy(sql`coalesce(referrals.waiting_since, referrals.funding_decided_on)`, (order) => order.asc().nullsLast())
    .orderBy('referrals.local_reference')
    .limit(limit);
}

/**
 * People waiting for admission: in the waiting stage, or with funding approved but not yet
 * moved on. Longest waiting first, with the date of the last contact while waiting.
 */
export async function waitingForAdmission(db: Executor, partnershipId: string, today: string, { limit = queueRowLimit }: QueueOptions = {}): Promise<Queue<WaitingRow>> {
  const rows = await waitingForAdmissionQuery(db, partnershipId, limit).execute();
  const queue = toQueue(rows);
  return {
    count: queue.count,
    rows: queue.rows.map((row) => {
      const since = row.waiting_since ?? row.funding_decided_on;
      return { ...row, last_contact_on: (row.last_contact_on as string | null) ?? null, daysWaiting: since ? Math.max(0, daysBetween(since, today)) : null };
    }),
  };
}

// Admitted without an aftercare plan -------------------------------------------------------------------

export interface NoAftercareRow {
  id: string;
  local_reference: string;
  stage: ReferralStage;
  admitted_on: string | null;
  planned_weeks: number | null;
  service_name: string | null;
  admitted_without_aftercare_reason: string;
}

/** The SQL of the no-aftercare-plan queue. */
export function admittedWithoutAftercareQuery(db: Executor, partnershipId: string, limit = queueRowLimit) {
  return db
    .selectFrom('referrals')
    .leftJoin('services', 'services.id', 'referrals.service_id')
    .select([
      'referrals.id',
      'referrals.local_reference',
      'referrals.stage',
      'referrals.admitted_on',
      'referrals.planned_weeks',
      'services.name as service_name',
      'referrals.admitted_without_aftercare_reason',
      total,
    ])
    .where('referrals.partnership_id', '=', partnershipId)
    .where('referrals.stage', 'in', ['admitted', 'discharged'])
    .where('referrals.admitted_on', 'is not', null)
    .where('referrals.aftercare_plan_agreed_on', 'is', null)
    .orderBy('referrals.admitted_on')
    .orderBy('referrals.local_reference')
    .limit(limit);
}

/**
 * People admitted (still in, or discharged with aftercare not yet started) with no aftercare
 * plan recorded, the same people the referral page flags; earliest admitted first.
 */
export async function admittedWithoutAftercare(db: Executor, partnershipId: string, { limit = queueRowLimit }: QueueOptions = {}): Promise<Queue<NoAftercareRow>> {
  const rows = await admittedWithoutAftercareQuery(db, partnershipId, limit).execute();
  return toQueue(rows);
}

// Stays past their planned length ------------------------------------------------------------------------

export interface StayPastPlannedLengthRow {
  id: string;
  local_reference: string;
  stage: ReferralStage;
  admitted_on: string;
  planned_weeks: number;
  service_name: string | null;
  /** The day the stay was planned to end. */
  plannedEnd: string;
  /** Days stayed past the planned end, to today. */
  daysOver: number;
}

/**
 * The rule of rules/stays.ts in SQL, for the referral row `alias`: still in the placement
 * (admitted, not discharged) after admission plus the planned weeks. The queue and the home
 * page's count both use it.
 */
export function stayPastPlannedLengthCondition(alias: string, today: string) {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<boolean>`(${column('stage')} = 'admitted' AND ${column('discharged_on')} IS NULL AND ${column('admitted_on')} IS NOT NULL
    AND ${column('planned_weeks')} IS NOT NULL AND ${column('admitted_on')} + ${column('planned_weeks')} * 7 < ${today}::date)`;
}

/**
 * The SQL of the stays-past-their-planned-length queue: the rule of rules/stays.ts (still in the
 * placement after admission + planned weeks), as one date comparison per row.
 */
export function staysPastPlannedLengthQuery(db: Executor, partnershipId: string, today: string, limit = queueRowLimit) {
  return db
    .selectFrom('referrals')
    .leftJoin('services', 'services.id', 'referrals.service_id')
    .select(['referrals.id', 'referrals.local_reference', 'referrals.stage', 'referrals.admitted_on', 'referrals.planned_weeks', 'services.name as service_name', total])
    .where('referrals.partnership_id', '=', partnershipId)
    .where(stayPastPlannedLengthCondition('referrals', today))
    .orderBy(sql`referrals.admitted_on + referrals.planned_weeks * 7`)
    .orderBy('referrals.local_reference')
    .limit(limit);
}

/**
 * People still in their placement after the day their stay was planned to end (the rule
 * isStayPastPlannedLength), the longest past it first.
 */
export async function staysPastPlannedLength(db: Executor, partnershipId: string, today: string, { limit = queueRowLimit }: QueueOptions = {}): Promise<Queue<StayPastPlannedLengthRow>> {
  const rows = await staysPastPlannedLengthQuery(db, partnershipId, today, limit).execute();
  const queue = toQueue(rows);
  return {
    count: queue.count,
    rows: queue.rows.map((row) => {
      const admittedOn = row.admitted_on as string;
      const plannedWeeks = row.planned_weeks as number;
      const stay = { stage: row.stage, admitted_on: admittedOn, planned_weeks: plannedWeeks, discharged_on: null };
      return { ...row, admitted_on: admittedOn, planned_weeks: plannedWeeks, plannedEnd: plannedEndDate(admittedOn, plannedWeeks), daysOver: daysPastPlannedLength(stay, today) ?? 0 };
    }),
  };
}

// Unplanned discharges -------------------------------------------------------------------------------

export type NotificationStatus = 'overdue' | 'due' | 'late';

export interface UnplannedDischargeRow {
  id: string;
  local_reference: string;
  stage: ReferralStage;
  discharged_on: string | null;
  discharge_outcome: DischargeOutcome | null;
  referrer_notified_at: Date | null;
  /** The last day the referrer should have been told (the day after the discharge). */
  dueBy: string | null;
  status: NotificationStatus;
}

/** What the queue says about one unplanned discharge. */
export function notificationStatus(dischargedOn: string, notifiedAt: Date | string | null, today: string): NotificationStatus {
  if (notifiedAt !== null) return 'late';
  return today > notificationDueBy(dischargedOn) ? 'overdue' : 'due';
}

/** The SQL of the unplanned-discharge queue. */
export function unplannedDischargesQuery(db: Executor, partnershipId: string, limit = queueRowLimit) {
  return db
    .selectFrom('referrals')
    .select(['id', 'local_reference', 'stage', 'discharged_on', 'discharge_outcome', 'referrer_notified_at', total])
    .where('partnership_id', '=', partnershipId)
    .where('stage', 'in', ['discharged', 'aftercare'])
    .where('discharge_outcome', 'in', [...unplannedOutcomes])
    .where((eb) =>
      eb.or([
        eb('referrer_notified_at', 'is', null),
        // Told after the end of the day after the discharge, in UK time.
        eb(sql<string>`(referrer_notified_at at time zone 'Europe/London')::date`, '>', sql<string>`discharged_on + 1`),
      ]),
    )
    .orderBy(sql`referrer_notified_at is null`, (order) => order.desc())
    .orderBy('discharged_on')
    .orderBy('local_reference')
    .limit(limit);
}

/**
 * Unplanned discharges (left early or asked to leave) of people still discharged or in aftercare
 * whose referrer has not been told, or was told after the end of the day after the discharge
 * (UK time). Not told yet first, then earliest discharged first.
 */
export async function unplannedDischargesNotNotified(
  db: Executor,
  partnershipId: string,
  today: string,
  { limit = queueRowLimit }: QueueOptions = {},
): Promise<Queue<UnplannedDischargeRow>> {
  const rows = await unplannedDischargesQuery(db, partnershipId, limit).execute();
  const queue = toQueue(rows);
  return {
    count: queue.count,
    rows: queue.rows.map((row) => ({
      ...row,
      dueBy: row.discharged_on ? notificationDueBy(row.discharged_on) : null,
      status: row.discharged_on ? notificationStatus(row.discharged_on, row.referrer_notified_at, today) : row.referrer_notified_at ? 'late' : 'overdue',
    })),
  };
}

// Reviews and follow-ups ---------------------------------------------------------------------------------

export interface ReviewDueRow {
  review_id: string;
  kind: ReferralReviewKind;
  due_on: string;
  referral_id: string;
  local_reference: string;
  stage: ReferralStage;
  overdue: boolean;
}

/** The SQL of the reviews queue. */
export function reviewsDueQuery(db: Executor, partnershipId: string, today: string, limit = queueRowLimit) {
  return db
    .selectFrom('referral_reviews')
    .innerJoin('referrals', (join) =>
      join.onRef('referrals.id', '=', 'referral_reviews.referral_id').onRef('referrals.partnership_id', '=', 'referral_reviews.partnership_id'),
    )
    .select([
      'referral_reviews.id as review_id',
      'referral_reviews.kind',
      'referral_reviews.due_on',
      'referrals.id as referral_id',
      'referrals.local_reference',
      'referrals.stage',
      total,
    ])
    .where('referral_reviews.partnership_id', '=', partnershipId)
    .where('referral_reviews.completed_on', 'is', null)
    .where('referral_reviews.not_recorded', '=', false)
    .where('referral_reviews.due_on', '<=', addDays(today, reviewsDueWithinDays))
    .where('referrals.stage', 'not in', ['closed', 'withdrawn'])
    .orderBy('referral_reviews.due_on')
    .orderBy('referrals.local_reference')
    .limit(limit);
}

/**
 * Care-plan and risk reviews and follow-ups not yet done, overdue or due within the next
 * week; overdue first (earliest due first). Reviews of closed or withdrawn referrals are left out,
 * and so are those not recorded at the time (already past when a backdated stage was recorded).
 */
export async function reviewsDue(db: Executor, partnershipId: string, today: string, { limit = queueRowLimit }: QueueOptions = {}): Promise<Queue<ReviewDueRow>> {
  const rows = await reviewsDueQuery(db, partnershipId, today, limit).execute();
  const queue = toQueue(rows);
  return { count: queue.count, rows: queue.rows.map((row) => ({ ...row, overdue: row.due_on < today })) };
}

// All queues -------------------------------------------------------------------------------------------

export interface WorkQueues {
  today: string;
  fundingDecisionTargetDays: number;
  fundingDecisionOverdue: Queue<FundingDecisionRow>;
  waitingForAdmission: Queue<WaitingRow>;
  admittedWithoutAftercare: Queue<NoAftercareRow>;
  staysPastPlannedLength: Queue<StayPastPlannedLengthRow>;
  unplannedDischarges: Queue<UnplannedDischargeRow>;
  reviewsDue: Queue<ReviewDueRow>;
  placementRequestsUnanswered: Awaited<ReturnType<typeof unansweredPlacementRequests>>;
}


/**
 * Every work queue for one partnership, as of `now` (UK date). This is what the queues page
 * shows and what the benchmark times: the target, then the six queue queries.
 */
export async function loadWorkQueues(db: Executor, partnershipId: string, now: Date, options: QueueOptions = {}): Promise<WorkQueues> {
  const today = ukDateOf(now);
  const targetDays = await fundingDecisionTargetDays(db, partnershipId);
  // One after another: PGlite runs one query at a time anyway, and PostgreSQL answers each quickly.
  const funding = await fundingDecisionOverdue(db, partnershipId, today, targetDays, options);
  const waiting = await waitingForAdmission(db, partnershipId, today, options);
  const noAftercare = await admittedWithoutAftercare(db, partnershipId, options);
  const overrun = await staysPastPlannedLength(db, partnershipId, today, options);
  const unplanned = await unplannedDischargesNotNotified(db, partnershipId, today, options);
  const reviews = await reviewsDue(db, partnershipId, today, options);
  const placementRequests = await unansweredPlacementRequests(db, partnershipId, today, options);
  return {
    today,
    fundingDecisionTargetDays: targetDays,
    fundingDecisionOverdue: funding,
    waitingForAdmission: waiting,
    admittedWithoutAftercare: noAftercare,
    staysPastPlannedLength: overrun,
    unplannedDischarges: unplanned,
    reviewsDue: reviews,
    placementRequestsUnanswered: placementRequests,
  };
}

// Settings ----------------------------------------------------------------------------------------------

/**
 * Changes the funding decision target, with its audit record in the same transaction. Returns
 * the target before the change.
 */
export async function changeFundingDecisionTarget(
  db: Kysely<Database>,
  partnershipId: string,
  actor: { userId: string; requestId?: string | null },
  targetDays: number,
  now: Date,
): Promise<{ previous: number }> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('partnerships')
      .select('funding_decision_target_days')
      .where('id', '=', partnershipId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const previous = current.funding_decision_target_days;
    if (previous !== targetDays) {
      await trx.updateTable('partnerships').set({ funding_decision_target_days: targetDays, updated_at: now }).where('id', '=', partnershipId).execute();
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'funding_decision_target_changed',
        recordType: 'partnership',
        recordId: partnershipId,
        summary: `Funding decision target changed from ${previous} to ${targetDays} working days`,
        requestId: actor.requestId ?? null,
      });
    }
    return { previous };
  });
}
