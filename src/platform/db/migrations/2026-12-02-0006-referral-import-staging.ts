import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A referral import writes its rows here a batch at a time, each batch its own short
  // statement, then moves them all into referrals in one short transaction. On the embedded
  // database (one connection) other requests run between the batches instead of waiting for
  // the whole file. A real table, not a temporary one: on PostgreSQL the batches may go
  // through different pool connections. Rows left by a crash are removed after a day.
  await sql`CREATE TABLE referral_import_rows (
    import_id uuid NOT NULL,
    position integer NOT NULL,
    referral jsonb NOT NULL,
    reviews jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (import_id, position)
  )`.execute(db);
  await sql`CREATE INDEX referral_import_rows_created_idx ON referral_import_rows (created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE referral_import_rows`.execute(db);
}
