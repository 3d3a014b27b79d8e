import { addDays, daysBetween } from '../../platform/values/calendar.js';
import type { ReferralState } from './referral-state.js';

/**
 * The length of a stay against its plan. A stay is planned in whole weeks from the day of
 * admission, so it is planned to end `planned_weeks × 7` days after it; someone still in after
 * that day has stayed past their planned length. The same rule flags the record, fills the work
 * queue, and decides how the summary estimates the cost of a stay still under way.
 */

export type StayState = Pick<ReferralState, 'stage' | 'admitted_on' | 'planned_weeks' | 'discharged_on'>;

/** The day a stay is planned to end: the planned number of weeks after admission. */
export function plannedEndDate(admittedOn: string, plannedWeeks: number): string {
  return addDays(admittedOn, plannedWeeks * 7);
}

/**
 * Days a stay has run past its planned end, as of today: null unless the person is still in the
 * placement (admitted, not discharged) with a planned length, and today is after the planned end.
 */
export function daysPastPlannedLength(stay: StayState, today: string): number | null {
  if (stay.stage !== 'admitted' || !stay.admitted_on || stay.discharged_on || !stay.planned_weeks) return null;
  const over = daysBetween(plannedEndDate(stay.admitted_on, stay.planned_weeks), today);
  return over > 0 ? over : null;
}

/** A stay past its planned length: still in the placement after the day it was planned to end. */
export function isStayPastPlannedLength(stay: StayState, today: string): boolean {
  return daysPastPlannedLength(stay, today) !== null;
}

/** How the weeks of a stay still under way are estimated, for its cost. */
export type StayEstimate = 'planned_length' | 'days_so_far';

/**
 * The weeks to cost a stay still under way at: its planned length while it is within it; the
 * days stayed so far once it has run past it (or when no length was planned).
 */
export function stayWeeksToCost(stay: { admitted_on: string; planned_weeks: number | null }, today: string): { weeks: number; estimate: StayEstimate } {
  const daysSoFar = Math.max(0, daysBetween(stay.admitted_on, today));
  if (stay.planned_weeks !== null && daysSoFar <= stay.planned_weeks * 7) return { weeks: stay.planned_weeks, estimate: 'planned_length' };
  return { weeks: daysSoFar / 7, estimate: 'days_so_far' };
}
