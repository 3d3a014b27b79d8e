import { type ExpressionBuilder, sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import type { Database, Role } from '../platform/db/schema.js';

/** All SQL for accounts. Anything owned by a partnership takes the partnership id first. */

export function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Executor, userId: string) {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

/**
 * A password someone else made and passed on is a one-time password: give when it expires,
 * and the person must replace it at their first sign-in.
 */
export function insertUser(
  db: Executor,
  user: { email: string; displayName: string; passwordHash: string; isAdmin?: boolean; oneTimePasswordExpiresAt?: Date },
) {
  return db
    .insertInto('users')
    .values({
      email: user.email.toLowerCase(),
      display_name: user.displayName,
      password_hash: user.passwordHash,
      is_admin: user.isAdmin ?? false,
      password_expires_at: user.oneTimePasswordExpiresAt ?? null,
      must_change_password: user.oneTimePasswordExpiresAt !== undefined,
    })
    .returning(['id', 'email', 'display_name'])
    .executeTakeFirstOrThrow();
}

/**
 * Counts a wrong password in the database itself, so that parallel attempts cannot overwrite
 * each other's counts. Returns the new count, or null when the account is locked already
 * (another attempt locked it first). The row stays locked until the transaction ends, so
 * the caller's lock decision cannot race either.
 */
export async function countSignInFailure(db: Executor, userId: string, now: Date): Promise<number | null> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning('failed_sign_ins')
    .executeTakeFirst();
  return row ? row.failed_sign_ins : null;
}

export async function lockAccount(db: Executor, userId: string, lockedUntil: Date) {
  await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: lockedUntil }).where('id', '=', userId).execute();
}

/** Resets the count after a right password; false if a parallel attempt has locked the account meanwhile. */
export async function clearSignInFailures(db: Executor, userId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A password the person chose themselves: it does not expire and need not be changed. */
export async function updatePasswordHash(db: Executor, userId: string, passwordHash: string, now: Date) {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: now, password_expires_at: null, must_change_password: false })
    .where('id', '=', userId)
    .execute();
}

/** Signs a person out everywhere else, for example after a password change. */
export async function deleteOtherSessions(db: Executor, userId: string, keepSessionId: string) {
  await db
    .deleteFrom('sessions')
    .where(sql<string>`data->>'userId'`, '=', userId)
    .where('sid', '!=', keepSessionId)
    .execute();
}

// Partnerships (managed by administrators)

export function listPartnerships(db: Executor) {
  return db
    .selectFrom('partnerships')
    .leftJoin('memberships', 'memberships.partnership_id', 'partnerships.id')
    .select(['partnerships.id', 'partnerships.name', 'partnerships.ons_code', 'partnerships.region'])
    .select((eb) => eb.fn.count<number>('memberships.id').as('memberCount'))
    .groupBy('partnerships.id')
    .orderBy('partnerships.name')
    .execute();
}

export function findPartnership(db: Executor, partnershipId: string) {
  return db.selectFrom('partnerships').selectAll().where('id', '=', partnershipId).executeTakeFirst();
}

export function findPartnershipByName(db: Executor, name: string) {
  return db
    .selectFrom('partnerships')
    .select(['id'])
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
}

export function insertPartnership(db: Executor, partnership: { name: string; onsCode: string | null; region: string }) {
  return db
    .insertInto('partnerships')
    .values({ name: partnership.name, ons_code: partnership.onsCode, region: partnership.region })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
}

/** Updates only if nobody else has changed it since it was read; returns false on a conflict. */
export async function updatePartnership(
  db: Executor,
  partnershipId: string,
  expectedVersion: number,
  changes: { name: string; onsCode: string | null; region: string },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('partnerships')
    .set((eb) => ({
      name: changes.name,
      ons_code: changes.onsCode,
      region: changes.region,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', partnershipId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// Memberships

/** A partnership's members with the name and e-mail address of each. */
function membersOf(db: Executor, partnershipId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'memberships.id',
      'memberships.user_id',
      'memberships.role',
      'memberships.organisation',
      'memberships.partner_type',
      'memberships.version',
      'users.display_name',
      'users.email',
    ])
    .where('memberships.partnership_id', '=', partnershipId);
}

export function listMemberships(db: Executor, partnershipId: string) {
  return membersOf(db, partnershipId).orderBy('users.display_name').execute();
}

export function findMembership(db: Executor, partnershipId: string, membershipId: string) {
  return membersOf(db, partnershipId).where('memberships.id', '=', membershipId).executeTakeFirst();
}

export function findMembershipOfUser(db: Executor, partnershipId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function insertMembership(
  db: Executor,
  partnershipId: string,
  membership: { userId: string; role: Role; organisation: string | null; partnerType: string | null },
) {
  return db
    .insertInto('memberships')
    .values({
      partnership_id: partnershipId,
      user_id: membership.userId,
      role: membership.role,
      organisation: membership.organisation,
      partner_type: membership.partnerType,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export async function updateMembership(
  db: Executor,
  partnershipId: string,
  membershipId: string,
  expectedVersion: number,
  changes: { role: Role; organisation: string | null; partnerType: string | null },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('memberships')
    .set((eb) => ({
      role: changes.role,
      organisation: changes.organisation,
      partner_type: changes.partnerType,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', membershipId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteMembership(db: Executor, partnershipId: string, membershipId: string, expectedVersion: number) {
  const result = await db
    .deleteFrom('memberships')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', membershipId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

// Invitations

export function insertInvitation(
  db: Executor,
  partnershipId: string,
  invitation: {
    email: string;
    role: Role;
    organisation: string | null;
    partnerType: string | null;
    tokenHash: string;
    invitedBy: string;
    expiresAt: Date;
  },
) {
  return db
    .insertInto('invitations')
    .values({
      partnership_id: partnershipId,
      email: invitation.email,
      role: invitation.role,
      organisation: invitation.organisation,
      partner_type: invitation.partnerType,
      token_hash: invitation.tokenHash,
      invited_by: invitation.invitedBy,
      expires_at: invitation.expiresAt,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export function listInvitations(db: Executor, partnershipId: string) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
}

export function findInvitation(db: Executor, partnershipId: string, invitationId: string) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', invitationId)
    .executeTakeFirst();
}

/** The one lookup not scoped by partnership: the secret token itself is the proof of access. */
export function findInvitationByTokenHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('partnerships', 'partnerships.id', 'invitations.partnership_id')
    .selectAll('invitations')
    .select(['partnerships.name as partnership_name'])
    .where('invitations.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Marks an invitation used; false if it was already used or withdrawn (two clicks, two tabs). */
export async function markInvitationAccepted(db: Executor, invitationId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ accepted_at: now })
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markInvitationRevoked(db: Executor, partnershipId: string, invitationId: string, now: Date) {
  const result = await db
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// Audit log

export interface AuditFilter {
  action?: string | undefined;
  recordType?: string | undefined;
  actorUserId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * A partnership's log holds its own events, and the sign-ins and account events of its
 * members (those belong to no single partnership).
 */
function inPartnershipLog(partnershipId: string) {
  return (eb: ExpressionBuilder<Database, 'audit_events'>) =>
    eb.or([
      eb('audit_events.partnership_id', '=', partnershipId),
      eb.and([
        eb('audit_events.partnership_id', 'is', null),
        eb(
          'audit_events.actor_user_id',
          'in',
          eb.selectFrom('memberships').select('memberships.user_id').where('memberships.partnership_id', '=', partnershipId),
        ),
      ]),
    ]);
}

export async function listAuditEvents(db: Executor, partnershipId: string, filter: AuditFilter, page: number, pageSize: number) {
  let query = db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.actor_user_id')
    .where(inPartnershipLog(partnershipId));
  if (filter.action) query = query.where('audit_events.action', '=', filter.action);
  if (filter.recordType) query = query.where('audit_events.record_type', '=', filter.recordType);
  if (filter.actorUserId) query = query.where('audit_events.actor_user_id', '=', filter.actorUserId);
  if (filter.from) query = query.where('audit_events.occurred_at', '>=', sql<Date>`${filter.from}::date`);
  if (filter.to) query = query.where('audit_events.occurred_at', '<', sql<Date>`${filter.to}::date + 1`);
  const [rows, total] = await Promise.all([
    query
      .select([
        'audit_events.id',
        'audit_events.occurred_at',
        'audit_events.action',
        'audit_events.record_type',
        'audit_events.record_id',
        'audit_events.summary',
        'users.display_name as actor_name',
      ])
      .orderBy('audit_events.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.total) };
}

export async function listAuditFacets(db: Executor, partnershipId: string) {
  const [actions, recordTypes, actors] = await Promise.all([
    db.selectFrom('audit_events').select('action').distinct().where(inPartnershipLog(partnershipId)).orderBy('action').execute(),
    db.selectFrom('audit_events').select('record_type').distinct().where(inPartnershipLog(partnershipId)).orderBy('record_type').execute(),
    db
      .selectFrom('audit_events')
      .innerJoin('users', 'users.id', 'audit_events.actor_user_id')
      .select(['users.id', 'users.display_name'])
      .distinct()
      .where(inPartnershipLog(partnershipId))
      .orderBy('users.display_name')
      .execute(),
  ]);
  return {
    actions: actions.map((row) => row.action),
    recordTypes: recordTypes.map((row) => row.record_type),
    actors,
  };
}

// Analysts: regional and national analysts, who belong to no partnership

export function insertAnalystInvitation(
  db: Executor,
  invitation: { email: string; displayName: string; region: string | null; tokenHash: string; invitedBy: string; expiresAt: Date },
) {
  return db
    .insertInto('analyst_invitations')
    .values({
      email: invitation.email,
      display_name: invitation.displayName,
      region: invitation.region,
      token_hash: invitation.tokenHash,
      created_by: invitation.invitedBy,
      expires_at: invitation.expiresAt,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/** Not scoped by partnership: the secret token itself is the proof of access. */
export function findAnalystInvitationByTokenHash(db: Executor, tokenHash: string) {
  return db.selectFrom('analyst_invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks an analyst's invitation used; false if it was already used or withdrawn. */
export async function markAnalystInvitationAccepted(db: Executor, invitationId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('analyst_invitations')
    .set({ accepted_at: now })
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function findAnalystScope(db: Executor, userId: string) {
  return db.selectFrom('analyst_scopes').select(['user_id', 'region']).where('user_id', '=', userId).executeTakeFirst();
}

export function insertAnalystScope(db: Executor, scope: { userId: string; region: string | null; createdBy: string | null }) {
  return db.insertInto('analyst_scopes').values({ user_id: scope.userId, region: scope.region, created_by: scope.createdBy }).execute();
}

/** Every analyst account and every analyst invitation not yet used, for the administrators' list. */
export async function listAnalysts(db: Executor) {
  const accounts = await db
    .selectFrom('analyst_scopes')
    .innerJoin('users', 'users.id', 'analyst_scopes.user_id')
    .select(['users.id', 'users.display_name', 'users.email', 'analyst_scopes.region', 'analyst_scopes.created_at'])
    .orderBy('users.display_name')
    .execute();
  const invitations = await db
    .selectFrom('analyst_invitations')
    .select(['id', 'display_name', 'email', 'region', 'expires_at', 'accepted_at', 'withdrawn_at', 'created_at'])
    .where('accepted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return { accounts, invitations };
}
