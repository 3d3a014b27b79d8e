import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/database.js';
import { createPostgresDatabase, type DatabaseHandle } from './connect.js';
import { preparedLimit } from './pglite-dialect.js';
import { isRead, preparedReadsAtMost } from './prepared.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());

describe('telling a read from a write', () => {
  it.each(['SELECT 1', 'select "id" from "users"', '\n    WITH t AS (SELECT 1) SELECT * FROM t', '/* why */ SELECT 1', '-- why\nselect 1'])('reads %j', (text) => {
    expect(isRead(text)).toBe(true);
  });

  it.each(['insert into "users" select 1', 'UPDATE users SET x = 1', 'DELETE FROM sessions', 'selected', 'BEGIN', 'COPY t FROM STDIN'])('does not read %j', (text) => {
    expect(isRead(text)).toBe(false);
  });
});

/** The prepared statements of the connection a transaction holds whose text starts so. */
async function preparedLike(start: string, run: (trx: typeof database.db) => Promise<unknown>): Promise<number> {
  return database.db.transaction().execute(async (trx) => {
    await run(trx);
    const prepared = await sql<{ count: number }>`SELECT count(*)::int AS count FROM pg_prepared_statements WHERE statement LIKE ${`${start}%`}`.execute(trx);
    return prepared.rows[0]?.count ?? 0;
  });
}

it('runs a read with its parameters, prepared once on its connection', async () => {
  const count = await preparedLike('SELECT $1::int * 2 AS doubled', async (trx) => {
    for (const value of [1, 2, 3]) {
      const result = await sql<{ doubled: number }>`SELECT ${value}::int * 2 AS doubled`.execute(trx);
      expect(result.rows[0]?.doubled).toBe(value * 2);
    }
  });
  expect(count).toBe(1);
});

it('prepares no write on PostgreSQL (the embedded database prepares every statement)', async () => {
  await sql`CREATE TABLE IF NOT EXISTS prepared_check (n int)`.execute(database.db);
  const count = await preparedLike('INSERT INTO prepared_check', async (trx) => {
    for (const value of [1, 2]) await sql`INSERT INTO prepared_check VALUES (${value})`.execute(trx);
  });
  expect(count).toBe(database.kind === 'postgres' ? 0 : 1);
});

describe('with one connection', () => {
  /** On PostgreSQL a pool of one, so every statement meets the statements prepared before it; the embedded database has one already. */
  let single: DatabaseHandle;
  beforeAll(async () => {
    if (database.kind !== 'postgres') {
      single = database;
      return;
    }
    const current = await sql<{ name: string }>`SELECT current_database() AS name`.execute(database.db);
    const address = new URL(process.env.TEST_DATABASE_URL as string);
    address.pathname = `/${current.rows[0]?.name}`;
    single = createPostgresDatabase(address.toString(), { poolSize: 1 });
  });
  afterAll(async () => {
    if (single !== database) await single.close();
  });

  it('runs a read again unprepared when its table has changed columns since it was prepared', async () => {
    await sql`CREATE TABLE changing_shape (id int PRIMARY KEY)`.execute(single.db);
    await sql`INSERT INTO changing_shape VALUES (1)`.execute(single.db);
    const read = () => sql<Record<string, unknown>>`SELECT * FROM changing_shape WHERE id = ${1}`.execute(single.db);
    expect((await read()).rows).toEqual([{ id: 1 }]);
    await sql`ALTER TABLE changing_shape ADD COLUMN label text DEFAULT 'added'`.execute(single.db);
    expect((await read()).rows).toEqual([{ id: 1, label: 'added' }]);
  });

  it('keeps only so many different reads prepared, and runs the rest all the same', async () => {
    const limit = database.kind === 'postgres' ? preparedReadsAtMost : preparedLimit;
    const column = (index: number) => `n${index}`;
    for (let index = 0; index <= limit + 10; index += 1) await sql`SELECT ${index}::int AS ${sql.ref(column(index))}`.execute(single.db);
    const prepared = await sql<{ count: number }>`SELECT count(*)::int AS count FROM pg_prepared_statements`.execute(single.db);
    expect(prepared.rows[0]?.count).toBeLessThanOrEqual(limit);
    expect(prepared.rows[0]?.count).toBeGreaterThan(limit - 20);
    const last = await sql<Record<string, number>>`SELECT ${7}::int AS ${sql.ref(column(limit + 5))}`.execute(single.db);
    expect(last.rows[0]?.[column(limit + 5)]).toBe(7);
  });
});
