import { describe, expect, it } from 'vitest';
import { canonicalJson, idempotencyKeyPattern, keyDecision, requestHash } from './idempotency-rules.js';
import { withCodeSpans } from './routes/reference.js';
import { changeCursor, positionCursor, readChangeCursor, readPositionCursor } from './paging-rules.js';
import { bearerToken, hashApiToken, hasScope, newApiToken, tokenExpiry, tokenHint, tokenState } from './token-rules.js';

describe('API tokens', () => {
  it('are rp_ and 32 random bytes, stored as their SHA-256, shown in lists by their start', () => {
    const made = newApiToken(() => Buffer.alloc(32, 7));
    expect(made.token).toBe(`rp_${Buffer.alloc(32, 7).toString('base64url')}`);
    expect(made.token).toHaveLength(46);
    expect(made.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(made.hash).toBe(hashApiToken(made.token));
    expect(made.hint).toBe(`${made.token.slice(0, 9)}…`);
    expect(tokenHint(made.token)).not.toContain(made.token.slice(9));
    expect(newApiToken().token).not.toBe(newApiToken().token);
  });

  it('are read from an Authorization: Bearer header, and nothing else that cannot be one', () => {
    const { token } = newApiToken();
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer  ${token} `)).toBe(token);
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken(token)).toBeNull();
    expect(bearerToken(`Basic ${token}`)).toBeNull();
    expect(bearerToken('Bearer rp_short')).toBeNull();
    expect(bearerToken(`Bearer ${token}x`)).toBeNull();
    expect(bearerToken(`Bearer ${token} ${token}`)).toBeNull();
  });

  it('work until they expire or are revoked', () => {
    const now = new Date('2026-11-23T09:00:00Z');
    const expiresAt = tokenExpiry(now, 30);
    expect(expiresAt.toISOString()).toBe('2026-12-23T09:00:00.000Z');
    expect(tokenState({ expires_at: expiresAt, revoked_at: null }, now)).toBe('active');
    expect(tokenState({ expires_at: expiresAt, revoked_at: null }, expiresAt)).toBe('expired');
    expect(tokenState({ expires_at: expiresAt, revoked_at: now }, now)).toBe('revoked');
  });

  it('do only what their scopes say', () => {
    expect(hasScope({ scopes: ['referrals:read'] }, 'referrals:read')).toBe(true);
    expect(hasScope({ scopes: ['referrals:read'] }, 'referral_events:write')).toBe(false);
  });
});

describe('idempotency keys', () => {
  it('hash the same request the same, whatever the order of its fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
    expect(requestHash('POST', '/x', { a: 1, b: 2 })).toBe(requestHash('post', '/x', { b: 2, a: 1 }));
    expect(requestHash('POST', '/x', { a: 1 })).not.toBe(requestHash('POST', '/y', { a: 1 }));
    expect(requestHash('POST', '/x', { a: 1 })).not.toBe(requestHash('POST', '/x', { a: 2 }));
  });

  it('replay the stored answer, refuse a different request, and wait for one in progress', () => {
    const hash = requestHash('POST', '/x', { a: 1 });
    expect(keyDecision(undefined, hash)).toEqual({ kind: 'new' });
    expect(keyDecision({ request_hash: hash, status_code: 201, response_body: { ok: true } }, hash)).toEqual({ kind: 'replay', statusCode: 201, body: { ok: true } });
    expect(keyDecision({ request_hash: 'other', status_code: 201, response_body: {} }, hash)).toEqual({ kind: 'mismatch' });
    expect(keyDecision({ request_hash: hash, status_code: null, response_body: null }, hash)).toEqual({ kind: 'in_progress' });
  });

  it('are printable characters without spaces, 1 to 255 of them', () => {
    expect(idempotencyKeyPattern.test('0b6c7c1e-94a5-4c8e-9c5b-4b8e6f0f1a2b')).toBe(true);
    expect(idempotencyKeyPattern.test('')).toBe(false);
    expect(idempotencyKeyPattern.test('has space')).toBe(false);
    expect(idempotencyKeyPattern.test('x'.repeat(256))).toBe(false);
  });
});

describe('cursors', () => {
  it('give back where the last page ended, and refuse anything else', () => {
    const cursor = changeCursor({ changedAt: '2026-11-05T10:00:00.123456Z', id: '0b6c7c1e-94a5-4c8e-9c5b-4b8e6f0f1a2b' });
    expect(readChangeCursor(cursor)).toEqual({ changedAt: '2026-11-05T10:00:00.123456Z', id: '0b6c7c1e-94a5-4c8e-9c5b-4b8e6f0f1a2b' });
    expect(readChangeCursor('not-a-cursor')).toBeNull();
    expect(readChangeCursor(Buffer.from('{"c":"yesterday","i":"x"}').toString('base64url'))).toBeNull();
    expect(readChangeCursor(positionCursor({ offset: 3 }))).toBeNull();
    expect(readPositionCursor(positionCursor({ offset: 40 }))).toEqual({ offset: 40 });
    expect(readPositionCursor(Buffer.from('{"o":-1}').toString('base64url'))).toBeNull();
    expect(readPositionCursor('%%%')).toBeNull();
  });
});

describe('the reference page’s text', () => {
  it('shows `code` as code and nothing else as HTML', () => {
    expect(withCodeSpans('Send `Idempotency-Key` <b>now</b> & again')).toBe('Send <code>Idempotency-Key</code> &#60;b&#62;now&#60;/b&#62; &#38; again');
  });
});
