import { type RawBuilder, sql } from 'kysely';

/**
 * workingDaysBetween (platform/values/calendar.ts) in SQL, for figures worked out by the
 * database: working days after `from`, up to and including `to`, Monday to Friday, bank holidays
 * not taken off; 0 when `to` is not after `from`. The same clock as the funding decision target
 * and the queue of decisions over it. A test proves it equals the plain function on both databases.
 *
 * Each date is turned into the number of weekdays from Monday 1 January 1900 to it (5 a whole
 * week, then up to 5 for the days of its own week, a Saturday or Sunday counting as the Friday
 * before), and the difference is taken.
 */
export function workingDaysBetweenSql(from: RawBuilder<unknown>, to: RawBuilder<unknown>): RawBuilder<number> {
  const weekdaysTo = (date: RawBuilder<unknown>) =>
    sql`(5 * floor((${date} - DATE '1900-01-01') / 7.0)::integer + least(extract(isodow FROM ${date})::integer, 5))`;
  return sql<number>`greatest(0, ${weekdaysTo(to)} - ${weekdaysTo(from)})`;
}
