import { formatDate, formatDateTime } from '../../platform/web/dates.js';
import type { Tag } from '../../platform/web/tags.js';
import { bedAvailabilityFreshDays, bedAvailabilityOutOfDate, nextAdmissionPassed } from '../bed-rules.js';

/** A service's live bed figure in words, for the service page, the provider's list and the commissioners' page. */

export const bedsOutOfDateTag: Tag = { text: 'Out of date', classes: 'govuk-tag--orange' };
export const bedsFreeTag: Tag = { text: 'Space now', classes: 'govuk-tag--green' };
export const noBedsTag: Tag = { text: 'No space now', classes: 'govuk-tag--grey' };
export const notRecordedTag: Tag = { text: 'Not recorded', classes: 'govuk-tag--grey' };

const count = (value: number, one: string, many: string) => `${value.toLocaleString('en-GB')} ${value === 1 ? one : many}`;

export interface BedFigure {
  bedsAvailable: number | null;
  nextAdmissionOn: string | null;
  waitingListLength: number | null;
  updatedAt: Date | string | null;
  updatedByName?: string | null;
}

export function bedSummary(figure: BedFigure | null | undefined, today: string) {
  if (!figure || figure.bedsAvailable === null || !figure.updatedAt) {
    return { recorded: false, bedsText: 'Not recorded', nextAdmissionText: 'Not recorded', waitingListText: 'Not recorded', updatedText: null, outOfDate: true, tag: notRecordedTag };
  }
  const outOfDate = bedAvailabilityOutOfDate(figure.updatedAt, today);
  const passed = nextAdmissionPassed(figure.nextAdmissionOn, today);
  return {
    recorded: true,
    bedsText: count(figure.bedsAvailable, 'bed available now', 'beds available now'),
    nextAdmissionText: figure.nextAdmissionOn ? `${formatDate(figure.nextAdmissionOn)}${passed ? ' (this date has passed)' : ''}` : 'Not given',
    waitingListText: count(figure.waitingListLength ?? 0, 'person waiting', 'people waiting'),
    updatedText: `Updated ${formatDateTime(figure.updatedAt)}${figure.updatedByName ? ` by ${figure.updatedByName}` : ''}`,
    outOfDate,
    tag: outOfDate ? bedsOutOfDateTag : figure.bedsAvailable > 0 ? bedsFreeTag : noBedsTag,
  };
}

export const outOfDateExplanation = `Bed figures not updated for more than ${bedAvailabilityFreshDays} days are shown as out of date and are left out of the “beds available now” search.`;
