import type { Kysely } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import type { Database, Role } from '../platform/db/schema.js';
import { recordAudit } from '../platform/audit/audit.js';
import { hashPassword, verifyAgainstNobody, verifyPassword } from '../platform/auth/passwords.js';
import { roleLabel } from '../platform/auth/roles.js';
import { emailOutcome, type Messenger, type Personalisation } from '../platform/messages.js';
import { type Actor, conflictMessage } from '../platform/values/outcome.js';
import { providerInvitationAcceptance, type ProviderInvitationStore } from './provider-invitations.js';
import * as repository from './repository.js';
import { createUnknownAddressLog, type WarnLogger } from './unknown-address-log.js';
import {
  hashInvitationToken,
  invitationExpiry,
  invitationLink,
  invitationState,
  invitationValidDays,
  isLocked,
  leavesALead,
  lockAfterFailures,
  newInvitationToken,
  passwordExpired,
} from './rules.js';

export interface AccountsDependencies {
  db: Kysely<Database>;
  now: () => Date;
  /** How invitations are e-mailed (GOV.UK Notify, SMTP, or not at all: the link is on screen). */
  messenger: Messenger;
  /** Where invitation links point; falls back to the address the inviter is using. */
  publicUrl: string | undefined;
  /** The directory's invitations to providers, accepted on the same page as a partnership's. */
  providerInvitations?: ProviderInvitationStore;
}

export type Outcome<T = void> = ({ ok: true } & (T extends void ? unknown : { value: T })) | { ok: false; problem: string; field?: string };

const accountConflict = conflictMessage('this', 'Check the latest details below and make your change again.');

export function createAccountsService(deps: AccountsDependencies) {
  const { db, now } = deps;

  const noteUnknownAddress = createUnknownAddressLog(now);

  /** An event on a person's own account (sign-in, refusal, lock), recorded outside any partnership. */
  const auditOwnAccount = (executor: Executor, userId: string, action: string, summary: string, requestId: Actor['requestId']) =>
    recordAudit(executor, { partnershipId: null, actorUserId: userId, action, recordType: 'user', recordId: userId, summary, requestId });

  /** E-mails an invitation link when e-mail is set up; whether it went. The link is shown on screen either way. */
  async function sendInvitation(to: string, personalisation: Personalisation['invitation']) {
    return emailOutcome(await deps.messenger.send({ template: 'invitation', to, personalisation }));
  }

  async function signIn(email: string, password: string, requestId: string, log?: WarnLogger) {
    const user = await repository.findUserByEmail(db, email);
    if (!user) {
      await verifyAgainstNobody(password);
      noteUnknownAddress(email, log, requestId);
      return { ok: false as const };
    }
    const locked = isLocked(user.locked_until, now());
    const passwordMatches = await verifyPassword(user.password_hash, password);
    if (locked || !passwordMatches) {
      await db.transaction().execute(async (trx) => {
        // Null when a parallel attempt locked the account after it was read above.
        const failedSignIns = locked ? null : await repository.countSignInFailure(trx, user.id, now());
        const lockedUntil = failedSignIns === null ? null : lockAfterFailures(failedSignIns, now());
        if (lockedUntil) {
          await repository.lockAccount(trx, user.id, lockedUntil);
          await auditOwnAccount(trx, user.id, 'account_locked', 'Account locked after repeated failed sign-ins', requestId);
        }
        await auditOwnAccount(trx, user.id, 'sign_in_failed', failedSignIns === null ? 'Sign-in refused: account locked' : 'Sign-in refused: wrong password', requestId);
      });
      return { ok: false as const };
    }
    if (passwordExpired(user.password_expires_at, now())) {
      await auditOwnAccount(db, user.id, 'sign_in_failed', 'Sign-in refused: one-time password expired', requestId);
      return { ok: false as const, expired: true as const };
    }
    const signedIn = await db.transaction().execute(async (trx) => {
      if (!(await repository.clearSignInFailures(trx, user.id, now()))) {
        await auditOwnAccount(trx, user.id, 'sign_in_failed', 'Sign-in refused: account locked', requestId);
        return false;
      }
      await auditOwnAccount(trx, user.id, 'sign_in', 'Signed in', requestId);
      return true;
    });
    if (!signedIn) return { ok: false as const };
    return { ok: true as const, userId: user.id };
  }

  async function recordSignOut(actor: Actor) {
    await auditOwnAccount(db, actor.userId, 'sign_out', 'Signed out', actor.requestId);
  }

  /** A new password signs out the person's other sessions, so one someone else knew stops working everywhere. */
  async function storeNewPassword(actor: Actor, userId: string, sessionId: string, newPassword: string, summary: string) {
    const passwordHash = await hashPassword(newPassword);
    await db.transaction().execute(async (trx) => {
      await repository.updatePasswordHash(trx, userId, passwordHash, now());
      await repository.deleteOtherSessions(trx, userId, sessionId);
      await auditOwnAccount(trx, userId, 'password_changed', summary, actor.requestId);
    });
  }

  async function changePassword(
    actor: Actor,
    sessionId: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<{ ok: true } | { ok: false; field: string; problem: string }> {
    const user = await repository.findUserById(db, actor.userId);
    if (!user || !(await verifyPassword(user.password_hash, currentPassword))) {
      return { ok: false, field: 'currentPassword', problem: 'Your current password is wrong' };
    }
    await storeNewPassword(actor, user.id, sessionId, newPassword, 'Changed their password; other sessions were signed out');
    return { ok: true };
  }

  /** Replaces a one-time password with one the person chose, at their first sign-in. */
  async function replaceOneTimePassword(
    actor: Actor,
    sessionId: string,
    newPassword: string,
  ): Promise<{ ok: true } | { ok: false; field: string; problem: string }> {
    const user = await repository.findUserById(db, actor.userId);
    if (!user?.must_change_password) return { ok: false, field: 'newPassword', problem: 'Your password has already been changed' };
    if (await verifyPassword(user.password_hash, newPassword)) {
      return { ok: false, field: 'newPassword', problem: 'Your new password must be different from the one-time password' };
    }
    await storeNewPassword(actor, user.id, sessionId, newPassword, 'Replaced their one-time password at first sign-in; other sessions were signed out');
    return { ok: true };
  }

  async function invite(
    partnershipId: string,
    actor: Actor,
    details: { email: string; role: Role; organisation: string | null; partnerType: string | null },
    linkBase: string,
  ): Promise<{ ok: true; link: string; emailed: boolean; emailFailed: boolean } | { ok: false; field: string; problem: string }> {
    const existing = await repository.findUserByEmail(db, details.email);
    if (existing && (await repository.findMembershipOfUser(db, partnershipId, existing.id))) {
      return { ok: false, field: 'email', problem: 'This person is already a member of the partnership' };
    }
    // Analysts see figures from outside every partnership; one account never does both.
    if (existing && (await repository.findAnalystScope(db, existing.id))) {
      return { ok: false, field: 'email', problem: 'This email address belongs to a regional or national analyst, who cannot join a partnership' };
    }
    const partnership = await repository.findPartnership(db, partnershipId);
    if (!partnership) return { ok: false, field: 'email', problem: 'The partnership no longer exists' };
    const { token, hash } = newInvitationToken();
    const expiresAt = invitationExpiry(now());
    await db.transaction().execute(async (trx) => {
      const invitation = await repository.insertInvitation(trx, partnershipId, {
        ...details,
        tokenHash: hash,
        invitedBy: actor.userId,
        expiresAt,
      });
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'invitation_created',
        recordType: 'invitation',
        recordId: invitation.id,
        summary: `Invited someone as ${roleLabel(details.role)}${details.organisation ? ` for ${details.organisation}` : ''}`,
        requestId: actor.requestId,
      });
    });
    const link = invitationLink(deps.publicUrl ?? linkBase, token);
    const sent = await sendInvitation(details.email, {
      subject: `You have been invited to ${partnership.name} on Residential Pathways`,
      invitation: `You have been invited to join ${partnership.name} on Residential Pathways as ${roleLabel(details.role).toLowerCase()}.`,
      action: 'accept',
      link,
      expires_in_days: invitationValidDays,
    });
    return { ok: true, link, ...sent };
  }

  async function findInvitationByToken(token: string) {
    const invitation = await repository.findInvitationByTokenHash(db, hashInvitationToken(token));
    if (!invitation || invitationState(invitation, now()) !== 'pending') return null;
    const existingUser = await repository.findUserByEmail(db, invitation.email);
    return { invitation, existingUserId: existingUser?.id ?? null };
  }

  async function acceptInvitation(
    token: string,
    requestId: string,
    newAccount: { displayName: string; password: string } | { existingUserId: string },
  ): Promise<{ ok: true; userId: string; partnershipId: string } | { ok: false }> {
    const found = await findInvitationByToken(token);
    if (!found) return { ok: false };
    const { invitation } = found;
    const passwordHash = 'password' in newAccount ? await hashPassword(newAccount.password) : null;
    return db.transaction().execute(async (trx) => {
      if (!(await repository.markInvitationAccepted(trx, invitation.id, now()))) return { ok: false as const };
      let userId: string;
      if ('existingUserId' in newAccount) {
        const user = await repository.findUserById(trx, newAccount.existingUserId);
        if (!user || user.email !== invitation.email) return { ok: false as const };
        userId = user.id;
      } else {
        if (await repository.findUserByEmail(trx, invitation.email)) return { ok: false as const };
        const user = await repository.insertUser(trx, {
          email: invitation.email,
          displayName: newAccount.displayName,
          passwordHash: passwordHash as string,
        });
        userId = user.id;
        await recordAudit(trx, {
          partnershipId: invitation.partnership_id,
          actorUserId: userId,
          action: 'account_created',
          recordType: 'user',
          recordId: userId,
          summary: 'Created an account from an invitation',
          requestId,
        });
      }
      if (!(await repository.findMembershipOfUser(trx, invitation.partnership_id, userId))) {
        const membership = await repository.insertMembership(trx, invitation.partnership_id, {
          userId,
          role: invitation.role,
          organisation: invitation.organisation,
          partnerType: invitation.partner_type,
        });
        await recordAudit(trx, {
          partnershipId: invitation.partnership_id,
          actorUserId: userId,
          action: 'invitation_accepted',
          recordType: 'membership',
          recordId: membership.id,
          summary: `Joined as ${roleLabel(invitation.role)}`,
          requestId,
        });
      }
      return { ok: true as const, userId, partnershipId: invitation.partnership_id };
    });
  }

  async function revokeInvitation(partnershipId: string, actor: Actor, invitationId: string): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      if (!(await repository.markInvitationRevoked(trx, partnershipId, invitationId, now()))) return false;
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'invitation_withdrawn',
        recordType: 'invitation',
        recordId: invitationId,
        summary: 'Withdrew an invitation',
        requestId: actor.requestId,
      });
      return true;
    });
  }

  async function changeMembership(
    partnershipId: string,
    actor: Actor,
    membershipId: string,
    expectedVersion: number,
    changes: { role: Role; organisation: string | null; partnerType: string | null },
  ): Promise<{ ok: true } | { ok: false; field: string; problem: string }> {
    return db.transaction().execute(async (trx) => {
      const memberships = await repository.listMemberships(trx, partnershipId);
      const target = memberships.find((membership) => membership.id === membershipId);
      if (!target) return { ok: false as const, field: 'role', problem: 'This person is no longer a member of the partnership' };
      if (!leavesALead(memberships, { membershipId, newRole: changes.role })) {
        return { ok: false as const, field: 'role', problem: 'The partnership must keep at least one lead commissioner' };
      }
      if (!(await repository.updateMembership(trx, partnershipId, membershipId, expectedVersion, changes, now()))) {
        return { ok: false as const, field: 'role', problem: accountConflict };
      }
      const described: string[] = [];
      if (target.role !== changes.role) described.push(`role from ${roleLabel(target.role)} to ${roleLabel(changes.role)}`);
      if (target.organisation !== changes.organisation) described.push('organisation');
      if (target.partner_type !== changes.partnerType) described.push('partner type');
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: target.role !== changes.role ? 'role_changed' : 'membership_updated',
        recordType: 'membership',
        recordId: membershipId,
        summary: described.length ? `Changed ${described.join(', ')}` : 'Saved without changes',
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  async function removeMembership(
    partnershipId: string,
    actor: Actor,
    membershipId: string,
    expectedVersion: number,
  ): Promise<{ ok: true } | { ok: false; problem: string }> {
    return db.transaction().execute(async (trx) => {
      const memberships = await repository.listMemberships(trx, partnershipId);
      const target = memberships.find((membership) => membership.id === membershipId);
      if (!target) return { ok: false as const, problem: 'This person is no longer a member of the partnership' };
      if (!leavesALead(memberships, { membershipId, newRole: null })) {
        return { ok: false as const, problem: 'The partnership must keep at least one lead commissioner' };
      }
      if (!(await repository.deleteMembership(trx, partnershipId, membershipId, expectedVersion))) {
        return { ok: false as const, problem: accountConflict };
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'membership_removed',
        recordType: 'membership',
        recordId: membershipId,
        summary: `Removed a ${roleLabel(target.role).toLowerCase()} from the partnership`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  async function createPartnership(
    actor: Actor,
    details: { name: string; onsCode: string | null; region: string },
  ): Promise<{ ok: true; id: string } | { ok: false; field: string; problem: string }> {
    if (await repository.findPartnershipByName(db, details.name)) {
      return { ok: false, field: 'name', problem: 'A partnership with this name already exists' };
    }
    return db.transaction().execute(async (trx) => {
      const partnership = await repository.insertPartnership(trx, details);
      await recordAudit(trx, {
        partnershipId: partnership.id,
        actorUserId: actor.userId,
        action: 'partnership_created',
        recordType: 'partnership',
        recordId: partnership.id,
        summary: `Created the partnership ${details.name}`,
        requestId: actor.requestId,
      });
      return { ok: true as const, id: partnership.id };
    });
  }

  async function updatePartnership(
    actor: Actor,
    partnershipId: string,
    expectedVersion: number,
    details: { name: string; onsCode: string | null; region: string },
  ): Promise<{ ok: true } | { ok: false; field: string; problem: string }> {
    const sameName = await repository.findPartnershipByName(db, details.name);
    if (sameName && sameName.id !== partnershipId) {
      return { ok: false, field: 'name', problem: 'A partnership with this name already exists' };
    }
    return db.transaction().execute(async (trx) => {
      const before = await repository.findPartnership(trx, partnershipId);
      if (!before) return { ok: false as const, field: 'name', problem: 'This partnership no longer exists' };
      if (!(await repository.updatePartnership(trx, partnershipId, expectedVersion, details, now()))) {
        return { ok: false as const, field: 'name', problem: accountConflict };
      }
      const changed = [
        before.name !== details.name ? `name from “${before.name}” to “${details.name}”` : null,
        before.ons_code !== details.onsCode ? 'area code' : null,
        before.region !== details.region ? `region to ${details.region}` : null,
      ].filter(Boolean);
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'partnership_updated',
        recordType: 'partnership',
        recordId: partnershipId,
        summary: changed.length ? `Changed ${changed.join(', ')}` : 'Saved without changes',
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  /**
   * An administrator invites a regional or national analyst by a link, as every account made on
   * the web is. An analyst needs an account of their own: one that already works in a
   * partnership is refused, so an analyst never also holds a partnership's records.
   */
  async function inviteAnalyst(
    actor: Actor,
    details: { displayName: string; email: string; scope: string | null },
    linkBase: string,
  ): Promise<{ ok: true; link: string; emailed: boolean; emailFailed: boolean } | { ok: false; field: string; problem: string }> {
    if (await repository.findUserByEmail(db, details.email)) {
      return { ok: false, field: 'email', problem: 'This email address already has an account. An analyst needs an account of their own' };
    }
    const { token, hash } = newInvitationToken();
    const scopeWords = details.scope ?? 'England';
    await db.transaction().execute(async (trx) => {
      const invitation = await repository.insertAnalystInvitation(trx, {
        email: details.email,
        displayName: details.displayName,
        region: details.scope,
        tokenHash: hash,
        invitedBy: actor.userId,
        expiresAt: invitationExpiry(now()),
      });
      await recordAudit(trx, {
        partnershipId: null,
        actorUserId: actor.userId,
        action: 'analyst_invitation_created',
        recordType: 'analyst_invitation',
        recordId: invitation.id,
        summary: `Invited an analyst for ${scopeWords}`,
        requestId: actor.requestId,
      });
    });
    const link = invitationLink(deps.publicUrl ?? linkBase, token);
    const sent = await sendInvitation(details.email, {
      subject: 'You have been invited to Residential Pathways as an analyst',
      invitation: `You have been invited to Residential Pathways to compare the shared figures of partnerships in ${scopeWords}.`,
      action: 'create your account',
      link,
      expires_in_days: invitationValidDays,
    });
    return { ok: true, link, ...sent };
  }

  async function findAnalystInvitationByToken(token: string) {
    const invitation = await repository.findAnalystInvitationByTokenHash(db, hashInvitationToken(token));
    if (!invitation) return null;
    if (invitationState({ accepted_at: invitation.accepted_at, revoked_at: invitation.withdrawn_at, expires_at: invitation.expires_at }, now()) !== 'pending') return null;
    const existingUser = await repository.findUserByEmail(db, invitation.email);
    return { invitation, existingUserId: existingUser?.id ?? null };
  }

  /** Makes the analyst's account and scope; an address that has an account meanwhile is refused. */
  async function acceptAnalystInvitation(
    token: string,
    requestId: string,
    newAccount: { displayName: string; password: string } | { existingUserId: string },
  ): Promise<{ ok: true; userId: string } | { ok: false }> {
    const found = await findAnalystInvitationByToken(token);
    if (!found || found.existingUserId || !('password' in newAccount)) return { ok: false };
    const { invitation } = found;
    const passwordHash = await hashPassword(newAccount.password);
    return db.transaction().execute(async (trx) => {
      if (await repository.findUserByEmail(trx, invitation.email)) return { ok: false as const };
      if (!(await repository.markAnalystInvitationAccepted(trx, invitation.id, now()))) return { ok: false as const };
      const user = await repository.insertUser(trx, { email: invitation.email, displayName: newAccount.displayName, passwordHash });
      await repository.insertAnalystScope(trx, { userId: user.id, region: invitation.region, createdBy: invitation.created_by });
      await recordAudit(trx, {
        partnershipId: null,
        actorUserId: user.id,
        action: 'account_created',
        recordType: 'user',
        recordId: user.id,
        summary: `Created an analyst account for ${invitation.region ?? 'England'} from an invitation`,
        requestId,
      });
      return { ok: true as const, userId: user.id };
    });
  }

  return {
    signIn,
    recordSignOut,
    changePassword,
    replaceOneTimePassword,
    invite,
    findInvitationByToken,
    acceptInvitation,
    revokeInvitation,
    changeMembership,
    removeMembership,
    createPartnership,
    updatePartnership,
    inviteAnalyst,
    findAnalystInvitationByToken,
    acceptAnalystInvitation,
    ...providerInvitationAcceptance({ db, now, store: deps.providerInvitations }),
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
