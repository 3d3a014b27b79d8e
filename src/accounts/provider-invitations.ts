import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit/audit.js';
import { hashPassword } from '../platform/auth/passwords.js';
import type { Database } from '../platform/db/schema.js';
import type { Executor } from '../platform/db/executor.js';
import * as repository from './repository.js';
import { hashInvitationToken, invitationState } from './rules.js';

/**
 * Accepting an invitation to keep a provider's services up to date. The directory keeps those
 * invitations and the provider links, and hands accounts this store through the composition
 * root (accounts may not import the directory). Accounts makes the account.
 */

export interface ProviderInvitation {
  id: string;
  provider_id: string;
  provider_name: string;
  email: string;
  display_name: string;
  expires_at: Date;
  accepted_at: Date | null;
  withdrawn_at: Date | null;
}

export interface ProviderInvitationStore {
  findByTokenHash(db: Executor, tokenHash: string): Promise<ProviderInvitation | undefined>;
  /** False when it was used or withdrawn meanwhile. */
  markAccepted(trx: Executor, invitationId: string, now: Date): Promise<boolean>;
  /** Gives the person the provider; false when they had it already. */
  grant(trx: Executor, providerId: string, userId: string, now: Date): Promise<boolean>;
}

export type NewAccountOrExisting = { displayName: string; password: string } | { existingUserId: string };

export function providerInvitationAcceptance({ db, now, store }: { db: Kysely<Database>; now: () => Date; store: ProviderInvitationStore | undefined }) {
  async function findProviderInvitationByToken(token: string) {
    if (!store) return null;
    const invitation = await store.findByTokenHash(db, hashInvitationToken(token));
    if (!invitation) return null;
    const state = invitationState({ accepted_at: invitation.accepted_at, revoked_at: invitation.withdrawn_at, expires_at: invitation.expires_at }, now());
    if (state !== 'pending') return null;
    const existingUser = await repository.findUserByEmail(db, invitation.email);
    return { invitation, existingUserId: existingUser?.id ?? null };
  }

  async function acceptProviderInvitation(token: string, requestId: string, newAccount: NewAccountOrExisting): Promise<{ ok: true; userId: string } | { ok: false }> {
    const found = await findProviderInvitationByToken(token);
    if (!found || !store) return { ok: false };
    const { invitation } = found;
    const passwordHash = 'password' in newAccount ? await hashPassword(newAccount.password) : null;
    return db.transaction().execute(async (trx) => {
      let userId: string;
      if ('existingUserId' in newAccount) {
        const user = await repository.findUserById(trx, newAccount.existingUserId);
        if (!user || user.email !== invitation.email) return { ok: false as const };
        userId = user.id;
      } else if (await repository.findUserByEmail(trx, invitation.email)) {
        return { ok: false as const };
      }
      if (!(await store.markAccepted(trx, invitation.id, now()))) return { ok: false as const };
      if ('password' in newAccount) {
        const user = await repository.insertUser(trx, { email: invitation.email, displayName: newAccount.displayName, passwordHash: passwordHash as string });
        userId = user.id;
        await recordAudit(trx, {
          partnershipId: null,
          actorUserId: userId,
          action: 'account_created',
          recordType: 'user',
          recordId: userId,
          summary: `Created an account from an invitation to keep ${invitation.provider_name}’s services up to date`,
          requestId,
        });
      } else {
        userId = newAccount.existingUserId;
      }
      await store.grant(trx, invitation.provider_id, userId, now());
      await recordAudit(trx, {
        partnershipId: null,
        actorUserId: userId,
        action: 'provider_invitation_accepted',
        recordType: 'provider',
        recordId: invitation.provider_id,
        summary: `Accepted the invitation to keep ${invitation.provider_name}’s services up to date`,
        requestId,
      });
      return { ok: true as const, userId };
    });
  }

  return { findProviderInvitationByToken, acceptProviderInvitation };
}
