import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database, Role } from '../db/schema.js';
import { HttpError } from '../web/errors.js';
import { type AuthContext, authContextFrom, type MembershipSummary, type PersonRow, personColumns } from './person.js';
import { type DatabaseSessionStore, sessionAbsoluteLimitMs } from './session-store.js';

export type { AuthContext, MembershipSummary } from './person.js';

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
  const { rows } = await sql<PersonRow>`SELECT ${personColumns} FROM users LEFT JOIN analyst_scopes ON analyst_scopes.user_id = users.id WHERE users.id = ${userId}`.execute(db);
  const person = rows[0];
  return person ? authContextFrom(person, preferredPartnershipId) : null;
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
export function authContextHook(db: Kysely<Database>, sessions: DatabaseSessionStore) {
  return async function attachAuthContext(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.auth = null;
    const session = request.session;
    if (!session?.userId) return;
    if (!session.signedInAt || Date.now() - session.signedInAt > sessionAbsoluteLimitMs) {
      await session.destroy();
      return;
    }
    // Usually read with the session, in the same statement; read here only if that was missed.
    const person = sessions.takePerson(session.sessionId);
    request.auth = person && person.id === session.userId ? authContextFrom(person, session.partnershipId) : await loadAuthContext(db, session.userId, session.partnershipId);
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
