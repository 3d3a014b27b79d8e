import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // Pathway staff (keyworkers, care managers, panel members) record and move referrals.
    sql`ALTER TABLE memberships DROP CONSTRAINT memberships_role_check`,
    sql`ALTER TABLE memberships ADD CONSTRAINT memberships_role_check CHECK (role IN ('lead_commissioner', 'contributor', 'peer_reviewer', 'viewer', 'pathway_staff'))`,
    sql`ALTER TABLE invitations DROP CONSTRAINT invitations_role_check`,
    sql`ALTER TABLE invitations ADD CONSTRAINT invitations_role_check CHECK (role IN ('lead_commissioner', 'contributor', 'peer_reviewer', 'viewer', 'pathway_staff'))`,
    sql`ALTER TABLE partnerships ADD COLUMN funding_decision_target_days integer NOT NULL DEFAULT 10 CHECK (funding_decision_target_days BETWEEN 1 AND 100)`,

    // One person's journey, under a local reference that is not a name. No name, NHS number,
    // date of birth or address is ever stored.
    sql`CREATE TABLE referrals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      local_reference text NOT NULL,
      stage text NOT NULL DEFAULT 'identified' CHECK (stage IN ('identified', 'referred', 'assessed', 'preparing', 'funding_requested', 'funding_decided', 'waiting', 'admitted', 'discharged', 'aftercare', 'closed', 'withdrawn')),
      identified_via text NOT NULL CHECK (identified_via IN ('presentation', 'care_plan_review', 'treatment_exit', 'prison', 'hospital', 'self_referral', 'other')),
      referring_service text NOT NULL DEFAULT '',
      keyworker_role text NOT NULL DEFAULT '',
      age_band text NOT NULL CHECK (age_band IN ('18-24', '25-34', '35-44', '45-54', '55-64', '65+')),
      sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'not_stated')),
      ethnicity_group text NOT NULL CHECK (ethnicity_group IN ('asian', 'black', 'mixed', 'white', 'other', 'not_stated')),
      disability text NOT NULL CHECK (disability IN ('yes', 'no', 'not_stated')),
      pregnant text NOT NULL CHECK (pregnant IN ('yes', 'no', 'not_applicable', 'not_stated')),
      parental_responsibility text NOT NULL CHECK (parental_responsibility IN ('yes', 'no', 'not_stated')),
      main_substance text NOT NULL CHECK (main_substance IN ('drugs', 'alcohol', 'both')),
      complexity text[] NOT NULL DEFAULT '{}',
      eligibility_information_given boolean NOT NULL DEFAULT false,

      identified_on date NOT NULL,
      referred_on date,
      assessed_on date,
      eligibility_decision text CHECK (eligibility_decision IN ('eligible', 'not_eligible')),
      eligibility_reasons text NOT NULL DEFAULT '',
      preparing_on date,
      preparation_group boolean NOT NULL DEFAULT false,
      information_pack_given boolean NOT NULL DEFAULT false,
      service_visit boolean NOT NULL DEFAULT false,
      detox_arranged boolean NOT NULL DEFAULT false,
      service_id uuid REFERENCES services (id),
      funding_requested_on date,
      funding_route text CHECK (funding_route IN ('standard', 'fast_track_detox', 'extension', 'other_route')),
      funding_decision text CHECK (funding_decision IN ('approved', 'declined')),
      funding_decided_by text CHECK (funding_decided_by IN ('panel', 'delegated_officer')),
      funding_decision_reason text NOT NULL DEFAULT '',
      funding_decided_on date,
      waiting_since date,
      aftercare_plan_agreed_on date,
      admitted_without_aftercare_reason text NOT NULL DEFAULT '',
      admitted_on date,
      planned_weeks integer CHECK (planned_weeks IS NULL OR planned_weeks BETWEEN 1 AND 104),
      detox_included boolean NOT NULL DEFAULT false,
      weekly_cost_pence integer CHECK (weekly_cost_pence IS NULL OR weekly_cost_pence >= 0),
      discharged_on date,
      discharge_outcome text CHECK (discharge_outcome IN ('completed', 'left_early', 'asked_to_leave', 'transferred', 'other')),
      risk_assessment_summary text NOT NULL DEFAULT '',
      referrer_notified_at timestamptz,
      aftercare_started_on date,
      closed_on date,
      withdrawn_on date,
      withdrawn_from_stage text,
      withdrawn_reason text NOT NULL DEFAULT '',

      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      UNIQUE (partnership_id, local_reference)
    )`,
    sql`CREATE INDEX referrals_partnership_stage_idx ON referrals (partnership_id, stage)`,
    sql`CREATE INDEX referrals_partnership_referred_idx ON referrals (partnership_id, referred_on)`,
    sql`CREATE INDEX referrals_service_idx ON referrals (service_id) WHERE service_id IS NOT NULL`,

    // The timeline: every transition and edit, kept for good.
    sql`CREATE TABLE referral_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      referral_id uuid NOT NULL REFERENCES referrals (id),
      occurred_at timestamptz NOT NULL DEFAULT now(),
      event_on date NOT NULL,
      event_type text NOT NULL,
      stage text,
      summary text NOT NULL,
      actor_user_id uuid REFERENCES users (id)
    )`,
    sql`CREATE INDEX referral_events_referral_idx ON referral_events (partnership_id, referral_id, id)`,

    sql`CREATE TABLE referral_contacts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      referral_id uuid NOT NULL REFERENCES referrals (id),
      contacted_on date NOT NULL,
      note text NOT NULL DEFAULT '',
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    sql`CREATE INDEX referral_contacts_idx ON referral_contacts (partnership_id, referral_id, contacted_on)`,

    // Care-plan and risk reviews during the stay, and follow-ups at 3, 6 and 12 months after discharge.
    sql`CREATE TABLE referral_reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      referral_id uuid NOT NULL REFERENCES referrals (id),
      kind text NOT NULL CHECK (kind IN ('care_plan', 'risk', 'follow_up_3_months', 'follow_up_6_months', 'follow_up_12_months')),
      due_on date NOT NULL,
      completed_on date,
      notes text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`,
    sql`CREATE INDEX referral_reviews_due_idx ON referral_reviews (partnership_id, completed_on, due_on)`,
    sql`CREATE INDEX referral_reviews_referral_idx ON referral_reviews (referral_id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The pathway migration cannot be reversed');
}
