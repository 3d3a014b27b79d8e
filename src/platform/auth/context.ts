import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database, Role } from '../db/schema.js';
import { HttpError } from '../web/errors.js';
import { sessionAbsoluteLimitMs } from './session-store.js';

export interface MembershipSummary {
  membershipId: string;
  partnershipId: string;
  partnershipName: string;
  role: Role;
  organisation: string | null;
  partnerType: string | null;
}

export interface AuthContext {
  user: { id: string; email: string; displayName: string; isAdmin: boolean; mustChangePassword: boolean };
  memberships: MembershipSummary[];
  /** The partnership the person is working in now, with their role there. */
  current: MembershipSummary | null;
  /** Providers whose services this person keeps up to date in the directory (provider accounts). */
  providerIds: string[];
  /**
   * For a regional or national analyst, the area they compare: one region, or England (null).
   * An analyst sees only aggregate figures of partnerships that share them; null for everyone else.
   */
  analystScope: { region: string | null } | null;
}

declare module 'fastify' {
  interface Session {
    userId?: string;
    partnershipId?: string;
    signedInAt?: number;
    /** When the session's stored expiry last moved on (it moves at most every few minutes). */
    extendedAt?: number;
    flash?: string;
    /** A problem to show on the next page, after a redirect (for example a refused status change). */
    problem?: string;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export async function loadAuthContext(
  db: Kysely<Database>,
  userId: string,
  preferredPartnershipId: string | undefined,
): Promise<AuthContext | null> {
  // One read for everything a request needs to know about the person: their account, analyst
  // scope, memberships (in partnership name order) and provider accounts.
  const user = await db
    .selectFrom('users')
    .leftJoin('analyst_scopes', 'analyst_scopes.user_id', 'users.id')
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'users.is_admin',
      'users.must_change_password',
      'analyst_scopes.user_id as analyst',
      'analyst_scopes.region as analystRegion',
      sql<MembershipSummary[]>`(
        SELECT coalesce(json_agg(m ORDER BY m."partnershipName", m."membershipId"), '[]'::json) FROM (
          SELECT memberships.id AS "membershipId", memberships.partnership_id AS "partnershipId", partnerships.name AS "partnershipName",
            memberships.role, memberships.organisation, memberships.partner_type AS "partnerType"
          FROM memberships JOIN partnerships ON partnerships.id = memberships.partnership_id
          WHERE memberships.user_id = users.id
        ) m
      )`.as('memberships'),
      sql<string[]>`(SELECT coalesce(json_agg(provider_users.provider_id ORDER BY provider_users.provider_id), '[]'::json) FROM provider_users WHERE provider_users.user_id = users.id)`.as(
        'providerIds',
      ),
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!user) return null;
  const rows = user.memberships;
  const current = rows.find((row) => row.partnershipId === preferredPartnershipId) ?? rows[0] ?? null;
  return {
    user: { id: user.id, email: user.email, displayName: user.display_name, isAdmin: user.is_admin, mustChangePassword: user.must_change_password },
    memberships: rows,
    current,
    providerIds: user.providerIds,
    analystScope: user.analyst ? { region: user.analystRegion } : null,
  };
}

export const newPasswordPath = '/account/new-password';

/** What someone who must replace a one-time password may still do: replace it, sign out, load the page's assets. */
function allowedBeforeNewPassword(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return path === newPasswordPath || path === '/sign-out' || path === '/signed-out' || path.startsWith('/assets/');
}

/**
 * Attaches the signed-in person (if any) to every request, and sends anyone still using a
 * one-time password to replace it before they can do anything else.
 */
export function authContextHook(db: Kysely<Database>) {
  return async function attachAuthContext(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.auth = null;
    const session = request.session;
    if (!session?.userId) return;
    if (!session.signedInAt || Date.now() - session.signedInAt > sessionAbsoluteLimitMs) {
      await session.destroy();
      return;
    }
    request.auth = await loadAuthContext(db, session.userId, session.partnershipId);
    if (request.auth?.current && session.partnershipId !== request.auth.current.partnershipId) {
      session.partnershipId = request.auth.current.partnershipId;
    }
    if (request.auth?.user.mustChangePassword && !allowedBeforeNewPassword(request)) {
      return reply.redirect(newPasswordPath);
    }
  };
}

/** The signed-in person; routes behind a guard can rely on it. */
export function signedIn(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new HttpError(401);
  return request.auth;
}

/** The signed-in person's current partnership membership; routes behind a role guard rely on it. */
export function currentMembership(request: FastifyRequest): MembershipSummary {
  const membership = signedIn(request).current;
  if (!membership) throw new HttpError(403);
  return membership;
}

export const requireSignIn: preHandlerAsyncHookHandler = async (request: FastifyRequest, reply: FastifyReply) => {
  if (!request.auth) {
    const returnTo = request.method === 'GET' && request.url.startsWith('/') ? request.url : '/';
    return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  }
};

/** Allows only people whose role in their current partnership is one of these. */
export function requireRole(...allowed: Role[]): preHandlerAsyncHookHandler[] {
  const checkRole: preHandlerAsyncHookHandler = async (request) => {
    const role = request.auth?.current?.role;
    if (!role || !allowed.includes(role)) throw new HttpError(403);
  };
  return [requireSignIn, checkRole];
}

/** Allows administrators and people with a provider account. */
export function requireProviderOrAdmin(): preHandlerAsyncHookHandler[] {
  const check: preHandlerAsyncHookHandler = async (request) => {
    if (!request.auth?.user.isAdmin && !request.auth?.providerIds.length) throw new HttpError(403);
  };
  return [requireSignIn, check];
}

/** Allows only regional and national analysts. */
export function requireAnalyst(): preHandlerAsyncHookHandler[] {
  const checkAnalyst: preHandlerAsyncHookHandler = async (request) => {
    if (!request.auth?.analystScope) throw new HttpError(403);
  };
  return [requireSignIn, checkAnalyst];
}

export function requireAdmin(): preHandlerAsyncHookHandler[] {
  const checkAdmin: preHandlerAsyncHookHandler = async (request) => {
    if (!request.auth?.user.isAdmin) throw new HttpError(403);
  };
  return [requireSignIn, checkAdmin];
}

/**
 * Guards every route of an encapsulated plugin, so its pages need not repeat the check. The
 * check runs as soon as the request arrives, before its body is read: someone a page is not
 * for never gets an upload stored.
 */
export function guardAll(scope: FastifyInstance, guard: preHandlerAsyncHookHandler | readonly preHandlerAsyncHookHandler[]): void {
  for (const check of Array.isArray(guard) ? guard : [guard]) scope.addHook('onRequest', check);
}
