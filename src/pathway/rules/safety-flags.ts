import { addDays, longDate, ukDateOf, ukLocalToInstant, workingDaysBetween } from '../../platform/values/calendar.js';
import { unplannedOutcomes } from '../labels.js';
import type { ReferralState } from './referral-state.js';
import { isFinal } from './stages.js';
import { daysPastPlannedLength, plannedEndDate } from './stays.js';

const asInstant = (value: Date | string): Date => (typeof value === 'string' ? new Date(value) : value);

export type FlagCode = 'admitted_without_aftercare_plan' | 'referrer_not_told' | 'referrer_told_late' | 'funding_decision_overdue' | 'stay_past_planned_length';

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
 * decision waited for longer than the partnership's target, in working days; a stay past its
 * planned length (still in after the day it was planned to end).
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
  const overrun = daysPastPlannedLength(referral, today);
  if (overrun !== null && referral.admitted_on && referral.planned_weeks) {
    const weeks = referral.planned_weeks;
    found.push({
      code: 'stay_past_planned_length',
      text: `Past the planned length of stay: planned for ${weeks} week${weeks === 1 ? '' : 's'}, to end on ${longDate(plannedEndDate(referral.admitted_on, weeks))}, and ${overrun} day${overrun === 1 ? '' : 's'} longer so far. Agree the plan with the service, and record the discharge when the person leaves.`,
    });
  }
  return found;
}
