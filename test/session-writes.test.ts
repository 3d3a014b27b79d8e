import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionExpiryDue, sessionExtendEveryMs, sessionIdleTimeoutMs } from '../src/platform/auth/session-store.js';
import { createTestContext, signedInVisitor, type TestContext, type Visitor } from './app.js';

/** A session is written back only when it changes; its expiry moves on every few minutes, not on every request. */

let context: TestContext;
let lead: Visitor;
const db = () => context.database.db;

beforeAll(async () => {
  context = await createTestContext();
  lead = await signedInVisitor(context, 'lead@northmoor.example');
});
afterAll(async () => context.close());

/** The SQL of every statement that writes to the sessions table while `run` runs. */
async function sessionWrites(run: () => Promise<void>): Promise<string[]> {
  const executor = db().getExecutor();
  const queries = vi.spyOn(executor, 'executeQuery');
  try {
    await run();
    return queries.mock.calls.map(([query]) => query.sql).filter((text) => /^(insert into|update|delete from) "sessions"/i.test(text));
  } finally {
    queries.mockRestore();
  }
}

describe('session writes', () => {
  it('moves the expiry on only once the interval has passed', () => {
    const now = Date.UTC(2026, 11, 2, 9);
    expect(sessionExpiryDue(now - sessionExtendEveryMs + 1, now)).toBe(false);
    expect(sessionExpiryDue(now - sessionExtendEveryMs, now)).toBe(true);
  });

  it('does not write the session back for a page that changes nothing in it', async () => {
    // The first page with a form stores the form token's secret: a real change, written once.
    await lead.get('/');
    const writes = await sessionWrites(async () => {
      expect((await lead.get('/referrals')).statusCode).toBe(200);
      expect((await lead.get('/')).statusCode).toBe(200);
    });
    expect(writes).toEqual([]);
  });

  it('writes it once the expiry is due to move on, with the later expiry', async () => {
    const row = await db().selectFrom('sessions').select(['sid', 'data', 'expires_at']).orderBy('expires_at', 'desc').executeTakeFirstOrThrow();
    // As if the session was last written an hour ago.
    const earlier = new Date(Date.now() + sessionIdleTimeoutMs / 2);
    const data = row.data as unknown as { signedInAt: number; extendedAt?: number };
    const anHourAgo = Date.now() - 60 * 60 * 1000;
    await db()
      .updateTable('sessions')
      .set({ data: JSON.stringify({ ...data, signedInAt: anHourAgo, extendedAt: anHourAgo }), expires_at: earlier })
      .where('sid', '=', row.sid)
      .execute();
    const writes = await sessionWrites(async () => {
      expect((await lead.get('/referrals')).statusCode).toBe(200);
    });
    expect(writes).toHaveLength(1);
    const after = await db().selectFrom('sessions').select('expires_at').where('sid', '=', row.sid).executeTakeFirstOrThrow();
    expect(after.expires_at.getTime()).toBeGreaterThan(earlier.getTime() + sessionExtendEveryMs);
  });

  it('then stays unwritten until the interval passes again', async () => {
    const writes = await sessionWrites(async () => {
      expect((await lead.get('/referrals')).statusCode).toBe(200);
    });
    expect(writes).toEqual([]);
  });
});
