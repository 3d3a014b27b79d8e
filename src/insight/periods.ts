import { addDays, lastDayOfMonth } from '../platform/values/calendar.js';
import type { PeriodUnit } from '../platform/db/schema.js';

/**
 * The dashboard's periods follow the financial year (1 April to 31 March), as commissioners'
 * plans, targets and the published NDTMS figures do: a month ('2026-11'), a financial quarter
 * ('2026-27 Q3', October to December 2026) or a financial year ('2026-27').
 */

export interface Period {
  unit: PeriodUnit;
  key: string;
  /** First and last days, inclusive. */
  from: string;
  to: string;
  label: string;
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const shortMonths = monthNames.map((name) => name.slice(0, 3));

const pad = (value: number) => String(value).padStart(2, '0');

/** The year a financial year starts in: 2026 for any day from 1 April 2026 to 31 March 2027. */
export function financialYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? year : year - 1;
}

/** '2026-27' for the financial year starting in April 2026. */
export function financialYearKey(startYear: number): string {
  return `${startYear}-${pad((startYear + 1) % 100)}`;
}

/** The key of the period a date falls in. */
export function periodKeyOf(date: string, unit: PeriodUnit): string {
  if (unit === 'month') return date.slice(0, 7);
  const startYear = financialYearOf(date);
  if (unit === 'year') return financialYearKey(startYear);
  const monthsIn = (Number(date.slice(5, 7)) + 8) % 12;
  return `${financialYearKey(startYear)} Q${Math.floor(monthsIn / 3) + 1}`;
}

/**
 * The same key worked out by PostgreSQL from a date column, so the database can group by
 * period; a test proves both agree. Shifting the date back three months makes April month 1.
 */
export function periodKeySql(column: string, unit: PeriodUnit): string {
  if (unit === 'month') return `to_char(${column}, 'YYYY-MM')`;
  const shifted = `(${column} - interval '3 months')`;
  const year = `(extract(year from ${shifted})::int)`;
  const yearKey = `(${year}::text || '-' || lpad(((${year} + 1) % 100)::text, 2, '0'))`;
  if (unit === 'year') return yearKey;
  return `(${yearKey} || ' Q' || ((extract(month from ${shifted})::int + 2) / 3)::text)`;
}

/** The period a key stands for, or null for a key that is not one. */
export function periodOfKey(key: string, unit: PeriodUnit): Period | null {
  if (unit === 'month') {
    const match = /^(\d{4})-(\d{2})$/.exec(key);
    if (!match) return null;
    const year = Number(match[1]);
    const month = Number(match[2]);
    if (month < 1 || month > 12) return null;
    return { unit, key, from: `${year}-${pad(month)}-01`, to: lastDayOfMonth(year, month), label: `${monthNames[month - 1]} ${year}` };
  }
  const match = unit === 'year' ? /^(\d{4})-(\d{2})$/.exec(key) : /^(\d{4})-(\d{2}) Q([1-4])$/.exec(key);
  if (!match) return null;
  const startYear = Number(match[1]);
  if (Number(match[2]) !== (startYear + 1) % 100) return null;
  if (unit === 'year') {
    return { unit, key, from: `${startYear}-04-01`, to: `${startYear + 1}-03-31`, label: `April ${startYear} to March ${startYear + 1}` };
  }
  const quarter = Number(match[3]);
  const firstMonth = ((quarter - 1) * 3 + 3) % 12; // zero-based: April is 3
  const year = quarter === 4 ? startYear + 1 : startYear;
  const from = `${year}-${pad(firstMonth + 1)}-01`;
  const to = lastDayOfMonth(year, firstMonth + 3);
  return { unit, key, from, to, label: `${monthNames[firstMonth]} to ${monthNames[firstMonth + 2]} ${year}` };
}

/** A short label for charts: 'Nov 2026', 'Q3 2026-27', '2026-27'. */
export function shortPeriodLabel(period: Pick<Period, 'unit' | 'key' | 'from'>): string {
  if (period.unit === 'month') return `${shortMonths[Number(period.from.slice(5, 7)) - 1]} ${period.from.slice(0, 4)}`;
  if (period.unit === 'quarter') return `${period.key.slice(8)} ${period.key.slice(0, 7)}`;
  return period.key;
}

/** The period containing a date. */
export function periodContaining(date: string, unit: PeriodUnit): Period {
  return periodOfKey(periodKeyOf(date, unit), unit) as Period;
}

/** The period before one. */
export function previousPeriod(period: Period): Period {
  return periodContaining(addDays(period.from, -1), period.unit);
}

/** The periods up to and including the one containing `today`, newest last. */
export function recentPeriods(unit: PeriodUnit, today: string, count: number): Period[] {
  const periods = [periodContaining(today, unit)];
  while (periods.length < count) periods.unshift(previousPeriod(periods[0] as Period));
  return periods;
}

/** How many periods of each unit the trend shows. */
export const trendLength: Record<PeriodUnit, number> = { month: 12, quarter: 8, year: 5 };

export const periodUnitLabels: Record<PeriodUnit, { text: string; plural: string }> = {
  month: { text: 'Month', plural: 'months' },
  quarter: { text: 'Quarter (financial)', plural: 'quarters' },
  year: { text: 'Financial year', plural: 'financial years' },
};
