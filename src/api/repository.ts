import { sql } from 'kysely';
import { textArray } from '../platform/db/arrays.js';
import type { Executor } from '../platform/db/executor.js';
import type { ApiScope } from '../platform/db/schema.js';
import type { ChangeCursor } from './paging-rules.js';

/**
 * SQL for the API: its tokens, its idempotency keys, and the referrals list it pages through by
 * when each referral last changed. Every query on a partnership's data takes the partnership id
 * first; the one exception is finding a token by its hash, which is how the partnership is known.
 */

// Tokens -------------------------------------------------------------------------------------------

export async function insertToken(
  db: Executor,
  partnershipId: string,
  token: { name: string; hash: string; hint: string; scopes: readonly ApiScope[]; expiresAt: Date; createdBy: string },
  now: Date,
) {
  return db
    .insertInto('api_tokens')
    .values({
      partnership_id: partnershipId,
      name: token.name,
      token_hash: token.hash,
      token_hint: token.hint,
      scopes: textArray(token.scopes),
      expires_at: token.expiresAt,
      created_by: token.createdBy,
      created_at: now,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export function listTokens(db: Executor, partnershipId: string) {
  return db
    .selectFrom('api_tokens')
    .leftJoin('users', 'users.id', 'api_tokens.created_by')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.token_hint',
      'api_tokens.scopes',
      'api_tokens.expires_at',
      'api_tokens.created_at',
      'api_tokens.revoked_at',
      'api_tokens.last_used_at',
      'users.display_name as created_by_name',
    ])
    .where('api_tokens.partnership_id', '=', partnershipId)
    .orderBy('api_tokens.created_at', 'desc')
    .orderBy('api_tokens.id')
    .execute();
}

export function findToken(db: Executor, partnershipId: string, tokenId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'token_hint', 'scopes', 'expires_at', 'revoked_at'])
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', tokenId)
    .executeTakeFirst();
}

/** The token with this hash, whatever its partnership: the token is what says which partnership is calling. */
export function findTokenByHash(db: Executor, hash: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'partnership_id', 'name', 'token_hint', 'scopes', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
}

export async function revokeToken(db: Executor, partnershipId: string, tokenId: string, revokedBy: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now, revoked_by: revokedBy })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markTokenUsed(db: Executor, partnershipId: string, tokenId: string, now: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('partnership_id', '=', partnershipId).where('id', '=', tokenId).execute();
}

// Idempotency keys ------------------------------------------------------------------------------

export function findIdempotencyKey(db: Executor, partnershipId: string, key: string) {
  return db
    .selectFrom('api_idempotency_keys')
    .select(['request_hash', 'status_code', 'response_body'])
    .where('partnership_id', '=', partnershipId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/** Claims a key for a request about to be carried out; false when another request holds it already. */
export async function claimIdempotencyKey(db: Executor, partnershipId: string, key: string, claim: { tokenId: string; requestHash: string }, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('api_idempotency_keys')
    .values({ partnership_id: partnershipId, idempotency_key: key, token_id: claim.tokenId, request_hash: claim.requestHash, created_at: now })
    .onConflict((conflict) => conflict.columns(['partnership_id', 'idempotency_key']).doNothing())
    .returning(['idempotency_key'])
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function storeIdempotentResponse(db: Executor, partnershipId: string, key: string, response: { statusCode: number; body: unknown }): Promise<void> {
  await db
    .updateTable('api_idempotency_keys')
    .set({ status_code: response.statusCode, response_body: JSON.stringify(response.body) })
    .where('partnership_id', '=', partnershipId)
    .where('idempotency_key', '=', key)
    .execute();
}

/** Lets a key go again when its request failed before anything was recorded. */
export async function releaseIdempotencyKey(db: Executor, partnershipId: string, key: string): Promise<void> {
  await db
    .deleteFrom('api_idempotency_keys')
    .where('partnership_id', '=', partnershipId)
    .where('idempotency_key', '=', key)
    .where('status_code', 'is', null)
    .execute();
}

// Referrals --------------------------------------------------------------------------------------

// The changed moment to the microsecond and in UTC, as the next page's cursor needs it.
const changedAt = sql<string>`to_char(referrals.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function referralQuery(db: Executor, partnershipId: string) {
  // Only coded fields and dates: none of the free-text reasons, which a person typed and which could say more than they should.
  return db
    .selectFrom('referrals')
    .select([
      'referrals.id',
      'referrals.local_reference',
      'referrals.stage',
      'referrals.identified_via',
      'referrals.age_band',
      'referrals.sex',
      'referrals.ethnicity_group',
      'referrals.disability',
      'referrals.main_substance',
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
      'referrals.aftercare_started_on',
      'referrals.closed_on',
      'referrals.withdrawn_on',
      'referrals.version',
      changedAt.as('changed_at'),
    ])
    .where('referrals.partnership_id', '=', partnershipId);
}

export type ApiReferralRow = Awaited<ReturnType<ReturnType<typeof referralQuery>['executeTakeFirstOrThrow']>>;

/**
 * One page of the partnership's referrals in the order they last changed (then by id), from a
 * moment and after a cursor; one more than the page is read to know whether another follows.
 */
export function listReferralsChanged(db: Executor, partnershipId: string, filter: { changedSince: Date | null; after: ChangeCursor | null; limit: number }) {
  let query = referralQuery(db, partnershipId);
  if (filter.changedSince) query = query.where('referrals.updated_at', '>=', filter.changedSince);
  if (filter.after) {
    query = query.where(sql<boolean>`(referrals.updated_at, referrals.id) > (${filter.after.changedAt}::timestamptz, ${filter.after.id}::uuid)`);
  }
  return query.orderBy('referrals.updated_at').orderBy('referrals.id').limit(filter.limit + 1).execute();
}

export function findApiReferral(db: Executor, partnershipId: string, referralId: string) {
  return referralQuery(db, partnershipId).where('referrals.id', '=', referralId).executeTakeFirst();
}
