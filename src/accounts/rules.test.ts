import { describe, expect, it } from 'vitest';
import {
  lockAfterFailures,
  hashInvitationToken,
  invitationExpiry,
  invitationState,
  isLocked,
  leavesALead,
  lockoutMinutes,
  maximumFailedSignIns,
  newInvitationToken,
  safeReturnPath,
} from './rules.js';

const now = new Date('2026-11-23T10:00:00Z');

describe('sign-in lockout', () => {
  it('does not lock until the limit', () => {
    for (let count = 1; count < maximumFailedSignIns; count += 1) expect(lockAfterFailures(count, now)).toBeNull();
  });

  it('locks the account for a period at the limit', () => {
    const lockedUntil = lockAfterFailures(maximumFailedSignIns, now);
    expect(lockedUntil?.getTime()).toBe(now.getTime() + lockoutMinutes * 60_000);
    expect(isLocked(lockedUntil, now)).toBe(true);
    expect(isLocked(lockedUntil, new Date(now.getTime() + lockoutMinutes * 60_000))).toBe(false);
  });

  it('treats an account with no lock as unlocked', () => {
    expect(isLocked(null, now)).toBe(false);
  });
});

describe('return path after sign-in', () => {
  it.each([
    ['/people', '/people'],
    ['/audit?action=sign_in', '/audit?action=sign_in'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['/ok\r\nSet-Cookie: x', '/'],
    [undefined, '/'],
    [42, '/'],
  ])('%s becomes %s', (candidate, expected) => {
    expect(safeReturnPath(candidate)).toBe(expected);
  });
});

describe('invitations', () => {
  it('stores only a hash of the one-time token', () => {
    const { token, hash } = newInvitationToken();
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(hash).toBe(hashInvitationToken(token));
    expect(hash).not.toContain(token);
    expect(newInvitationToken().token).not.toBe(token);
  });

  it('expires after seven days', () => {
    const expires = invitationExpiry(now);
    const base = { accepted_at: null, revoked_at: null, expires_at: expires };
    expect(invitationState(base, now)).toBe('pending');
    expect(invitationState(base, new Date(expires.getTime() - 1))).toBe('pending');
    expect(invitationState(base, expires)).toBe('expired');
  });

  it('reports accepted and withdrawn invitations before expiry', () => {
    const expires = invitationExpiry(now);
    expect(invitationState({ accepted_at: now, revoked_at: null, expires_at: expires }, now)).toBe('accepted');
    expect(invitationState({ accepted_at: null, revoked_at: now, expires_at: expires }, now)).toBe('revoked');
  });
});

describe('keeping a lead commissioner', () => {
  const memberships = [
    { id: 'a', role: 'lead_commissioner' as const },
    { id: 'b', role: 'contributor' as const },
  ];

  it('refuses to demote or remove the only lead', () => {
    expect(leavesALead(memberships, { membershipId: 'a', newRole: 'viewer' })).toBe(false);
    expect(leavesALead(memberships, { membershipId: 'a', newRole: null })).toBe(false);
  });

  it('allows it when another lead remains or one is being appointed', () => {
    expect(leavesALead(memberships, { membershipId: 'b', newRole: 'lead_commissioner' })).toBe(true);
    const twoLeads = [...memberships, { id: 'c', role: 'lead_commissioner' as const }];
    expect(leavesALead(twoLeads, { membershipId: 'a', newRole: 'viewer' })).toBe(true);
  });
});
