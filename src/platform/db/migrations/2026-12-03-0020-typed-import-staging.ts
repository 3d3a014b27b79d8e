import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The import's staging table, now with a column of referrals' own type for each value an
  // import fills in, instead of the referral as JSON text in a jsonb column: COPY reads each
  // value straight into its type, and the move into referrals copies columns, where before the
  // database parsed about 1.7 KB of JSON a row twice (into jsonb, then jsonb_populate_record).
  // The reviews still to come are two arrays, kinds and dates, in the same order. No checks
  // here: the rows were checked before staging and referrals' own constraints apply on the way
  // in. Staged rows are only ever in flight (an import removes its own; any left by a crash go
  // after a day), so the old table is dropped rather than converted.
  //
  // UNLOGGED: staged rows are written to no write-ahead log, neither by COPY nor by their removal
  // (on the embedded database the log is the slowest part of writing). A crash empties the table,
  // which loses nothing: an import cut short by a crash is not kept anyway.
  await sql`DROP TABLE referral_import_rows`.execute(db);
  await sql`CREATE UNLOGGED TABLE referral_import_rows (
    import_id uuid NOT NULL,
    position integer NOT NULL,
    id uuid,
    partnership_id uuid,
    local_reference text,
    stage text,
    identified_via text,
    referring_service text,
    keyworker_role text,
    age_band text,
    sex text,
    ethnicity_group text,
    disability text,
    pregnant text,
    parental_responsibility text,
    main_substance text,
    complexity text[],
    eligibility_information_given boolean,
    identified_on date,
    referred_on date,
    assessed_on date,
    eligibility_decision text,
    eligibility_reasons text,
    preparing_on date,
    preparation_group boolean,
    information_pack_given boolean,
    service_visit boolean,
    detox_arranged boolean,
    service_id uuid,
    funding_requested_on date,
    funding_route text,
    funding_decision text,
    funding_decided_by text,
    funding_decision_reason text,
    funding_decided_on date,
    waiting_since date,
    aftercare_plan_agreed_on date,
    admitted_without_aftercare_reason text,
    admitted_on date,
    planned_weeks integer,
    detox_included boolean,
    weekly_cost_pence integer,
    discharged_on date,
    discharge_outcome text,
    risk_assessment_summary text,
    referrer_notified_at timestamptz,
    aftercare_started_on date,
    closed_on date,
    withdrawn_on date,
    withdrawn_from_stage text,
    withdrawn_reason text,
    created_by uuid,
    review_kinds text[] NOT NULL DEFAULT '{}',
    review_due_on date[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (import_id, position)
  )`.execute(db);
  await sql`CREATE INDEX referral_import_rows_created_idx ON referral_import_rows (created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE referral_import_rows`.execute(db);
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
