import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  // API tokens a lead commissioner makes for their partnership. Only a hash of the token is
  // kept (the token is shown once); `token_hint` is its first characters, so a list can tell
  // tokens apart without holding anything that works.
  await sql`CREATE TABLE api_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    partnership_id uuid NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    name text NOT NULL,
    token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    token_hint text NOT NULL,
    scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
    expires_at timestamptz NOT NULL,
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    revoked_by uuid REFERENCES users (id) ON DELETE SET NULL,
    last_used_at timestamptz
  )`.execute(db);
  await sql`CREATE INDEX api_tokens_partnership_idx ON api_tokens (partnership_id, created_at DESC)`.execute(db);
  // One row per Idempotency-Key a partnership has used on a write: the hash of the request it
  // came with and the response it got, so a retry gets the same answer and records nothing twice.
  // A row without a response is a request still being carried out.
  await sql`CREATE TABLE api_idempotency_keys (
    partnership_id uuid NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    idempotency_key text NOT NULL,
    token_id uuid REFERENCES api_tokens (id) ON DELETE SET NULL,
    request_hash text NOT NULL,
    status_code integer,
    response_body jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partnership_id, idempotency_key)
  )`.execute(db);
  // No index on referrals.updated_at for the API's changed-since list: every change to a referral
  // moves updated_at, so such an index would be rewritten on every update (no HOT updates), and
  // one partnership's referrals are few enough (thousands) to sort after the partnership index.
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE api_idempotency_keys`.execute(db);
  await sql`DROP TABLE api_tokens`.execute(db);
}
