import type {
  DischargeOutcome,
  ReferralStage,
  eligibilityDecisions,
  fundingDeciders,
  fundingDecisions,
  fundingRoutes,
} from '../../platform/db/schema.js';

/**
 * What the stage rules read and write about a referral: its state, the details recorded for a
 * move, and the columns a move changes. Kept apart so the forms, the import and the repository
 * can name these shapes without pulling in the rules themselves.
 */

export type Problem = [field: string, message: string];

export type EligibilityDecision = (typeof eligibilityDecisions)[number];
export type FundingRoute = (typeof fundingRoutes)[number];
export type FundingDecision = (typeof fundingDecisions)[number];
export type FundingDecider = (typeof fundingDeciders)[number];

/** The parts of a referral the rules read. A row from the referrals table fits. */
export interface ReferralState {
  stage: ReferralStage;
  identified_on: string;
  referred_on: string | null;
  assessed_on: string | null;
  eligibility_decision: EligibilityDecision | null;
  preparing_on: string | null;
  service_id: string | null;
  funding_requested_on: string | null;
  funding_route: FundingRoute | null;
  funding_decision: FundingDecision | null;
  funding_decided_on: string | null;
  waiting_since: string | null;
  aftercare_plan_agreed_on: string | null;
  admitted_on: string | null;
  planned_weeks: number | null;
  discharged_on: string | null;
  discharge_outcome: DischargeOutcome | null;
  referrer_notified_at: Date | string | null;
  aftercare_started_on: string | null;
  closed_on: string | null;
  withdrawn_on: string | null;
}

/** A referral just identified, before anything else has happened. */
export function newReferralState(identifiedOn: string): ReferralState {
  return {
    stage: 'identified',
    identified_on: identifiedOn,
    referred_on: null,
    assessed_on: null,
    eligibility_decision: null,
    preparing_on: null,
    service_id: null,
    funding_requested_on: null,
    funding_route: null,
    funding_decision: null,
    funding_decided_on: null,
    waiting_since: null,
    aftercare_plan_agreed_on: null,
    admitted_on: null,
    planned_weeks: null,
    discharged_on: null,
    discharge_outcome: null,
    referrer_notified_at: null,
    aftercare_started_on: null,
    closed_on: null,
    withdrawn_on: null,
  };
}

/**
 * What is recorded for a move to a stage. `date` is that stage's own date (for waiting: the day
 * they started waiting; for a funding decision: the day it was made). Only the fields the
 * target stage asks for are read.
 */
export interface StageDetails {
  date: string | null;
  // assessed
  eligibilityDecision?: EligibilityDecision | null;
  eligibilityReasons?: string;
  // preparing
  preparationGroup?: boolean;
  informationPackGiven?: boolean;
  serviceVisit?: boolean;
  detoxArranged?: boolean;
  // preparing, funding requested, admitted
  serviceId?: string | null;
  // funding requested
  fundingRoute?: FundingRoute | null;
  // funding decided
  fundingDecision?: FundingDecision | null;
  fundingDecidedBy?: FundingDecider | null;
  fundingDecisionReason?: string;
  // admitted
  plannedWeeks?: number | null;
  detoxIncluded?: boolean;
  weeklyCostPence?: number | null;
  aftercarePlanAgreedOn?: string | null;
  noAftercarePlanReason?: string;
  // discharged
  dischargeOutcome?: DischargeOutcome | null;
  riskAssessmentSummary?: string;
  referrerNotifiedAt?: Date | null;
  /** Said explicitly on an unplanned discharge when the referrer has not been told yet. */
  referrerNotYetTold?: boolean;
  // withdrawn
  withdrawnReason?: string;
}

/** The columns a move changes, named as in the referrals table. */
export interface ReferralChanges {
  stage?: ReferralStage;
  referred_on?: string | null;
  assessed_on?: string | null;
  eligibility_decision?: EligibilityDecision | null;
  eligibility_reasons?: string;
  preparing_on?: string | null;
  preparation_group?: boolean;
  information_pack_given?: boolean;
  service_visit?: boolean;
  detox_arranged?: boolean;
  service_id?: string | null;
  funding_requested_on?: string | null;
  funding_route?: FundingRoute | null;
  funding_decision?: FundingDecision | null;
  funding_decided_by?: FundingDecider | null;
  funding_decision_reason?: string;
  funding_decided_on?: string | null;
  waiting_since?: string | null;
  aftercare_plan_agreed_on?: string | null;
  admitted_without_aftercare_reason?: string;
  admitted_on?: string | null;
  planned_weeks?: number | null;
  detox_included?: boolean;
  weekly_cost_pence?: number | null;
  discharged_on?: string | null;
  discharge_outcome?: DischargeOutcome | null;
  risk_assessment_summary?: string;
  referrer_notified_at?: Date | null;
  aftercare_started_on?: string | null;
  closed_on?: string | null;
  withdrawn_on?: string | null;
  withdrawn_from_stage?: ReferralStage | null;
  withdrawn_reason?: string;
}
