import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Whether a partnership shares its figures with regional and national analysts. No row means
  // it does not (the default); the version catches two people changing it at once.
  await sql`CREATE TABLE figure_sharing (
    partnership_id uuid PRIMARY KEY REFERENCES partnerships (id) ON DELETE CASCADE,
    shares_figures boolean NOT NULL,
    version integer NOT NULL DEFAULT 1,
    changed_by uuid NOT NULL REFERENCES users (id),
    changed_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  // An analyst's scope: one region, or all of England (region null). An analyst has no
  // partnership membership and sees only aggregate figures of partnerships that share them.
  await sql`CREATE TABLE analyst_scopes (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    region text,
    created_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  // Analysts are invited by a link that works once and expires, as every account made on the web is.
  await sql`CREATE TABLE analyst_invitations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL CHECK (email = lower(email)),
    display_name text NOT NULL,
    region text,
    token_hash text NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    accepted_at timestamptz,
    withdrawn_at timestamptz,
    created_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE analyst_invitations`.execute(db);
  await sql`DROP TABLE analyst_scopes`.execute(db);
  await sql`DROP TABLE figure_sharing`.execute(db);
}
