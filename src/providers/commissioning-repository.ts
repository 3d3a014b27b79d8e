import { sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import type { ContractType, PreferredDecision } from '../platform/db/schema.js';
import type { ContractDates, DatedReview } from './commissioning-rules.js';

/**
 * SQL for what a partnership adds about a service: contracts, its preferred-provider list with
 * review records, and local notes. Every function on that data takes the partnership id first
 * and every query is limited to that partnership. Services and providers are the shared
 * directory, read here only to name and pick a service.
 */

// The shared directory (read only) -------------------------------------------------------------

/** Every service, for a form's list, ordered by name. */
export function serviceChoices(db: Executor) {
  return db
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select(['services.id', 'services.name', 'services.town', 'providers.name as provider_name'])
    .orderBy('services.name')
    .orderBy('providers.name')
    .orderBy('services.id')
    .execute();
}

export type ServiceChoice = Awaited<ReturnType<typeof serviceChoices>>[number];

export function findService(db: Executor, serviceId: string) {
  return db
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select(['services.id', 'services.name', 'services.town', 'services.region', 'services.kind', 'providers.name as provider_name'])
    .where('services.id', '=', serviceId)
    .executeTakeFirst();
}

export type ServiceSummary = NonNullable<Awaited<ReturnType<typeof findService>>>;

// Contracts ------------------------------------------------------------------------------------

export interface ContractDetails {
  serviceId: string;
  contractType: ContractType;
  reference: string;
  startsOn: string;
  endsOn: string;
  bedNightsPurchased: number | null;
  bedNightsUsed: number | null;
  weeklyPricePence: number | null;
  requiresNdtmsReporting: boolean;
  requiresUserInvolvement: boolean;
  requiresFeedbackSurveys: boolean;
  nextReviewOn: string | null;
  notes: string;
}

const contractColumns = [
  'contracts.id',
  'contracts.service_id',
  'contracts.contract_type',
  'contracts.reference',
  'contracts.starts_on',
  'contracts.ends_on',
  'contracts.bed_nights_purchased',
  'contracts.bed_nights_used',
  'contracts.weekly_price_pence',
  'contracts.requires_ndtms_reporting',
  'contracts.requires_user_involvement',
  'contracts.requires_feedback_surveys',
  'contracts.next_review_on',
  'contracts.notes',
  'contracts.version',
  'contracts.created_at',
  'contracts.updated_at',
  'services.name as service_name',
  'providers.name as provider_name',
] as const;

/** The partnership's contracts, each with the names of its service and provider. */
function partnershipContracts(db: Executor, partnershipId: string) {
  return db
    .selectFrom('contracts')
    .innerJoin('services', 'services.id', 'contracts.service_id')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select(contractColumns)
    .where('contracts.partnership_id', '=', partnershipId);
}

/** The partnership's contracts, soonest ending first. */
export function listContracts(db: Executor, partnershipId: string, serviceId?: string) {
  let query = partnershipContracts(db, partnershipId);
  if (serviceId) query = query.where('contracts.service_id', '=', serviceId);
  return query.orderBy('contracts.ends_on').orderBy('contracts.starts_on').orderBy('contracts.created_at').orderBy('contracts.id').execute();
}

export type ContractRow = Awaited<ReturnType<typeof listContracts>>[number];

export function findContract(db: Executor, partnershipId: string, contractId: string) {
  return partnershipContracts(db, partnershipId)
    .leftJoin('users', 'users.id', 'contracts.created_by')
    .select('users.display_name as created_by_name')
    .where('contracts.id', '=', contractId)
    .executeTakeFirst();
}

export type Contract = NonNullable<Awaited<ReturnType<typeof findContract>>>;

type LatestReview = Pick<DatedReview, 'reviewed_on' | 'next_review_on' | 'decision'>;

/** What the home page's commissioning alerts are worked out from (commissioning-rules alertCounts), in one statement. */
export async function alertDates(db: Executor, partnershipId: string): Promise<{ contracts: ContractDates[]; latestReviews: Array<LatestReview | null> }> {
  // Of reviews on the same day, the one recorded last is the latest, as latestReview decides.
  const { rows } = await sql<{ contracts: ContractDates[]; latest_reviews: Array<LatestReview | null> }>`
    SELECT
      coalesce((
        SELECT json_agg(json_build_object('starts_on', c.starts_on, 'ends_on', c.ends_on, 'next_review_on', c.next_review_on))
        FROM contracts c WHERE c.partnership_id = ${partnershipId}
      ), '[]') AS contracts,
      coalesce((
        SELECT json_agg((
          SELECT json_build_object('reviewed_on', r.reviewed_on, 'decision', r.decision, 'next_review_on', r.next_review_on)
          FROM preferred_service_reviews r
          WHERE r.partnership_id = p.partnership_id AND r.preferred_service_id = p.id
          ORDER BY r.reviewed_on DESC, r.created_at DESC
          LIMIT 1
        ))
        FROM preferred_services p WHERE p.partnership_id = ${partnershipId}
      ), '[]') AS latest_reviews
  `.execute(db);
  const row = rows[0];
  return { contracts: row?.contracts ?? [], latestReviews: row?.latest_reviews ?? [] };
}

function contractValues(details: ContractDetails) {
  return {
    service_id: details.serviceId,
    contract_type: details.contractType,
    reference: details.reference,
    starts_on: details.startsOn,
    ends_on: details.endsOn,
    bed_nights_purchased: details.bedNightsPurchased,
    bed_nights_used: details.bedNightsUsed,
    weekly_price_pence: details.weeklyPricePence,
    requires_ndtms_reporting: details.requiresNdtmsReporting,
    requires_user_involvement: details.requiresUserInvolvement,
    requires_feedback_surveys: details.requiresFeedbackSurveys,
    next_review_on: details.nextReviewOn,
    notes: details.notes,
  };
}

export function insertContract(db: Executor, partnershipId: string, details: ContractDetails & { createdBy: string }, now: Date) {
  return db
    .insertInto('contracts')
    .values({ partnership_id: partnershipId, ...contractValues(details), created_by: details.createdBy, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateContract(db: Executor, partnershipId: string, contractId: string, expectedVersion: number, details: ContractDetails, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('contracts')
    .set((eb) => ({ ...contractValues(details), updated_at: now, version: eb('version', '+', 1) }))
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', contractId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteContract(db: Executor, partnershipId: string, contractId: string, expectedVersion: number): Promise<boolean> {
  const result = await db
    .deleteFrom('contracts')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', contractId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

// Preferred-provider list ------------------------------------------------------------------------

const preferredColumns = [
  'preferred_services.id',
  'preferred_services.service_id',
  'preferred_services.added_on',
  'preferred_services.version',
  'preferred_services.created_at',
  'services.name as service_name',
  'services.town as service_town',
  'providers.name as provider_name',
] as const;

/** The partnership's list entries, each with the names of its service and provider. */
function partnershipPreferred(db: Executor, partnershipId: string) {
  return db
    .selectFrom('preferred_services')
    .innerJoin('services', 'services.id', 'preferred_services.service_id')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select(preferredColumns)
    .where('preferred_services.partnership_id', '=', partnershipId);
}

/** Every service the partnership has put on its list (including those a review took off), by name. */
export function listPreferred(db: Executor, partnershipId: string) {
  return partnershipPreferred(db, partnershipId)
    .orderBy('services.name')
    .orderBy('providers.name')
    .orderBy('preferred_services.id')
    .execute();
}

export type PreferredRow = Awaited<ReturnType<typeof listPreferred>>[number];

export function findPreferred(db: Executor, partnershipId: string, preferredId: string) {
  return partnershipPreferred(db, partnershipId)
    .leftJoin('users', 'users.id', 'preferred_services.created_by')
    .select('users.display_name as created_by_name')
    .where('preferred_services.id', '=', preferredId)
    .executeTakeFirst();
}

export type Preferred = NonNullable<Awaited<ReturnType<typeof findPreferred>>>;

export function findPreferredByService(db: Executor, partnershipId: string, serviceId: string) {
  return db
    .selectFrom('preferred_services')
    .select(['id', 'service_id', 'added_on', 'version'])
    .where('partnership_id', '=', partnershipId)
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
}

/** Adds the service to the list; undefined when it is already there (someone added it at the same moment). */
export function insertPreferred(db: Executor, partnershipId: string, entry: { serviceId: string; addedOn: string; createdBy: string }, now: Date) {
  return db
    .insertInto('preferred_services')
    .values({ partnership_id: partnershipId, service_id: entry.serviceId, added_on: entry.addedOn, created_by: entry.createdBy, created_at: now })
    .onConflict((conflict) => conflict.columns(['partnership_id', 'service_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** Claims the entry at the version the person saw; a review added or removed moves the version on. */
export async function claimPreferred(db: Executor, partnershipId: string, preferredId: string, expectedVersion: number | null): Promise<boolean> {
  let query = db
    .updateTable('preferred_services')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', preferredId);
  if (expectedVersion !== null) query = query.where('version', '=', expectedVersion);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes the entry; its reviews go with it (ON DELETE CASCADE). */
export async function deletePreferred(db: Executor, partnershipId: string, preferredId: string, expectedVersion: number): Promise<boolean> {
  const result = await db
    .deleteFrom('preferred_services')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', preferredId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

// Preferred-provider reviews -------------------------------------------------------------------

export interface ReviewDetails {
  reviewedOn: string;
  dataConsidered: string;
  serviceUserFeedback: string;
  visitMade: boolean;
  decision: PreferredDecision;
  decisionNotes: string;
  nextReviewOn: string | null;
}

const reviewColumns = [
  'preferred_service_reviews.id',
  'preferred_service_reviews.preferred_service_id',
  'preferred_service_reviews.reviewed_on',
  'preferred_service_reviews.data_considered',
  'preferred_service_reviews.service_user_feedback',
  'preferred_service_reviews.visit_made',
  'preferred_service_reviews.decision',
  'preferred_service_reviews.decision_notes',
  'preferred_service_reviews.next_review_on',
  'preferred_service_reviews.created_at',
  'users.display_name as created_by_name',
] as const;

/** The partnership's review records, each with the name of whoever recorded it. */
function partnershipReviewRecords(db: Executor, partnershipId: string) {
  return db
    .selectFrom('preferred_service_reviews')
    .leftJoin('users', 'users.id', 'preferred_service_reviews.created_by')
    .select(reviewColumns)
    .where('preferred_service_reviews.partnership_id', '=', partnershipId);
}

/** One entry's reviews, newest first. */
export function listReviews(db: Executor, partnershipId: string, preferredId: string) {
  return partnershipReviewRecords(db, partnershipId)
    .where('preferred_service_reviews.preferred_service_id', '=', preferredId)
    .orderBy('preferred_service_reviews.reviewed_on', 'desc')
    .orderBy('preferred_service_reviews.created_at', 'desc')
    .execute();
}

export type ReviewRow = Awaited<ReturnType<typeof listReviews>>[number];

/** The dates and decisions of every review of the partnership's list, for finding each entry's latest. */
export function partnershipReviews(db: Executor, partnershipId: string) {
  return db
    .selectFrom('preferred_service_reviews')
    .select(['preferred_service_id', 'reviewed_on', 'decision', 'next_review_on', 'created_at'])
    .where('partnership_id', '=', partnershipId)
    .execute();
}

export function findReview(db: Executor, partnershipId: string, reviewId: string) {
  return partnershipReviewRecords(db, partnershipId)
    .where('preferred_service_reviews.id', '=', reviewId)
    .executeTakeFirst();
}

export function insertReview(db: Executor, partnershipId: string, review: ReviewDetails & { preferredId: string; createdBy: string }, now: Date) {
  return db
    .insertInto('preferred_service_reviews')
    .values({
      partnership_id: partnershipId,
      preferred_service_id: review.preferredId,
      reviewed_on: review.reviewedOn,
      data_considered: review.dataConsidered,
      service_user_feedback: review.serviceUserFeedback,
      visit_made: review.visitMade,
      decision: review.decision,
      decision_notes: review.decisionNotes,
      next_review_on: review.nextReviewOn,
      created_by: review.createdBy,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function deleteReview(db: Executor, partnershipId: string, preferredId: string, reviewId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('preferred_service_reviews')
    .where('partnership_id', '=', partnershipId)
    .where('preferred_service_id', '=', preferredId)
    .where('id', '=', reviewId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

// Local notes ------------------------------------------------------------------------------------

const noteColumns = [
  'service_notes.id',
  'service_notes.service_id',
  'service_notes.note',
  'service_notes.created_at',
  'users.display_name as created_by_name',
] as const;

/** The partnership's notes, each with the name of whoever wrote it. */
function partnershipNotes(db: Executor, partnershipId: string) {
  return db
    .selectFrom('service_notes')
    .leftJoin('users', 'users.id', 'service_notes.created_by')
    .select(noteColumns)
    .where('service_notes.partnership_id', '=', partnershipId);
}

/** The partnership's notes about one service, newest first. */
export function listNotes(db: Executor, partnershipId: string, serviceId: string) {
  return partnershipNotes(db, partnershipId)
    .where('service_notes.service_id', '=', serviceId)
    .orderBy('service_notes.created_at', 'desc')
    .orderBy('service_notes.id')
    .execute();
}

export function findNote(db: Executor, partnershipId: string, noteId: string) {
  return partnershipNotes(db, partnershipId)
    .where('service_notes.id', '=', noteId)
    .executeTakeFirst();
}

export type Note = NonNullable<Awaited<ReturnType<typeof findNote>>>;

export function insertNote(db: Executor, partnershipId: string, note: { serviceId: string; note: string; createdBy: string }, now: Date) {
  return db
    .insertInto('service_notes')
    .values({ partnership_id: partnershipId, service_id: note.serviceId, note: note.note, created_by: note.createdBy, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function deleteNote(db: Executor, partnershipId: string, noteId: string): Promise<boolean> {
  const result = await db.deleteFrom('service_notes').where('partnership_id', '=', partnershipId).where('id', '=', noteId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
