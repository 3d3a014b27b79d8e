import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit/audit.js';
import type { ApiScope, Database } from '../platform/db/schema.js';
import type { Actor } from '../platform/values/outcome.js';
import * as repository from './repository.js';
import { bearerToken, hashApiToken, newApiToken, scopeLabels, tokenExpiry, tokenState } from './token-rules.js';

/** The token a request came with, once it is known to work. */
export interface ApiCaller {
  tokenId: string;
  partnershipId: string;
  name: string;
  hint: string;
  scopes: readonly ApiScope[];
}

export type Authentication = { ok: true; caller: ApiCaller } | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'revoked' };

/**
 * Making, revoking and checking API tokens, each change in one transaction with its audit
 * entry. Every use of a token is audited too, with the request id, so the audit log shows what
 * each token did and a change made through the API can be traced to its token.
 */
export function createApiTokenService({ db, now }: { db: Kysely<Database>; now: () => Date }) {
  async function createToken(partnershipId: string, actor: Actor, details: { name: string; scopes: ApiScope[]; days: number }) {
    const made = newApiToken();
    const expiresAt = tokenExpiry(now(), details.days);
    return db.transaction().execute(async (trx) => {
      const { id } = await repository.insertToken(trx, partnershipId, { ...details, hash: made.hash, hint: made.hint, expiresAt, createdBy: actor.userId }, now());
      const scopes = details.scopes.map((scope) => scopeLabels[scope].text.toLowerCase()).join(', ');
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'api_token_created',
        recordType: 'api_token',
        recordId: id,
        summary: `Made the API token “${details.name}” (${made.hint}) to ${scopes}, for ${details.days} days`,
        requestId: actor.requestId ?? null,
      });
      return { tokenId: id, token: made.token, expiresAt };
    });
  }

  async function revokeToken(partnershipId: string, actor: Actor, tokenId: string): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      const token = await repository.findToken(trx, partnershipId, tokenId);
      if (!token || !(await repository.revokeToken(trx, partnershipId, tokenId, actor.userId, now()))) return false;
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'api_token_revoked',
        recordType: 'api_token',
        recordId: tokenId,
        summary: `Revoked the API token “${token.name}” (${token.token_hint})`,
        requestId: actor.requestId ?? null,
      });
      return true;
    });
  }

  /** Who an `Authorization` header says is calling; a refusal says why, for the log and the audit. */
  async function authenticate(header: string | undefined): Promise<Authentication & { known?: ApiCaller }> {
    const token = bearerToken(header);
    if (!token) return { ok: false, reason: header ? 'unknown' : 'missing' };
    const found = await repository.findTokenByHash(db, hashApiToken(token));
    if (!found) return { ok: false, reason: 'unknown' };
    const caller: ApiCaller = { tokenId: found.id, partnershipId: found.partnership_id, name: found.name, hint: found.token_hint, scopes: found.scopes };
    const state = tokenState(found, now());
    if (state !== 'active') return { ok: false, reason: state, known: caller };
    return { ok: true, caller };
  }

  /** Records one use of a token: what was asked for and what came of it (never the body). */
  async function recordUse(caller: ApiCaller, use: { method: string; route: string; statusCode: number; requestId: string }) {
    await db.transaction().execute(async (trx) => {
      await repository.markTokenUsed(trx, caller.partnershipId, caller.tokenId, now());
      await recordAudit(trx, {
        partnershipId: caller.partnershipId,
        actorUserId: null,
        action: 'api_request',
        recordType: 'api_token',
        recordId: caller.tokenId,
        summary: `API token “${caller.name}” (${caller.hint}): ${use.method} ${use.route} answered ${use.statusCode}`,
        requestId: use.requestId,
      });
    });
  }

  /** Records a refused token that is known (expired or revoked), so its owners can see it is still being sent. */
  async function recordRefusal(caller: ApiCaller, use: { method: string; route: string; reason: string; requestId: string }) {
    await recordAudit(db, {
      partnershipId: caller.partnershipId,
      actorUserId: null,
      action: 'api_request_refused',
      recordType: 'api_token',
      recordId: caller.tokenId,
      summary: `API token “${caller.name}” (${caller.hint}) refused, ${use.reason}: ${use.method} ${use.route}`,
      requestId: use.requestId,
    });
  }

  return { createToken, revokeToken, authenticate, recordUse, recordRefusal };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
