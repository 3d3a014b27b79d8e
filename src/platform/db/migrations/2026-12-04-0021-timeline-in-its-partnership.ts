import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A timeline entry and a review belong to a referral of their own partnership: one foreign key
  // on (partnership_id, referral_id) says so, where two keys on their own let an entry name its
  // referral with another partnership's id. It also takes one look-up a row where there were two:
  // a large import writes about seven timeline entries for each referral, and PostgreSQL checks
  // each key row by row (the partnership's look-up alone was a quarter of a 100,000-row import).
  // The partnership is still checked, through the referral's own key to partnerships.
  await sql`ALTER TABLE referrals ADD CONSTRAINT referrals_partnership_id_id_key UNIQUE (partnership_id, id)`.execute(db);
  for (const table of ['referral_events', 'referral_reviews']) {
    // Added unchecked, then checked in one pass, so existing rows are read once.
    await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.id(`${table}_referral_fkey`)} FOREIGN KEY (partnership_id, referral_id) REFERENCES referrals (partnership_id, id) NOT VALID`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} VALIDATE CONSTRAINT ${sql.id(`${table}_referral_fkey`)}`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.id(`${table}_partnership_id_fkey`)}, DROP CONSTRAINT ${sql.id(`${table}_referral_id_fkey`)}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['referral_events', 'referral_reviews']) {
    await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.id(`${table}_partnership_id_fkey`)} FOREIGN KEY (partnership_id) REFERENCES partnerships (id)`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.id(`${table}_referral_id_fkey`)} FOREIGN KEY (referral_id) REFERENCES referrals (id)`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.id(`${table}_referral_fkey`)}`.execute(db);
  }
  await sql`ALTER TABLE referrals DROP CONSTRAINT referrals_partnership_id_id_key`.execute(db);
}
