import type { ReferralReviewKind } from '../../platform/db/schema.js';
import { addDays, addMonths } from '../../platform/values/calendar.js';

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

/**
 * A review is overdue from the day after its due date until it is done; one not recorded at the
 * time (its date had passed when its stage was recorded) is never overdue.
 */
export function isReviewOverdue(review: { due_on: string; completed_on: string | null; not_recorded?: boolean }, today: string): boolean {
  return !review.completed_on && !review.not_recorded && review.due_on < today;
}

/** Reviews split by whether their date was still to come when the stage was recorded. */
export interface ReviewsByWhenRecorded {
  /** Due today or later: scheduled, and listed on the queue as they fall due. */
  toCome: ScheduledReview[];
  /**
   * Due before the day the stage was recorded (a backdated record, or an imported one): nobody
   * can say now whether they happened, so they are kept as "not recorded at the time" rather
   * than put on the queue as overdue.
   */
  notRecordedAtTheTime: ScheduledReview[];
}

/**
 * Splits reviews by the day the stage was recorded: only those due on that day or later are
 * scheduled. Every writer of reviews (the stage forms and the CSV import) goes through this.
 */
export function splitByWhenRecorded(reviews: readonly ScheduledReview[], recordedOn: string): ReviewsByWhenRecorded {
  return {
    toCome: reviews.filter((review) => review.dueOn >= recordedOn),
    notRecordedAtTheTime: reviews.filter((review) => review.dueOn < recordedOn),
  };
}
