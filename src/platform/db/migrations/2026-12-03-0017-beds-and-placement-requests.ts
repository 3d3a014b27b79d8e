import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Live bed availability: one row a service, kept by the service's provider account in one
  // step. The row says who last changed it and when, so the directory can show the figure as
  // out of date once it has gone unchanged for a while (the rule is in providers/bed-rules.ts).
  await sql`CREATE TABLE service_bed_availability (
    service_id uuid PRIMARY KEY REFERENCES services (id) ON DELETE CASCADE,
    beds_available integer NOT NULL CHECK (beds_available BETWEEN 0 AND 999),
    next_admission_on date,
    waiting_list_length integer NOT NULL CHECK (waiting_list_length BETWEEN 0 AND 9999),
    updated_at timestamptz NOT NULL,
    updated_by uuid REFERENCES users (id),
    version integer NOT NULL DEFAULT 1
  )`.execute(db);
  // The "beds available now" filter: services with a bed, changed recently.
  await sql`CREATE INDEX service_bed_availability_free_idx ON service_bed_availability (updated_at) WHERE beds_available > 0`.execute(db);

  // A placement request from a partnership's pathway staff to one service about one referral.
  // What the provider may see of the person is copied into shared_details when it is sent (the
  // list is pathway/rules/placement-requests.ts); the provider's pages read only this table,
  // never the referral. An answer is checked against the version the provider saw.
  await sql`CREATE TABLE placement_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    partnership_id uuid NOT NULL REFERENCES partnerships (id),
    referral_id uuid NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
    service_id uuid NOT NULL REFERENCES services (id),
    status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'visit_requested', 'accepted', 'declined')),
    local_reference text NOT NULL,
    shared_details jsonb NOT NULL,
    sent_on date NOT NULL,
    sent_by uuid NOT NULL REFERENCES users (id),
    visit_note text NOT NULL DEFAULT '',
    visit_requested_at timestamptz,
    admission_on date,
    decline_reason text NOT NULL DEFAULT '',
    answered_at timestamptz,
    answered_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT placement_requests_accepted_has_date CHECK ((status = 'accepted') = (admission_on IS NOT NULL)),
    CONSTRAINT placement_requests_declined_has_reason CHECK (status <> 'declined' OR decline_reason <> '')
  )`.execute(db);
  // One open request a referral and service at a time.
  await sql`CREATE UNIQUE INDEX placement_requests_open_idx ON placement_requests (referral_id, service_id) WHERE status IN ('sent', 'visit_requested')`.execute(db);
  await sql`CREATE INDEX placement_requests_partnership_idx ON placement_requests (partnership_id, status, sent_on)`.execute(db);
  await sql`CREATE INDEX placement_requests_referral_idx ON placement_requests (partnership_id, referral_id)`.execute(db);
  await sql`CREATE INDEX placement_requests_service_idx ON placement_requests (service_id, sent_on DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE placement_requests`.execute(db);
  await sql`DROP TABLE service_bed_availability`.execute(db);
}
