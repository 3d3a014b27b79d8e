import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabaseKind } from '../../../test/database-kind.js';
import { createTestDatabase } from '../../../test/database.js';
import { canSkipRowTriggers, withoutRowTriggers } from './bulk-load.js';
import type { DatabaseHandle } from './connect.js';
import type { Database } from './schema.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
  await sql`CREATE TABLE bulk_parent (id integer PRIMARY KEY)`.execute(database.db);
  await sql`CREATE TABLE bulk_child (parent integer NOT NULL REFERENCES bulk_parent (id))`.execute(database.db);
});
afterAll(async () => database.close());

class Rollback extends Error {}

/** Runs `work` in a transaction that is always rolled back; returns what it gave. */
async function rolledBack<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await database.db
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
});

it.skipIf(testDatabaseKind() !== 'pglite')('runs one statement without its foreign key checks, then checks again', async () => {
  const after = await rolledBack(async (trx) => {
    await withoutRowTriggers(trx, ['bulk_child'], () => sql`INSERT INTO bulk_child VALUES (1)`.execute(trx));
    return (await sql<{ session_replication_role: string }>`SHOW session_replication_role`.execute(trx)).rows[0]?.session_replication_role;
  });
  expect(after).toBe('origin');
  await expect(rolledBack((trx) => sql`INSERT INTO bulk_child VALUES (1)`.execute(trx))).rejects.toMatchObject({ code: '23503' });
});

it.skipIf(testDatabaseKind() !== 'pglite')('keeps every trigger when a table has one of its own', async () => {
  await sql`CREATE FUNCTION bulk_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`.execute(database.db);
  await sql`CREATE TRIGGER bulk_noop BEFORE INSERT ON bulk_child FOR EACH ROW EXECUTE FUNCTION bulk_noop()`.execute(database.db);
  try {
    await expect(rolledBack((trx) => withoutRowTriggers(trx, ['bulk_child'], () => sql`INSERT INTO bulk_child VALUES (1)`.execute(trx)))).rejects.toMatchObject({ code: '23503' });
  } finally {
    await sql`DROP TRIGGER bulk_noop ON bulk_child`.execute(database.db);
    await sql`DROP FUNCTION bulk_noop()`.execute(database.db);
  }
});
