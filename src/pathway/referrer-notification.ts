import { addDays, ukDateOf } from '../platform/values/calendar.js';

/**
 * Only the discharge date is recorded, not the time, so telling the referrer counts as within
 * 24 hours when it happened by the end of the next day (UK time).
 */
export function notificationDueBy(dischargedOn: string): string {
  return addDays(dischargedOn, 1);
}

export function notifiedOnTime(dischargedOn: string, notifiedAt: Date | string | null): boolean {
  return notifiedAt !== null && ukDateOf(notifiedAt) <= notificationDueBy(dischargedOn);
}
