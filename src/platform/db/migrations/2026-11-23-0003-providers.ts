import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // The directory is shared by every partnership and kept by administrators and providers.
    sql`CREATE TABLE providers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      website text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`,
    sql`CREATE UNIQUE INDEX providers_name_key ON providers (lower(name))`,
    sql`CREATE TABLE provider_users (
      provider_id uuid NOT NULL REFERENCES providers (id),
      user_id uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (provider_id, user_id)
    )`,
    sql`CREATE INDEX provider_users_user_idx ON provider_users (user_id)`,
    sql`CREATE TABLE services (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      provider_id uuid NOT NULL REFERENCES providers (id),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('residential_rehab', 'inpatient_detox', 'second_stage', 'crisis')),
      approaches text[] NOT NULL DEFAULT '{}',
      specialisms text[] NOT NULL DEFAULT '{}',
      detox_on_site boolean NOT NULL DEFAULT false,
      address text NOT NULL DEFAULT '',
      town text NOT NULL DEFAULT '',
      postcode text NOT NULL DEFAULT '',
      region text NOT NULL,
      beds integer CHECK (beds IS NULL OR beds >= 0),
      weekly_cost_pence integer CHECK (weekly_cost_pence IS NULL OR weekly_cost_pence >= 0),
      minimum_weeks integer CHECK (minimum_weeks IS NULL OR minimum_weeks >= 0),
      typical_weeks integer CHECK (typical_weeks IS NULL OR typical_weeks >= 0),
      waiting_weeks integer CHECK (waiting_weeks IS NULL OR waiting_weeks >= 0),
      waiting_updated_on date,
      regulator_rating text CHECK (regulator_rating IS NULL OR regulator_rating IN ('outstanding', 'good', 'requires_improvement', 'inadequate', 'not_rated')),
      rating_date date,
      eligibility text NOT NULL DEFAULT '',
      exclusions text NOT NULL DEFAULT '',
      step_free_access boolean NOT NULL DEFAULT false,
      adapted_rooms boolean NOT NULL DEFAULT false,
      languages text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`,
    sql`CREATE INDEX services_provider_idx ON services (provider_id)`,
    sql`CREATE INDEX services_search_idx ON services (kind, region, weekly_cost_pence)`,
    sql`CREATE INDEX services_specialisms_idx ON services USING gin (specialisms)`,
    sql`CREATE INDEX services_approaches_idx ON services USING gin (approaches)`,
    sql`CREATE TABLE service_information_packs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      service_id uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
      audience text NOT NULL CHECK (audience IN ('commissioners_and_referrers', 'before_admission', 'on_admission')),
      title text NOT NULL,
      link text,
      review_on date,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`,
    sql`CREATE INDEX service_information_packs_service_idx ON service_information_packs (service_id)`,

    // What a partnership adds belongs to that partnership alone.
    sql`CREATE TABLE contracts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      service_id uuid NOT NULL REFERENCES services (id),
      contract_type text NOT NULL CHECK (contract_type IN ('spot', 'block')),
      reference text NOT NULL DEFAULT '',
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      bed_nights_purchased integer CHECK (bed_nights_purchased IS NULL OR bed_nights_purchased >= 0),
      bed_nights_used integer CHECK (bed_nights_used IS NULL OR bed_nights_used >= 0),
      weekly_price_pence integer CHECK (weekly_price_pence IS NULL OR weekly_price_pence >= 0),
      requires_ndtms_reporting boolean NOT NULL DEFAULT false,
      requires_user_involvement boolean NOT NULL DEFAULT false,
      requires_feedback_surveys boolean NOT NULL DEFAULT false,
      next_review_on date,
      notes text NOT NULL DEFAULT '',
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      CHECK (ends_on >= starts_on)
    )`,
    sql`CREATE INDEX contracts_partnership_idx ON contracts (partnership_id, ends_on)`,
    sql`CREATE INDEX contracts_service_idx ON contracts (service_id)`,
    sql`CREATE TABLE preferred_services (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      service_id uuid NOT NULL REFERENCES services (id),
      added_on date NOT NULL,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      UNIQUE (partnership_id, service_id)
    )`,
    sql`CREATE TABLE preferred_service_reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      preferred_service_id uuid NOT NULL REFERENCES preferred_services (id) ON DELETE CASCADE,
      reviewed_on date NOT NULL,
      data_considered text NOT NULL DEFAULT '',
      service_user_feedback text NOT NULL DEFAULT '',
      visit_made boolean NOT NULL DEFAULT false,
      decision text NOT NULL CHECK (decision IN ('keep', 'keep_with_conditions', 'remove')),
      decision_notes text NOT NULL DEFAULT '',
      next_review_on date,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    sql`CREATE INDEX preferred_service_reviews_idx ON preferred_service_reviews (partnership_id, preferred_service_id, reviewed_on DESC)`,
    sql`CREATE TABLE service_notes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      service_id uuid NOT NULL REFERENCES services (id),
      note text NOT NULL,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    sql`CREATE INDEX service_notes_idx ON service_notes (partnership_id, service_id, created_at DESC)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The provider directory migration cannot be reversed');
}
