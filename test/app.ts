import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import { type AppConfig, testConfig } from '../src/config.js';
import type { DatabaseHandle } from '../src/platform/db/connect.js';
import type { Mailer, OutgoingMail } from '../src/platform/mail.js';
import { type SeededDemo, seedDemo } from '../src/demo/seed.js';
import { createTestDatabase } from './database.js';

export interface TestContext {
  app: FastifyInstance;
  database: DatabaseHandle;
  demo: SeededDemo;
  clock: { now: Date; advance(milliseconds: number): void };
  sentMail: OutgoingMail[];
  close(): Promise<void>;
}

/**
 * The whole service on its own database with the demo data, driven in-process. `withMailer`
 * keeps what SMTP would send in sentMail; `mailer` stands in for SMTP (one that fails, say);
 * `config` changes settings, such as GOV.UK Notify's (see fake-notify.ts).
 */
export async function createTestContext(options: { withMailer?: boolean; mailer?: Mailer; config?: Partial<AppConfig> } = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const demo = await seedDemo(database.db);
  const clock = {
    now: new Date('2026-11-23T09:00:00Z'),
    advance(milliseconds: number) {
      clock.now = new Date(clock.now.getTime() + milliseconds);
    },
  };
  const sentMail: OutgoingMail[] = [];
  const app = await buildApp({
    db: database.db,
    config: testConfig(options.config),
    clock: () => clock.now,
    mailer: options.mailer ?? (options.withMailer ? { send: async (mail) => void sentMail.push(mail) } : null),
    // TEST_LOGS=1 shows the service's error logs while debugging a failing test.
    logger: process.env.TEST_LOGS ? { level: 'error' } : false,
  });
  await app.ready();
  return {
    app,
    database,
    demo,
    clock,
    sentMail,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export interface UploadFile {
  data: Uint8Array | string;
  name: string;
  type?: string;
}

/** A visitor with their own cookies, like one browser. */
export class Visitor {
  private cookies = new Map<string, string>();

  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keepCookies(response: LightMyRequestResponse) {
    for (const cookie of response.cookies as Array<{ name: string; value: string; expires?: Date; maxAge?: number }>) {
      if (cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now())) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } });
    this.keepCookies(response);
    return response;
  }

  async post(url: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const single of Array.isArray(value) ? value : [value]) body.append(name, single);
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.keepCookies(response);
    return response;
  }

  /** Sends any request with this visitor's cookies, for bodies the helpers below cannot make (such as a stream). */
  async send(options: { method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: string | NodeJS.ReadableStream }): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ ...options, headers: { ...options.headers, cookie: this.cookieHeader() } });
    this.keepCookies(response);
    return response;
  }

  /** Sends a multipart body: a FormData, or one written out by hand with its own content type. */
  async postMultipart(url: string, payload: FormData | string, contentType?: string): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { cookie: this.cookieHeader() };
    if (contentType) headers['content-type'] = contentType;
    const response = await this.app.inject({ method: 'POST', url, payload, headers });
    this.keepCookies(response);
    return response;
  }

  /**
   * Sends an upload form as a browser does: the security token from the form's page (unless a
   * token, or null for none, is given) and one file, or an empty file box when there is none.
   */
  async uploadFile(
    formUrl: string,
    fieldName: string,
    file: UploadFile | null,
    { token, defaultType = 'text/csv' }: { token?: string | null; defaultType?: string } = {},
  ): Promise<LightMyRequestResponse> {
    const form = new FormData();
    const csrf = token === undefined ? csrfTokenIn((await this.get(formUrl)).body) : token;
    if (csrf !== null) form.append('_csrf', csrf);
    if (file) form.append(fieldName, new Blob([file.data as BlobPart], { type: file.type ?? defaultType }), file.name);
    else form.append(fieldName, new Blob([]), '');
    return this.postMultipart(formUrl, form);
  }

  /** Opens the page holding a form, then sends the form with its security token, as a browser would. */
  async submit(pageUrl: string, actionUrl: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse> {
    const page = await this.get(pageUrl);
    const token = csrfTokenIn(page.body);
    return this.post(actionUrl, { _csrf: token, ...fields });
  }

  /** Like submit, but also sends the page's hidden fields (such as record versions). */
  async submitWithHidden(pageUrl: string, actionUrl: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse> {
    const page = await this.get(pageUrl);
    return this.post(actionUrl, { ...hiddenFieldsIn(page.body), ...fields });
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    const response = await this.submit('/sign-in', '/sign-in', { email, password });
    if (response.statusCode !== 302) throw new Error(`Sign-in as ${email} failed with ${response.statusCode}`);
    return response;
  }
}

/** The hidden fields of the page's forms (security token, record versions), as a browser would send them. */
export function hiddenFieldsIn(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1] as string] = (match[2] as string).replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  }
  return fields;
}

export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('The page has no form security token');
  return match[1];
}

export function demoPassword(demo: SeededDemo, email: string): string {
  const account = demo.accounts.find((candidate) => candidate.email === email);
  if (!account) throw new Error(`No demo account ${email}`);
  return account.password;
}

export async function signedInVisitor(context: TestContext, email: string): Promise<Visitor> {
  const visitor = new Visitor(context.app);
  await visitor.signIn(email, demoPassword(context.demo, email));
  return visitor;
}
