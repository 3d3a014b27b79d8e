import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import type { DatabaseHandle } from '../src/platform/db/connect.js';
import { type SeededDemo, seedDemo } from '../src/demo/seed.js';
import { sourceRoot } from '../src/platform/paths.js';
import { Visitor } from './app.js';
import { createTestDatabase } from './database.js';

/**
 * A probe of every form and search the service shows, as each kind of user: text that the
 * database cannot store, or that is far too long, must be refused with a page, never a crash.
 */

const today = new Date('2026-11-23T09:00:00Z');
let database: DatabaseHandle;
let demo: SeededDemo;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  demo = await seedDemo(database.db, { sampleWork: true, today });
  app = await buildApp({ db: database.db, config: testConfig(), clock: () => today, logger: process.env.TEST_LOGS ? { level: 'error' } : false });
  await app.ready();
}, 120_000);
afterAll(async () => {
  await app.close();
  await database.close();
});

/** Like encodeURIComponent, but a lone surrogate goes as the bytes a careless client would send. */
function encode(value: string): string {
  return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\uffff')).replace(/%EF%BF%BF/g, '%ED%A0%80');
}

class Browser {
  private cookies = new Map<string, string>();

  private remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number }>) {
      if (cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  private get cookie() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(url: string) {
    return this.remember(await app.inject({ method: 'GET', url, headers: { cookie: this.cookie } }));
  }

  /** Sends fields form-encoded, or as JSON, which is the only way a lone surrogate survives the trip. */
  async post(url: string, fields: Record<string, string | string[]>, as: 'form' | 'json') {
    const payload =
      as === 'json'
        ? JSON.stringify(fields)
        : Object.entries(fields)
            .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((one) => `${encode(name)}=${encode(one)}`))
            .join('&');
    const contentType = as === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
    return this.remember(await app.inject({ method: 'POST', url, payload, headers: { cookie: this.cookie, 'content-type': contentType } }));
  }
}

interface Field {
  name: string;
  kind: 'text' | 'fixed';
  value: string;
}

interface Form {
  page: string;
  method: 'get' | 'post';
  action: string;
  fields: Field[];
}

const attribute = (tag: string, name: string) => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? (match[1] as string).replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'") : undefined;
};

const unescapeHtml = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The forms on a page with the values a browser would send as it stands (so edit forms are valid). */
function formsIn(page: string, html: string): Form[] {
  const forms: Form[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const [, tag = '', body = ''] = match;
    const fields: Field[] = [];
    const radios = new Map<string, Field>();
    for (const input of body.matchAll(/<input\b[^>]*>/g)) {
      const name = attribute(input[0], 'name');
      const type = attribute(input[0], 'type') ?? 'text';
      if (!name || ['submit', 'file', 'button'].includes(type)) continue;
      const value = attribute(input[0], 'value') ?? '';
      const checked = /\schecked/.test(input[0]);
      if (type === 'checkbox') {
        if (checked) fields.push({ name, kind: 'fixed', value });
      } else if (type === 'radio') {
        const chosen = radios.get(name);
        if (!chosen) {
          const field: Field = { name, kind: 'fixed', value };
          radios.set(name, field);
          fields.push(field);
        } else if (checked) chosen.value = value;
      } else {
        fields.push({ name, kind: type === 'hidden' ? 'fixed' : 'text', value });
      }
    }
    for (const area of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attribute(area[1] ?? '', 'name');
      if (name) fields.push({ name, kind: 'text', value: unescapeHtml((area[2] ?? '').replace(/^\n/, '')) });
    }
    for (const select of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attribute(select[1] ?? '', 'name');
      const options = [...(select[2] ?? '').matchAll(/<option\b[^>]*>/g)].map((option) => ({
        value: attribute(option[0], 'value') ?? '',
        selected: /\sselected/.test(option[0]),
      }));
      const chosen = options.find((option) => option.selected) ?? options.find((option) => option.value !== '');
      if (name) fields.push({ name, kind: 'fixed', value: chosen?.value ?? '' });
    }
    const method = (attribute(tag, 'method') ?? 'get').toLowerCase() === 'post' ? 'post' : 'get';
    forms.push({ page, method, action: attribute(tag, 'action') || page.split('?')[0] || page, fields });
  }
  return forms;
}

/** Fields as sent: a name given more than once (ticked boxes) becomes a list. */
function valuesOf(fields: Field[]): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const { name, value } of fields) {
    const existing = values[name];
    values[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return values;
}

/** Pages that would end the session or send a file rather than a page. */
const notAPage = /^\/(assets|sign-out)|\/(export|download)|\.(csv|xlsx|json)(\?|$)/;

/** Every page a person can reach by following links, with one or two of each kind of record. */
async function crawl(browser: Browser, start: string[]) {
  const seen = new Set<string>();
  const perPattern = new Map<string, number>();
  const queue = [...start];
  const pages: Array<{ url: string; html: string }> = [];
  while (queue.length && pages.length < 250) {
    const url = queue.shift() as string;
    if (seen.has(url)) continue;
    seen.add(url);
    const pattern = url.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, ':id').replace(/\?.*$/, (query) => query.replace(/=[^&]*/g, '='));
    const count = perPattern.get(pattern) ?? 0;
    if (count >= 2) continue;
    perPattern.set(pattern, count + 1);
    const response = await browser.get(url);
    expect(response.statusCode, `GET ${url}`).toBeLessThan(500);
    if (response.statusCode !== 200 || !String(response.headers['content-type']).startsWith('text/html')) continue;
    pages.push({ url, html: response.body });
    for (const link of response.body.matchAll(/href="(\/[^"#]*)"/g)) {
      const href = (link[1] as string).replace(/&amp;/g, '&');
      if (!notAPage.test(href) && !seen.has(href)) queue.push(href);
    }
  }
  return pages;
}

const bad = {
  nul: (value: string) => `${value}a\u0000b`,
  loneSurrogate: (value: string) => `${value}a\ud800b`,
  overLong: () => 'x'.repeat(10_001),
};

/**
 * Each form is sent once for each text box spoilt on its own (the rest as the page had them,
 * so that the spoilt value is the only thing wrong), then with every field spoilt at once.
 */
function spoilt(form: Form) {
  const texts = form.fields.filter((field) => field.kind === 'text');
  const attempts: Array<{ name: string; as: 'form' | 'json'; fields: Field[] }> = [];
  const replacing = (target: Field, value: string) => form.fields.map((field) => (field === target ? { ...field, value } : field));
  // Numbered boxes of one kind (a theme's evidence-GOV-01, -02 …) are checked through the first.
  const kinds = new Set<string>();
  for (const field of texts) {
    const kind = field.name.replace(/[A-Z]+-\d+/g, '#');
    if (kinds.has(kind)) continue;
    kinds.add(kind);
    attempts.push({ name: `a NUL byte in ${field.name}`, as: 'form', fields: replacing(field, bad.nul(field.value)) });
    attempts.push({ name: `a lone surrogate in ${field.name}`, as: 'json', fields: replacing(field, bad.loneSurrogate(field.value)) });
  }
  if (texts.length) {
    attempts.push({ name: 'over-long text in every box', as: 'form', fields: form.fields.map((field) => (field.kind === 'text' ? { ...field, value: bad.overLong() } : field)) });
  }
  attempts.push({
    name: 'NUL bytes in every field',
    as: 'json',
    fields: form.fields.map((field) => (field.name === '_csrf' ? field : { ...field, value: bad.nul(field.value) })),
  });
  return attempts;
}

/** Sends every form on the pages spoilt, and lists any answer that is not a page. */
async function probeForms(browser: Browser, pages: Array<{ url: string; html: string }>) {
  const failures: string[] = [];
  let sent = 0;
  const done = new Set<string>();
  for (const { url, html } of pages) {
    for (const form of formsIn(url, html)) {
      const key = `${form.method} ${form.action.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, ':id')} ${form.fields.map((field) => field.name).join(',')}`;
      if (form.action.startsWith('/sign-out') || done.has(key)) continue;
      done.add(key);
      if (process.env.PROBE_LIST) console.log('FORM', key.slice(0, 160));
      for (const attempt of spoilt(form)) {
        const values = valuesOf(attempt.fields);
        let response: LightMyRequestResponse;
        if (form.method === 'get') {
          const query = Object.entries(values)
            .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((one) => `${encode(name)}=${encode(one)}`))
            .join('&');
          response = await browser.get(`${form.action}?${query}`);
        } else {
          response = await browser.post(form.action, values, attempt.as);
        }
        sent += 1;
        if (![200, 302, 303, 400, 403, 404, 409, 410].includes(response.statusCode)) {
          failures.push(`${response.statusCode} from ${form.method.toUpperCase()} ${form.action} (form on ${url}) with ${attempt.name}`);
        }
      }
    }
  }
  return { failures, sent };
}

/** The address's own search and filter values spoilt, as a hand-edited link would be. */
async function probeQueries(browser: Browser, pages: Array<{ url: string }>) {
  const failures: string[] = [];
  for (const { url } of pages) {
    const [path, query] = url.split('?');
    if (!query) continue;
    for (const bad of ['%00', '%ED%A0%80', encodeURIComponent('x'.repeat(5000))]) {
      const spoilt = `${path}?${query.replace(/=[^&]*/g, `=${bad}`)}`;
      const response = await browser.get(spoilt);
      if (response.statusCode >= 500) failures.push(`${response.statusCode} from GET ${spoilt.slice(0, 200)}`);
    }
  }
  return failures;
}

async function signedIn(email: string) {
  const browser = new Browser();
  const page = await browser.get('/sign-in');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
  const password = demo.accounts.find((account) => account.email === email)?.password as string;
  const response = await browser.post('/sign-in', { _csrf: token, email, password }, 'form');
  expect(response.statusCode, `sign in as ${email}`).toBe(302);
  return browser;
}

describe('text the database cannot store, in every form and search', () => {
  it('refuses it with a page (never a server error) on the sign-in form', async () => {
    const browser = new Browser();
    const pages = await crawl(browser, ['/sign-in']);
    const { failures, sent } = await probeForms(browser, pages);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(3);
    // A return address that cannot be a Location header goes home instead.
    const page = await browser.get('/sign-in?returnTo=%2F%00%E4%B8%AD');
    expect(page.statusCode).toBe(200);
  });

  it.each([
    ['lead@northmoor.example', ['/', '/referrals', '/referrals/new', '/assessments', '/commissioning/contracts', '/people', '/audit', '/account/password']],
    ['contributor@northmoor.example', ['/', '/assessments']],
    ['staff@northmoor.example', ['/', '/referrals', '/referrals/new']],
    ['peer@eastfield.example', ['/', '/assessments', '/partnerships/switch']],
    ['admin@residential-pathways.example', ['/', '/admin/partnerships', '/admin/partnerships/new', '/admin/providers', '/admin/templates']],
    ['provider@hillside.example', ['/', '/your-services', '/your-placements']],
  ])('refuses it with a page, never a server error, for %s', async (email, start) => {
    const browser = await signedIn(email);
    const pages = await crawl(browser, start);
    const { failures, sent } = await probeForms(browser, pages);
    failures.push(...(await probeQueries(browser, pages)));
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(4);
  }, 240_000);

  it('keeps what was typed and says what is wrong beside the field', async () => {
    const browser = await signedIn('lead@northmoor.example');
    const page = await browser.get('/referrals?q=ab%00c');
    expect(page.statusCode).toBe(200);
    const form = await browser.get('/account/password');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] as string;
    const response = await browser.post('/people/invite', { _csrf: token, email: 'someone\u0000@example.org', role: 'viewer' }, 'form');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Email address must not include special characters');
  });
});

describe('text the database cannot store, in uploaded files', () => {
  async function uploader(email: string) {
    const visitor = new Visitor(app);
    await visitor.signIn(email, demo.accounts.find((account) => account.email === email)?.password as string);
    return visitor;
  }
  /** The file with a NUL byte after the first word of each row but the headings. */
  const spoilt = (csv: string) => csv.split('\n').map((line, index) => (index === 0 ? line : line.replace(/([A-Za-z]+)/, '$1\u0000'))).join('\n');

  it('refuses a question bank whose JSON escapes a NUL, naming the place', async () => {
    const admin = await uploader('admin@residential-pathways.example');
    const json = fs
      .readFileSync(path.join(sourceRoot, 'assessment', 'templates', 'residential-pathway-2026.json'), 'utf8')
      .replace(/"version": "[^"]*"/, '"version": "2099.1"')
      .replace('Partnership and governance', 'Partnership\\u0000 and governance');
    const response = await admin.uploadFile('/admin/templates/import', 'templateFile', { data: json, name: 'bank.json', type: 'application/json' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Theme 1, title: The theme’s title must not include special characters');
  });

  it('refuses referral and service files with NUL bytes', async () => {
    const lead = await uploader('lead@northmoor.example');
    const referrals = spoilt((await lead.get('/referrals/import/example.csv')).body);
    expect((await lead.uploadFile('/referrals/import', 'referralsFile', { data: referrals, name: 'referrals.csv' })).statusCode).toBe(400);
    const admin = await uploader('admin@residential-pathways.example');
    const services = spoilt((await admin.get('/admin/services/import/example.csv')).body);
    expect((await admin.uploadFile('/admin/services/import', 'servicesFile', { data: services, name: 'services.csv' })).statusCode).toBe(400);
  });
});
