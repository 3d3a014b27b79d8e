import { rememberingAnswers } from './remembered.js';

/**
 * Calendar dates as 'YYYY-MM-DD' strings: the form both database drivers return DATE columns
 * in, and a form that compares correctly as text. Arithmetic is done on UTC midnights so that
 * clock changes never move a date.
 */

const dayMs = 86_400_000;

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function partsOf(isoDate: string): [year: number, month: number, day: number] {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return [year, month, day];
}

function dayNumber(isoDate: string): number {
  const [year, month, day] = partsOf(isoDate);
  return Date.UTC(year, month - 1, day) / dayMs;
}

function isoDateOfUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function isoDateOfDayNumber(value: number): string {
  return isoDateOfUtc(new Date(value * dayMs));
}

/** The date part of a UTC moment (a spreadsheet's date cell, a UTC midnight) as 'YYYY-MM-DD'. */
export function isoDateOfUtcMoment(moment: Date): string {
  return isoDateOfUtc(moment);
}

/** The ISO date of a year, month (1 to 12) and day, or null when there is no such day (31 April, 29 February 2027). */
export function isoDateOfParts(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : null;
}

/** "03/11/2026": the way people in the UK type a date, as example files show it. */
export function ukNumericDate(isoDate: string): string {
  const [year, month, day] = partsOf(isoDate);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

/** "23 November 2026", for messages. */
export function longDate(isoDate: string): string {
  const [year, month, day] = partsOf(isoDate);
  return `${day} ${monthNames[month - 1]} ${year}`;
}

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The date a number of days after (or, if negative, before) the one given. */
export function addDays(isoDate: string, days: number): string {
  const [year, month, day] = partsOf(isoDate);
  return isoDateOfUtc(new Date(Date.UTC(year, month - 1, day + days)));
}

/**
 * Calendar months later; a day past the end of the shorter month becomes its last day
 * (31 January + 1 month = 28 or 29 February), so a follow-up is never pushed into the month after.
 */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = partsOf(isoDate);
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return isoDateOfUtc(new Date(Date.UTC(year, month - 1 + months, Math.min(day, lastDay))));
}

/**
 * The same day a number of years later. Unlike addMonths this rolls over: 29 February becomes
 * 1 March in a year that has none, because a contract or review that runs "a year from" a leap
 * day is taken to end the day after 28 February.
 */
export function addYears(isoDate: string, years: number): string {
  const [year, month, day] = partsOf(isoDate);
  return isoDateOfUtc(new Date(Date.UTC(year + years, month - 1, day)));
}

/** The last day of a calendar month (month 1 to 12). */
export function lastDayOfMonth(year: number, month: number): string {
  return isoDateOfUtc(new Date(Date.UTC(year, month, 0)));
}

/** 0 is Sunday, 6 is Saturday. */
function dayOfWeek(isoDate: string): number {
  return new Date(dayNumber(isoDate) * dayMs).getUTCDay();
}

export function isWeekday(isoDate: string): boolean {
  const day = dayOfWeek(isoDate);
  return day !== 0 && day !== 6;
}

/**
 * Working days after `from`, up to and including `to`: Monday to Friday only. A request made on
 * a Friday has waited 1 working day on the Monday. Bank holidays are not taken off (they differ
 * between the UK's nations and change each year), so a wait over a bank holiday counts one day
 * more than a person might; the difference is small against a target of two weeks.
 */
export function workingDaysBetween(from: string, to: string): number {
  const total = daysBetween(from, to);
  if (total <= 0) return 0;
  const fullWeeks = Math.floor(total / 7);
  let count = fullWeeks * 5;
  const startDay = dayOfWeek(from);
  for (let offset = 1; offset <= total % 7; offset += 1) {
    const day = (startDay + offset) % 7;
    if (day !== 0 && day !== 6) count += 1;
  }
  return count;
}

/**
 * The latest date from which more than `workingDays` working days (as workingDaysBetween counts
 * them) have passed by `today`. Lets a query compare a column with one date instead of counting
 * working days row by row.
 */
export function latestDateMoreWorkingDaysBefore(today: string, workingDays: number): string {
  let value = dayNumber(today);
  let counted = 0;
  for (;;) {
    if (isWeekday(isoDateOfDayNumber(value))) counted += 1;
    value -= 1;
    if (counted > workingDays) return isoDateOfDayNumber(value);
  }
}

// UK time -------------------------------------------------------------------------------------

const ukDateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
const ukPartsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

const ukMinuteFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** What a clock in the UK showed at a moment, to the minute (month 1 to 12). */
export function ukClock(moment: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = Object.fromEntries(ukMinuteFormat.formatToParts(moment).map((part) => [part.type, part.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** The date in the UK on which a moment fell, as 'YYYY-MM-DD'. */
export function ukDateOf(moment: Date | string): string {
  return ukDateAt((typeof moment === 'string' ? new Date(moment) : moment).getTime());
}

const ukDateAt = rememberingAnswers((moment: number) => ukDateFormat.format(moment));

/** Today's date in the UK, as the 'YYYY-MM-DD' string DATE columns use. */
export function ukToday(now: Date): string {
  return ukDateOf(now);
}

const hourMs = 3_600_000;

/** Minutes the UK is ahead of UTC at this moment (0 in winter, 60 in summer). */
function ukOffsetMinutes(moment: Date): number {
  return ukOffsetInHour(Math.floor(moment.getTime() / hourMs));
}

/**
 * The UK's offset during one hour (hours counted from 1970 in UTC). The clocks change at 01:00
 * UTC, on the hour, so one answer holds for the whole hour; Intl takes microseconds to give it.
 */
const ukOffsetInHour = rememberingAnswers((hour: number) => {
  const moment = new Date(hour * hourMs);
  const values = Object.fromEntries(ukPartsFormat.formatToParts(moment).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(Number(values.year), Number(values.month) - 1, Number(values.day), Number(values.hour), Number(values.minute), Number(values.second));
  return Math.round((asUtc - moment.getTime()) / 60_000);
});

/** A UK wall-clock date and time ('YYYY-MM-DD', 'HH:MM') as the moment it names. */
export function ukLocalToInstant(isoDate: string, time: string): Date {
  const [year, month, day] = partsOf(isoDate);
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let instant = wall - ukOffsetMinutes(new Date(wall)) * 60_000;
  const corrected = wall - ukOffsetMinutes(new Date(instant)) * 60_000;
  if (corrected !== instant) instant = corrected;
  return new Date(instant);
}
