import { sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import type { PlacementRequestStatus } from '../platform/db/schema.js';
import { workingDaysBetween } from '../platform/values/calendar.js';
import { type SharedDetails, unansweredSentOnOrBefore } from './rules/placement-requests.js';

/**
 * SQL for placement requests. The partnership's side takes the partnership id first. The
 * provider's side starts from the provider's own services and reads only placement_requests
 * (with the service and the partnership's name): never the referrals table, so a provider can
 * see of a person only what was copied into the request when it was sent.
 */

// The partnership's side ------------------------------------------------------------------------------

export interface NewPlacementRequest {
  referralId: string;
  serviceId: string;
  localReference: string;
  sharedDetails: SharedDetails;
  sentOn: string;
  sentBy: string;
}

export function insertPlacementRequest(db: Executor, partnershipId: string, request: NewPlacementRequest, now: Date) {
  return db
    .insertInto('placement_requests')
    .values({
      partnership_id: partnershipId,
      referral_id: request.referralId,
      service_id: request.serviceId,
      local_reference: request.localReference,
      shared_details: JSON.stringify(request.sharedDetails),
      sent_on: request.sentOn,
      sent_by: request.sentBy,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Whether the referral already has an open request with this service. */
export async function openRequestExists(db: Executor, partnershipId: string, referralId: string, serviceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('placement_requests')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('referral_id', '=', referralId)
    .where('service_id', '=', serviceId)
    .where('status', 'in', ['sent', 'visit_requested'])
    .executeTakeFirst();
  return Boolean(row);
}

/** The referral's requests, newest first, with the service and provider they went to. */
export function requestsForReferralQuery(db: Executor, partnershipId: string, referralId: string) {
  return db
    .selectFrom('placement_requests')
    .innerJoin('services', 'services.id', 'placement_requests.service_id')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select([
      'placement_requests.id',
      'placement_requests.status',
      'placement_requests.sent_on as sentOn',
      'placement_requests.visit_note as visitNote',
      'placement_requests.admission_on as admissionOn',
      'placement_requests.decline_reason as declineReason',
      'placement_requests.answered_at as answeredAt',
      'services.name as serviceName',
      'providers.name as providerName',
    ])
    .where('placement_requests.partnership_id', '=', partnershipId)
    .where('placement_requests.referral_id', '=', referralId)
    .orderBy('placement_requests.created_at', 'desc')
    .orderBy('placement_requests.id');
}

export type ReferralPlacementRequest = Awaited<ReturnType<ReturnType<typeof requestsForReferralQuery>['execute']>>[number];

/** The work queue: requests still only sent on or before `sentOnOrBefore`; longest waiting first, with the full count. */
export function unansweredPlacementRequestsQuery(db: Executor, partnershipId: string, sentOnOrBefore: string, limit: number) {
  return db
    .selectFrom('placement_requests')
    .innerJoin('referrals', (join) =>
      join.onRef('referrals.id', '=', 'placement_requests.referral_id').onRef('referrals.partnership_id', '=', 'placement_requests.partnership_id'),
    )
    .innerJoin('services', 'services.id', 'placement_requests.service_id')
    .select([
      'placement_requests.id',
      'referrals.id as referral_id',
      'referrals.local_reference',
      'referrals.stage',
      'placement_requests.sent_on',
      'services.name as service_name',
      sql<number>`count(*) over ()`.as('total'),
    ])
    .where('placement_requests.partnership_id', '=', partnershipId)
    .where('placement_requests.status', '=', 'sent')
    .where('placement_requests.sent_on', '<=', sentOnOrBefore)
    .orderBy('placement_requests.sent_on')
    .orderBy('referrals.local_reference')
    .limit(limit);
}

/** The queue of requests unanswered for 3 or more working days, as of the UK date `today`, with working days waiting. */
export async function unansweredPlacementRequests(db: Executor, partnershipId: string, today: string, { limit = 500 }: { limit?: number } = {}) {
  const rows = await unansweredPlacementRequestsQuery(db, partnershipId, unansweredSentOnOrBefore(today), limit).execute();
  return {
    count: Number(rows[0]?.total ?? 0),
    rows: rows.map(({ total: _total, ...row }) => ({ ...row, workingDaysWaiting: workingDaysBetween(row.sent_on, today) })),
  };
}

// The provider's side ----------------------------------------------------------------------------------

const noProvider = '00000000-0000-0000-0000-000000000000';

const providerColumns = [
  'placement_requests.id',
  'placement_requests.status',
  'placement_requests.local_reference as localReference',
  'placement_requests.shared_details as sharedDetails',
  'placement_requests.sent_on as sentOn',
  'placement_requests.visit_note as visitNote',
  'placement_requests.admission_on as admissionOn',
  'placement_requests.decline_reason as declineReason',
  'placement_requests.answered_at as answeredAt',
  'placement_requests.version',
  'placement_requests.partnership_id as partnershipId',
  'placement_requests.referral_id as referralId',
  'services.id as serviceId',
  'services.name as serviceName',
  'partnerships.name as partnershipName',
] as const;

function atOwnServices(db: Executor, providerIds: readonly string[]) {
  return db
    .selectFrom('placement_requests')
    .innerJoin('services', 'services.id', 'placement_requests.service_id')
    .innerJoin('partnerships', 'partnerships.id', 'placement_requests.partnership_id')
    .where('services.provider_id', 'in', providerIds.length ? [...providerIds] : [noProvider]);
}

/** The provider's requests: open ones first (oldest first), then answered ones (latest first). */
export function requestsForProvider(db: Executor, providerIds: readonly string[], limit = 200) {
  return atOwnServices(db, providerIds)
    .select([...providerColumns])
    .orderBy(sql`CASE WHEN placement_requests.status IN ('sent', 'visit_requested') THEN 0 ELSE 1 END`)
    .orderBy(sql`CASE WHEN placement_requests.status IN ('sent', 'visit_requested') THEN placement_requests.sent_on END`, (order) => order.asc().nullsLast())
    .orderBy('placement_requests.updated_at', 'desc')
    .orderBy('placement_requests.id')
    .limit(limit)
    .execute();
}

/** One request to one of the provider's services, or undefined for any other id. */
export function findRequestForProvider(db: Executor, providerIds: readonly string[], requestId: string) {
  return atOwnServices(db, providerIds).select([...providerColumns]).where('placement_requests.id', '=', requestId).executeTakeFirst();
}

export type ProviderPlacementRequest = NonNullable<Awaited<ReturnType<typeof findRequestForProvider>>>;

export interface AnswerChanges {
  status: PlacementRequestStatus;
  visitNote?: string;
  admissionOn?: string;
  declineReason?: string;
}

/** Records an answer if the request is still at the version and in a status the answer may follow. */
export async function answerRequest(
  db: Executor,
  requestId: string,
  expectedVersion: number,
  from: readonly PlacementRequestStatus[],
  changes: AnswerChanges,
  answer: { userId: string; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('placement_requests')
    .set((eb) => ({
      status: changes.status,
      ...(changes.status === 'visit_requested' ? { visit_note: changes.visitNote ?? '', visit_requested_at: answer.now } : { answered_at: answer.now }),
      ...(changes.admissionOn ? { admission_on: changes.admissionOn } : {}),
      ...(changes.declineReason ? { decline_reason: changes.declineReason } : {}),
      answered_by: answer.userId,
      updated_at: answer.now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', requestId)
    .where('version', '=', expectedVersion)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Where to tell a provider about a new request: its accounts' e-mail addresses, and the service's name. */
export async function serviceForRequest(db: Executor, serviceId: string) {
  const service = await db
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select(['services.id', 'services.name', 'providers.name as providerName', 'providers.id as providerId'])
    .where('services.id', '=', serviceId)
    .executeTakeFirst();
  if (!service) return undefined;
  const accounts = await db
    .selectFrom('provider_users')
    .innerJoin('users', 'users.id', 'provider_users.user_id')
    .select('users.email')
    .where('provider_users.provider_id', '=', service.providerId)
    .orderBy('users.email')
    .execute();
  return { ...service, emails: accounts.map((account) => account.email) };
}
