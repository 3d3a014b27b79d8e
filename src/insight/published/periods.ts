import type { PeriodUnit } from '../../platform/db/schema.js';
import { addDays, addMonths, isoDateOfParts } from '../../platform/values/calendar.js';
import { financialYearKey, financialYearOf, periodKeyOf } from '../periods.js';

/**
 * The periods published figures are for: a calendar month, a financial quarter (Q1 is April to
 * June) or a financial year (1 April to 31 March). Each is stored as its unit and first day.
 */

export interface Period {
  unit: PeriodUnit;
  /** The first day, 'YYYY-MM-DD'. */
  start: string;
}

const monthNames = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const monthLabels = monthNames.map((name) => name[0]?.toUpperCase() + name.slice(1));

const pad = (value: number) => String(value).padStart(2, '0');
const first = (year: number, month: number) => `${year}-${pad(month)}-01`;

/** Two years written as a financial year: 2026-27, 2026/27 or 2026-2027. The first year, or null. */
function financialYearStart(firstYear: string, secondYear: string): number | null {
  const start = Number(firstYear);
  const next = start + 1;
  if (secondYear.length === 2 ? Number(secondYear) === next % 100 : Number(secondYear) === next) return start;
  return null;
}

/**
 * A period written as NDTMS and spreadsheets write them: a month (2026-04, April 2026, Apr 2026,
 * or its first day 2026-04-01, as a spreadsheet turns "April 2026" into a date), a financial
 * quarter (2026-27 Q1, Q1 2026-27) or a financial year (2026-27). A financial year whose second
 * year could also be a month (2011-12) is read as the financial year. Null when it is none of these.
 */
export function parsePeriod(raw: string): Period | null {
  const text = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!text) return null;

  const quarter = /^(\d{4}) ?[-/–] ?(\d{2}|\d{4}) ?q([1-4])$/.exec(text) ?? /^q([1-4]) (\d{4}) ?[-/–] ?(\d{2}|\d{4})$/.exec(text);
  if (quarter) {
    const [yearA, yearB, number] = text.startsWith('q') ? [quarter[2], quarter[3], quarter[1]] : [quarter[1], quarter[2], quarter[3]];
    const start = financialYearStart(yearA as string, yearB as string);
    if (start === null) return null;
    return { unit: 'quarter', start: addMonths(first(start, 4), (Number(number) - 1) * 3) };
  }

  const year = /^(\d{4}) ?[-/–] ?(\d{2}|\d{4})$/.exec(text);
  if (year) {
    const start = financialYearStart(year[1] as string, year[2] as string);
    if (start !== null) return { unit: 'year', start: first(start, 4) };
    // Not a financial year: 2026-04 is April 2026.
    const month = Number(year[2]);
    if ((year[2] as string).length === 2 && month >= 1 && month <= 12) return { unit: 'month', start: first(Number(year[1]), month) };
    return null;
  }

  const day = /^(\d{4})-(\d{2})-01$/.exec(text);
  if (day && isoDateOfParts(Number(day[1]), Number(day[2]), 1)) return { unit: 'month', start: first(Number(day[1]), Number(day[2])) };

  const named = /^([a-z]+)\.? (\d{4})$/.exec(text);
  if (named) {
    const name = named[1] as string;
    const index = monthNames.findIndex((month) => month === name || (name.length >= 3 && month.startsWith(name)));
    if (index >= 0) return { unit: 'month', start: first(Number(named[2]), index + 1) };
  }
  return null;
}

/** The last day of the period, 'YYYY-MM-DD'. */
export function periodEnd(period: Period): string {
  const months = period.unit === 'month' ? 1 : period.unit === 'quarter' ? 3 : 12;
  return addDays(addMonths(period.start, months), -1);
}

/** How the period is written in files: "2026-04", "2026-27 Q1", "2026-27". */
export function periodCode(period: Period): string {
  return periodKeyOf(period.start, period.unit);
}

/** How the period is written on a page: "April 2026", "April to June 2026 (2026-27 Q1)", "2026-27". */
export function periodLabel(period: Period): string {
  const [year, month] = period.start.split('-').map(Number) as [number, number];
  if (period.unit === 'month') return `${monthLabels[month - 1]} ${year}`;
  if (period.unit === 'year') return `${financialYearKey(financialYearOf(period.start))} (April ${year} to March ${year + 1})`;
  const [endYear, endMonth] = periodEnd(period).split('-').map(Number) as [number, number];
  const span = endYear === year ? `${monthLabels[month - 1]} to ${monthLabels[endMonth - 1]} ${year}` : `${monthLabels[month - 1]} ${year} to ${monthLabels[endMonth - 1]} ${endYear}`;
  return `${periodCode(period)} (${span})`;
}
