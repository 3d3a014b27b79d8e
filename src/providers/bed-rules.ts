import { addDays, daysBetween, ukDateOf, ukLocalToInstant } from '../platform/values/calendar.js';

/**
 * Live bed availability as plain functions: when a service's figure goes out of date, and when
 * the service counts as having a bed now (the directory's "beds available now" filter and the
 * commissioners' "space today" page). The SQL of the filter uses bedsFreshFrom, so the page
 * and the query can never disagree.
 */

/** A figure unchanged for more than this many days (UK dates) is out of date. */
export const bedAvailabilityFreshDays = 14;

export interface BedAvailability {
  bedsAvailable: number;
  nextAdmissionOn: string | null;
  waitingListLength: number;
  updatedAt: Date | string;
}

/** Whether the figure is out of date on `today`: last changed more than 14 days before it, or never recorded. */
export function bedAvailabilityOutOfDate(updatedAt: Date | string | null | undefined, today: string): boolean {
  if (!updatedAt) return true;
  return daysBetween(ukDateOf(updatedAt), today) > bedAvailabilityFreshDays;
}

/** Whether the service shows as having a bed today: a bed free, in a figure that is not out of date. */
export function hasBedsAvailableNow(availability: Pick<BedAvailability, 'bedsAvailable' | 'updatedAt'> | null | undefined, today: string): boolean {
  if (!availability) return false;
  return availability.bedsAvailable > 0 && !bedAvailabilityOutOfDate(availability.updatedAt, today);
}

/**
 * The earliest moment a figure can have been changed and still not be out of date on the UK
 * date of `now`: the start (UK time) of the day 14 days before. The filter's SQL compares
 * updated_at with it, so it can use the index.
 */
export function bedsFreshFrom(now: Date): Date {
  return ukLocalToInstant(addDays(ukDateOf(now), -bedAvailabilityFreshDays), '00:00');
}

/** The words for a next admission date that has already passed: the provider has not moved it on. */
export function nextAdmissionPassed(nextAdmissionOn: string | null, today: string): boolean {
  return nextAdmissionOn !== null && nextAdmissionOn < today;
}
