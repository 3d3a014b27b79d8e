import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Small files attached to evidence, kept in the database itself so that the embedded
  // database and PostgreSQL behave the same and a backup holds everything. The type is the
  // one found from the file's content when it was uploaded, never the name's or the browser's.
  await sql`CREATE TABLE evidence_attachments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    partnership_id uuid NOT NULL REFERENCES partnerships (id),
    file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    content_type text NOT NULL CHECK (content_type IN (
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/msword',
      'image/png',
      'image/jpeg'
    )),
    size_bytes integer NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 5242880),
    content bytea NOT NULL,
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    created_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (partnership_id, id)
  )`.execute(db);

  // A partnership's evidence for one statement of one round, of one of three kinds. An
  // attachment must belong to the same partnership as the evidence that holds it.
  await sql`CREATE TABLE statement_evidence (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    partnership_id uuid NOT NULL REFERENCES partnerships (id),
    round_id uuid NOT NULL REFERENCES assessment_rounds (id),
    statement_id uuid NOT NULL REFERENCES template_statements (id),
    kind text NOT NULL CHECK (kind IN ('process', 'numerical', 'lived_experience')),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    link text CHECK (link IS NULL OR (link LIKE 'https://%' AND length(link) <= 500)),
    attachment_id uuid UNIQUE,
    created_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    FOREIGN KEY (partnership_id, attachment_id) REFERENCES evidence_attachments (partnership_id, id)
  )`.execute(db);
  await sql`CREATE INDEX statement_evidence_round_idx ON statement_evidence (partnership_id, round_id, statement_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE statement_evidence`.execute(db);
  await sql`DROP TABLE evidence_attachments`.execute(db);
}
