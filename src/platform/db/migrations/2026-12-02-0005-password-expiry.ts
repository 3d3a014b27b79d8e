import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A one-time password (from create-admin, or a new provider account) stops working after a
  // while, and must be replaced at the first sign-in, so one passed on and never used is not
  // a way in for ever.
  await sql`ALTER TABLE users
    ADD COLUMN password_expires_at timestamptz,
    ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN password_expires_at, DROP COLUMN must_change_password`.execute(db);
}
