import { formatDate, formatDateTime } from '../../platform/web/dates.js';
import { formatPounds } from '../../platform/values/money.js';
import {
  ageBandLabels,
  complexityLabels,
  dischargeOutcomeLabels,
  ethnicityLabels,
  fundingDeciderLabels,
  fundingRouteLabels,
  identifiedViaLabels,
  reviewKindLabels,
  sexLabels,
  stageTags,
  substanceLabels,
  unplannedOutcomes,
  yesNoLabels,
} from '../labels.js';
import { pathwayPaths as paths, referralPaths } from '../paths.js';
import type * as repository from '../repository.js';
import { isReviewOverdue, isStayReview } from '../rules/reviews.js';
import { fundingWaitWorkingDays, type SafetyFlag } from '../rules/safety-flags.js';
import { allowedNextStages, currentStageDate } from '../rules/stages.js';
import { plannedEndDate, stayWeeksToCost } from '../rules/stays.js';
import { daysBetween } from '../../platform/values/calendar.js';
import { stageActionText, stagePath } from './stage-actions.js';

/**
 * The referral record page for its template: the details and the pathway so far as summary
 * lists, the stage and its next steps, the safety flags, the timeline, contacts and reviews.
 */

type Values = Record<string, unknown>;

function summaryRow(key: string, value: string | null | undefined, html = false) {
  if (value === null || value === undefined || value === '') return null;
  return { key: { text: key }, value: html ? { html: value } : { text: value } };
}

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** The record's own details as summary-list rows. */
export function detailRows(referral: repository.Referral) {
  return [
    summaryRow('Local reference', referral.local_reference),
    summaryRow('How they were identified', identifiedViaLabels[referral.identified_via]),
    summaryRow('Date identified', formatDate(referral.identified_on)),
    summaryRow('Referring service', referral.referring_service),
    summaryRow('Keyworker role or team', referral.keyworker_role || 'Not given'),
    summaryRow('Age band', ageBandLabels[referral.age_band]),
    summaryRow('Sex', sexLabels[referral.sex]),
    summaryRow('Ethnic group', ethnicityLabels[referral.ethnicity_group]),
    summaryRow('Disability', yesNoLabels[referral.disability]),
    summaryRow('Pregnant', yesNoLabels[referral.pregnant]),
    summaryRow('Responsible for a child', yesNoLabels[referral.parental_responsibility]),
    summaryRow('Main substance', substanceLabels[referral.main_substance]),
    summaryRow('Complex needs', referral.complexity.length ? referral.complexity.map((item) => complexityLabels[item]).join('; ') : 'None recorded'),
    summaryRow('Given information about who can get residential treatment', yesNo(referral.eligibility_information_given)),
  ].filter(Boolean);
}

/**
 * While someone is in the placement, the cost of their stay as the summary estimates it: at the
 * planned length, or from the days stayed so far once the stay has run past it.
 */
function stayCostText(referral: repository.Referral, today: string): string | null {
  if (!referral.admitted_on || referral.discharged_on || referral.stage !== 'admitted' || referral.weekly_cost_pence === null) return null;
  const { weeks, estimate } = stayWeeksToCost({ admitted_on: referral.admitted_on, planned_weeks: referral.planned_weeks }, today);
  const pounds = formatPounds(Math.round(referral.weekly_cost_pence * weeks));
  return estimate === 'planned_length'
    ? `${pounds}, at the planned length`
    : `${pounds} so far, from the ${formatDays(daysBetween(referral.admitted_on, today))} stayed so far${referral.planned_weeks ? ' (past the planned length)' : ''}`;
}

const formatDays = (days: number) => `${days.toLocaleString('en-GB')} day${days === 1 ? '' : 's'}`;

/** What was recorded at each stage reached, as summary-list rows. */
function pathwayRows(referral: repository.Referral, today: string) {
  const service = referral.service_name ? `${referral.service_name} (${referral.provider_name}${referral.service_town ? `, ${referral.service_town}` : ''})` : null;
  const preparation = [
    referral.preparation_group ? 'Preparation group' : null,
    referral.information_pack_given ? 'Information pack given' : null,
    referral.service_visit ? 'Visited the service' : null,
    referral.detox_arranged ? 'Detox arranged' : null,
  ].filter(Boolean);
  const waited = fundingWaitWorkingDays(referral, today);
  const unplanned = referral.discharge_outcome ? unplannedOutcomes.has(referral.discharge_outcome) : false;
  return [
    summaryRow('Date of referral', referral.referred_on && formatDate(referral.referred_on)),
    summaryRow('Date of the assessment', referral.assessed_on && formatDate(referral.assessed_on)),
    summaryRow('Eligibility', referral.eligibility_decision && (referral.eligibility_decision === 'eligible' ? 'Eligible' : 'Not eligible')),
    summaryRow('Reasons', referral.eligibility_reasons),
    summaryRow('Date preparation started', referral.preparing_on && formatDate(referral.preparing_on)),
    summaryRow('Preparation', referral.preparing_on ? (preparation.length ? preparation.join('; ') : 'None recorded') : null),
    summaryRow('Service', service),
    summaryRow('Date funding was asked for', referral.funding_requested_on && formatDate(referral.funding_requested_on)),
    summaryRow('Funding route', referral.funding_route && fundingRouteLabels[referral.funding_route]),
    summaryRow(
      'Funding decision',
      referral.funding_decision &&
        `${referral.funding_decision === 'approved' ? 'Approved' : 'Declined'}${referral.funding_decided_by ? ` by the ${fundingDeciderLabels[referral.funding_decided_by]?.toLowerCase()}` : ''}`,
    ),
    summaryRow('Date of the funding decision', referral.funding_decided_on && formatDate(referral.funding_decided_on)),
    summaryRow(
      referral.funding_decided_on ? 'Time taken to decide' : 'Waiting for a decision',
      waited !== null && (referral.funding_decided_on || referral.stage === 'funding_requested') ? `${waited} working day${waited === 1 ? '' : 's'}` : null,
    ),
    summaryRow('Reason for the decision', referral.funding_decision_reason),
    summaryRow('Waiting for a bed since', referral.waiting_since && formatDate(referral.waiting_since)),
    summaryRow('Aftercare plan agreed', referral.aftercare_plan_agreed_on ? formatDate(referral.aftercare_plan_agreed_on) : referral.admitted_on ? 'No' : null),
    summaryRow('Reason there was no aftercare plan at admission', referral.admitted_without_aftercare_reason),
    summaryRow('Date of admission', referral.admitted_on && formatDate(referral.admitted_on)),
    summaryRow('Planned length of stay', referral.planned_weeks ? `${referral.planned_weeks} week${referral.planned_weeks === 1 ? '' : 's'}` : null),
    summaryRow('Detox included', referral.admitted_on ? yesNo(referral.detox_included) : null),
    summaryRow('Planned to end', referral.admitted_on && referral.planned_weeks ? formatDate(plannedEndDate(referral.admitted_on, referral.planned_weeks)) : null),
    summaryRow('Weekly cost', referral.admitted_on ? formatPounds(referral.weekly_cost_pence) : null),
    summaryRow('Estimated cost of the stay', stayCostText(referral, today)),
    summaryRow('Date of discharge', referral.discharged_on && formatDate(referral.discharged_on)),
    summaryRow('How the placement ended', referral.discharge_outcome && dischargeOutcomeLabels[referral.discharge_outcome]),
    summaryRow('Risk assessment when they left', referral.risk_assessment_summary),
    summaryRow('Referrer told', referral.referrer_notified_at ? formatDateTime(referral.referrer_notified_at) : unplanned ? 'Not yet' : null),
    summaryRow('Date aftercare started', referral.aftercare_started_on && formatDate(referral.aftercare_started_on)),
    summaryRow('Date closed', referral.closed_on && formatDate(referral.closed_on)),
    summaryRow('Date withdrawn', referral.withdrawn_on && formatDate(referral.withdrawn_on)),
    summaryRow('Withdrawn at the stage', referral.withdrawn_from_stage && stageTags[referral.withdrawn_from_stage].text),
    summaryRow('Reason for withdrawal', referral.withdrawn_reason),
  ].filter(Boolean);
}

const reviewStatusTags = {
  done: { text: 'Done', classes: 'govuk-tag--green' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  due: { text: 'Due', classes: 'govuk-tag--grey' },
  notRecorded: { text: 'Not recorded at the time', classes: 'govuk-tag--yellow' },
};

function reviewRow(referralId: string, review: repository.Review, day: string, canMove: boolean) {
  const status = review.completed_on ? 'done' : review.not_recorded ? 'notRecorded' : isReviewOverdue(review, day) ? 'overdue' : 'due';
  return {
    ...review,
    kindText: reviewKindLabels[review.kind],
    due: formatDate(review.due_on),
    done: review.completed_on ? formatDate(review.completed_on) : null,
    statusTag: reviewStatusTags[status],
    href: canMove && !review.completed_on ? referralPaths.review(referralId, review.id) : null,
  };
}

/** What the record page shows, loaded by the route. */
export interface ReferralRecord {
  referral: repository.Referral;
  canMove: boolean;
  events: repository.RecordLists['events'];
  contacts: repository.RecordLists['contacts'];
  reviews: repository.RecordLists['reviews'];
  flags: SafetyFlag[];
  /** The UK date, for overdue reviews and the wait for funding. */
  today: string;
}

export function referralRecordPage({ referral, canMove, events, contacts, reviews, flags: flagList, today: day }: ReferralRecord, values: Values, extra: Values = {}) {
  const next = allowedNextStages(referral);
  const forward = next.filter((stage) => stage !== 'withdrawn');
  return {
    pageTitle: `Referral ${referral.local_reference}`,
    referral,
    stageTag: stageTags[referral.stage],
    stageSince: formatDate(currentStageDate(referral).date),
    flags: flagList,
    canMove,
    nextSteps: canMove
      ? forward.map((stage, index) => ({ text: stageActionText(referral.stage, stage), href: stagePath(referral.id, stage), primary: index === 0 }))
      : [],
    withdrawHref: canMove && next.includes('withdrawn') ? paths.withdraw(referral.id) : null,
    aftercarePlanHref: canMove && flagList.some((flag) => flag.code === 'admitted_without_aftercare_plan') ? referralPaths.aftercarePlan(referral.id) : null,
    referrerToldHref: canMove && flagList.some((flag) => flag.code === 'referrer_not_told') ? referralPaths.referrerTold(referral.id) : null,
    detailRows: detailRows(referral),
    pathwayRows: pathwayRows(referral, day),
    events: events.map((event) => ({
      ...event,
      stageTag: event.stage ? stageTags[event.stage] : null,
      when: formatDate(event.event_on),
      recorded: formatDateTime(event.occurred_at),
    })),
    contacts: contacts.map((contact) => ({ ...contact, when: formatDate(contact.contacted_on) })),
    showContacts: referral.stage === 'waiting' || contacts.length > 0,
    canAddContact: canMove && referral.stage === 'waiting',
    stayReviews: reviews.filter((review) => isStayReview(review.kind)).map((review) => reviewRow(referral.id, review, day, canMove)),
    followUps: reviews.filter((review) => !isStayReview(review.kind)).map((review) => reviewRow(referral.id, review, day, canMove)),
    anyNotRecorded: reviews.some((review) => review.not_recorded && !review.completed_on),
    values,
    paths,
    referralPaths,
    ...extra,
  };
}
