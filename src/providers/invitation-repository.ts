import type { ProviderInvitationStore } from '../accounts/index.js';
import type { Executor } from '../platform/db/executor.js';
import { findProviderAccount, insertProviderAccount } from './directory-repository.js';

/** Invitations to keep a provider's services up to date, for people who have no account yet. */

export function insertProviderInvitation(
  db: Executor,
  invitation: { providerId: string; email: string; displayName: string; tokenHash: string; expiresAt: Date; createdBy: string; now: Date },
) {
  return db
    .insertInto('provider_invitations')
    .values({
      provider_id: invitation.providerId,
      email: invitation.email.toLowerCase(),
      display_name: invitation.displayName,
      token_hash: invitation.tokenHash,
      expires_at: invitation.expiresAt,
      created_by: invitation.createdBy,
      created_at: invitation.now,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/** Invitations still waiting: neither used nor withdrawn, and not expired. */
export function listPendingProviderInvitations(db: Executor, providerId: string, now: Date) {
  return db
    .selectFrom('provider_invitations')
    .select(['id', 'email', 'display_name', 'expires_at', 'created_at'])
    .where('provider_id', '=', providerId)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

export function findPendingProviderInvitation(db: Executor, providerId: string, email: string, now: Date) {
  return db
    .selectFrom('provider_invitations')
    .select(['id', 'display_name'])
    .where('provider_id', '=', providerId)
    .where('email', '=', email.toLowerCase())
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export function findProviderInvitation(db: Executor, providerId: string, invitationId: string) {
  return db
    .selectFrom('provider_invitations')
    .select(['id', 'email', 'display_name'])
    .where('provider_id', '=', providerId)
    .where('id', '=', invitationId)
    .executeTakeFirst();
}

/** False when it was used or withdrawn meanwhile. */
export async function markProviderInvitationWithdrawn(db: Executor, providerId: string, invitationId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('provider_invitations')
    .set({ withdrawn_at: now })
    .where('provider_id', '=', providerId)
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The one lookup not scoped by provider: the secret token itself is the proof of access. */
export function findProviderInvitationByTokenHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('provider_invitations')
    .innerJoin('providers', 'providers.id', 'provider_invitations.provider_id')
    .select([
      'provider_invitations.id',
      'provider_invitations.provider_id',
      'providers.name as provider_name',
      'provider_invitations.email',
      'provider_invitations.display_name',
      'provider_invitations.expires_at',
      'provider_invitations.accepted_at',
      'provider_invitations.withdrawn_at',
    ])
    .where('provider_invitations.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Marks an invitation used; false if it was already used or withdrawn (two clicks, two tabs). */
export async function markProviderInvitationAccepted(db: Executor, invitationId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('provider_invitations')
    .set({ accepted_at: now })
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** What accounts needs of these invitations to accept one at /invitations/:token; the composition root hands it over. */
export const providerInvitationStore: ProviderInvitationStore = {
  findByTokenHash: findProviderInvitationByTokenHash,
  markAccepted: markProviderInvitationAccepted,
  async grant(trx, providerId, userId, now) {
    if (await findProviderAccount(trx, providerId, userId)) return false;
    await insertProviderAccount(trx, providerId, userId, now);
    return true;
  },
};
