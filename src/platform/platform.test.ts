import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, demoPassword, signedInVisitor, type TestContext, Visitor } from '../../test/app.js';
import { buildApp } from '../app.js';
import { ConfigError, loadConfig, testConfig } from '../config.js';
import { testDatabaseKind } from '../../test/database-kind.js';
import { createEmbeddedDatabase, createPostgresDatabase, DataFolderInUseError, databaseState } from './db/connect.js';
import { loggerOptions, redactUrl } from './logging.js';
import { govukTemplateScriptHash } from './web/nunjucks.js';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(async () => context.close());

describe('operations', () => {
  it('reports health with the database state', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: 'up' });
  });

  it('answers 503 when the database cannot be reached', async () => {
    const unreachable = createPostgresDatabase('postgres://nobody@127.0.0.1:1/none', { poolSize: 1 });
    const app = await buildApp({ db: unreachable.db, config: testConfig(), logger: false });
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'unavailable', database: 'down' });
    await app.close();
    await unreachable.close();
  });

  it('answers at once that the database is busy while every connection is taken, instead of waiting its turn', async () => {
    const db = context.database.db;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The embedded database has one connection, held here by a transaction; PostgreSQL's test pool has four.
    const holders =
      testDatabaseKind() === 'pglite'
        ? [db.transaction().execute(() => held)]
        : Array.from({ length: 4 }, () => db.transaction().execute(async (trx) => void (await Promise.all([held, sql`select 1`.execute(trx)]))));
    try {
      const started = Date.now();
      expect(await databaseState(db, 300)).toBe('busy');
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      release();
      await Promise.all(holders);
    }
    expect(await databaseState(db, 300)).toBe('up');
  });

  it('turns requests away with 503 and Retry-After while the event loop is overloaded', async () => {
    const app = await buildApp({ db: context.database.db, config: testConfig({ maxEventLoopDelayMs: 100 }), logger: false });
    await app.ready();
    try {
      expect((await app.inject({ method: 'GET', url: '/accessibility' })).statusCode).toBe(200);
      const until = Date.now() + 1_500;
      while (Date.now() < until) {
        // Holds the event loop, as a flood of work would.
      }
      // The load check samples about once a second; the sample after the block sees the delay.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const refused = await app.inject({ method: 'GET', url: '/accessibility' });
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('30');
      expect(refused.body).toContain('Sorry, the service is busy');
    } finally {
      await app.close();
    }
  });

  it('returns DATE columns as plain YYYY-MM-DD strings', async () => {
    const result = await sql<{ day: unknown; count: unknown }>`select '2026-03-01'::date as day, count(*) as count from users`.execute(context.database.db);
    expect(result.rows[0]?.day).toBe('2026-03-01');
    expect(typeof result.rows[0]?.count).toBe('number');
  });
});

describe('configuration', () => {
  it('stops a production start without the settings it needs, saying which', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) })).toThrow(/PUBLIC_URL/);
  });

  it('honours PORT and HOST, and makes cookies Secure in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), PUBLIC_URL: 'https://rp.example', PORT: '8080', HOST: '127.0.0.1' });
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.secureCookies).toBe(true);
    expect(config.seedDemo).toBe(false);
    expect(loadConfig({}).port).toBe(3000);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});

describe('a local-authority service, not GOV.UK', () => {
  // Pieces of govuk-frontend's GOV.UK brand: the Tudor crown's path, the logotype's classes and
  // path, the royal crest, the crown icons and the default copyright and title.
  const govukBrand = ['M33.1,9.8c', 'govuk-header__logotype', 'M93.94 41.25', 'govuk-footer__crown', 'govuk-footer__copyright-logo', 'Crown copyright', 'govuk-icon', 'manifest.json', '– GOV.UK'];

  it('shows no crown, GOV.UK logotype or Crown copyright, signed in or out, and names the operator from OPERATOR_NAME', async () => {
    const app = await buildApp({ db: context.database.db, config: testConfig({ operatorName: 'Northmoor Borough Council (demo)' }), logger: false });
    await app.ready();
    try {
      const visitor = new Visitor(app);
      const signedOut = await visitor.get('/sign-in');
      await visitor.signIn('lead@northmoor.example', demoPassword(context.demo, 'lead@northmoor.example'));
      const home = await visitor.get('/');
      const notFound = await visitor.get('/no-such-page');
      for (const page of [signedOut, home, notFound]) {
        for (const piece of govukBrand) expect(page.body, piece).not.toContain(piece);
        expect(page.body).toContain('class="govuk-generic-header');
        expect(page.body).toContain('© Northmoor Borough Council (demo)');
        expect(page.body).toContain('Residential Pathways is run by Northmoor Borough Council (demo)');
        expect(page.body).toMatch(/<title>[^<]*– Residential Pathways – Northmoor Borough Council \(demo\)<\/title>/);
      }
      expect(home.body).toContain('govuk-service-navigation');
    } finally {
      await app.close();
    }
  });

  it('names the signed-in person’s role once in the account bar', async () => {
    const barOf = (html: string) => (/<div class="app-account-bar">([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    const lead = barOf((await (await signedInVisitor(context, 'lead@northmoor.example')).get('/')).body);
    expect(lead).toContain('Signed in as Alex Demo in Northmoor');
    expect(lead.match(/lead commissioner/gi)).toHaveLength(1);
    const admin = barOf((await (await signedInVisitor(context, 'admin@residential-pathways.example')).get('/')).body);
    expect(admin.match(/administrator/gi)).toHaveLength(1);
  });

  it('uses the current year in the examples of hints, from the app’s clock', async () => {
    const lead = await signedInVisitor(context, 'lead@northmoor.example');
    const importPage = (await lead.get('/referrals/import')).body;
    expect(importPage).toContain('like 23/11/2026, or as 2026-11-23');
    expect(importPage).toContain('Your local reference for the person, like NM-2026-0412.');
    expect(importPage).not.toMatch(/2025-0412|23\/11\/2025/);
    const roundForm = (await lead.get('/assessments/new')).body;
    expect(roundForm).toContain('For example, Residential pathway self-assessment 2026');
    expect(roundForm).toContain('For example, 6 1 2027');
    const later = await buildApp({ db: context.database.db, config: testConfig(), clock: () => new Date('2028-02-01T10:00:00Z'), logger: false });
    await later.ready();
    try {
      const visitor = new Visitor(later);
      await visitor.signIn('lead@northmoor.example', demoPassword(context.demo, 'lead@northmoor.example'));
      const laterPage = (await visitor.get('/referrals/import')).body;
      expect(laterPage).toContain('like 23/11/2028, or as 2028-11-23');
      expect(laterPage).toContain('like NM-2028-0412');
    } finally {
      await later.close();
    }
  });

  it('reads OPERATOR_NAME, with a plainly unconfigured default, and refuses a blank one', () => {
    expect(loadConfig({}).operatorName).toBe('Your local authority');
    expect(loadConfig({ OPERATOR_NAME: ' Westbury City Council ' }).operatorName).toBe('Westbury City Council');
    expect(() => loadConfig({ OPERATOR_NAME: '  ' })).toThrow(/OPERATOR_NAME/);
  });
});

describe('security baseline', () => {
  it('sends a strict content security policy that allows no inline script except the GOV.UK one, by hash', async () => {
    const response = await new Visitor(context.app).get('/sign-in');
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain(`script-src 'self' ${govukTemplateScriptHash()}`);
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toContain("frame-ancestors 'none'");
    const inlineScripts = [...response.body.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)];
    expect(inlineScripts).toHaveLength(1);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves assets with long-lived cache headers', async () => {
    for (const url of ['/assets/govuk-frontend.min.css', '/assets/govuk-frontend.min.js', '/assets/app.mjs', '/assets/images/favicon.svg']) {
      const response = await context.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toContain('max-age=31536000');
    }
    expect((await context.app.inject({ method: 'GET', url: '/assets/template.njk' })).statusCode).toBe(404);
  });

  it('refuses a state-changing form without a token even when signed in', async () => {
    const visitor = await signedInVisitor(context, 'lead@northmoor.example');
    const response = await visitor.post('/people/invite', { email: 'x@northmoor.example', role: 'viewer' });
    expect(response.statusCode).toBe(403);
    const forged = await visitor.post('/people/invite', { _csrf: 'forged-token', email: 'x@northmoor.example', role: 'viewer' });
    expect(forged.statusCode).toBe(403);
  });

  it('shows a 404 page for an unknown address', async () => {
    const response = await new Visitor(context.app).get('/no-such-page');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Page not found');
  });

  it('shows a plain 500 page that leaks nothing about the failure', async () => {
    const app = await buildApp({ db: context.database.db, config: testConfig(), logger: false });
    app.get('/explode', async () => {
      throw new Error('secret internal detail at /srv/app/file.ts:12');
    });
    const response = await app.inject({ method: 'GET', url: '/explode' });
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain('Sorry, there is a problem with the service');
    expect(response.body).not.toContain('secret internal detail');
    expect(response.body).not.toContain('file.ts');
    await app.close();
  });

  it('refuses an oversized body', async () => {
    const visitor = await signedInVisitor(context, 'lead@northmoor.example');
    const page = await visitor.get('/people/invite');
    const response = await visitor.post('/people/invite', { _csrf: csrfTokenIn(page.body), email: 'a'.repeat(300_000) });
    expect(response.statusCode).toBe(413);
    expect(response.body).not.toContain('FST_');
  });

  it('logs one line for each request once it is answered, with no cookie, address or secret in it', async () => {
    const lines: string[] = [];
    const stream = { write: (line: string) => void lines.push(line) };
    const config = testConfig();
    const app = await buildApp({ db: context.database.db, config, logger: { ...(loggerOptions({ ...config, logLevel: 'info' }) as object), stream } });
    await app.ready();
    await app.inject({ method: 'GET', url: '/invitations/abcDEF123_-xyz', headers: { cookie: 'rp_session=secret-cookie' } });
    await app.close();
    const requests = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.req || line.res);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ msg: 'request completed', req: { method: 'GET', url: '/invitations/[redacted]' }, res: { statusCode: expect.any(Number) } });
    expect(typeof requests[0]?.responseTime).toBe('number');
    expect(lines.join('\n')).not.toMatch(/secret-cookie|abcDEF123|127\.0\.0\.1/);
  });

  it('keeps invitation secrets out of logged addresses', () => {
    expect(redactUrl('/invitations/abcDEF123_-xyz')).toBe('/invitations/[redacted]');
    expect(redactUrl('/people/123')).toBe('/people/123');
  });
});

describe('changing password', () => {
  it('needs the current password, and signs out other sessions when changed', async () => {
    const email = 'contributor@northmoor.example';
    const here = await signedInVisitor(context, email);
    const elsewhere = await signedInVisitor(context, email);
    const wrong = await here.submit('/account/password', '/account/password', { currentPassword: 'nope', newPassword: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Your current password is wrong');
    const short = await here.submit('/account/password', '/account/password', { currentPassword: 'demo-contributor-password', newPassword: 'short', confirmPassword: 'short' });
    expect(short.body).toContain('Password must be 12 characters or more');
    const changed = await here.submit('/account/password', '/account/password', {
      currentPassword: 'demo-contributor-password',
      newPassword: 'a brand new passphrase',
      confirmPassword: 'a brand new passphrase',
    });
    expect(changed.statusCode).toBe(302);
    expect((await here.get('/account')).statusCode).toBe(200);
    expect((await elsewhere.get('/account')).statusCode).toBe(302);
    const fresh = new Visitor(context.app);
    await fresh.signIn(email, 'a brand new passphrase');
  });
});

describe('the embedded database folder', () => {
  it('refuses a second process with a clear message while the first has it open', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-lock-'));
    const first = await createEmbeddedDatabase(folder);
    try {
      expect(first.created).toBe(true);
      const second = createEmbeddedDatabase(folder);
      await expect(second).rejects.toThrow(DataFolderInUseError);
      await expect(second).rejects.toThrow(/already in use/);
    } finally {
      await first.close();
    }
    const reopened = await createEmbeddedDatabase(folder);
    expect(reopened.created).toBe(false);
    await reopened.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }, 60_000);
});
