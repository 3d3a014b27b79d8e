import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/database.js';
import type { DatabaseHandle } from './connect.js';
import { preparedAs, preparedNameOf } from './prepared.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());

it('marks a statement with its name, and reads the name back only from a marked statement', () => {
  const marked = sql`${preparedAs('who-is-here')}SELECT 1`.compile(database.db);
  expect(preparedNameOf(marked.sql)).toBe('who-is-here');
  expect(preparedNameOf('SELECT 1 /* prepared who-is-here */ ')).toBeNull();
  expect(() => preparedAs('Robert"); DROP TABLE users; --')).toThrow(/lower-case/);
});

it('runs a marked statement with its parameters, prepared once on PostgreSQL', async () => {
  for (const value of [1, 2, 3]) {
    const result = await sql<{ doubled: number }>`${preparedAs('doubling-check')}SELECT ${value}::int * 2 AS doubled`.execute(database.db);
    expect(result.rows[0]?.doubled).toBe(value * 2);
  }
  // One transaction is one connection, so the check sees that connection's prepared statements.
  await database.db.transaction().execute(async (trx) => {
    await sql`${preparedAs('doubling-check')}SELECT ${5}::int * 2 AS doubled`.execute(trx);
    const prepared = await sql<{ count: number }>`SELECT count(*)::int AS count FROM pg_prepared_statements WHERE name = 'doubling-check'`.execute(trx);
    expect(prepared.rows[0]?.count).toBe(database.kind === 'postgres' ? 1 : 0);
  });
});
