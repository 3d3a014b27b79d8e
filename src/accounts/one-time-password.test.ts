import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, demoPassword, type TestContext, Visitor } from '../../test/app.js';
import { createEmbeddedDatabase } from '../platform/db/connect.js';
import { projectRoot } from '../platform/paths.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { insertUser } from './repository.js';
import { oneTimePasswordExpiry, oneTimePasswordValidDays } from './rules.js';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(async () => context.close());

const day = 24 * 60 * 60 * 1000;

/**
 * A provider account with a one-time password, as create-admin makes for an administrator
 * (administrators now invite new provider accounts by link, so the web no longer makes these).
 */
async function newProviderAccount(email: string): Promise<string> {
  const db = context.database.db;
  const provider = await db.selectFrom('providers').select('id').orderBy('name').executeTakeFirstOrThrow();
  const password = crypto.randomBytes(18).toString('base64url');
  const user = await insertUser(db, { email, displayName: 'Dana Test', passwordHash: await hashPassword(password), oneTimePasswordExpiresAt: oneTimePasswordExpiry(context.clock.now) });
  await db.insertInto('provider_users').values({ provider_id: provider.id, user_id: user.id, created_at: context.clock.now }).execute();
  return password;
}

describe('one-time passwords', () => {
  it('must be replaced at the first sign-in before any other page, with messages beside the fields', async () => {
    const password = await newProviderAccount('dana@example.org');
    const visitor = new Visitor(context.app);
    await visitor.signIn('dana@example.org', password);
    for (const url of ['/', '/your-services', '/account', '/account/password']) {
      const response = await visitor.get(url);
      expect(response.statusCode, url).toBe(302);
      expect(response.headers.location, url).toBe('/account/new-password');
    }
    const page = await visitor.get('/account/new-password');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Create a new password');

    const short = await visitor.submit('/account/new-password', '/account/new-password', { newPassword: 'short', confirmPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toMatch(/id="newPassword-error"[\s\S]*Password must be 12 characters or more/);
    const different = await visitor.submit('/account/new-password', '/account/new-password', { newPassword: 'a long enough passphrase', confirmPassword: 'another passphrase' });
    expect(different.body).toMatch(/id="confirmPassword-error"[\s\S]*The passwords do not match/);
    const same = await visitor.submit('/account/new-password', '/account/new-password', { newPassword: password, confirmPassword: password });
    expect(same.body).toContain('Your new password must be different from the one-time password');

    const saved = await visitor.submit('/account/new-password', '/account/new-password', { newPassword: 'dana’s own passphrase', confirmPassword: 'dana’s own passphrase' });
    expect(saved.statusCode).toBe(302);
    expect(saved.headers.location).toBe('/');
    expect((await visitor.get('/')).body).toContain('Your new password has been saved');
    expect((await visitor.get('/your-services')).statusCode).toBe(200);
    expect((await visitor.get('/account/new-password')).headers.location).toBe('/account/password');

    const user = await context.database.db.selectFrom('users').selectAll().where('email', '=', 'dana@example.org').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ must_change_password: false, password_expires_at: null });
    const changes = await context.database.db.selectFrom('audit_events').select('summary').where('record_id', '=', user.id).where('action', '=', 'password_changed').execute();
    expect(changes).toHaveLength(1);

    // The password they chose does not expire.
    context.clock.advance((oneTimePasswordValidDays + 1) * day);
    await new Visitor(context.app).signIn('dana@example.org', 'dana’s own passphrase');
  });

  it(`stops working after ${oneTimePasswordValidDays} days`, async () => {
    const password = await newProviderAccount('eli@example.org');
    const user = await context.database.db.selectFrom('users').select(['password_expires_at']).where('email', '=', 'eli@example.org').executeTakeFirstOrThrow();
    expect(user.password_expires_at?.getTime()).toBe(context.clock.now.getTime() + oneTimePasswordValidDays * day);

    context.clock.advance(oneTimePasswordValidDays * day);
    const visitor = new Visitor(context.app);
    const response = await visitor.submit('/sign-in', '/sign-in', { email: 'eli@example.org', password });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/id="password-error"[\s\S]*Your one-time password has expired/);
    expect(response.body).toContain('value="eli@example.org"');
  });

  it('leaves the demo accounts alone, so their sign-ins go straight in', async () => {
    const visitor = new Visitor(context.app);
    await visitor.signIn('lead@northmoor.example', demoPassword(context.demo, 'lead@northmoor.example'));
    expect((await visitor.get('/')).statusCode).toBe(200);
  });
});

describe('create-admin', () => {
  it('makes a one-time password that expires and must be replaced', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-create-admin-'));
    try {
      const output = execFileSync(
        path.join(projectRoot, 'node_modules', '.bin', 'tsx'),
        [path.join(projectRoot, 'src', 'commands', 'create-admin.ts'), '--email', 'new-admin@example.org'],
        { env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, SEED_DEMO: 'never', LOG_LEVEL: 'silent' }, encoding: 'utf8' },
      );
      expect(output).toContain(`It works for ${oneTimePasswordValidDays} days`);
      const database = await createEmbeddedDatabase(dataDir);
      try {
        const user = await database.db.selectFrom('users').selectAll().where('email', '=', 'new-admin@example.org').executeTakeFirstOrThrow();
        expect(user.is_admin).toBe(true);
        expect(user.must_change_password).toBe(true);
        expect(user.password_expires_at?.getTime()).toBeGreaterThan(Date.now() + (oneTimePasswordValidDays - 1) * day);
        expect(user.password_expires_at?.getTime()).toBeLessThanOrEqual(Date.now() + oneTimePasswordValidDays * day);
      } finally {
        await database.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
