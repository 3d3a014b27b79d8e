import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { textArray } from '../platform/db/arrays.js';
import type { Executor } from '../platform/db/executor.js';
import type { ReferralStage } from '../platform/db/schema.js';
import { requestsForReferralQuery } from './placement-repository.js';
import type { ReferralDetails } from './rules/referral-details.js';
import type { ReviewsByWhenRecorded } from './rules/reviews.js';
import { defaultFundingDecisionTargetDays } from './rules/safety-flags.js';
import type { ReferralChanges, ReferralState } from './rules/referral-state.js';

/**
 * SQL for referrals, their timeline, waiting contacts and reviews. Every function on a
 * partnership's data takes the partnership id first and limits every query to it.
 */

// Referrals ------------------------------------------------------------------------------------

export interface ReferralFilter {
  stage?: ReferralStage;
  /** Part of a local reference. */
  search?: string;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * What the list shows of each referral, and what its flags and stage date are worked out from
 * (ReferralState): reading every column cost the embedded database twice as long, in decoding.
 */
const listedColumns = [
  'referrals.id',
  'referrals.local_reference',
  'referrals.main_substance',
  'referrals.age_band',
  'referrals.stage',
  'referrals.identified_on',
  'referrals.referred_on',
  'referrals.assessed_on',
  'referrals.eligibility_decision',
  'referrals.preparing_on',
  'referrals.service_id',
  'referrals.funding_requested_on',
  'referrals.funding_route',
  'referrals.funding_decision',
  'referrals.funding_decided_on',
  'referrals.waiting_since',
  'referrals.aftercare_plan_agreed_on',
  'referrals.admitted_on',
  'referrals.planned_weeks',
  'referrals.discharged_on',
  'referrals.discharge_outcome',
  'referrals.referrer_notified_at',
  'referrals.aftercare_started_on',
  'referrals.closed_on',
  'referrals.withdrawn_on',
] as const satisfies ReadonlyArray<`referrals.${keyof ReferralState | 'id' | 'local_reference' | 'main_substance' | 'age_band'}`>;

/**
 * One page of a partnership's referrals, most recently identified first, how many match, and the
 * partnership's funding decision target the list's flags need: one statement. The count is a
 * scalar subquery rather than a window count: a window over every matching row makes the page
 * wait for all of them, while the subquery counts from an index and the page reads only its own
 * rows, in order, from another. Only a page past the end needs a second statement, to count.
 */
export async function listReferrals(db: Executor, partnershipId: string, filter: ReferralFilter, page: { offset: number; limit: number }) {
  const matching = () => {
    let query = db.selectFrom('referrals').where('referrals.partnership_id', '=', partnershipId);
    if (filter.stage) query = query.where('referrals.stage', '=', filter.stage);
    if (filter.search) query = query.where(sql<boolean>`referrals.local_reference ILIKE ${`%${escapeLike(filter.search)}%`}`);
    return query;
  };
  const found = await matching()
    .select(listedColumns)
    .select((eb) => [
      matching()
        .select((count) => count.fn.countAll<string>().as('matching'))
        .as('matching'),
      eb.selectFrom('partnerships').select('funding_decision_target_days').where('partnerships.id', '=', partnershipId).as('decision_target_days'),
    ])
    .orderBy('referrals.identified_on', 'desc')
    .orderBy('referrals.created_at', 'desc')
    .orderBy('referrals.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  // Each row also carries the two figures read with it; nothing reads them there, and copying every row without them cost more than reading them.
  const rows: Array<Omit<(typeof found)[number], 'matching' | 'decision_target_days'>> = found;
  const first = found[0];
  if (first) return { rows, total: Number(first.matching), fundingDecisionTargetDays: first.decision_target_days ?? defaultFundingDecisionTargetDays };
  const total = page.offset === 0 ? 0 : Number((await matching().select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()).count);
  return { rows, total, fundingDecisionTargetDays: await fundingDecisionTargetDays(db, partnershipId) };
}

export function findReferral(db: Executor, partnershipId: string, referralId: string) {
  return referralQuery(db, partnershipId, referralId).executeTakeFirst();
}

function referralQuery(db: Executor, partnershipId: string, referralId: string) {
  return db
    .selectFrom('referrals')
    .leftJoin('services', 'services.id', 'referrals.service_id')
    .leftJoin('providers', 'providers.id', 'services.provider_id')
    .selectAll('referrals')
    .select((eb) => [
      'services.name as service_name',
      'services.town as service_town',
      'providers.name as provider_name',
      // The record's flags need the partnership's target; it comes with the referral, not in a read of its own.
      eb.selectFrom('partnerships').select('funding_decision_target_days').where('partnerships.id', '=', partnershipId).as('decision_target_days'),
    ])
    .where('referrals.partnership_id', '=', partnershipId)
    .where('referrals.id', '=', referralId);
}

export type Referral = NonNullable<Awaited<ReturnType<typeof findReferral>>>;

export async function referenceTaken(db: Executor, partnershipId: string, localReference: string, exceptId: string | null = null): Promise<boolean> {
  let query = db
    .selectFrom('referrals')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where(sql<boolean>`lower(local_reference) = lower(${localReference})`);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return Boolean(await query.executeTakeFirst());
}

function detailColumns(details: ReferralDetails) {
  return {
    local_reference: details.localReference,
    identified_via: details.identifiedVia,
    identified_on: details.identifiedOn,
    referring_service: details.referringService,
    keyworker_role: details.keyworkerRole,
    age_band: details.ageBand,
    sex: details.sex,
    ethnicity_group: details.ethnicityGroup,
    disability: details.disability,
    pregnant: details.pregnant,
    parental_responsibility: details.parentalResponsibility,
    main_substance: details.mainSubstance,
    complexity: textArray(details.complexity),
    eligibility_information_given: details.eligibilityInformationGiven,
  };
}

/** The record's own details, as the rules and forms name them. */
export function detailsOf(referral: Referral): ReferralDetails {
  return {
    localReference: referral.local_reference,
    identifiedVia: referral.identified_via,
    identifiedOn: referral.identified_on,
    referringService: referral.referring_service,
    keyworkerRole: referral.keyworker_role,
    ageBand: referral.age_band,
    sex: referral.sex,
    ethnicityGroup: referral.ethnicity_group,
    disability: referral.disability,
    pregnant: referral.pregnant,
    parentalResponsibility: referral.parental_responsibility,
    mainSubstance: referral.main_substance,
    complexity: referral.complexity,
    eligibilityInformationGiven: referral.eligibility_information_given,
  };
}

export function insertReferral(db: Executor, partnershipId: string, details: ReferralDetails, createdBy: string | null, now: Date) {
  return db
    .insertInto('referrals')
    .values({ partnership_id: partnershipId, ...detailColumns(details), stage: 'identified', created_by: createdBy, created_at: now, updated_at: now })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}

export async function updateReferralDetails(db: Executor, partnershipId: string, referralId: string, expectedVersion: number, details: ReferralDetails, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('referrals')
    .set((eb) => ({ ...detailColumns(details), updated_at: now, version: eb('version', '+', 1) }))
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', referralId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Applies stage changes if the referral is still at the version the person saw. */
export async function updateReferral(db: Executor, partnershipId: string, referralId: string, expectedVersion: number, changes: ReferralChanges, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('referrals')
    .set((eb) => ({ ...changes, updated_at: now, version: eb('version', '+', 1) }))
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', referralId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function fundingDecisionTargetDays(db: Executor, partnershipId: string): Promise<number> {
  const row = await db.selectFrom('partnerships').select('funding_decision_target_days').where('id', '=', partnershipId).executeTakeFirst();
  return row?.funding_decision_target_days ?? defaultFundingDecisionTargetDays;
}

// Services (from the provider directory) -----------------------------------------------------------

/** Every service in the directory, by name, with its provider and town, for a choice. */
export function serviceChoices(db: Executor) {
  return db
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select(['services.id', 'services.name', 'services.town', 'services.weekly_cost_pence', 'providers.name as provider_name'])
    .orderBy('services.name')
    .orderBy('providers.name')
    .orderBy('services.id')
    .execute();
}

export function findService(db: Executor, serviceId: string) {
  return db
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select(['services.id', 'services.name', 'services.town', 'services.weekly_cost_pence', 'providers.name as provider_name'])
    .where('services.id', '=', serviceId)
    .executeTakeFirst();
}

// The timeline ----------------------------------------------------------------------------------

export interface NewEvent {
  referralId: string;
  eventOn: string;
  eventType: string;
  stage: ReferralStage | null;
  summary: string;
  actorUserId: string | null;
}

export async function insertEvent(db: Executor, partnershipId: string, event: NewEvent, now: Date): Promise<void> {
  await db
    .insertInto('referral_events')
    .values({
      partnership_id: partnershipId,
      referral_id: event.referralId,
      occurred_at: now,
      event_on: event.eventOn,
      event_type: event.eventType,
      stage: event.stage,
      summary: event.summary,
      actor_user_id: event.actorUserId,
    })
    .execute();
}

/** Every transition and edit, newest first. */
export function listEvents(db: Executor, partnershipId: string, referralId: string) {
  return eventsQuery(db, partnershipId, referralId).execute();
}

function eventsQuery(db: Executor, partnershipId: string, referralId: string) {
  return db
    .selectFrom('referral_events')
    .leftJoin('users', 'users.id', 'referral_events.actor_user_id')
    .select([
      'referral_events.id',
      'referral_events.occurred_at',
      'referral_events.event_on',
      'referral_events.event_type',
      'referral_events.stage',
      'referral_events.summary',
      'users.display_name as actor_name',
    ])
    .where('referral_events.partnership_id', '=', partnershipId)
    .where('referral_events.referral_id', '=', referralId)
    .orderBy('referral_events.id', 'desc');
}

// Contacts while waiting -----------------------------------------------------------------------------

function contactsQuery(db: Executor, partnershipId: string, referralId: string) {
  return db
    .selectFrom('referral_contacts')
    .leftJoin('users', 'users.id', 'referral_contacts.created_by')
    .select(['referral_contacts.id', 'referral_contacts.contacted_on', 'referral_contacts.note', 'referral_contacts.created_at', 'users.display_name as created_by_name'])
    .where('referral_contacts.partnership_id', '=', partnershipId)
    .where('referral_contacts.referral_id', '=', referralId)
    .orderBy('referral_contacts.contacted_on', 'desc')
    .orderBy('referral_contacts.created_at', 'desc');
}

export function insertContact(db: Executor, partnershipId: string, contact: { referralId: string; contactedOn: string; note: string; createdBy: string | null }, now: Date) {
  return db
    .insertInto('referral_contacts')
    .values({
      partnership_id: partnershipId,
      referral_id: contact.referralId,
      contacted_on: contact.contactedOn,
      note: contact.note,
      created_by: contact.createdBy,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

// Reviews and follow-ups -------------------------------------------------------------------------

function reviewsQuery(db: Executor, partnershipId: string, referralId: string) {
  return db
    .selectFrom('referral_reviews')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('referral_id', '=', referralId)
    .orderBy('due_on')
    .orderBy('kind', 'desc')
    .orderBy('id');
}

/** The referral record's four lists as JSON arrays, each in the order its own query gives. */
function listColumns(db: Executor, partnershipId: string, referralId: string) {
  return [
    jsonArrayFrom(eventsQuery(db, partnershipId, referralId)).as('events'),
    jsonArrayFrom(contactsQuery(db, partnershipId, referralId)).as('contacts'),
    jsonArrayFrom(reviewsQuery(db, partnershipId, referralId)).as('reviews'),
    jsonArrayFrom(requestsForReferralQuery(db, partnershipId, referralId)).as('requests'),
  ] as const;
}

type ListsAsJson = Awaited<ReturnType<ReturnType<typeof listsAsJsonQuery>['executeTakeFirstOrThrow']>>;
const listsAsJsonQuery = (db: Executor, partnershipId: string, referralId: string) => db.selectNoFrom(listColumns(db, partnershipId, referralId));

/** JSON carries moments as text; they are Dates again here. */
function datedLists({ events, contacts, reviews, requests }: ListsAsJson) {
  const moment = (value: string) => new Date(value);
  return {
    events: events.map((event) => ({ ...event, occurred_at: moment(event.occurred_at) })),
    contacts: contacts.map((contact) => ({ ...contact, created_at: moment(contact.created_at) })),
    reviews: reviews.map((review) => ({ ...review, created_at: moment(review.created_at), updated_at: moment(review.updated_at) })),
    requests: requests.map((request) => ({ ...request, answeredAt: request.answeredAt === null ? null : moment(request.answeredAt) })),
  };
}

/**
 * Everything the referral record lists, in one statement: its timeline, contacts while waiting,
 * reviews and placement requests. (Four statements cost the embedded database a quarter of the page.)
 */
export async function recordLists(db: Executor, partnershipId: string, referralId: string) {
  return datedLists(await listsAsJsonQuery(db, partnershipId, referralId).executeTakeFirstOrThrow());
}

/** The referral and everything its record lists, in one statement; undefined if it is not this partnership's. */
export async function findReferralRecord(db: Executor, partnershipId: string, referralId: string) {
  const row = await referralQuery(db, partnershipId, referralId).select(listColumns(db, partnershipId, referralId)).executeTakeFirst();
  if (!row) return undefined;
  const { events, contacts, reviews, requests, ...referral } = row;
  return { referral, lists: datedLists({ events, contacts, reviews, requests }) };
}

export type RecordLists = Awaited<ReturnType<typeof recordLists>>;

export function findReview(db: Executor, partnershipId: string, referralId: string, reviewId: string) {
  return db
    .selectFrom('referral_reviews')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('referral_id', '=', referralId)
    .where('id', '=', reviewId)
    .executeTakeFirst();
}

export type Review = NonNullable<Awaited<ReturnType<typeof findReview>>>;

/**
 * Stores a stage's reviews: those still to come, and those whose date had passed when the stage
 * was recorded, kept as not recorded at the time (off the queues).
 */
export async function insertReviews(db: Executor, partnershipId: string, referralId: string, reviews: ReviewsByWhenRecorded, now: Date): Promise<void> {
  const rows = [
    ...reviews.toCome.map((review) => ({ review, notRecorded: false })),
    ...reviews.notRecordedAtTheTime.map((review) => ({ review, notRecorded: true })),
  ];
  if (!rows.length) return;
  await db
    .insertInto('referral_reviews')
    .values(
      rows.map(({ review, notRecorded }) => ({
        partnership_id: partnershipId,
        referral_id: referralId,
        kind: review.kind,
        due_on: review.dueOn,
        not_recorded: notRecorded,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

/** Removes in-stay reviews not yet done that fall after the discharge: they will not happen now. */
export async function removeStayReviewsAfter(db: Executor, partnershipId: string, referralId: string, dischargedOn: string): Promise<number> {
  const result = await db
    .deleteFrom('referral_reviews')
    .where('partnership_id', '=', partnershipId)
    .where('referral_id', '=', referralId)
    .where('kind', 'in', ['care_plan', 'risk'])
    .where('completed_on', 'is', null)
    .where('due_on', '>', dischargedOn)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function completeReview(
  db: Executor,
  partnershipId: string,
  referralId: string,
  reviewId: string,
  expectedVersion: number,
  done: { completedOn: string; notes: string },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('referral_reviews')
    .set((eb) => ({ completed_on: done.completedOn, notes: done.notes, updated_at: now, version: eb('version', '+', 1) }))
    .where('partnership_id', '=', partnershipId)
    .where('referral_id', '=', referralId)
    .where('id', '=', reviewId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
