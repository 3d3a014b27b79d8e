import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/database.js';
import { addDays, workingDaysBetween } from '../values/calendar.js';
import type { DatabaseHandle } from './connect.js';
import { workingDaysBetweenSql } from './working-days.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

it('counts working days exactly as workingDaysBetween does, for every start day of the week and every gap up to seven weeks, backwards too', async () => {
  const pairs: Array<[string, string]> = [];
  for (let start = 0; start < 14; start += 1) {
    const from = addDays('2026-11-16', start); // from a Monday, through two weeks of start days
    for (let gap = -3; gap <= 50; gap += 1) pairs.push([from, addDays(from, gap)]);
  }
  pairs.push(['1899-12-29', '1900-01-02'], ['2026-12-24', '2027-01-04'], ['2024-02-28', '2024-03-04']);
  const result = await sql<{ days: number }>`
    SELECT ${workingDaysBetweenSql(sql`p.f`, sql`p.t`)} AS days
    FROM unnest(${pairs.map(([from]) => from)}::date[], ${pairs.map(([, to]) => to)}::date[]) WITH ORDINALITY AS p(f, t, n)
    ORDER BY p.n
  `.execute(database.db);
  expect(result.rows.map((row) => Number(row.days))).toEqual(pairs.map(([from, to]) => workingDaysBetween(from, to)));
});
