import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/database.js';
import type { DatabaseHandle } from './connect.js';
import { migrateToLatest } from './migrate.js';
import { migrations } from './migrations/index.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());

it('finds nothing to do on a database that has every migration, and changes nothing', async () => {
  const before = await sql<{ count: number }>`SELECT count(*)::int AS count FROM kysely_migration`.execute(database.db);
  expect(await migrateToLatest(database.db)).toEqual([]);
  const after = await sql<{ count: number }>`SELECT count(*)::int AS count FROM kysely_migration`.execute(database.db);
  expect(after.rows[0]?.count).toBe(before.rows[0]?.count);
  expect(after.rows[0]?.count).toBe(Object.keys(migrations).length);
});

it('hands a database that is not up to date to the migrator, which refuses a migration it does not know', async () => {
  await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_from_a_newer_version', now())`.execute(database.db);
  await expect(migrateToLatest(database.db)).rejects.toThrow(/9999_from_a_newer_version/);
  await sql`DELETE FROM kysely_migration WHERE name = '9999_from_a_newer_version'`.execute(database.db);
});
