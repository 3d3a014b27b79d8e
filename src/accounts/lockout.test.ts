import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.js';
import type { DatabaseHandle } from '../platform/db/connect.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { screenMessenger } from '../platform/messages.js';
import * as repository from './repository.js';
import { maximumFailedSignIns } from './rules.js';
import { createAccountsService } from './service.js';
import { unknownAddressLogWindowMs } from './unknown-address-log.js';

let database: DatabaseHandle;
const now = new Date('2026-11-23T09:00:00Z');
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());

async function newAccount(email: string) {
  return repository.insertUser(database.db, { email, displayName: 'Someone', passwordHash: await hashPassword('the right password') });
}

describe('locking an account after wrong passwords', () => {
  it('counts every one of many wrong passwords sent at once, and locks the account once', async () => {
    const user = await newAccount('parallel@example.org');
    const accounts = createAccountsService({ db: database.db, now: () => now, messenger: screenMessenger(), publicUrl: undefined });
    const results = await Promise.all(Array.from({ length: 20 }, (_, attempt) => accounts.signIn(user.email, `wrong ${attempt}`, `request-${attempt}`)));
    expect(results.every((result) => !result.ok)).toBe(true);
    const after = await repository.findUserById(database.db, user.id);
    expect(after?.locked_until?.getTime()).toBeGreaterThan(now.getTime());
    const events = await database.db.selectFrom('audit_events').select(['action']).where('record_id', '=', user.id).execute();
    expect(events.filter((event) => event.action === 'account_locked')).toHaveLength(1);
    expect(events.filter((event) => event.action === 'sign_in_failed')).toHaveLength(20);
    expect((await accounts.signIn(user.email, 'the right password', 'request-right')).ok).toBe(false);
  });

  it('keeps the count of wrong passwords below the limit exactly', async () => {
    const user = await newAccount('below@example.org');
    const accounts = createAccountsService({ db: database.db, now: () => now, messenger: screenMessenger(), publicUrl: undefined });
    await Promise.all(Array.from({ length: maximumFailedSignIns - 1 }, (_, attempt) => accounts.signIn(user.email, `wrong ${attempt}`, `r-${attempt}`)));
    const after = await repository.findUserById(database.db, user.id);
    expect(after?.failed_sign_ins).toBe(maximumFailedSignIns - 1);
    expect(after?.locked_until).toBeNull();
  });
});

describe('failed sign-ins for addresses with no account', () => {
  it('adds no audit rows, and logs at most one counted line per address per minute', async () => {
    const clock = { now: new Date('2026-11-23T09:00:00Z') };
    const lines: Array<Record<string, unknown>> = [];
    const log = { warn: (details: Record<string, unknown>) => void lines.push(details) };
    const accounts = createAccountsService({ db: database.db, now: () => clock.now, messenger: screenMessenger(), publicUrl: undefined });
    const auditRows = async () => Number((await database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await auditRows();

    for (let attempt = 0; attempt < 100; attempt += 1) {
      const email = attempt % 2 === 0 ? 'nobody@example.org' : `someone-${attempt}@example.org`;
      expect((await accounts.signIn(email, 'a guess', `request-${attempt}`, log)).ok).toBe(false);
    }
    expect(await auditRows()).toBe(before);
    // One line for the repeated address and one for each of the 50 different ones.
    expect(lines).toHaveLength(51);
    expect(JSON.stringify(lines)).not.toContain('example.org');

    clock.now = new Date(clock.now.getTime() + unknownAddressLogWindowMs);
    await accounts.signIn('NOBODY@example.org', 'a guess', 'request-later', log);
    expect(lines).toHaveLength(52);
    expect(lines.at(-1)).toMatchObject({ addressHash: lines[0]?.addressHash, failedSignIns: 50 });
  });
});
