import crypto from 'node:crypto';

/**
 * The rules of `Idempotency-Key`: a client sends a key of its own with a write, and sends the
 * same key again when it retries. The first request is carried out and its response kept; a
 * retry with the same key and the same request gets that response again and changes nothing; the
 * same key with a different request is refused, because it is a mistake in the client.
 */

/** Printable ASCII without spaces, 1 to 255 characters: a UUID, a ULID or a case system's own id all fit. */
export const idempotencyKeyPattern = /^[\x21-\x7e]{1,255}$/;

/** JSON with the keys of every object in order, so the same body always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What identifies a request for a key: its method, its address and its body. */
export function requestHash(method: string, url: string, body: unknown): string {
  return crypto.createHash('sha256').update(`${method.toUpperCase()} ${url}\n${canonicalJson(body ?? null)}`).digest('hex');
}

export interface StoredKey {
  request_hash: string;
  status_code: number | null;
  response_body: unknown;
}

export type KeyDecision =
  | { kind: 'new' }
  | { kind: 'replay'; statusCode: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

/** What to do with a request, given what was stored for its key (if anything). */
export function keyDecision(stored: StoredKey | undefined, hash: string): KeyDecision {
  if (!stored) return { kind: 'new' };
  if (stored.request_hash !== hash) return { kind: 'mismatch' };
  if (stored.status_code === null) return { kind: 'in_progress' };
  return { kind: 'replay', statusCode: stored.status_code, body: stored.response_body };
}
