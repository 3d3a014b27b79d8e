import { longDate, ukDateOf } from '../../platform/values/calendar.js';
import type { Problem, ReferralState } from './referral-state.js';

/** Checks on the smaller records made outside a move between stages, each of which can clear a safety flag or keep a referral up to date. */

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
