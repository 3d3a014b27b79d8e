import type { ReferralStage } from '../../platform/db/schema.js';
import { longDate, ukDateOf } from '../../platform/values/calendar.js';
import { unplannedOutcomes } from '../labels.js';
import type { Problem, ReferralChanges, ReferralState, StageDetails } from './referral-state.js';
import { currentStageDate, moveRefusal, stageDateNames, stageEventNames } from './stages.js';

/**
 * Checking and making a move between stages. Choices made here:
 * - Every stage's date must be on or after the date of the stage the referral is at, and not in
 *   the future.
 * - An admission needs approved funding or another agreed route, and an aftercare plan agreed on
 *   or before the admission date; admitting without one is allowed only with a reason, and is
 *   flagged until a plan is recorded.
 * - An unplanned discharge (left early, asked to leave) needs a summary of the risk assessment
 *   and the date and time the referrer was told. If the referrer has not been told yet, that has
 *   to be said explicitly; the discharge is then flagged until the time is recorded.
 */

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
