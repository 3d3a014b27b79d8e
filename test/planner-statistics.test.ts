import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshPlannerStatistics } from '../src/platform/db/statistics.js';
import { createTestContext, type TestContext } from './app.js';

/** The embedded database has no autovacuum, so the service gathers the planner's statistics itself. */

let context: TestContext;
const db = () => context.database.db;
const embedded = () => context.database.kind === 'pglite';

beforeAll(async () => {
  context = await createTestContext();
});
afterAll(async () => context.close());

async function estimatedUsers(): Promise<number> {
  const { rows } = await sql<{ reltuples: number }>`SELECT reltuples FROM pg_class WHERE relname = 'users'`.execute(db());
  return Number(rows[0]?.reltuples ?? -1);
}

describe('planner statistics', () => {
  it('are gathered with the demo data on the embedded database, so the planner knows its tables are not empty', async () => {
    if (embedded()) expect(await estimatedUsers()).toBeGreaterThan(0);
  });

  it('are gathered on request only where no autovacuum does it', async () => {
    expect(await refreshPlannerStatistics(db(), ['referrals'])).toBe(embedded());
  });
});
