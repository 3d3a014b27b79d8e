import type { ComplexityIndicator, PlacementRequestStatus, ReferralStage } from '../../platform/db/schema.js';
import { addDays, latestDateMoreWorkingDaysBefore, workingDaysBetween } from '../../platform/values/calendar.js';
import type { Tag } from '../../platform/web/tags.js';
import type { Problem, ReferralState } from './referral-state.js';
import { fundingInPlace } from './stages.js';

/**
 * Placement requests as plain functions: when one may be sent, exactly what of the person the
 * provider sees, which answers a request can take, and when an unanswered one is overdue.
 *
 * What the provider sees, and why (nothing else leaves the partnership's record):
 * - the local reference (pseudonymised: no name, no date of birth, no NHS number);
 * - age band, sex, main substance: whether the service takes the person at all (women-only,
 *   alcohol-only, older adults and so on);
 * - pregnant, and responsible for a child: whether a family service or a mother-and-baby place
 *   is needed;
 * - the complex needs ticked on the record: whether the service can meet them (mental health,
 *   physical health, and so on);
 * - whether funding is approved or still asked for, and by which route (a fast-track detox is
 *   urgent): how firm the request is.
 * Never: ethnicity, disability, the referring service or keyworker, how they were identified, the
 * reasons for eligibility or funding decisions, the timeline, contacts or reviews.
 */

export const sharedDetailFields = ['ageBand', 'sex', 'mainSubstance', 'pregnant', 'parentalResponsibility', 'complexity', 'funding', 'fundingRoute'] as const;

export interface SharedDetails {
  ageBand: string;
  sex: string;
  mainSubstance: string;
  pregnant: string;
  parentalResponsibility: string;
  complexity: ComplexityIndicator[];
  funding: 'approved' | 'requested';
  fundingRoute: string | null;
}

export type PlacementReferral = ReferralState & {
  age_band: string;
  sex: string;
  main_substance: string;
  pregnant: string;
  parental_responsibility: string;
  complexity: ComplexityIndicator[];
};

/** The stages from which pathway staff may ask a service for a place. */
export const placementRequestStages: readonly ReferralStage[] = ['funding_requested', 'funding_decided', 'waiting'];

/** Why a placement request cannot be sent for this referral now, or null when it can. */
export function placementRequestRefusal(referral: Pick<ReferralState, 'stage' | 'funding_decision' | 'funding_route'>): string | null {
  if (!placementRequestStages.includes(referral.stage)) {
    return 'You can send a placement request only while funding is asked for or decided, or while the person waits for admission';
  }
  if (referral.stage === 'funding_decided' && !fundingInPlace(referral)) return 'Funding was declined, so there is no placement to ask for';
  return null;
}

/** Exactly the details listed above, copied from the referral when the request is sent. */
export function sharedDetailsOf(referral: PlacementReferral): SharedDetails {
  return {
    ageBand: referral.age_band,
    sex: referral.sex,
    mainSubstance: referral.main_substance,
    pregnant: referral.pregnant,
    parentalResponsibility: referral.parental_responsibility,
    complexity: [...referral.complexity],
    funding: referral.stage === 'funding_requested' ? 'requested' : 'approved',
    fundingRoute: referral.funding_route,
  };
}

// Answers -------------------------------------------------------------------------------------------

export type PlacementAnswer = { kind: 'visit'; note: string } | { kind: 'accept'; admissionOn: string } | { kind: 'decline'; reason: string };

/** The statuses each answer may be given from: a visit is asked for once; accepting or declining ends the request. */
export const answerableFrom: Record<PlacementAnswer['kind'], readonly PlacementRequestStatus[]> = {
  visit: ['sent'],
  accept: ['sent', 'visit_requested'],
  decline: ['sent', 'visit_requested'],
};

export const isOpen = (status: PlacementRequestStatus) => status === 'sent' || status === 'visit_requested';

/** How far ahead an admission date may be offered. */
export const admissionWithinDays = 366;

/** What is wrong with an answer, given the request's status and the UK date. */
export function answerProblems(status: PlacementRequestStatus, answer: PlacementAnswer, today: string): Problem[] {
  if (!answerableFrom[answer.kind].includes(status)) {
    return [['answer', isOpen(status) ? 'You have already asked for a pre-admission visit. Accept or decline the request' : 'This request has already been answered']];
  }
  if (answer.kind === 'accept') {
    if (answer.admissionOn < today) return [['admissionOn', 'The admission date must be today or in the future']];
    if (answer.admissionOn > addDays(today, admissionWithinDays)) return [['admissionOn', 'The admission date must be within the next year']];
  }
  if (answer.kind === 'decline' && !answer.reason.trim()) return [['reason', 'Enter why you cannot offer a place']];
  return [];
}

export function statusAfter(answer: PlacementAnswer): PlacementRequestStatus {
  return answer.kind === 'visit' ? 'visit_requested' : answer.kind === 'accept' ? 'accepted' : 'declined';
}

// Ageing on the work queue ------------------------------------------------------------------------------

/** A request the provider has not answered at all after this many working days is listed on the queue. */
export const unansweredAfterWorkingDays = 3;

/** Whether a request is overdue for an answer: still only sent, 3 or more working days ago. */
export function isUnansweredTooLong(status: PlacementRequestStatus, sentOn: string, today: string): boolean {
  return status === 'sent' && workingDaysBetween(sentOn, today) >= unansweredAfterWorkingDays;
}

/** The latest sent date that is overdue today, for the queue's SQL (the same rule as above). */
export function unansweredSentOnOrBefore(today: string): string {
  return latestDateMoreWorkingDaysBefore(today, unansweredAfterWorkingDays - 1);
}

// Words -----------------------------------------------------------------------------------------------

export const placementStatusTags: Record<PlacementRequestStatus, Tag> = {
  sent: { text: 'Waiting for an answer', classes: 'govuk-tag--blue' },
  visit_requested: { text: 'Visit asked for', classes: 'govuk-tag--purple' },
  accepted: { text: 'Accepted', classes: 'govuk-tag--green' },
  declined: { text: 'Declined', classes: 'govuk-tag--red' },
};
