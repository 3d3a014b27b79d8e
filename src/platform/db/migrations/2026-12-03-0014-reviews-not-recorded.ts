import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A review or follow-up whose date had already passed when its stage was recorded (a
  // backdated record, or an imported one): kept on the record as "not recorded at the time",
  // never listed on the work queues as overdue.
  await sql`ALTER TABLE referral_reviews ADD COLUMN not_recorded boolean NOT NULL DEFAULT false`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The reviews-not-recorded migration cannot be reversed');
}
