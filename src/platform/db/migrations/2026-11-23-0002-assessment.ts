import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // Question banks are shared by every partnership; rounds and everything below belong to one.
    sql`CREATE TABLE assessment_templates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      key text NOT NULL,
      version text NOT NULL,
      title text NOT NULL,
      description text NOT NULL DEFAULT '',
      source text NOT NULL CHECK (source IN ('built_in', 'imported')),
      imported_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (key, version)
    )`,
    sql`CREATE TABLE template_themes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      template_id uuid NOT NULL REFERENCES assessment_templates (id),
      key text NOT NULL,
      title text NOT NULL,
      description text NOT NULL DEFAULT '',
      position integer NOT NULL,
      UNIQUE (template_id, key)
    )`,
    sql`CREATE TABLE template_statements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      template_id uuid NOT NULL REFERENCES assessment_templates (id),
      theme_id uuid NOT NULL REFERENCES template_themes (id),
      key text NOT NULL,
      text text NOT NULL,
      good_looks_like text NOT NULL DEFAULT '',
      evidence jsonb NOT NULL DEFAULT '[]',
      position integer NOT NULL,
      UNIQUE (template_id, key)
    )`,
    sql`CREATE INDEX template_statements_theme_idx ON template_statements (theme_id, position)`,

    sql`CREATE TABLE assessment_rounds (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      template_id uuid NOT NULL REFERENCES assessment_templates (id),
      previous_round_id uuid REFERENCES assessment_rounds (id),
      title text NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'agreeing', 'peer_review', 'signed_off')),
      starts_on date NOT NULL,
      responses_due_on date NOT NULL,
      re_evaluate_on date,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      CHECK (responses_due_on >= starts_on),
      CHECK (re_evaluate_on IS NULL OR re_evaluate_on > responses_due_on)
    )`,
    sql`CREATE INDEX assessment_rounds_partnership_idx ON assessment_rounds (partnership_id, created_at DESC)`,

    // Everyone taking part: members (membership_id set) and named people without an account.
    sql`CREATE TABLE round_participants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      round_id uuid NOT NULL REFERENCES assessment_rounds (id),
      membership_id uuid REFERENCES memberships (id) ON DELETE SET NULL,
      name text NOT NULL,
      organisation text NOT NULL,
      partner_type text NOT NULL,
      has_authority boolean NOT NULL DEFAULT false,
      knows_pathway boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`,
    sql`CREATE UNIQUE INDEX round_participants_member_key ON round_participants (round_id, membership_id) WHERE membership_id IS NOT NULL`,
    sql`CREATE INDEX round_participants_round_idx ON round_participants (partnership_id, round_id)`,

    sql`CREATE TABLE responses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      round_id uuid NOT NULL REFERENCES assessment_rounds (id),
      statement_id uuid NOT NULL REFERENCES template_statements (id),
      respondent_user_id uuid NOT NULL REFERENCES users (id),
      organisation text NOT NULL DEFAULT '',
      rating text CHECK (rating IN ('in_place', 'partly', 'not_in_place', 'dont_know', 'not_applicable')),
      evidence text NOT NULL DEFAULT '',
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      UNIQUE (round_id, statement_id, respondent_user_id)
    )`,
    sql`CREATE INDEX responses_round_idx ON responses (partnership_id, round_id, statement_id)`,

    sql`CREATE TABLE agreed_answers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      round_id uuid NOT NULL REFERENCES assessment_rounds (id),
      statement_id uuid NOT NULL REFERENCES template_statements (id),
      rating text NOT NULL CHECK (rating IN ('in_place', 'partly', 'not_in_place', 'dont_know', 'not_applicable')),
      judgement text NOT NULL CHECK (judgement IN ('strength', 'concern', 'neither')),
      rationale text NOT NULL DEFAULT '',
      updated_by uuid NOT NULL REFERENCES users (id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      UNIQUE (round_id, statement_id)
    )`,

    sql`CREATE TABLE priorities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      round_id uuid NOT NULL REFERENCES assessment_rounds (id),
      title text NOT NULL,
      description text NOT NULL DEFAULT '',
      rank integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`,
    sql`CREATE INDEX priorities_round_idx ON priorities (partnership_id, round_id, rank)`,

    sql`CREATE TABLE actions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      round_id uuid NOT NULL REFERENCES assessment_rounds (id),
      priority_id uuid REFERENCES priorities (id) ON DELETE SET NULL,
      description text NOT NULL,
      purpose text NOT NULL CHECK (purpose IN ('address_concern', 'maintain_strength')),
      lead_person text NOT NULL,
      lead_organisation text NOT NULL,
      due_on date NOT NULL,
      status text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'done', 'blocked')),
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`,
    sql`CREATE INDEX actions_round_idx ON actions (partnership_id, round_id, due_on)`,
    sql`CREATE TABLE action_statements (
      action_id uuid NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
      statement_id uuid NOT NULL REFERENCES template_statements (id),
      PRIMARY KEY (action_id, statement_id)
    )`,
    sql`CREATE TABLE action_updates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      action_id uuid NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
      recorded_on date NOT NULL,
      status text NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'blocked')),
      note text NOT NULL,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    sql`CREATE INDEX action_updates_action_idx ON action_updates (partnership_id, action_id, recorded_on DESC)`,

    sql`CREATE TABLE review_meetings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      round_id uuid NOT NULL REFERENCES assessment_rounds (id),
      meets_on date NOT NULL,
      attendees text NOT NULL DEFAULT '',
      notes text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`,
    sql`CREATE INDEX review_meetings_round_idx ON review_meetings (partnership_id, round_id, meets_on)`,
    sql`CREATE TABLE review_meeting_actions (
      meeting_id uuid NOT NULL REFERENCES review_meetings (id) ON DELETE CASCADE,
      action_id uuid NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
      status_then text NOT NULL CHECK (status_then IN ('not_started', 'in_progress', 'done', 'blocked')),
      PRIMARY KEY (meeting_id, action_id)
    )`,

    sql`CREATE TABLE peer_review_comments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      round_id uuid NOT NULL REFERENCES assessment_rounds (id),
      statement_id uuid REFERENCES template_statements (id),
      reviewer_user_id uuid NOT NULL REFERENCES users (id),
      comment text NOT NULL,
      reply text,
      replied_by uuid REFERENCES users (id),
      replied_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`,
    sql`CREATE INDEX peer_review_comments_round_idx ON peer_review_comments (partnership_id, round_id, created_at)`,
    sql`CREATE TABLE peer_review_decisions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partnership_id uuid NOT NULL REFERENCES partnerships (id),
      round_id uuid NOT NULL REFERENCES assessment_rounds (id),
      reviewer_user_id uuid NOT NULL REFERENCES users (id),
      decision text NOT NULL CHECK (decision IN ('signed_off', 'changes_requested')),
      summary text NOT NULL DEFAULT '',
      decided_at timestamptz NOT NULL DEFAULT now()
    )`,
    sql`CREATE INDEX peer_review_decisions_round_idx ON peer_review_decisions (partnership_id, round_id, decided_at DESC)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The assessment migration cannot be reversed');
}
