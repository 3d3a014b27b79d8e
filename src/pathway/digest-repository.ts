import type { Kysely } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import type { Database } from '../platform/db/schema.js';
import { recordWorkers } from './access.js';

/**
 * The SQL of the weekly digest of overdue work: who in a partnership works its records and has
 * not had this week's digest, and the record of each one sent (claimed before sending, so two
 * runs never both send it; released when the send fails, so a later run tries again).
 */

export interface DigestRecipient {
  user_id: string;
  email: string;
}

/** Every partnership, for a run over all of them. */
export async function listPartnerships(db: Executor): Promise<Array<{ id: string; name: string }>> {
  return db.selectFrom('partnerships').select(['id', 'name']).orderBy('name').execute();
}

/** The partnership's lead commissioners and pathway staff who have not had this week's digest. */
export async function recipientsAwaitingDigest(db: Executor, partnershipId: string, weekStarting: string): Promise<DigestRecipient[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id as user_id', 'users.email'])
    .where('memberships.partnership_id', '=', partnershipId)
    .where('memberships.role', 'in', [...recordWorkers])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('weekly_digests')
            .select('weekly_digests.user_id')
            .where('weekly_digests.partnership_id', '=', partnershipId)
            .where('weekly_digests.week_starting', '=', weekStarting)
            .whereRef('weekly_digests.user_id', '=', 'users.id'),
        ),
      ),
    )
    .orderBy('users.email')
    .execute();
}

/** Marks one person's digest for the week as sent; false when another run already has. */
export async function claimDigest(db: Kysely<Database>, partnershipId: string, weekStarting: string, userId: string, now: Date): Promise<boolean> {
  const claimed = await db
    .insertInto('weekly_digests')
    .values({ partnership_id: partnershipId, week_starting: weekStarting, user_id: userId, sent_at: now })
    .onConflict((conflict) => conflict.columns(['partnership_id', 'week_starting', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** Takes back a claim whose e-mail did not go, so the next run sends it. */
export async function releaseDigest(db: Executor, partnershipId: string, weekStarting: string, userId: string): Promise<void> {
  await db
    .deleteFrom('weekly_digests')
    .where('partnership_id', '=', partnershipId)
    .where('week_starting', '=', weekStarting)
    .where('user_id', '=', userId)
    .execute();
}
