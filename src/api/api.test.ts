import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, signedInVisitor, type TestContext, type Visitor } from '../../test/app.js';
import { referralRow } from '../../test/referrals.js';
import type { ApiScope } from '../platform/db/schema.js';
import { apiRequestsPerMinute } from './routes/limits.js';
import { buildApp } from '../app.js';
import { testConfig } from '../config.js';
import { createServices } from '../services.js';
import { createApiTokenService } from './token-service.js';
import { screenMessenger } from '../platform/messages.js';

/**
 * The API driven in-process on a real database, every response checked against the OpenAPI
 * document the service serves. ajv (the validator Fastify itself uses, in its 2020-12 dialect,
 * which OpenAPI 3.1 schemas are written in) reads the document once; each response is validated
 * against the schema the document gives for its operation, status and content type, and a
 * response the document does not describe fails the test.
 */

type Method = 'GET' | 'POST';
type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  components: { schemas: Record<string, unknown> };
};

let context: TestContext;
let document: OpenApiDocument;
let ajv: Ajv2020;
const exercised = new Set<string>();
const tokens = {} as Record<'all' | 'figuresOnly' | 'eastfield' | 'revoked' | 'expired', string>;
const ids = { referral: '', older: '', newer: '', eastfieldReferral: '' };

async function tokenFor(partnership: 'northmoor' | 'eastfield', scopes: ApiScope[], name = 'Test token') {
  const service = createApiTokenService({ db: context.database.db, now: () => context.clock.now });
  const made = await service.createToken(context.demo.partnershipIds[partnership], { userId: context.demo.userIds['lead@northmoor.example'] as string }, { name, scopes, days: 90 });
  return made.token;
}

/** Sends a request to the API and checks the answer against the document. */
async function call(
  method: Method,
  template: string,
  options: { params?: Record<string, string>; query?: string; token?: string | null; headers?: Record<string, string>; body?: unknown } = {},
): Promise<LightMyRequestResponse> {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => options.params?.[name] ?? '');
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await context.app.inject({
    method,
    url: `/api/v1${path}${options.query ? `?${options.query}` : ''}`,
    headers,
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
  expectMatchesDocument(method, `/api/v1${template}`, response);
  return response;
}

function expectMatchesDocument(method: Method, path: string, response: LightMyRequestResponse) {
  const operation = document.paths[path]?.[method.toLowerCase()];
  expect(operation, `${method} ${path} is in the document`).toBeDefined();
  const described = operation?.responses[String(response.statusCode)];
  expect(described, `${method} ${path} describes a ${response.statusCode} response (got ${response.body.slice(0, 300)})`).toBeDefined();
  const contentType = String(response.headers['content-type'] ?? '').split(';')[0] as string;
  const schema = described?.content?.[contentType]?.schema;
  expect(schema, `${method} ${path} ${response.statusCode} describes ${contentType}`).toBeDefined();
  const validate = ajv.compile({ ...(schema as object), $defs: undefined, $id: undefined, $schema: undefined } as object);
  const valid = validate(response.json());
  expect(validate.errors ?? [], `${method} ${path} ${response.statusCode}`).toEqual([]);
  expect(valid).toBe(true);
  exercised.add(`${method} ${path}`);
}

beforeAll(async () => {
  context = await createTestContext();
  const { db } = context.database;
  const { northmoor, eastfield } = context.demo.partnershipIds;

  const inserted = await db
    .insertInto('referrals')
    .values([
      referralRow(northmoor, 'API-OLD', { updated_at: '2026-10-01T10:00:00Z' }),
      referralRow(northmoor, 'API-MID', { updated_at: '2026-11-05T10:00:00Z' }),
      referralRow(northmoor, 'API-NEW', { updated_at: '2026-11-10T10:00:00Z' }),
      referralRow(eastfield, 'EAST-1', { updated_at: '2026-11-10T10:00:00Z' }),
    ])
    .returning(['id', 'local_reference'])
    .execute();
  const id = (reference: string) => inserted.find((row) => row.local_reference === reference)?.id as string;
  ids.older = id('API-OLD');
  ids.referral = id('API-MID');
  ids.newer = id('API-NEW');
  ids.eastfieldReferral = id('EAST-1');
  // Seven referred this year for the figures: five women and two men.
  await db
    .insertInto('referrals')
    .values(
      Array.from({ length: 7 }, (_, index) =>
        referralRow(northmoor, `API-FIG-${index}`, { stage: 'referred', referred_on: '2026-06-02', sex: index < 5 ? 'female' : 'male', updated_at: '2026-06-02T10:00:00Z' }),
      ),
    )
    .execute();

  tokens.all = await tokenFor('northmoor', ['referrals:read', 'figures:read', 'referral_events:write']);
  tokens.figuresOnly = await tokenFor('northmoor', ['figures:read']);
  tokens.eastfield = await tokenFor('eastfield', ['referrals:read', 'figures:read', 'referral_events:write']);
  tokens.revoked = await tokenFor('northmoor', ['referrals:read'], 'Revoked token');
  tokens.expired = await tokenFor('northmoor', ['referrals:read'], 'Expired token');
  await db.updateTable('api_tokens').set({ revoked_at: context.clock.now }).where('name', '=', 'Revoked token').execute();
  await db.updateTable('api_tokens').set({ expires_at: new Date(context.clock.now.getTime() - 1000) }).where('name', '=', 'Expired token').execute();

  const served = await context.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(served.statusCode).toBe(200);
  document = served.json() as OpenApiDocument;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  for (const [name, schema] of Object.entries(document.components.schemas)) ajv.addSchema(schema as object, `#/components/schemas/${name}`);
});
afterAll(async () => context.close());

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes every operation, generated from the routes’ schemas', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/v1/figures',
      '/api/v1/referrals',
      '/api/v1/referrals/{referralId}',
      '/api/v1/referrals/{referralId}/events',
      '/api/v1/referrals/{referralId}/timeline',
      '/api/v1/services',
    ]);
    expect(document.components.schemas.Referral).toMatchObject({ type: 'object' });
    expect(JSON.stringify(document.paths['/api/v1/referrals/{referralId}/events'])).toContain('idempotency-key');
  });

  it('is strict enough to catch a response that does not fit', () => {
    const schema = document.paths['/api/v1/referrals']?.get?.responses['200']?.content?.['application/json']?.schema as object;
    const validate = ajv.compile(schema);
    expect(validate({ referrals: [], nextCursor: null })).toBe(true);
    expect(validate({ referrals: [{ id: 'not-an-id', localReference: 'X' }], nextCursor: null })).toBe(false);
    expect(validate({ referrals: [] })).toBe(false);
  });

  it('has a reference page made from it that needs no script and sets no cookie', async () => {
    const page = await context.app.inject({ method: 'GET', url: '/api/v1/reference' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('GET /api/v1/referrals');
    expect(page.body).toContain('POST /api/v1/referrals/{referralId}/events');
    expect(page.body).toContain('id="problem-idempotency-key-reused"');
    expect(page.body).toContain('follow <code>nextCursor</code> to the end');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['set-cookie']).toBeUndefined();
  });
});

describe('tokens', () => {
  it('refuses a request without a token, with a malformed or unknown one', async () => {
    const none = await call('GET', '/referrals');
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect(none.json()).toMatchObject({ status: 401, type: '/api/v1/reference#problem-unauthorised' });
    expect((await call('GET', '/referrals', { headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
    expect((await call('GET', '/referrals', { token: `rp_${'A'.repeat(43)}` })).statusCode).toBe(401);
  });

  it('refuses a revoked or expired token, and audits that it was still sent', async () => {
    const revoked = await call('GET', '/referrals', { token: tokens.revoked });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().detail).toBe('This token has been revoked.');
    const expired = await call('GET', '/referrals', { token: tokens.expired });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().detail).toBe('This token has expired.');
    const refusals = await context.database.db.selectFrom('audit_events').select('summary').where('action', '=', 'api_request_refused').execute();
    expect(refusals.map((row) => row.summary)).toEqual(expect.arrayContaining([expect.stringContaining('refused, revoked'), expect.stringContaining('refused, expired')]));
  });

  it('refuses an operation the token has no scope for (403)', async () => {
    const list = await call('GET', '/referrals', { token: tokens.figuresOnly });
    expect(list.statusCode).toBe(403);
    expect(list.json().detail).toContain('referrals:read');
    const write = await call('POST', '/referrals/{referralId}/events', {
      params: { referralId: ids.referral },
      token: tokens.figuresOnly,
      headers: { 'idempotency-key': 'no-scope-1' },
      body: { type: 'stage_changed', stage: 'referred', date: '2026-11-20' },
    });
    expect(write.statusCode).toBe(403);
    const stored = await context.database.db.selectFrom('referrals').select('stage').where('id', '=', ids.referral).executeTakeFirstOrThrow();
    expect(stored.stage).toBe('identified');
    // A token with any scope may read the shared directory.
    expect((await call('GET', '/services', { token: tokens.figuresOnly })).statusCode).toBe(200);
  });

  it('audits every use, with the request id, and keeps no session', async () => {
    const response = await call('GET', '/referrals/{referralId}', { params: { referralId: ids.referral }, token: tokens.all });
    expect(response.statusCode).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
    const entry = await context.database.db
      .selectFrom('audit_events')
      .select(['partnership_id', 'summary', 'request_id'])
      .where('action', '=', 'api_request')
      .where('summary', 'like', `%GET /api/v1/referrals/${ids.referral} answered 200%`)
      .executeTakeFirstOrThrow();
    expect(entry.partnership_id).toBe(context.demo.partnershipIds.northmoor);
    expect(entry.request_id).toBeTruthy();
    const token = await context.database.db.selectFrom('api_tokens').select('last_used_at').where('name', '=', 'Test token').where('partnership_id', '=', context.demo.partnershipIds.northmoor).orderBy('created_at').executeTakeFirstOrThrow();
    expect(token.last_used_at).not.toBeNull();
  });
});

describe('referrals', () => {
  it('lists the referrals changed since a date, oldest change first, page by page', async () => {
    const first = await call('GET', '/referrals', { token: tokens.all, query: 'changedSince=2026-11-01&limit=1' });
    expect(first.statusCode).toBe(200);
    const firstPage = first.json();
    expect(firstPage.referrals.map((referral: { localReference: string }) => referral.localReference)).toEqual(['API-MID']);
    expect(firstPage.nextCursor).toEqual(expect.any(String));
    const second = (await call('GET', '/referrals', { token: tokens.all, query: `changedSince=2026-11-01&limit=1&cursor=${firstPage.nextCursor}` })).json();
    expect(second.referrals.map((referral: { localReference: string }) => referral.localReference)).toEqual(['API-NEW']);
    expect(second.nextCursor).toBeNull();
    // A moment with a time works too; API-OLD changed before both.
    const since = (await call('GET', '/referrals', { token: tokens.all, query: 'changedSince=2026-11-06T00:00:00Z' })).json();
    expect(since.referrals.map((referral: { localReference: string }) => referral.localReference)).toEqual(['API-NEW']);
  });

  it('gives pseudonymised records: coded fields and dates, no free text', async () => {
    const referral = (await call('GET', '/referrals/{referralId}', { params: { referralId: ids.referral }, token: tokens.all })).json();
    expect(referral).toMatchObject({ id: ids.referral, localReference: 'API-MID', stage: 'identified', ageBand: '35-44' });
    expect(Object.keys(referral)).not.toEqual(expect.arrayContaining(['eligibilityReasons', 'riskAssessmentSummary', 'withdrawnReason', 'referringService']));
  });

  it('refuses a cursor it did not give and a date that is not one', async () => {
    const cursor = await call('GET', '/referrals', { token: tokens.all, query: 'cursor=not-a-cursor' });
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().errors).toEqual([{ field: 'querystring.cursor', detail: 'is not a cursor this API gave' }]);
    const date = await call('GET', '/referrals', { token: tokens.all, query: 'changedSince=yesterday' });
    expect(date.statusCode).toBe(400);
    expect(date.json().errors[0].field).toBe('querystring.changedSince');
  });

  it('records a stage change once, however often it is sent with the same Idempotency-Key', async () => {
    const change = { type: 'stage_changed', stage: 'referred', date: '2026-11-20' };
    const send = () => call('POST', '/referrals/{referralId}/events', { params: { referralId: ids.referral }, token: tokens.all, headers: { 'idempotency-key': 'case-system-42' }, body: change });
    const first = await send();
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    expect(first.json().referral).toMatchObject({ stage: 'referred', referredOn: '2026-11-20', version: 2 });
    expect(first.json().event).toMatchObject({ eventType: 'stage_changed', stage: 'referred', eventOn: '2026-11-20' });
    const again = await send();
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());

    const { db } = context.database;
    const events = await db.selectFrom('referral_events').select('id').where('referral_id', '=', ids.referral).where('event_type', '=', 'stage_changed').execute();
    expect(events).toHaveLength(1);
    const stored = await db.selectFrom('referrals').select(['stage', 'version']).where('id', '=', ids.referral).executeTakeFirstOrThrow();
    expect(stored).toEqual({ stage: 'referred', version: 2 });
    // Through the pathway service: the same audit entry as a move on the pages.
    const audited = await db.selectFrom('audit_events').select('summary').where('action', '=', 'referral_stage_changed').where('record_id', '=', ids.referral).execute();
    expect(audited).toHaveLength(1);
    // The change shows in the list of what changed since today.
    const changed = (await call('GET', '/referrals', { token: tokens.all, query: 'changedSince=2026-11-23' })).json();
    expect(changed.referrals.map((referral: { id: string }) => referral.id)).toEqual([ids.referral]);
    // And on the referral's timeline.
    const timeline = (await call('GET', '/referrals/{referralId}/timeline', { params: { referralId: ids.referral }, token: tokens.all })).json();
    expect(timeline.events).toEqual([first.json().event]);
  });

  it('refuses the same Idempotency-Key with a different request', async () => {
    const response = await call('POST', '/referrals/{referralId}/events', {
      params: { referralId: ids.referral },
      token: tokens.all,
      headers: { 'idempotency-key': 'case-system-42' },
      body: { type: 'stage_changed', stage: 'withdrawn', date: '2026-11-21', withdrawnReason: 'Moved away' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().type).toBe('/api/v1/reference#problem-idempotency-key-reused');
    const stored = await context.database.db.selectFrom('referrals').select('stage').where('id', '=', ids.referral).executeTakeFirstOrThrow();
    expect(stored.stage).toBe('referred');
  });

  it('applies the same stage rules as the pages, and keeps the refusal for a retry', async () => {
    const send = () =>
      call('POST', '/referrals/{referralId}/events', {
        params: { referralId: ids.newer },
        token: tokens.all,
        headers: { 'idempotency-key': 'skip-ahead' },
        body: { type: 'stage_changed', stage: 'admitted', date: '2026-11-20' },
      });
    const refused = await send();
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ type: '/api/v1/reference#problem-stage-rules', errors: [{ field: 'body.stage' }] });
    expect((await send()).json()).toEqual(refused.json());
    const future = await call('POST', '/referrals/{referralId}/events', {
      params: { referralId: ids.newer },
      token: tokens.all,
      headers: { 'idempotency-key': 'future-date' },
      body: { type: 'stage_changed', stage: 'referred', date: '2026-12-25' },
    });
    expect(future.statusCode).toBe(422);
    expect(future.json().errors).toEqual([{ field: 'body.date', detail: expect.stringContaining('today or in the past') }]);
  });

  it('refuses a change made on an out-of-date version (409)', async () => {
    const response = await call('POST', '/referrals/{referralId}/events', {
      params: { referralId: ids.older },
      token: tokens.all,
      headers: { 'idempotency-key': 'old-version' },
      body: { type: 'stage_changed', stage: 'referred', date: '2026-11-20', expectedVersion: 7 },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().type).toBe('/api/v1/reference#problem-conflict');
  });

  it('needs an Idempotency-Key and a body that fits', async () => {
    const noKey = await call('POST', '/referrals/{referralId}/events', { params: { referralId: ids.older }, token: tokens.all, body: { type: 'stage_changed', stage: 'referred', date: '2026-11-20' } });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().errors[0].field).toContain('idempotency-key');
    const extra = await call('POST', '/referrals/{referralId}/events', {
      params: { referralId: ids.older },
      token: tokens.all,
      headers: { 'idempotency-key': 'extra-field' },
      body: { type: 'stage_changed', stage: 'referred', date: '2026-11-20', name: 'Somebody' },
    });
    expect(extra.statusCode).toBe(400);
    const stored = await context.database.db.selectFrom('referrals').select('stage').where('id', '=', ids.older).executeTakeFirstOrThrow();
    expect(stored.stage).toBe('identified');
  });
});

describe('two copies of one request at once', () => {
  it('records the change once', async () => {
    const send = () =>
      call('POST', '/referrals/{referralId}/events', {
        params: { referralId: ids.older },
        token: tokens.all,
        headers: { 'idempotency-key': 'sent-twice-at-once' },
        body: { type: 'stage_changed', stage: 'referred', date: '2026-11-22' },
      });
    const answers = await Promise.all([send(), send()]);
    // One is carried out; the other either waits its turn and gets the same answer, or is told the first is still going.
    expect(answers.filter((answer) => answer.statusCode === 201).length).toBeGreaterThanOrEqual(1);
    for (const answer of answers) expect([201, 409]).toContain(answer.statusCode);
    const events = await context.database.db.selectFrom('referral_events').select('id').where('referral_id', '=', ids.older).where('event_type', '=', 'stage_changed').execute();
    expect(events).toHaveLength(1);
  });
});

describe('a change that fails before it is recorded', () => {
  it('lets the key be used again, so the retry records it once', async () => {
    const { db } = context.database;
    const referral = await db.insertInto('referrals').values(referralRow(context.demo.partnershipIds.northmoor, 'API-RETRY')).returning('id').executeTakeFirstOrThrow();
    const services = createServices({ db, now: () => context.clock.now, messenger: screenMessenger(), publicUrl: undefined, uploadsFolder: '/tmp/rp-api-test-uploads' });
    const failing = await buildApp({
      db,
      config: testConfig(),
      clock: () => context.clock.now,
      logger: false,
      services: { ...services, pathway: { ...services.pathway, moveStage: async () => Promise.reject(new Error('the database went away')) } },
    });
    const request = {
      method: 'POST' as const,
      url: `/api/v1/referrals/${referral.id}/events`,
      headers: { authorization: `Bearer ${tokens.all}`, 'idempotency-key': 'fails-first-time' },
      payload: { type: 'stage_changed', stage: 'referred', date: '2026-11-21' },
    };
    try {
      const failed = await failing.inject(request);
      expect(failed.statusCode).toBe(500);
      expect(failed.json()).toMatchObject({ type: '/api/v1/reference#problem-server-error' });
      expectMatchesDocument('POST', '/api/v1/referrals/{referralId}/events', failed);
    } finally {
      await failing.close();
    }
    const retried = await context.app.inject(request);
    expect(retried.statusCode).toBe(201);
    const events = await db.selectFrom('referral_events').select('id').where('referral_id', '=', referral.id).where('event_type', '=', 'stage_changed').execute();
    expect(events).toHaveLength(1);
  });
});

describe('partnership separation', () => {
  it('never shows a token another partnership’s referrals', async () => {
    const list = (await call('GET', '/referrals', { token: tokens.eastfield })).json();
    expect(list.referrals.map((referral: { localReference: string }) => referral.localReference)).toEqual(['EAST-1']);
    expect((await call('GET', '/referrals/{referralId}', { params: { referralId: ids.newer }, token: tokens.eastfield })).statusCode).toBe(404);
    expect((await call('GET', '/referrals/{referralId}/timeline', { params: { referralId: ids.newer }, token: tokens.eastfield })).statusCode).toBe(404);
    // And Northmoor's token does not see Eastfield's.
    expect((await call('GET', '/referrals/{referralId}', { params: { referralId: ids.eastfieldReferral }, token: tokens.all })).statusCode).toBe(404);
  });

  it('never lets a token change another partnership’s referral', async () => {
    const response = await call('POST', '/referrals/{referralId}/events', {
      params: { referralId: ids.newer },
      token: tokens.eastfield,
      headers: { 'idempotency-key': 'cross-partnership' },
      body: { type: 'stage_changed', stage: 'referred', date: '2026-11-20' },
    });
    expect(response.statusCode).toBe(404);
    const stored = await context.database.db.selectFrom('referrals').select(['stage', 'version']).where('id', '=', ids.newer).executeTakeFirstOrThrow();
    expect(stored).toEqual({ stage: 'identified', version: 1 });
  });

  it('counts only the token’s own partnership in the figures', async () => {
    const eastfield = (await call('GET', '/figures', { token: tokens.eastfield, query: 'from=2026-04-01&to=2027-03-31' })).json();
    expect(eastfield.overall.people).toEqual({ kind: 'count', value: 0 });
  });
});

describe('figures', () => {
  it('hides counts below 5, and a second count that would give one away', async () => {
    // June: only the seven referred on 2 June, whatever the other tests moved.
    const response = await call('GET', '/figures', { token: tokens.figuresOnly, query: 'from=2026-06-01&to=2026-06-30' });
    expect(response.statusCode).toBe(200);
    const figures = response.json();
    expect(figures.disclosureThreshold).toBe(5);
    expect(figures.overall.people).toEqual({ kind: 'count', value: 7 });
    expect(figures.overall.admitted).toEqual({ kind: 'count', value: 0 });
    const sex = figures.byGroup.find((group: { dimension: string }) => group.dimension === 'sex').groups;
    const bySex = Object.fromEntries(sex.map((group: { value: string; people: unknown }) => [group.value, group.people]));
    // Two men: fewer than 5, hidden; the five women hidden too, or 7 − 5 would give the two away.
    expect(bySex.male).toEqual({ kind: 'suppressed', reason: 'secondary' });
    expect(bySex.female).toEqual({ kind: 'suppressed', reason: 'secondary' });
    expect(bySex.other).toEqual({ kind: 'count', value: 0 });
  });

  it('refuses a period that ends before it starts', async () => {
    const response = await call('GET', '/figures', { token: tokens.figuresOnly, query: 'from=2026-04-01&to=2026-03-31' });
    expect(response.statusCode).toBe(400);
  });
});

describe('the directory', () => {
  it('lists services page by page with a cursor', async () => {
    const { db } = context.database;
    const provider = await db.selectFrom('providers').select('id').executeTakeFirstOrThrow();
    await db
      .insertInto('services')
      .values(['API House A', 'API House B', 'API House C'].map((name) => ({ provider_id: provider.id, name, kind: 'residential_rehab' as const, region: 'North West' })))
      .execute();
    const first = (await call('GET', '/services', { token: tokens.all, query: 'limit=2&region=North%20West' })).json();
    expect(first.services).toHaveLength(2);
    expect(first.total).toBeGreaterThanOrEqual(3);
    const names: string[] = first.services.map((service: { name: string }) => service.name);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = (await call('GET', '/services', { token: tokens.all, query: `limit=2&region=North%20West&cursor=${cursor}` })).json();
      names.push(...page.services.map((service: { name: string }) => service.name));
      cursor = page.nextCursor;
    }
    expect(names).toHaveLength(first.total);
    expect(names).toEqual(expect.arrayContaining(['API House A', 'API House B', 'API House C']));
  });
});

describe('anything else', () => {
  it('answers an unknown address under /api/v1 with a problem, not a page', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('exercised every operation in the document', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.filter((operation) => !exercised.has(operation))).toEqual([]);
  });

  it(`limits a caller to ${apiRequestsPerMinute} requests a minute`, async () => {
    // Without a token the limit is per address, and refusing costs no database read.
    for (let index = 0; index < apiRequestsPerMinute; index += 1) {
      const response = await context.app.inject({ method: 'GET', url: '/api/v1/referrals' });
      if (response.statusCode === 429) break;
    }
    const limited = await call('GET', '/referrals');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    // Another token has its own allowance.
    expect((await call('GET', '/referrals', { token: tokens.all })).statusCode).toBe(200);
  });
});

describe('the token pages', () => {
  let lead: Visitor;
  beforeAll(async () => {
    lead = await signedInVisitor(context, 'lead@northmoor.example');
  });

  it('shows a new token once, then only its first characters; the token works', async () => {
    const made = await lead.submit('/api-tokens/new', '/api-tokens/new', { name: 'Case system, live', scopes: ['referrals:read'], days: '30' });
    expect(made.statusCode).toBe(200);
    expect(made.headers['cache-control']).toBe('no-store');
    const token = /value="(rp_[A-Za-z0-9_-]{43})"/.exec(made.body)?.[1] as string;
    expect(token).toBeDefined();
    const list = await lead.get('/api-tokens');
    expect(list.body).toContain('Case system, live');
    expect(list.body).toContain(token.slice(0, 9));
    expect(list.body).not.toContain(token);
    const stored = await context.database.db.selectFrom('api_tokens').select(['token_hash', 'scopes']).where('name', '=', 'Case system, live').executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(stored.scopes).toEqual(['referrals:read']);
    expect((await call('GET', '/referrals/{referralId}', { params: { referralId: ids.older }, token })).statusCode).toBe(200);
  });

  it('keeps what was typed and says what is wrong', async () => {
    const response = await lead.submit('/api-tokens/new', '/api-tokens/new', { name: 'Half-made token', days: '30' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('href="#scopes">Select what the token may do');
    expect(response.body).toContain('value="Half-made token"');
  });

  it('refuses a form without its security token', async () => {
    const response = await lead.post('/api-tokens/new', { name: 'No token', scopes: 'referrals:read', days: '30' });
    expect(response.statusCode).toBe(403);
  });

  it('revokes a token, which then stops working', async () => {
    const made = await lead.submit('/api-tokens/new', '/api-tokens/new', { name: 'To revoke', scopes: ['referrals:read'], days: '90' });
    const token = /value="(rp_[A-Za-z0-9_-]{43})"/.exec(made.body)?.[1] as string;
    const row = await context.database.db.selectFrom('api_tokens').select('id').where('name', '=', 'To revoke').executeTakeFirstOrThrow();
    const revoked = await lead.submit(`/api-tokens/${row.id}/revoke`, `/api-tokens/${row.id}/revoke`, {});
    expect(revoked.statusCode).toBe(302);
    expect((await call('GET', '/referrals/{referralId}', { params: { referralId: ids.older }, token })).statusCode).toBe(401);
    const audit = await context.database.db.selectFrom('audit_events').select('action').where('record_id', '=', row.id).where('action', 'in', ['api_token_created', 'api_token_revoked']).execute();
    expect(audit.map((entry) => entry.action).sort()).toEqual(['api_token_created', 'api_token_revoked']);
  });

  it('are for the lead commissioner only, and only for their own partnership’s tokens', async () => {
    const staff = await signedInVisitor(context, 'staff@northmoor.example');
    expect((await staff.get('/api-tokens')).statusCode).toBe(403);
    expect((await staff.get('/api-tokens/new')).statusCode).toBe(403);
    const eastfieldLead = await signedInVisitor(context, 'peer@eastfield.example');
    const northmoorToken = await context.database.db.selectFrom('api_tokens').select('id').where('name', '=', 'Case system, live').executeTakeFirstOrThrow();
    expect((await eastfieldLead.get(`/api-tokens/${northmoorToken.id}/revoke`)).statusCode).toBe(404);
    const page = await eastfieldLead.get('/api-tokens/new');
    const refused = await eastfieldLead.post(`/api-tokens/${northmoorToken.id}/revoke`, { _csrf: csrfTokenIn(page.body) });
    expect(refused.statusCode).toBe(404);
    expect((await eastfieldLead.get('/api-tokens')).body).not.toContain('Case system, live');
  });
});
