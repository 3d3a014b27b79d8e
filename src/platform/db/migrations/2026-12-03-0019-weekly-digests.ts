import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per person, partnership and week whose digest of overdue work has gone (or is going:
  // the row is claimed before the e-mail is sent, so two runs at once never both send it, and
  // removed again when the send fails so a later run tries once more). Rerunning the digest in the
  // same week therefore sends nobody a second one. The week is the Monday it starts on, UK time.
  await sql`
    CREATE TABLE weekly_digests (
      partnership_id uuid NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
      week_starting date NOT NULL CHECK (extract(isodow FROM week_starting) = 1),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      sent_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, week_starting, user_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE weekly_digests`.execute(db);
}
