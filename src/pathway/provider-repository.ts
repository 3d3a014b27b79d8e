import { type SelectQueryBuilder, sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import type { Database, ReferralStage } from '../platform/db/schema.js';

/**
 * What a residential provider may read: only referrals whose service is one of its own, from any
 * partnership, and of those only the local reference, the stage, the service and the dates of
 * funding, admission and discharge. Never the person's details, the reasons for decisions or
 * anything about referrals to another provider's services. Every query here starts from the
 * provider's own services.
 */

export const pastStages: readonly ReferralStage[] = ['discharged', 'aftercare', 'closed', 'withdrawn'];
export type PlacementList = 'current' | 'past';

const placementColumns = [
  'referrals.id',
  'referrals.partnership_id as partnershipId',
  'partnerships.name as partnershipName',
  'referrals.local_reference as localReference',
  'referrals.stage',
  'referrals.version',
  'services.id as serviceId',
  'services.name as serviceName',
  'referrals.preparing_on as preparingOn',
  'referrals.funding_requested_on as fundingRequestedOn',
  'referrals.funding_route as fundingRoute',
  'referrals.funding_decision as fundingDecision',
  'referrals.funding_decided_on as fundingDecidedOn',
  'referrals.waiting_since as waitingSince',
  'referrals.aftercare_plan_agreed_on as aftercarePlanAgreedOn',
  'referrals.admitted_on as admittedOn',
  'referrals.planned_weeks as plannedWeeks',
  'referrals.detox_included as detoxIncluded',
  'referrals.discharged_on as dischargedOn',
  'referrals.discharge_outcome as dischargeOutcome',
  'referrals.referrer_notified_at as referrerNotifiedAt',
  'referrals.aftercare_started_on as aftercareStartedOn',
  'referrals.closed_on as closedOn',
  'referrals.withdrawn_on as withdrawnOn',
] as const;

/** Referrals to the provider's own services, with the partnership that made each one. */
function atOwnServices(db: Executor, providerIds: readonly string[]) {
  return db
    .selectFrom('services')
    .innerJoin('referrals', 'referrals.service_id', 'services.id')
    .innerJoin('partnerships', 'partnerships.id', 'referrals.partnership_id')
    .where('services.provider_id', 'in', providerIds.length ? [...providerIds] : ['00000000-0000-0000-0000-000000000000']);
}

function inList<O>(query: SelectQueryBuilder<Database, 'services' | 'referrals' | 'partnerships', O>, list: PlacementList) {
  return list === 'past' ? query.where('referrals.stage', 'in', [...pastStages]) : query.where('referrals.stage', 'not in', [...pastStages]);
}

export async function listPlacements(db: Executor, providerIds: readonly string[], list: PlacementList, page: { limit: number; offset: number }) {
  const base = inList(atOwnServices(db, providerIds), list);
  const total = await base.select((eb) => eb.fn.countAll<string | number>().as('count')).executeTakeFirstOrThrow();
  // People staying now come first, then those about to arrive; past placements, latest first.
  const order =
    list === 'past'
      ? sql`coalesce(referrals.discharged_on, referrals.withdrawn_on, referrals.closed_on) DESC`
      : sql`CASE referrals.stage WHEN 'admitted' THEN 0 WHEN 'waiting' THEN 1 WHEN 'funding_decided' THEN 2 WHEN 'funding_requested' THEN 3 ELSE 4 END, coalesce(referrals.admitted_on, referrals.waiting_since, referrals.funding_decided_on, referrals.funding_requested_on, referrals.identified_on)`;
  const rows = await base
    .select([...placementColumns])
    .select((eb) =>
      eb
        .selectFrom('referral_reviews')
        .select((inner) => inner.fn.min('referral_reviews.due_on').as('due'))
        .whereRef('referral_reviews.referral_id', '=', 'referrals.id')
        .whereRef('referral_reviews.partnership_id', '=', 'referrals.partnership_id')
        .where('referral_reviews.kind', 'in', ['care_plan', 'risk'])
        .where('referral_reviews.completed_on', 'is', null)
        .where('referral_reviews.not_recorded', '=', false)
        .as('nextReviewDue'),
    )
    .orderBy(order)
    .orderBy('referrals.local_reference')
    .orderBy('referrals.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(total.count), rows };
}

export type Placement = Awaited<ReturnType<typeof listPlacements>>['rows'][number];

/** One referral at one of the provider's services, or undefined for any other referral. */
export function findPlacement(db: Executor, providerIds: readonly string[], referralId: string) {
  return atOwnServices(db, providerIds).select([...placementColumns]).where('referrals.id', '=', referralId).executeTakeFirst();
}

export type PlacementRecord = NonNullable<Awaited<ReturnType<typeof findPlacement>>>;

/** The care-plan and risk reviews of the stay (not the follow-ups after it, which are the community team's). */
export function stayReviews(db: Executor, partnershipId: string, referralId: string) {
  return db
    .selectFrom('referral_reviews')
    .select(['id', 'kind', 'due_on as dueOn', 'completed_on as completedOn', 'not_recorded as notRecorded', 'notes', 'version'])
    .where('partnership_id', '=', partnershipId)
    .where('referral_id', '=', referralId)
    .where('kind', 'in', ['care_plan', 'risk'])
    .orderBy('due_on')
    .orderBy('kind', 'desc')
    .orderBy('id')
    .execute();
}

export type StayReview = Awaited<ReturnType<typeof stayReviews>>[number];
