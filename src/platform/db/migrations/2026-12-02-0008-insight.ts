import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One upload of NDTMS-style aggregate figures. A lead commissioner uploads their own local
  // authority's figures (partnership_id set); an administrator uploads regional and national
  // ones (partnership_id null). The counts say what the upload changed.
  await sql`CREATE TABLE aggregate_imports (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    partnership_id uuid REFERENCES partnerships (id),
    imported_by uuid NOT NULL REFERENCES users (id),
    source text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    data_as_of date NOT NULL,
    file_name text NOT NULL DEFAULT '',
    figures integer NOT NULL DEFAULT 0,
    added integer NOT NULL DEFAULT 0,
    changed integer NOT NULL DEFAULT 0,
    removed integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX aggregate_imports_partnership_idx ON aggregate_imports (partnership_id, created_at DESC)`.execute(db);

  // The areas the figures are about, named as the import names them. A local authority
  // belongs to a region; a region to England.
  await sql`CREATE TABLE aggregate_areas (
    area_code text PRIMARY KEY CHECK (area_code ~ '^[EWSN][0-9]{8}$'),
    area_name text NOT NULL CHECK (length(area_name) BETWEEN 1 AND 200),
    area_level text NOT NULL CHECK (area_level IN ('local_authority', 'region', 'england')),
    region_code text,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX aggregate_areas_region_idx ON aggregate_areas (region_code, area_level)`.execute(db);

  // The figures as they stand: one value per area, period, measure and breakdown group. The
  // value is null only when the publisher suppressed it. A period's start is its first day
  // (a financial year starts on 1 April).
  await sql`CREATE TABLE aggregate_figures (
    area_code text NOT NULL REFERENCES aggregate_areas (area_code),
    area_level text NOT NULL CHECK (area_level IN ('local_authority', 'region', 'england')),
    period_unit text NOT NULL CHECK (period_unit IN ('month', 'quarter', 'year')),
    period_start date NOT NULL,
    measure text NOT NULL,
    breakdown text NOT NULL DEFAULT 'all',
    breakdown_value text NOT NULL DEFAULT 'all',
    value numeric,
    qualifier text CHECK (qualifier IN ('suppressed', 'estimated', 'provisional', 'revised')),
    import_id uuid NOT NULL REFERENCES aggregate_imports (id),
    CHECK (value IS NOT NULL OR qualifier = 'suppressed'),
    CHECK (value IS NULL OR value >= 0),
    PRIMARY KEY (area_code, period_unit, period_start, measure, breakdown, breakdown_value)
  )`.execute(db);
  await sql`CREATE INDEX aggregate_figures_level_idx ON aggregate_figures (area_level, measure, period_unit, period_start)`.execute(db);
  await sql`CREATE INDEX aggregate_figures_import_idx ON aggregate_figures (import_id)`.execute(db);

  // What each re-import changed, figure by figure, so a revision can be read back later.
  await sql`CREATE TABLE aggregate_figure_revisions (
    id bigserial PRIMARY KEY,
    import_id uuid NOT NULL REFERENCES aggregate_imports (id),
    area_code text NOT NULL,
    period_unit text NOT NULL,
    period_start date NOT NULL,
    measure text NOT NULL,
    breakdown text NOT NULL,
    breakdown_value text NOT NULL,
    change text NOT NULL CHECK (change IN ('added', 'changed', 'removed')),
    old_value numeric,
    old_qualifier text,
    new_value numeric,
    new_qualifier text
  )`.execute(db);
  await sql`CREATE INDEX aggregate_figure_revisions_import_idx ON aggregate_figure_revisions (import_id, id)`.execute(db);

  // The partnership's own target for residential episodes in a financial year (the year it
  // starts in: 2026 is April 2026 to March 2027).
  await sql`CREATE TABLE residential_targets (
    partnership_id uuid NOT NULL REFERENCES partnerships (id),
    financial_year integer NOT NULL CHECK (financial_year BETWEEN 2000 AND 2100),
    target_episodes integer NOT NULL CHECK (target_episodes BETWEEN 0 AND 100000),
    set_by uuid NOT NULL REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    PRIMARY KEY (partnership_id, financial_year)
  )`.execute(db);

  // Local authority areas the lead chose to compare with, from the published aggregate figures.
  await sql`CREATE TABLE comparator_areas (
    partnership_id uuid NOT NULL REFERENCES partnerships (id),
    area_code text NOT NULL CHECK (area_code ~ '^[EWSN][0-9]{8}$'),
    added_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partnership_id, area_code)
  )`.execute(db);

  // The dashboard groups a partnership's referrals by admission date as well as referral date.
  await sql`CREATE INDEX referrals_partnership_admitted_idx ON referrals (partnership_id, admitted_on) WHERE admitted_on IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX referrals_partnership_admitted_idx`.execute(db);
  await sql`DROP TABLE comparator_areas`.execute(db);
  await sql`DROP TABLE residential_targets`.execute(db);
  await sql`DROP TABLE aggregate_figure_revisions`.execute(db);
  await sql`DROP TABLE aggregate_figures`.execute(db);
  await sql`DROP TABLE aggregate_areas`.execute(db);
  await sql`DROP TABLE aggregate_imports`.execute(db);
}
