import crypto from 'node:crypto';
import { type ApiScope, apiScopes } from '../platform/db/schema.js';

/**
 * The rules of API tokens, as plain functions: how a token looks, how it is kept, when it
 * works, and what it may do.
 *
 * A token is `rp_` and 32 random bytes (256 bits) in base64url. Only its SHA-256 is stored.
 * Passwords are hashed with argon2 because people choose them and they can be guessed: a slow
 * hash makes each guess expensive. A token is not chosen by anyone and has 256 bits of
 * randomness, so it cannot be guessed however fast the hash; a slow hash would only make every
 * API call slower (argon2 is meant to take tens of milliseconds and much memory) and could not
 * be looked up by an index. A plain SHA-256 lets the token be found in one indexed read, and
 * someone holding a copy of the database still cannot use a token from it.
 */

export const tokenPrefix = 'rp_';
const tokenPattern = /^rp_[A-Za-z0-9_-]{43}$/;

export { apiScopes, type ApiScope };

export const scopeLabels: Record<ApiScope, { text: string; hint: string }> = {
  'referrals:read': { text: 'Read referrals', hint: 'Pseudonymised referral records and their timelines.' },
  'figures:read': { text: 'Read figures', hint: 'The partnership’s pathway figures, with counts below 5 hidden.' },
  'referral_events:write': { text: 'Record stage changes', hint: 'Move referrals from one stage to the next, under the same rules as the referral pages.' },
};

/** How long a new token may last, in days, as offered on the form. */
export const expiryChoices = [30, 90, 180, 365] as const;
export type ExpiryChoice = (typeof expiryChoices)[number];

export interface NewToken {
  /** Shown once to the person who made it, never stored. */
  token: string;
  /** What is stored. */
  hash: string;
  /** The first characters, shown in the list so tokens can be told apart. */
  hint: string;
}

export function hashApiToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function newApiToken(randomBytes: (size: number) => Buffer = crypto.randomBytes): NewToken {
  const token = `${tokenPrefix}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiToken(token), hint: tokenHint(token) };
}

export function tokenHint(token: string): string {
  return `${token.slice(0, tokenPrefix.length + 6)}…`;
}

/** The moment a token made now for `days` days stops working. */
export function tokenExpiry(now: Date, days: number): Date {
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
}

/**
 * The token in an `Authorization: Bearer …` header, or null when there is none or it cannot be
 * one of ours (so no database read is spent on it).
 */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  const token = match?.[1];
  return token && tokenPattern.test(token) ? token : null;
}

export type TokenState = 'active' | 'expired' | 'revoked';

export function tokenState(token: { expires_at: Date; revoked_at: Date | null }, now: Date): TokenState {
  if (token.revoked_at) return 'revoked';
  if (token.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

export const tokenStateTags: Record<TokenState, { text: string; classes: string }> = {
  active: { text: 'Active', classes: 'govuk-tag--green' },
  expired: { text: 'Expired', classes: 'govuk-tag--grey' },
  revoked: { text: 'Revoked', classes: 'govuk-tag--red' },
};

export function hasScope(token: { scopes: readonly string[] }, scope: ApiScope): boolean {
  return token.scopes.includes(scope);
}
