import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  // An action can aim to move one linked measure (a key of insight's evidence catalogue) to a
  // target value by a date. The baseline is the live figure when the measure was chosen: its
  // value, the day, and the whole figure as it stood (period, base, trend), kept as JSON so the
  // action page can say what it rested on. It stays empty when there was no figure to freeze.
  await sql`ALTER TABLE actions
    ADD COLUMN measure text CHECK (measure ~ '^[a-z0-9_]{1,60}$'),
    ADD COLUMN baseline numeric,
    ADD COLUMN baseline_on date,
    ADD COLUMN baseline_figure jsonb,
    ADD COLUMN target_value numeric CHECK (target_value >= 0),
    ADD COLUMN target_on date,
    ADD CONSTRAINT actions_measure_has_target CHECK (measure IS NULL OR (target_value IS NOT NULL AND target_on IS NOT NULL)),
    ADD CONSTRAINT actions_target_has_measure CHECK (measure IS NOT NULL OR (target_value IS NULL AND target_on IS NULL)),
    ADD CONSTRAINT actions_baseline_complete CHECK ((baseline IS NULL) = (baseline_on IS NULL) AND (baseline IS NULL) = (baseline_figure IS NULL)),
    ADD CONSTRAINT actions_baseline_has_measure CHECK (baseline IS NULL OR measure IS NOT NULL)`.execute(db);

  // The live figure a review meeting looked at for each reviewed action with a measure, with the
  // baseline and target it was judged against, frozen when the meeting record was saved so that
  // later records do not rewrite what the meeting saw.
  await sql`ALTER TABLE review_meeting_actions ADD COLUMN figure_then jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE review_meeting_actions DROP COLUMN figure_then`.execute(db);
  await sql`ALTER TABLE actions
    DROP CONSTRAINT actions_baseline_has_measure,
    DROP CONSTRAINT actions_baseline_complete,
    DROP CONSTRAINT actions_target_has_measure,
    DROP CONSTRAINT actions_measure_has_target,
    DROP COLUMN target_on,
    DROP COLUMN target_value,
    DROP COLUMN baseline_figure,
    DROP COLUMN baseline_on,
    DROP COLUMN baseline,
    DROP COLUMN measure`.execute(db);
}
