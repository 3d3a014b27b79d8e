import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TableWrites, tableWritesOf } from '../src/platform/db/table-writes.js';
import { createTestContext, signedInVisitor, type TestContext, type Visitor } from './app.js';

/**
 * Who is signed in costs one statement at most: the session is read together with the person's
 * account, memberships and provider accounts. On the embedded database, which only this process
 * writes to, a session read once is used again until a write touches those tables.
 */

let context: TestContext;
let viewer: Visitor;
const db = () => context.database.db;
const embedded = () => context.database.kind === 'pglite';

beforeAll(async () => {
  context = await createTestContext();
  viewer = await signedInVisitor(context, 'viewer@northmoor.example');
});
afterAll(async () => context.close());

/** The SQL of every statement run while `run` runs. */
async function statements(run: () => Promise<void>): Promise<string[]> {
  const queries = vi.spyOn(db().getExecutor(), 'executeQuery');
  try {
    await run();
    return queries.mock.calls.map(([query]) => query.sql);
  } finally {
    queries.mockRestore();
  }
}

const readsWhoIsSignedIn = (text: string) => /\bfrom "?(sessions|users)"?\b/i.test(text);

describe('who is signed in', () => {
  it('is read with the session in one statement, or (embedded) not read again at all', async () => {
    // The first page after signing in stores the form token's secret in the session: a write.
    await viewer.get('/');
    await viewer.get('/');
    const run = await statements(async () => {
      expect((await viewer.get('/')).statusCode).toBe(200);
    });
    const reads = run.filter(readsWhoIsSignedIn);
    expect(reads).toHaveLength(embedded() ? 0 : 1);
    if (!embedded()) expect(reads[0]).toMatch(/FROM sessions\s+LEFT JOIN users/);
  });

  it('sees a change of role made since, on the very next request', async () => {
    expect((await viewer.get('/referrals')).statusCode).toBe(403);
    const membership = await db()
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('memberships.id')
      .where('users.email', '=', 'viewer@northmoor.example')
      .executeTakeFirstOrThrow();
    await db().updateTable('memberships').set({ role: 'pathway_staff' }).where('id', '=', membership.id).execute();
    try {
      expect((await viewer.get('/referrals')).statusCode).toBe(200);
    } finally {
      await db().updateTable('memberships').set({ role: 'viewer' }).where('id', '=', membership.id).execute();
    }
    expect((await viewer.get('/referrals')).statusCode).toBe(403);
  });

  it("sees a session ended elsewhere (all of a person's sessions removed) on the very next request", async () => {
    const other = await signedInVisitor(context, 'contributor@northmoor.example');
    expect((await other.get('/')).statusCode).toBe(200);
    await sql`DELETE FROM sessions WHERE data->>'userId' = (SELECT id::text FROM users WHERE email = 'contributor@northmoor.example')`.execute(db());
    const response = await other.get('/referrals');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toMatch(/^\/sign-in/);
  });
});

describe('counting writes to tables', () => {
  it('is kept for the embedded database only', () => {
    expect(Boolean(tableWritesOf(db()))).toBe(embedded());
  });

  it('moves on for a write to a watched table, before and after it runs, and not for reads or other tables', async () => {
    const writes = new TableWrites();
    const watched = db().withPlugin(writes);
    const before = writes.generation(['memberships']);
    await watched.selectFrom('memberships').select('id').execute();
    await watched.updateTable('referrals').set({ local_reference: 'NM-NEVER' }).where('id', '=', '00000000-0000-0000-0000-000000000000').execute();
    expect(writes.generation(['memberships'])).toBe(before);
    await watched.updateTable('memberships').set({ organisation: null }).where('id', '=', '00000000-0000-0000-0000-000000000000').execute();
    expect(writes.generation(['memberships'])).toBe(before + 2);
    await sql`UPDATE users SET display_name = display_name WHERE false`.execute(watched);
    expect(writes.generation(['memberships'])).toBe(before + 4);
  });
});
