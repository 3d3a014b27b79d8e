import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // Which figures evidence a statement, with the thresholds that suggest a rating.
    sql`CREATE TABLE template_statement_measures (
      statement_id uuid NOT NULL REFERENCES template_statements (id) ON DELETE CASCADE,
      measure text NOT NULL,
      in_place numeric NOT NULL,
      partly numeric NOT NULL,
      position integer NOT NULL,
      PRIMARY KEY (statement_id, measure)
    )`,
    // An agreed answer keeps the figures as they stood when it was agreed, the rating they
    // suggested, and why the partnership agreed otherwise when it did.
    sql`ALTER TABLE agreed_answers
      ADD COLUMN suggested_rating text CHECK (suggested_rating IN ('in_place', 'partly', 'not_in_place')),
      ADD COLUMN differs_reason text NOT NULL DEFAULT '',
      ADD COLUMN figures jsonb NOT NULL DEFAULT '[]'`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The measure links migration cannot be reversed');
}
