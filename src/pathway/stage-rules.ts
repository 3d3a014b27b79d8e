import type {
  DischargeOutcome,
  ReferralReviewKind,
  ReferralStage,
  eligibilityDecisions,
  fundingDeciders,
  fundingDecisions,
  fundingRoutes,
} from '../platform/db/schema.js';
import { referralStages } from '../platform/db/schema.js';
import { addDays, addMonths, longDate, ukDateOf, ukLocalToInstant, workingDaysBetween } from '../platform/values/calendar.js';
import { unplannedOutcomes } from './labels.js';

/**
 * The referral's stages as a small state machine, and the safety rules around it, as plain
 * functions: the routes, the provider pages, the CSV import of referral histories and the demo
 * data all move referrals through these, so a rule is written (and tested) once.
 *
 * Choices made here (each one a place where the pathway could otherwise go wrong):
 * - The usual order is identified → referred → assessed → preparing → funding requested →
 *   funding decided → waiting → admitted → discharged → aftercare → closed.
 * - Preparation may be skipped (assessed → funding requested): the alcohol guidelines warn that
 *   preparation must not become a barrier, so it is recorded when it happens, not enforced.
 * - "Not eligible" at assessment goes straight to closed; "eligible" goes on to preparation or a
 *   funding request.
 * - An approved funding decision (or one made through "another agreed route", such as NHS or
 *   other funding) goes on to waiting, or straight to admission when a bed is free at once.
 *   A declined decision goes back to preparing (to prepare and ask again; the earlier request and
 *   decision are cleared from the record, and stay on the timeline) or to closed.
 * - A discharge may be followed by aftercare or, when there is none (for example the person moved
 *   away or said no), by closing the referral.
 * - Withdrawn is possible from every open stage except "admitted": someone in a placement leaves
 *   it by a discharge, so the outcome, the risk assessment and telling the referrer cannot be
 *   skipped by withdrawing instead. Closed and withdrawn are final.
 * - Every stage's date must be on or after the date of the stage the referral is at, and not in
 *   the future.
 * - An admission needs approved funding or another agreed route, and an aftercare plan agreed on
 *   or before the admission date; admitting without one is allowed only with a reason, and is
 *   flagged until a plan is recorded.
 * - An unplanned discharge (left early, asked to leave) needs a summary of the risk assessment
 *   and the date and time the referrer was told. If the referrer has not been told yet, that has
 *   to be said explicitly; the discharge is then flagged until the time is recorded.
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

const asInstant = (value: Date | string): Date => (typeof value === 'string' ? new Date(value) : value);

// The state machine -----------------------------------------------------------------------------

/** Stages in their usual order (withdrawn last). */
export const stageOrder: readonly ReferralStage[] = referralStages;

const forward: Record<ReferralStage, readonly ReferralStage[]> = {
  identified: ['referred'],
  referred: ['assessed'],
  assessed: ['preparing', 'funding_requested', 'closed'],
  preparing: ['funding_requested'],
  funding_requested: ['funding_decided'],
  funding_decided: ['waiting', 'admitted', 'preparing', 'closed'],
  waiting: ['admitted'],
  admitted: ['discharged'],
  discharged: ['aftercare', 'closed'],
  aftercare: ['closed'],
  closed: [],
  withdrawn: [],
};

/** Closed and withdrawn referrals cannot move again. */
export function isFinal(stage: ReferralStage): boolean {
  return stage === 'closed' || stage === 'withdrawn';
}

/** Every stage a referral at this stage could move to, whatever was decided on the way. */
export function nextStages(stage: ReferralStage): ReferralStage[] {
  const moves = [...forward[stage]];
  if (!isFinal(stage) && stage !== 'admitted') moves.push('withdrawn');
  return moves;
}

/** Funding is in place: approved, or agreed through another route (such as NHS funding). */
export function fundingInPlace(referral: Pick<ReferralState, 'funding_decision' | 'funding_route'>): boolean {
  return referral.funding_decision === 'approved' || (referral.funding_route === 'other_route' && referral.funding_decision !== null);
}

/** Why a move this referral cannot make is refused, or null when the stage allows it now. */
function moveRefusal(referral: ReferralState, to: ReferralStage): string | null {
  const from = referral.stage;
  if (isFinal(from)) return 'This referral is closed. It cannot move to another stage.';
  if (!nextStages(from).includes(to)) {
    if (to === 'withdrawn' && from === 'admitted') return 'Someone in a placement cannot be withdrawn. Record their discharge instead.';
    if (to === 'discharged') return 'You cannot record a discharge for someone who has not been admitted.';
    if (to === 'admitted') return 'You cannot record an admission until funding has been decided.';
    const allowed = nextStages(from).map((stage) => stageNames[stage]);
    return `A referral that is ${stageNames[from]} cannot be moved to ${stageNames[to]}. It can be moved to ${joinOr(allowed)}.`;
  }
  if (from === 'assessed') {
    if ((to === 'preparing' || to === 'funding_requested') && referral.eligibility_decision !== 'eligible') {
      return 'This person was assessed as not eligible, so the referral can only be closed or withdrawn.';
    }
    if (to === 'closed' && referral.eligibility_decision !== 'not_eligible') {
      return 'This person was assessed as eligible. To stop the referral, withdraw it and give the reason.';
    }
  }
  if (from === 'funding_decided') {
    if ((to === 'waiting' || to === 'admitted') && !fundingInPlace(referral)) {
      return 'You cannot record an admission or a wait for a bed until funding has been approved or another funding route has been agreed.';
    }
    if ((to === 'preparing' || to === 'closed') && referral.funding_decision !== 'declined') {
      return 'Funding was approved. Record that the person is waiting for a bed or has been admitted, or withdraw the referral.';
    }
  }
  return null;
}

/** The stages this referral can move to now, given what was decided at assessment and funding. */
export function allowedNextStages(referral: ReferralState): ReferralStage[] {
  return nextStages(referral.stage).filter((stage) => moveRefusal(referral, stage) === null);
}

/** Lower-case stage names for sentences. */
export const stageNames: Record<ReferralStage, string> = {
  identified: 'identified',
  referred: 'referred',
  assessed: 'assessed',
  preparing: 'preparing',
  funding_requested: 'funding requested',
  funding_decided: 'funding decided',
  waiting: 'waiting for admission',
  admitted: 'admitted',
  discharged: 'discharged',
  aftercare: 'aftercare',
  closed: 'closed',
  withdrawn: 'withdrawn',
};

function joinOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The date column that records when the referral reached each stage. */
export const stageDateColumn = {
  identified: 'identified_on',
  referred: 'referred_on',
  assessed: 'assessed_on',
  preparing: 'preparing_on',
  funding_requested: 'funding_requested_on',
  funding_decided: 'funding_decided_on',
  waiting: 'waiting_since',
  admitted: 'admitted_on',
  discharged: 'discharged_on',
  aftercare: 'aftercare_started_on',
  closed: 'closed_on',
  withdrawn: 'withdrawn_on',
} as const satisfies Record<ReferralStage, keyof ReferralState>;

/** How each stage's date is named in messages ("Date of admission must be…"). */
export const stageDateNames: Record<ReferralStage, string> = {
  identified: 'Date identified',
  referred: 'Date of referral',
  assessed: 'Date of the assessment',
  preparing: 'Date preparation started',
  funding_requested: 'Date funding was asked for',
  funding_decided: 'Date of the funding decision',
  waiting: 'Date they started waiting',
  admitted: 'Date of admission',
  discharged: 'Date of discharge',
  aftercare: 'Date aftercare started',
  closed: 'Date the referral was closed',
  withdrawn: 'Date the referral was withdrawn',
};

/** What happened on each stage's date, for "must be on or after the date …" messages. */
const stageEventNames: Record<ReferralStage, string> = {
  identified: 'the person was identified',
  referred: 'of the referral',
  assessed: 'of the assessment',
  preparing: 'preparation started',
  funding_requested: 'funding was asked for',
  funding_decided: 'of the funding decision',
  waiting: 'they started waiting',
  admitted: 'of admission',
  discharged: 'of discharge',
  aftercare: 'aftercare started',
  closed: 'the referral was closed',
  withdrawn: 'the referral was withdrawn',
};

/** The date the referral reached the stage it is at; if that is missing, the latest date known. */
export function currentStageDate(referral: ReferralState): { stage: ReferralStage; date: string } {
  const own = referral[stageDateColumn[referral.stage]];
  if (typeof own === 'string') return { stage: referral.stage, date: own };
  let latest: { stage: ReferralStage; date: string } = { stage: 'identified', date: referral.identified_on };
  for (const stage of stageOrder) {
    const date = referral[stageDateColumn[stage]];
    if (typeof date === 'string' && date > latest.date) latest = { stage, date };
  }
  return latest;
}

// Checking a move ---------------------------------------------------------------------------------

const blank = (text: string | undefined) => !text || !text.trim();

/**
 * Everything wrong with moving this referral to `to` with these details, as [field, message]
 * pairs in form order (empty when the move can be made). `today` is the UK date.
 */
export function transitionProblems(referral: ReferralState, to: ReferralStage, details: StageDetails, today: string): Problem[] {
  const refusal = moveRefusal(referral, to);
  if (refusal) return [['stage', refusal]];
  const problems: Problem[] = [];
  const dateName = stageDateNames[to];
  const previous = currentStageDate(referral);
  if (!details.date) {
    problems.push(['date', `Enter the ${dateName.charAt(0).toLowerCase()}${dateName.slice(1)}`]);
  } else if (details.date > today) {
    problems.push(['date', `${dateName} must be today or in the past`]);
  } else if (details.date < previous.date) {
    problems.push(['date', `${dateName} must be the same as or after the date ${stageEventNames[previous.stage]} (${longDate(previous.date)})`]);
  }

  switch (to) {
    case 'assessed':
      if (!details.eligibilityDecision) problems.push(['eligibilityDecision', 'Select whether the person is eligible for residential treatment']);
      if (details.eligibilityDecision === 'not_eligible' && blank(details.eligibilityReasons)) {
        problems.push(['eligibilityReasons', 'Enter the reasons the person is not eligible']);
      }
      break;
    case 'funding_requested':
      if (!details.fundingRoute) problems.push(['fundingRoute', 'Select the funding route']);
      break;
    case 'funding_decided':
      if (!details.fundingDecision) problems.push(['fundingDecision', 'Select whether funding was approved or declined']);
      if (!details.fundingDecidedBy) problems.push(['fundingDecidedBy', 'Select who made the decision']);
      if (details.fundingDecision === 'declined' && blank(details.fundingDecisionReason)) {
        problems.push(['fundingDecisionReason', 'Enter the reason funding was declined']);
      }
      break;
    case 'admitted':
      problems.push(...admissionProblems(referral, details, today));
      break;
    case 'discharged':
      problems.push(...dischargeProblems(details, today));
      break;
    case 'withdrawn':
      if (blank(details.withdrawnReason)) problems.push(['withdrawnReason', 'Enter the reason the referral is being withdrawn']);
      break;
    default:
      break;
  }
  return problems;
}

function admissionProblems(referral: ReferralState, details: StageDetails, today: string): Problem[] {
  const problems: Problem[] = [];
  if (!details.serviceId) problems.push(['serviceId', 'Select the service the person was admitted to']);
  if (details.plannedWeeks === null || details.plannedWeeks === undefined) {
    problems.push(['plannedWeeks', 'Enter the planned length of stay in weeks']);
  } else if (!Number.isInteger(details.plannedWeeks) || details.plannedWeeks < 1 || details.plannedWeeks > 104) {
    problems.push(['plannedWeeks', 'Planned length of stay must be a whole number of weeks from 1 to 104']);
  }
  if (details.weeklyCostPence !== null && details.weeklyCostPence !== undefined && details.weeklyCostPence < 0) {
    problems.push(['weeklyCost', 'Weekly cost must be £0 or more']);
  }
  const planOn = details.aftercarePlanAgreedOn;
  if (planOn) {
    if (planOn > today) problems.push(['aftercarePlanAgreedOn', 'Date the aftercare plan was agreed must be today or in the past']);
    else if (details.date && planOn > details.date) {
      problems.push(['aftercarePlanAgreedOn', 'Date the aftercare plan was agreed must be the same as or before the date of admission']);
    } else if (planOn < referral.identified_on) {
      problems.push(['aftercarePlanAgreedOn', `Date the aftercare plan was agreed must be the same as or after the date the person was identified (${longDate(referral.identified_on)})`]);
    }
  } else if (blank(details.noAftercarePlanReason)) {
    problems.push(['aftercarePlanAgreedOn', 'Enter the date the aftercare plan was agreed, or the reason there is no agreed plan']);
  }
  return problems;
}

function dischargeProblems(details: StageDetails, today: string): Problem[] {
  const problems: Problem[] = [];
  if (!details.dischargeOutcome) {
    problems.push(['dischargeOutcome', 'Select how the placement ended']);
    return problems;
  }
  if (!unplannedOutcomes.has(details.dischargeOutcome)) return problems;
  if (blank(details.riskAssessmentSummary)) {
    problems.push(['riskAssessmentSummary', 'Enter a summary of the risk assessment made when the person left']);
  }
  const told = details.referrerNotifiedAt;
  if (!told) {
    if (!details.referrerNotYetTold) {
      problems.push(['referrerNotifiedOn', 'Enter the date and time the referrer was told, or say that they have not been told yet']);
    }
  } else {
    const toldOn = ukDateOf(told);
    if (toldOn > today) problems.push(['referrerNotifiedOn', 'Date the referrer was told must be today or in the past']);
    else if (details.date && toldOn < details.date) {
      problems.push(['referrerNotifiedOn', 'Date the referrer was told must be the same as or after the date of discharge']);
    }
  }
  return problems;
}

/** The columns to change for the move. Call only when `transitionProblems` found nothing. */
export function applyTransition(referral: ReferralState, to: ReferralStage, details: StageDetails): ReferralChanges {
  const date = details.date;
  const text = (value: string | undefined) => (value ?? '').trim();
  switch (to) {
    case 'identified':
      return { stage: to };
    case 'referred':
      return { stage: to, referred_on: date };
    case 'assessed':
      return {
        stage: to,
        assessed_on: date,
        eligibility_decision: details.eligibilityDecision ?? null,
        eligibility_reasons: text(details.eligibilityReasons),
      };
    case 'preparing': {
      const changes: ReferralChanges = {
        stage: to,
        preparing_on: date,
        preparation_group: details.preparationGroup ?? false,
        information_pack_given: details.informationPackGiven ?? false,
        service_visit: details.serviceVisit ?? false,
        detox_arranged: details.detoxArranged ?? false,
      };
      if (details.serviceId !== undefined && details.serviceId !== null) changes.service_id = details.serviceId;
      if (referral.stage === 'funding_decided') {
        // Back to preparation after a decline: a new request and decision will follow.
        Object.assign(changes, {
          funding_requested_on: null,
          funding_route: null,
          funding_decision: null,
          funding_decided_by: null,
          funding_decision_reason: '',
          funding_decided_on: null,
        } satisfies ReferralChanges);
      }
      return changes;
    }
    case 'funding_requested': {
      const changes: ReferralChanges = { stage: to, funding_requested_on: date, funding_route: details.fundingRoute ?? null };
      if (details.serviceId !== undefined && details.serviceId !== null) changes.service_id = details.serviceId;
      return changes;
    }
    case 'funding_decided':
      return {
        stage: to,
        funding_decided_on: date,
        funding_decision: details.fundingDecision ?? null,
        funding_decided_by: details.fundingDecidedBy ?? null,
        funding_decision_reason: text(details.fundingDecisionReason),
      };
    case 'waiting':
      return { stage: to, waiting_since: date };
    case 'admitted': {
      const planOn = details.aftercarePlanAgreedOn ?? null;
      return {
        stage: to,
        admitted_on: date,
        service_id: details.serviceId ?? referral.service_id,
        planned_weeks: details.plannedWeeks ?? null,
        detox_included: details.detoxIncluded ?? false,
        weekly_cost_pence: details.weeklyCostPence ?? null,
        aftercare_plan_agreed_on: planOn,
        admitted_without_aftercare_reason: planOn ? '' : text(details.noAftercarePlanReason),
      };
    }
    case 'discharged': {
      const outcome = details.dischargeOutcome ?? null;
      return {
        stage: to,
        discharged_on: date,
        discharge_outcome: outcome,
        risk_assessment_summary: text(details.riskAssessmentSummary),
        referrer_notified_at: details.referrerNotifiedAt ?? null,
      };
    }
    case 'aftercare':
      return { stage: to, aftercare_started_on: date };
    case 'closed':
      return { stage: to, closed_on: date };
    case 'withdrawn':
      return { stage: to, withdrawn_on: date, withdrawn_from_stage: referral.stage, withdrawn_reason: text(details.withdrawnReason) };
  }
}

/** The referral as it will be after the changes, for checking what follows from them. */
export function withChanges<T extends ReferralState>(referral: T, changes: ReferralChanges): T {
  return { ...referral, ...changes };
}

// Safety flags ----------------------------------------------------------------------------------------

export type FlagCode = 'admitted_without_aftercare_plan' | 'referrer_not_told' | 'referrer_told_late' | 'funding_decision_overdue';

export interface SafetyFlag {
  code: FlagCode;
  /** What is wrong, in a sentence for a GOV.UK warning text. */
  text: string;
}

export const defaultFundingDecisionTargetDays = 10;

/**
 * When the referrer should have been told about an unplanned discharge. The discharge time of
 * day is not recorded, so the 24 hours are counted from the end of the discharge day: the
 * deadline is midnight (UK time) at the end of the following day.
 */
export function referrerNotificationDeadline(dischargedOn: string): Date {
  return ukLocalToInstant(addDays(dischargedOn, 2), '00:00');
}

/** Working days the referral has waited for its funding decision (so far, or until it was made). */
export function fundingWaitWorkingDays(referral: Pick<ReferralState, 'funding_requested_on' | 'funding_decided_on'>, today: string): number | null {
  if (!referral.funding_requested_on) return null;
  return workingDaysBetween(referral.funding_requested_on, referral.funding_decided_on ?? today);
}

/**
 * The safety flags on a referral now: admitted without an agreed aftercare plan; an unplanned
 * discharge whose referrer has not been told (or was told after the deadline); a funding
 * decision waited for longer than the partnership's target, in working days.
 */
export function flags(referral: ReferralState, now: Date, options: { fundingDecisionTargetDays?: number } = {}): SafetyFlag[] {
  const today = ukDateOf(now);
  const target = options.fundingDecisionTargetDays ?? defaultFundingDecisionTargetDays;
  const found: SafetyFlag[] = [];
  const open = !isFinal(referral.stage);

  if (referral.admitted_on && !referral.aftercare_plan_agreed_on && (referral.stage === 'admitted' || referral.stage === 'discharged')) {
    found.push({ code: 'admitted_without_aftercare_plan', text: 'Admitted without an agreed aftercare plan. Agree one and record it before the person leaves.' });
  }

  if (referral.discharged_on && referral.discharge_outcome && unplannedOutcomes.has(referral.discharge_outcome)) {
    const deadline = referrerNotificationDeadline(referral.discharged_on);
    if (!referral.referrer_notified_at) {
      if (open) {
        found.push({
          code: 'referrer_not_told',
          text:
            now.getTime() >= deadline.getTime()
              ? 'Unplanned discharge: the referrer has not been told, and the 24 hours to tell them have passed.'
              : 'Unplanned discharge: the referrer has not been told yet. Tell them within 24 hours and record when.',
        });
      }
    } else if (asInstant(referral.referrer_notified_at).getTime() >= deadline.getTime()) {
      found.push({ code: 'referrer_told_late', text: 'Unplanned discharge: the referrer was told more than 24 hours after the person left.' });
    }
  }

  if (referral.stage === 'funding_requested' && referral.funding_requested_on) {
    const waited = workingDaysBetween(referral.funding_requested_on, today);
    if (waited > target) {
      found.push({
        code: 'funding_decision_overdue',
        text: `Waiting ${waited} working days for a funding decision. The partnership’s target is ${target} working day${target === 1 ? '' : 's'}.`,
      });
    }
  }
  return found;
}

// Reviews and follow-ups ------------------------------------------------------------------------

export interface ScheduledReview {
  kind: ReferralReviewKind;
  dueOn: string;
}

/**
 * Care-plan and risk reviews during a stay, from the admission date and planned length.
 * Most people who drop out do so in the first weeks, so the first reviews come early:
 * - risk reviews after 1 week, then every 4 weeks;
 * - care-plan reviews after 2 weeks, then every 4 weeks, plus one 2 weeks before the planned
 *   end (to plan the discharge with local services) unless one already falls in those 2 weeks;
 * - in stays too short for that (under 2 weeks for risk, under 4 weeks for care plan) one review
 *   of each half-way through.
 * Reviews fall before the planned end date. Sorted by date, risk first on the same day.
 */
export function reviewSchedule(admittedOn: string, plannedWeeks: number): ScheduledReview[] {
  const days = Math.max(1, Math.round(plannedWeeks)) * 7;
  const halfWay = Math.max(1, Math.floor(days / 2));
  const offsets = (first: number) => {
    const found: number[] = [];
    for (let offset = first; offset < days; offset += 28) found.push(offset);
    return found;
  };
  const risk = offsets(days >= 14 ? 7 : halfWay);
  const carePlan = offsets(days >= 28 ? 14 : halfWay);
  const dischargePlanning = days - 14;
  const lastCarePlan = carePlan[carePlan.length - 1] ?? 0;
  if (days >= 42 && dischargePlanning - lastCarePlan >= 14) carePlan.push(dischargePlanning);
  const reviews: Array<ScheduledReview & { offset: number }> = [
    ...risk.map((offset) => ({ kind: 'risk' as const, offset, dueOn: addDays(admittedOn, offset) })),
    ...carePlan.map((offset) => ({ kind: 'care_plan' as const, offset, dueOn: addDays(admittedOn, offset) })),
  ];
  return reviews
    .sort((a, b) => a.offset - b.offset || (a.kind === b.kind ? 0 : a.kind === 'risk' ? -1 : 1))
    .map(({ kind, dueOn }) => ({ kind, dueOn }));
}

/** Follow-ups 3, 6 and 12 calendar months after discharge. */
export function followUpDates(dischargedOn: string): ScheduledReview[] {
  return [
    { kind: 'follow_up_3_months', dueOn: addMonths(dischargedOn, 3) },
    { kind: 'follow_up_6_months', dueOn: addMonths(dischargedOn, 6) },
    { kind: 'follow_up_12_months', dueOn: addMonths(dischargedOn, 12) },
  ];
}

/** In-stay reviews (care plan and risk), as opposed to follow-ups after discharge. */
export function isStayReview(kind: ReferralReviewKind): boolean {
  return kind === 'care_plan' || kind === 'risk';
}

/** A review is overdue from the day after its due date until it is done. */
export function isReviewOverdue(review: { due_on: string; completed_on: string | null }, today: string): boolean {
  return !review.completed_on && review.due_on < today;
}

/** Problems with marking a review done on this date. */
export function reviewCompletionProblems(completedOn: string | null, referral: Pick<ReferralState, 'admitted_on' | 'identified_on'>, today: string): Problem[] {
  if (!completedOn) return [['completedOn', 'Enter the date the review was done']];
  if (completedOn > today) return [['completedOn', 'Date the review was done must be today or in the past']];
  const earliest = referral.admitted_on ?? referral.identified_on;
  if (completedOn < earliest) return [['completedOn', `Date the review was done must be the same as or after the date of admission (${longDate(earliest)})`]];
  return [];
}

/** Problems with a contact while waiting for admission. */
export function contactProblems(referral: Pick<ReferralState, 'stage' | 'waiting_since'>, contactedOn: string | null, today: string): Problem[] {
  if (referral.stage !== 'waiting') return [['contactedOn', 'Contacts can only be added while the person is waiting for admission']];
  if (!contactedOn) return [['contactedOn', 'Enter the date of the contact']];
  if (contactedOn > today) return [['contactedOn', 'Date of the contact must be today or in the past']];
  if (referral.waiting_since && contactedOn < referral.waiting_since) {
    return [['contactedOn', `Date of the contact must be the same as or after the date they started waiting (${longDate(referral.waiting_since)})`]];
  }
  return [];
}

/** Problems with recording, after admission, the date an aftercare plan was agreed. */
export function aftercarePlanProblems(referral: Pick<ReferralState, 'stage' | 'admitted_on' | 'aftercare_plan_agreed_on' | 'identified_on'>, agreedOn: string | null, today: string): Problem[] {
  if (!referral.admitted_on || (referral.stage !== 'admitted' && referral.stage !== 'discharged')) {
    return [['agreedOn', 'An aftercare plan can be recorded here only for someone admitted or discharged. Before admission, record it on the admission page.']];
  }
  if (referral.aftercare_plan_agreed_on) return [['agreedOn', 'An aftercare plan has already been recorded for this person']];
  if (!agreedOn) return [['agreedOn', 'Enter the date the aftercare plan was agreed']];
  if (agreedOn > today) return [['agreedOn', 'Date the aftercare plan was agreed must be today or in the past']];
  if (agreedOn < referral.identified_on) return [['agreedOn', `Date the aftercare plan was agreed must be the same as or after the date the person was identified (${longDate(referral.identified_on)})`]];
  return [];
}

/** Problems with recording, after an unplanned discharge, when the referrer was told. */
export function referrerToldProblems(
  referral: Pick<ReferralState, 'discharged_on' | 'discharge_outcome' | 'referrer_notified_at'>,
  toldAt: Date | null,
  today: string,
): Problem[] {
  if (!referral.discharged_on || !referral.discharge_outcome) return [['toldOn', 'This person has not been discharged']];
  if (referral.referrer_notified_at) return [['toldOn', 'The time the referrer was told has already been recorded']];
  if (!toldAt) return [['toldOn', 'Enter the date and time the referrer was told']];
  const toldOn = ukDateOf(toldAt);
  if (toldOn > today) return [['toldOn', 'Date the referrer was told must be today or in the past']];
  if (toldOn < referral.discharged_on) return [['toldOn', `Date the referrer was told must be the same as or after the date of discharge (${longDate(referral.discharged_on)})`]];
  return [];
}
