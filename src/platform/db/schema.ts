import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A jsonb column: read back as parsed JSON by both drivers, written as JSON text. */
type Json = ColumnType<unknown, string | null | undefined, string | null>;

export const roles = ['lead_commissioner', 'contributor', 'peer_reviewer', 'viewer', 'pathway_staff'] as const;
export type Role = (typeof roles)[number];

export interface PartnershipTable {
  id: Generated<string>;
  name: string;
  ons_code: string | null;
  region: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
  funding_decision_target_days: Generated<number>;
}

export interface UserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  is_admin: Generated<boolean>;
  failed_sign_ins: Generated<number>;
  locked_until: Timestamp | null;
  /** When a one-time password stops working; null for a password the person chose. */
  password_expires_at: Timestamp | null;
  /** A one-time password must be replaced before anything else. */
  must_change_password: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface MembershipTable {
  id: Generated<string>;
  partnership_id: string;
  user_id: string;
  role: Role;
  organisation: string | null;
  partner_type: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface InvitationTable {
  id: Generated<string>;
  partnership_id: string;
  email: string;
  role: Role;
  organisation: string | null;
  partner_type: string | null;
  token_hash: string;
  invited_by: string;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SessionTable {
  sid: string;
  data: ColumnType<Record<string, unknown>, string, string>;
  expires_at: Timestamp;
}

export interface AuditEventTable {
  id: Generated<number>;
  occurred_at: CreatedAt;
  partnership_id: string | null;
  actor_user_id: string | null;
  action: string;
  record_type: string;
  record_id: string | null;
  summary: string;
  request_id: string | null;
}

export const ratings = ['in_place', 'partly', 'not_in_place', 'dont_know', 'not_applicable'] as const;
export type Rating = (typeof ratings)[number];
export const roundStatuses = ['draft', 'open', 'agreeing', 'peer_review', 'signed_off'] as const;
export type RoundStatus = (typeof roundStatuses)[number];
export const judgements = ['strength', 'concern', 'neither'] as const;
export type Judgement = (typeof judgements)[number];
export const actionStatuses = ['not_started', 'in_progress', 'done', 'blocked'] as const;
export type ActionStatus = (typeof actionStatuses)[number];
export const actionPurposes = ['address_concern', 'maintain_strength'] as const;
export type ActionPurpose = (typeof actionPurposes)[number];
export const peerDecisions = ['signed_off', 'changes_requested'] as const;
export type PeerDecision = (typeof peerDecisions)[number];
export const evidenceKinds = ['process', 'numerical', 'lived_experience'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

/** DATE columns come back as 'YYYY-MM-DD' strings from both drivers. */
type DateOnly = string;

export interface AssessmentTemplateTable {
  id: Generated<string>;
  key: string;
  version: string;
  title: string;
  description: Generated<string>;
  source: 'built_in' | 'imported';
  imported_by: string | null;
  created_at: CreatedAt;
}

export interface TemplateThemeTable {
  id: Generated<string>;
  template_id: string;
  key: string;
  title: string;
  description: Generated<string>;
  position: number;
}

export interface TemplateStatementTable {
  id: Generated<string>;
  template_id: string;
  theme_id: string;
  key: string;
  text: string;
  good_looks_like: Generated<string>;
  evidence: ColumnType<string[], string, string>;
  position: number;
}

export interface AssessmentRoundTable {
  id: Generated<string>;
  partnership_id: string;
  template_id: string;
  previous_round_id: string | null;
  title: string;
  status: Generated<RoundStatus>;
  starts_on: DateOnly;
  responses_due_on: DateOnly;
  re_evaluate_on: DateOnly | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface RoundParticipantTable {
  id: Generated<string>;
  partnership_id: string;
  round_id: string;
  membership_id: string | null;
  name: string;
  organisation: string;
  partner_type: string;
  has_authority: Generated<boolean>;
  knows_pathway: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ResponseTable {
  id: Generated<string>;
  partnership_id: string;
  round_id: string;
  statement_id: string;
  respondent_user_id: string;
  organisation: Generated<string>;
  rating: Rating | null;
  evidence: Generated<string>;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface AgreedAnswerTable {
  id: Generated<string>;
  partnership_id: string;
  round_id: string;
  statement_id: string;
  rating: Rating;
  judgement: Judgement;
  rationale: Generated<string>;
  /** The rating the linked figures suggested when the answer was agreed. */
  suggested_rating: 'in_place' | 'partly' | 'not_in_place' | null;
  /** Why the partnership agreed a rating other than the suggested one. */
  differs_reason: Generated<string>;
  /** The linked figures as they stood when the answer was agreed (a frozen record). */
  figures: ColumnType<unknown[], string | undefined, string>;
  updated_by: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface TemplateStatementMeasureTable {
  statement_id: string;
  measure: string;
  /** numeric comes back as text from both drivers. */
  in_place: ColumnType<string, number, number>;
  partly: ColumnType<string, number, number>;
  position: number;
}

export interface PriorityTable {
  id: Generated<string>;
  partnership_id: string;
  round_id: string;
  title: string;
  description: Generated<string>;
  rank: number;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ActionTable {
  id: Generated<string>;
  partnership_id: string;
  round_id: string;
  priority_id: string | null;
  description: string;
  purpose: ActionPurpose;
  lead_person: string;
  lead_organisation: string;
  due_on: DateOnly;
  status: Generated<ActionStatus>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
  /** A key of insight's evidence catalogue: the figure the action aims to move. */
  measure: string | null;
  baseline: Numeric | null;
  baseline_on: DateOnly | null;
  /** The whole live figure when the baseline was frozen, as JSON (written as text). */
  baseline_figure: Json;
  target_value: Numeric | null;
  target_on: DateOnly | null;
}

export interface ActionStatementTable {
  action_id: string;
  statement_id: string;
}

export interface ActionUpdateTable {
  id: Generated<string>;
  partnership_id: string;
  action_id: string;
  recorded_on: DateOnly;
  status: ActionStatus;
  note: string;
  created_by: string;
  created_at: CreatedAt;
}

export interface ReviewMeetingTable {
  id: Generated<string>;
  partnership_id: string;
  round_id: string;
  meets_on: DateOnly;
  attendees: Generated<string>;
  notes: Generated<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ReviewMeetingActionTable {
  meeting_id: string;
  action_id: string;
  status_then: ActionStatus;
  /** The live figure the meeting looked at (with what it was judged against), as JSON. */
  figure_then: Json;
}

export interface PeerReviewCommentTable {
  id: Generated<string>;
  partnership_id: string;
  round_id: string;
  statement_id: string | null;
  reviewer_user_id: string;
  comment: string;
  reply: string | null;
  replied_by: string | null;
  replied_at: Timestamp | null;
  created_at: CreatedAt;
  version: Generated<number>;
}

/** A small file attached to evidence; its type was found from its content when it was uploaded. */
export interface EvidenceAttachmentTable {
  id: Generated<string>;
  partnership_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  /** Buffer from PostgreSQL, Uint8Array from the embedded database. */
  content: ColumnType<Uint8Array, Uint8Array, never>;
  sha256: string;
  created_by: string;
  created_at: CreatedAt;
}

export interface StatementEvidenceTable {
  id: Generated<string>;
  partnership_id: string;
  round_id: string;
  statement_id: string;
  kind: EvidenceKind;
  title: string;
  link: string | null;
  attachment_id: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface PeerReviewDecisionTable {
  id: Generated<string>;
  partnership_id: string;
  round_id: string;
  reviewer_user_id: string;
  decision: PeerDecision;
  summary: Generated<string>;
  decided_at: CreatedAt;
}

export const serviceKinds = ['residential_rehab', 'inpatient_detox', 'second_stage', 'crisis'] as const;
export type ServiceKind = (typeof serviceKinds)[number];
export const treatmentApproaches = ['therapeutic_community', 'twelve_step', 'faith_based', 'cognitive_behavioural', 'other'] as const;
export type TreatmentApproach = (typeof treatmentApproaches)[number];
export const specialisms = [
  'women_only',
  'men_only',
  'parents_with_children',
  'pregnant_women',
  'co_occurring_mental_health',
  'liver_disease',
  'alcohol_only',
  'drugs_only',
  'leaving_prison',
  'lgbtq_plus',
  'older_adults',
  'young_adults',
] as const;
export type Specialism = (typeof specialisms)[number];
export const regulatorRatings = ['outstanding', 'good', 'requires_improvement', 'inadequate', 'not_rated'] as const;
export type RegulatorRating = (typeof regulatorRatings)[number];
export const packAudiences = ['commissioners_and_referrers', 'before_admission', 'on_admission'] as const;
export type PackAudience = (typeof packAudiences)[number];
export const contractTypes = ['spot', 'block'] as const;
export type ContractType = (typeof contractTypes)[number];
export const preferredDecisions = ['keep', 'keep_with_conditions', 'remove'] as const;
export type PreferredDecision = (typeof preferredDecisions)[number];

/** text[] columns: read as arrays; written with sql`ARRAY[...]::text[]` or a string array. */
type TextArray<T extends string = string> = ColumnType<T[], T[] | undefined, T[]>;

export interface ProviderTable {
  id: Generated<string>;
  name: string;
  website: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ProviderUserTable {
  provider_id: string;
  user_id: string;
  created_at: CreatedAt;
}

export interface ProviderInvitationTable {
  id: Generated<string>;
  provider_id: string;
  email: string;
  display_name: string;
  token_hash: string;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface FigureSharingTable {
  partnership_id: string;
  shares_figures: boolean;
  version: Generated<number>;
  changed_by: string;
  changed_at: Timestamp;
}

export interface AnalystScopeTable {
  user_id: string;
  /** One of the nine regions, or null for all of England. */
  region: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface AnalystInvitationTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  region: string | null;
  token_hash: string;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface ServiceTable {
  id: Generated<string>;
  provider_id: string;
  name: string;
  kind: ServiceKind;
  approaches: TextArray<TreatmentApproach>;
  specialisms: TextArray<Specialism>;
  detox_on_site: Generated<boolean>;
  address: Generated<string>;
  town: Generated<string>;
  postcode: Generated<string>;
  region: string;
  beds: number | null;
  weekly_cost_pence: number | null;
  minimum_weeks: number | null;
  typical_weeks: number | null;
  waiting_weeks: number | null;
  waiting_updated_on: DateOnly | null;
  regulator_rating: RegulatorRating | null;
  rating_date: DateOnly | null;
  eligibility: Generated<string>;
  exclusions: Generated<string>;
  step_free_access: Generated<boolean>;
  adapted_rooms: Generated<boolean>;
  languages: TextArray;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ServiceInformationPackTable {
  id: Generated<string>;
  service_id: string;
  audience: PackAudience;
  title: string;
  link: string | null;
  review_on: DateOnly | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ContractTable {
  id: Generated<string>;
  partnership_id: string;
  service_id: string;
  contract_type: ContractType;
  reference: Generated<string>;
  starts_on: DateOnly;
  ends_on: DateOnly;
  bed_nights_purchased: number | null;
  bed_nights_used: number | null;
  weekly_price_pence: number | null;
  requires_ndtms_reporting: Generated<boolean>;
  requires_user_involvement: Generated<boolean>;
  requires_feedback_surveys: Generated<boolean>;
  next_review_on: DateOnly | null;
  notes: Generated<string>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface PreferredServiceTable {
  id: Generated<string>;
  partnership_id: string;
  service_id: string;
  added_on: DateOnly;
  created_by: string;
  created_at: CreatedAt;
  version: Generated<number>;
}

export interface PreferredServiceReviewTable {
  id: Generated<string>;
  partnership_id: string;
  preferred_service_id: string;
  reviewed_on: DateOnly;
  data_considered: Generated<string>;
  service_user_feedback: Generated<string>;
  visit_made: Generated<boolean>;
  decision: PreferredDecision;
  decision_notes: Generated<string>;
  next_review_on: DateOnly | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface ServiceNoteTable {
  id: Generated<string>;
  partnership_id: string;
  service_id: string;
  note: string;
  created_by: string;
  created_at: CreatedAt;
}

export const referralStages = [
  'identified',
  'referred',
  'assessed',
  'preparing',
  'funding_requested',
  'funding_decided',
  'waiting',
  'admitted',
  'discharged',
  'aftercare',
  'closed',
  'withdrawn',
] as const;
export type ReferralStage = (typeof referralStages)[number];
export const identifiedVia = ['presentation', 'care_plan_review', 'treatment_exit', 'prison', 'hospital', 'self_referral', 'other'] as const;
export type IdentifiedVia = (typeof identifiedVia)[number];
export const ageBands = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export type AgeBand = (typeof ageBands)[number];
export const sexes = ['female', 'male', 'other', 'not_stated'] as const;
export const ethnicityGroups = ['asian', 'black', 'mixed', 'white', 'other', 'not_stated'] as const;
export const yesNoNotStated = ['yes', 'no', 'not_stated'] as const;
export const pregnancyAnswers = ['yes', 'no', 'not_applicable', 'not_stated'] as const;
export const mainSubstances = ['drugs', 'alcohol', 'both'] as const;
export const complexityIndicators = [
  'physical_health',
  'mental_health',
  'unsafe_in_community',
  'community_treatment_not_worked',
  'pregnant_or_parent',
  'homelessness',
  'criminal_justice',
] as const;
export type ComplexityIndicator = (typeof complexityIndicators)[number];
export const eligibilityDecisions = ['eligible', 'not_eligible'] as const;
export const fundingRoutes = ['standard', 'fast_track_detox', 'extension', 'other_route'] as const;
export const fundingDecisions = ['approved', 'declined'] as const;
export const fundingDeciders = ['panel', 'delegated_officer'] as const;
export const dischargeOutcomes = ['completed', 'left_early', 'asked_to_leave', 'transferred', 'other'] as const;
export type DischargeOutcome = (typeof dischargeOutcomes)[number];
export const referralReviewKinds = ['care_plan', 'risk', 'follow_up_3_months', 'follow_up_6_months', 'follow_up_12_months'] as const;
export type ReferralReviewKind = (typeof referralReviewKinds)[number];

export interface ReferralTable {
  id: Generated<string>;
  partnership_id: string;
  local_reference: string;
  stage: Generated<ReferralStage>;
  identified_via: IdentifiedVia;
  referring_service: Generated<string>;
  keyworker_role: Generated<string>;
  age_band: AgeBand;
  sex: (typeof sexes)[number];
  ethnicity_group: (typeof ethnicityGroups)[number];
  disability: (typeof yesNoNotStated)[number];
  pregnant: (typeof pregnancyAnswers)[number];
  parental_responsibility: (typeof yesNoNotStated)[number];
  main_substance: (typeof mainSubstances)[number];
  complexity: TextArray<ComplexityIndicator>;
  eligibility_information_given: Generated<boolean>;
  identified_on: DateOnly;
  referred_on: DateOnly | null;
  assessed_on: DateOnly | null;
  eligibility_decision: (typeof eligibilityDecisions)[number] | null;
  eligibility_reasons: Generated<string>;
  preparing_on: DateOnly | null;
  preparation_group: Generated<boolean>;
  information_pack_given: Generated<boolean>;
  service_visit: Generated<boolean>;
  detox_arranged: Generated<boolean>;
  service_id: string | null;
  funding_requested_on: DateOnly | null;
  funding_route: (typeof fundingRoutes)[number] | null;
  funding_decision: (typeof fundingDecisions)[number] | null;
  funding_decided_by: (typeof fundingDeciders)[number] | null;
  funding_decision_reason: Generated<string>;
  funding_decided_on: DateOnly | null;
  waiting_since: DateOnly | null;
  aftercare_plan_agreed_on: DateOnly | null;
  admitted_without_aftercare_reason: Generated<string>;
  admitted_on: DateOnly | null;
  planned_weeks: number | null;
  detox_included: Generated<boolean>;
  weekly_cost_pence: number | null;
  discharged_on: DateOnly | null;
  discharge_outcome: DischargeOutcome | null;
  risk_assessment_summary: Generated<string>;
  referrer_notified_at: Timestamp | null;
  aftercare_started_on: DateOnly | null;
  closed_on: DateOnly | null;
  withdrawn_on: DateOnly | null;
  withdrawn_from_stage: ReferralStage | null;
  withdrawn_reason: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ReferralEventTable {
  id: Generated<number>;
  partnership_id: string;
  referral_id: string;
  occurred_at: CreatedAt;
  event_on: DateOnly;
  event_type: string;
  stage: ReferralStage | null;
  summary: string;
  actor_user_id: string | null;
}

export interface ReferralContactTable {
  id: Generated<string>;
  partnership_id: string;
  referral_id: string;
  contacted_on: DateOnly;
  note: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ReferralReviewTable {
  id: Generated<string>;
  partnership_id: string;
  referral_id: string;
  kind: ReferralReviewKind;
  due_on: DateOnly;
  completed_on: DateOnly | null;
  notes: Generated<string>;
  /** Due before its stage was recorded (a backdated or imported record): listed as not recorded at the time, never on the queues. */
  not_recorded: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

/**
 * A referral import's rows on their way in: written a batch at a time by COPY, moved into
 * referrals in one transaction, then deleted. Besides the columns named here it has one of
 * referrals' own type for every column an import fills in (see the 0020 migration), written
 * only by COPY and read only by the move; `review_kinds` and `review_due_on` are the reviews
 * still to come, in order.
 */
export interface ReferralImportRowTable {
  import_id: string;
  position: number;
  id: string | null;
  partnership_id: string | null;
  local_reference: string | null;
  review_kinds: Generated<string[]>;
  review_due_on: Generated<string[]>;
  created_at: CreatedAt;
}

export const areaLevels = ['local_authority', 'region', 'england'] as const;
export type AreaLevel = (typeof areaLevels)[number];
export const periodUnits = ['month', 'quarter', 'year'] as const;
export type PeriodUnit = (typeof periodUnits)[number];
export const figureQualifiers = ['suppressed', 'estimated', 'provisional', 'revised'] as const;
export type FigureQualifier = (typeof figureQualifiers)[number];
export const figureChanges = ['added', 'changed', 'removed'] as const;

/** Numeric columns come back as strings from both drivers, to keep their precision. */
type Numeric = ColumnType<string, string | number, string | number>;

export interface AggregateImportTable {
  id: Generated<string>;
  partnership_id: string | null;
  imported_by: string;
  source: string;
  data_as_of: DateOnly;
  file_name: Generated<string>;
  figures: Generated<number>;
  added: Generated<number>;
  changed: Generated<number>;
  removed: Generated<number>;
  created_at: CreatedAt;
}

export interface AggregateAreaTable {
  area_code: string;
  area_name: string;
  area_level: AreaLevel;
  region_code: string | null;
  updated_at: Generated<Date>;
}

export interface AggregateFigureTable {
  area_code: string;
  area_level: AreaLevel;
  period_unit: PeriodUnit;
  period_start: DateOnly;
  measure: string;
  breakdown: Generated<string>;
  breakdown_value: Generated<string>;
  value: Numeric | null;
  qualifier: FigureQualifier | null;
  import_id: string;
}

export interface AggregateFigureRevisionTable {
  id: Generated<number>;
  import_id: string;
  area_code: string;
  period_unit: PeriodUnit;
  period_start: DateOnly;
  measure: string;
  breakdown: string;
  breakdown_value: string;
  change: (typeof figureChanges)[number];
  old_value: Numeric | null;
  old_qualifier: FigureQualifier | null;
  new_value: Numeric | null;
  new_qualifier: FigureQualifier | null;
}

export interface ResidentialTargetTable {
  partnership_id: string;
  financial_year: number;
  target_episodes: number;
  set_by: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ComparatorAreaTable {
  partnership_id: string;
  area_code: string;
  added_by: string;
  created_at: CreatedAt;
}

/** Whose weekly digest of overdue work has gone, per partnership and week (Monday, UK time). */
export interface WeeklyDigestTable {
  partnership_id: string;
  week_starting: DateOnly;
  user_id: string;
  sent_at: Timestamp;
}

export const apiScopes = ['referrals:read', 'figures:read', 'referral_events:write'] as const;
export type ApiScope = (typeof apiScopes)[number];

export interface ApiTokenTable {
  id: Generated<string>;
  partnership_id: string;
  name: string;
  token_hash: string;
  token_hint: string;
  scopes: TextArray<ApiScope>;
  expires_at: Timestamp;
  created_by: string | null;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  last_used_at: Timestamp | null;
}

export interface ApiIdempotencyKeyTable {
  partnership_id: string;
  idempotency_key: string;
  token_id: string | null;
  request_hash: string;
  status_code: number | null;
  response_body: Json;
  created_at: CreatedAt;
}

export interface ServiceBedAvailabilityTable {
  service_id: string;
  beds_available: number;
  next_admission_on: DateOnly | null;
  waiting_list_length: number;
  updated_at: Timestamp;
  updated_by: string | null;
  version: Generated<number>;
}

export const placementRequestStatuses = ['sent', 'visit_requested', 'accepted', 'declined'] as const;
export type PlacementRequestStatus = (typeof placementRequestStatuses)[number];

export interface PlacementRequestTable {
  id: Generated<string>;
  partnership_id: string;
  referral_id: string;
  service_id: string;
  status: Generated<PlacementRequestStatus>;
  local_reference: string;
  /** What the provider may see of the person, copied when the request is sent. */
  shared_details: Json;
  sent_on: DateOnly;
  sent_by: string;
  visit_note: Generated<string>;
  visit_requested_at: Timestamp | null;
  admission_on: DateOnly | null;
  decline_reason: Generated<string>;
  answered_at: Timestamp | null;
  answered_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface Database {
  partnerships: PartnershipTable;
  users: UserTable;
  memberships: MembershipTable;
  invitations: InvitationTable;
  sessions: SessionTable;
  audit_events: AuditEventTable;
  assessment_templates: AssessmentTemplateTable;
  template_themes: TemplateThemeTable;
  template_statements: TemplateStatementTable;
  template_statement_measures: TemplateStatementMeasureTable;
  assessment_rounds: AssessmentRoundTable;
  round_participants: RoundParticipantTable;
  responses: ResponseTable;
  agreed_answers: AgreedAnswerTable;
  priorities: PriorityTable;
  actions: ActionTable;
  action_statements: ActionStatementTable;
  action_updates: ActionUpdateTable;
  review_meetings: ReviewMeetingTable;
  review_meeting_actions: ReviewMeetingActionTable;
  peer_review_comments: PeerReviewCommentTable;
  peer_review_decisions: PeerReviewDecisionTable;
  statement_evidence: StatementEvidenceTable;
  evidence_attachments: EvidenceAttachmentTable;
  providers: ProviderTable;
  provider_users: ProviderUserTable;
  provider_invitations: ProviderInvitationTable;
  figure_sharing: FigureSharingTable;
  analyst_scopes: AnalystScopeTable;
  analyst_invitations: AnalystInvitationTable;
  services: ServiceTable;
  service_information_packs: ServiceInformationPackTable;
  contracts: ContractTable;
  preferred_services: PreferredServiceTable;
  preferred_service_reviews: PreferredServiceReviewTable;
  service_notes: ServiceNoteTable;
  referrals: ReferralTable;
  referral_events: ReferralEventTable;
  referral_contacts: ReferralContactTable;
  referral_reviews: ReferralReviewTable;
  referral_import_rows: ReferralImportRowTable;
  aggregate_imports: AggregateImportTable;
  aggregate_areas: AggregateAreaTable;
  aggregate_figures: AggregateFigureTable;
  aggregate_figure_revisions: AggregateFigureRevisionTable;
  residential_targets: ResidentialTargetTable;
  comparator_areas: ComparatorAreaTable;
  weekly_digests: WeeklyDigestTable;
  api_tokens: ApiTokenTable;
  api_idempotency_keys: ApiIdempotencyKeyTable;
  service_bed_availability: ServiceBedAvailabilityTable;
  placement_requests: PlacementRequestTable;
}

export type Partnership = Selectable<PartnershipTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type Membership = Selectable<MembershipTable>;
export type Invitation = Selectable<InvitationTable>;
export type AuditEvent = Selectable<AuditEventTable>;
