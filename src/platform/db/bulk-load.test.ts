import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabaseKind } from '../../../test/database-kind.js';
import { createTestDatabase } from '../../../test/database.js';
import { canSkipRowTriggers, withoutRowTriggers } from './bulk-load.js';
import { createMemoryDatabase, type DatabaseHandle } from './connect.js';
import type { Database } from './schema.js';

/** The suite's database, and an embedded one (whichever the suite runs on): skipping row triggers is for the embedded database only. */
let database: DatabaseHandle;
let embedded: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
  embedded = await createMemoryDatabase();
  await sql`CREATE TABLE bulk_parent (id integer PRIMARY KEY)`.execute(embedded.db);
  await sql`CREATE TABLE bulk_child (parent integer NOT NULL REFERENCES bulk_parent (id))`.execute(embedded.db);
});
afterAll(async () => {
  await database.close();
  await embedded.close();
});

class Rollback extends Error {}

/** Runs `work` in a transaction that is always rolled back; returns what it gave. */
async function rolledBack<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await embedded.db
    .transaction()
    .execute(async (trx) => {
      result = await work(trx);
      throw new Rollback();
    })
    .catch((error) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return result as T;
}

it('lets only the embedded database skip row triggers', () => {
  expect(canSkipRowTriggers(database.db)).toBe(testDatabaseKind() === 'pglite');
  expect(canSkipRowTriggers(embedded.db)).toBe(true);
});

it('runs one statement without its foreign key checks, then checks again', async () => {
  const after = await rolledBack(async (trx) => {
    await withoutRowTriggers(trx, ['bulk_child'], () => sql`INSERT INTO bulk_child VALUES (1)`.execute(trx));
    return (await sql<{ session_replication_role: string }>`SHOW session_replication_role`.execute(trx)).rows[0]?.session_replication_role;
  });
  expect(after).toBe('origin');
  await expect(rolledBack((trx) => sql`INSERT INTO bulk_child VALUES (1)`.execute(trx))).rejects.toMatchObject({ code: '23503' });
});

it('keeps every trigger when a table has one of its own', async () => {
  await sql`CREATE FUNCTION bulk_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`.execute(embedded.db);
  await sql`CREATE TRIGGER bulk_noop BEFORE INSERT ON bulk_child FOR EACH ROW EXECUTE FUNCTION bulk_noop()`.execute(embedded.db);
  try {
    await expect(rolledBack((trx) => withoutRowTriggers(trx, ['bulk_child'], () => sql`INSERT INTO bulk_child VALUES (1)`.execute(trx)))).rejects.toMatchObject({ code: '23503' });
  } finally {
    await sql`DROP TRIGGER bulk_noop ON bulk_child`.execute(embedded.db);
    await sql`DROP FUNCTION bulk_noop()`.execute(embedded.db);
  }
});
