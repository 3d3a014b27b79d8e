import crypto from 'node:crypto';
import type { Role } from '../platform/db/schema.js';

export const maximumFailedSignIns = 5;
export const lockoutMinutes = 15;
export const invitationValidDays = 7;

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/**
 * After a wrong password has been counted (the count includes it): lock the account once
 * there have been too many in a row, and start counting again from nothing.
 */
export function lockAfterFailures(failedSignIns: number, now: Date): Date | null {
  return failedSignIns >= maximumFailedSignIns ? new Date(now.getTime() + lockoutMinutes * 60_000) : null;
}

/** Only a path on this service may be a destination after sign-in, never another site. */
export function safeReturnPath(candidate: unknown): string {
  if (typeof candidate !== 'string') return '/';
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return '/';
  // Only printable ASCII (a browser sends the rest percent-encoded): anything else cannot go in a Location header.
  if (!/^[\x21-\x7e]*$/.test(candidate)) return '/';
  return candidate;
}

export interface InvitationToken {
  /** Goes in the link, is shown once and never stored. */
  token: string;
  /** What the database keeps, so a leaked database cannot be used to accept invitations. */
  hash: string;
}

export function newInvitationToken(): InvitationToken {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, hash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** The link an invitation is accepted at, on the public address when one is set. */
export function invitationLink(base: string, token: string): string {
  return `${base.replace(/\/$/, '')}/invitations/${token}`;
}

/** A one-time password made for someone lasts as long as an invitation would. */
export const oneTimePasswordValidDays = invitationValidDays;

export function oneTimePasswordExpiry(now: Date): Date {
  return new Date(now.getTime() + oneTimePasswordValidDays * 24 * 60 * 60 * 1000);
}

export function passwordExpired(passwordExpiresAt: Date | null, now: Date): boolean {
  return passwordExpiresAt !== null && passwordExpiresAt.getTime() <= now.getTime();
}

export function invitationExpiry(now: Date): Date {
  return new Date(now.getTime() + invitationValidDays * 24 * 60 * 60 * 1000);
}

export type InvitationState = 'pending' | 'accepted' | 'expired' | 'revoked';

export function invitationState(
  invitation: { accepted_at: Date | null; revoked_at: Date | null; expires_at: Date },
  now: Date,
): InvitationState {
  if (invitation.accepted_at) return 'accepted';
  if (invitation.revoked_at) return 'revoked';
  if (invitation.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'pending';
}

export const invitationStateTags: Record<InvitationState, { text: string; classes: string }> = {
  pending: { text: 'Waiting', classes: 'govuk-tag--blue' },
  accepted: { text: 'Accepted', classes: 'govuk-tag--green' },
  expired: { text: 'Expired', classes: 'govuk-tag--grey' },
  revoked: { text: 'Withdrawn', classes: 'govuk-tag--grey' },
};

/**
 * A partnership always keeps at least one lead commissioner, so nobody can lock everyone
 * out of inviting people and running assessments.
 */
export function leavesALead(
  memberships: ReadonlyArray<{ id: string; role: Role }>,
  change: { membershipId: string; newRole: Role | null },
): boolean {
  const leadsAfter = memberships.filter((membership) => {
    const role = membership.id === change.membershipId ? change.newRole : membership.role;
    return role === 'lead_commissioner';
  });
  return leadsAfter.length > 0;
}

/** Contributors speak for an organisation, so they need one; other roles may add one. */
export function organisationRequired(role: Role): boolean {
  return role === 'contributor';
}
