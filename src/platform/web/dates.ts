import { rememberingAnswers } from '../values/remembered.js';

const ukDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const ukDateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

const ukDateText = rememberingAnswers((moment: number) => ukDate.format(moment));
const ukDateTimeText = rememberingAnswers((moment: number) => {
  const parts = Object.fromEntries(ukDateTime.formatToParts(moment).map((part) => [part.type, part.value]));
  return `${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}${(parts.dayPeriod ?? '').toLowerCase()}`;
});

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T12:00:00Z`);
  if (typeof value === 'string' || typeof value === 'number') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

/** "23 November 2026", the GOV.UK style for dates. */
export function formatDate(value: unknown): string {
  const date = toDate(value);
  return date ? ukDateText(date.getTime()) : '';
}

/** "23 November 2026 at 4:05pm", in UK time. */
export function formatDateTime(value: unknown): string {
  const date = toDate(value);
  return date ? ukDateTimeText(date.getTime()) : '';
}
