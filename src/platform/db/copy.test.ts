import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/database.js';
import type { DatabaseHandle } from './connect.js';
import { copyCsvInto, copyCsvRow } from './copy.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
  await sql`CREATE TABLE copy_check (n integer PRIMARY KEY, body text, data jsonb)`.execute(database.db);
});
afterAll(async () => database.close());

/** Every character CSV or COPY treats specially, alone and together, and text that looks like COPY's own markers. */
const awkward = [
  '',
  ',',
  '"',
  '""',
  '\\',
  '\\.',
  '\\N',
  'NULL',
  '\n',
  '\r\n',
  '\\.\n\\.',
  'line one\nline two',
  'tab\there',
  ' leading and trailing ',
  'Café Ünïcødé 日本語 👩🏽‍⚕️ ŵŷ',
  '"quoted", \\back\\slashed\\, and\r\nbroken',
];

it('loads every awkward value with COPY exactly as written, NULL as NULL and empty text as empty text', async () => {
  const rows: Array<[string, string | null, string]> = awkward.map((body, index) => [String(index + 1), body, JSON.stringify({ body })]);
  rows.push([String(awkward.length + 1), null, JSON.stringify({ body: null })]);
  const csv = rows.map((row) => copyCsvRow(row)).join('');
  expect(await copyCsvInto(database.db, 'copy_check', ['n', 'body', 'data'], csv)).toBe(rows.length);
  const stored = await sql<{ n: number; body: string | null; same: boolean }>`SELECT n, body, data->>'body' IS NOT DISTINCT FROM body AS same FROM copy_check ORDER BY n`.execute(database.db);
  expect(stored.rows.map((row) => row.body)).toEqual([...awkward, null]);
  expect(stored.rows.every((row) => row.same)).toBe(true);
});

it('refuses a COPY inside a transaction, where it would run on another connection', async () => {
  await expect(database.db.transaction().execute((trx) => copyCsvInto(trx, 'copy_check', ['n'], copyCsvRow(['999'])))).rejects.toThrow(/outside any transaction/);
  const row = await sql<{ count: number }>`SELECT count(*)::int AS count FROM copy_check WHERE n = 999`.execute(database.db);
  expect(row.rows[0]?.count).toBe(0);
});
