import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The referrals list's order, for everyone and for one stage, so a page is read in order from
  // the index rather than sorted.
  await sql`CREATE INDEX referrals_list_idx ON referrals (partnership_id, identified_on DESC, created_at DESC, id)`.execute(db);
  await sql`CREATE INDEX referrals_stage_list_idx ON referrals (partnership_id, stage, identified_on DESC, created_at DESC, id)`.execute(db);
  // The stage index is a prefix of the new one.
  await sql`DROP INDEX referrals_partnership_stage_idx`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The list indexes migration cannot be reversed');
}
