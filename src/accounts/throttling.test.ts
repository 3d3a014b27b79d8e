import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, type TestContext } from '../../test/app.js';
import { buildApp } from '../app.js';
import { loadConfig, testConfig } from '../config.js';

// The limits a minute, written out so that a missing or raised limit fails here.
const signInsPerAddress = 20;
const signInsPerAccount = 10;

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(async () => context.close());

/** One sign-in attempt from a fresh browser, as a client at the given address or claiming one. */
async function attempt(app: FastifyInstance, email: string, from: { remoteAddress?: string; forwardedFor?: string }) {
  const headers: Record<string, string> = from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {};
  const page = await app.inject({ method: 'GET', url: '/sign-in', headers, ...(from.remoteAddress ? { remoteAddress: from.remoteAddress } : {}) });
  const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const response = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfTokenIn(page.body), email, password: 'not the password' }).toString(),
    ...(from.remoteAddress ? { remoteAddress: from.remoteAddress } : {}),
  });
  return response.statusCode;
}

async function appWith(config: Parameters<typeof testConfig>[0]) {
  const app = await buildApp({ db: context.database.db, config: testConfig(config), clock: () => context.clock.now, logger: false });
  await app.ready();
  return app;
}

describe('throttling sign-in', () => {
  it('limits one address however it rotates X-Forwarded-For, as no proxy is trusted by default, even in production', async () => {
    const app = await appWith({ environment: 'production' });
    try {
      const statuses: number[] = [];
      for (let n = 0; n < 40; n += 1) {
        statuses.push(await attempt(app, `someone-${n}@example.org`, { forwardedFor: `203.0.113.${n + 1}` }));
      }
      expect(statuses.slice(0, signInsPerAddress).every((status) => status === 400)).toBe(true);
      expect(statuses.slice(signInsPerAddress).every((status) => status === 429)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('believes X-Forwarded-For only from a proxy named in TRUST_PROXY', async () => {
    const app = await appWith({ trustProxy: loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy });
    try {
      for (let n = 0; n < 2 * signInsPerAddress; n += 1) {
        expect(await attempt(app, `other-${n}@example.org`, { forwardedFor: `198.51.100.${n + 1}` })).toBe(400);
      }
    } finally {
      await app.close();
    }
  });

  it('limits one account tried from many addresses', async () => {
    const app = await appWith({});
    try {
      const statuses: number[] = [];
      for (let n = 0; n <= signInsPerAccount; n += 1) {
        statuses.push(await attempt(app, n % 2 ? 'Viewer@Northmoor.example ' : 'viewer@northmoor.example', { remoteAddress: `192.0.2.${n + 1}` }));
      }
      expect(statuses.slice(0, signInsPerAccount).every((status) => status === 400)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      // Another account from one of those addresses is not held up.
      expect(await attempt(app, 'lead@northmoor.example', { remoteAddress: '192.0.2.1' })).toBe(400);
    } finally {
      await app.close();
    }
  });
});

describe('TRUST_PROXY', () => {
  it('trusts nobody when unset, and takes a hop count or a list of addresses and ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.2,::1,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.2', '::1', 'loopback']);
    const hops = loadConfig({ TRUST_PROXY: '2' }).trustProxy;
    expect(typeof hops === 'function' && [hops('10.0.0.1', 0), hops('10.0.0.2', 1), hops('10.0.0.3', 2)]).toEqual([true, true, false]);
  });

  it('refuses anything else with a clear message', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY must be a number of proxies, or a comma-separated list/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY/);
  });
});
