import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for GOV.UK Notify's HTTP API, enough for the service's use of it: POST
 * /v2/notifications/email, with the bearer token checked as Notify checks it (a JWT signed
 * HS256 with the API key's secret, its iss the service id, issued within the last 30 seconds).
 * It records each accepted call and can be told to answer the next ones with an error.
 */

export const fakeServiceId = '5b7c1f0e-2a3d-4c5e-8f90-1a2b3c4d5e6f';
export const fakeSecret = '9d8c7b6a-5f4e-4d3c-8b2a-0f1e2d3c4b5a';
/** An API key in Notify's format, `{key_name}-{service_id}-{secret}`. */
export const fakeApiKey = `residential_pathways_test-${fakeServiceId}-${fakeSecret}`;

export interface RecordedEmail {
  template_id: string;
  email_address: string;
  personalisation?: Record<string, unknown>;
  reference?: string;
}

export interface FakeNotify {
  baseUrl: string;
  sent: RecordedEmail[];
  /** Requests refused for their token, for tests of a wrong key. */
  refusedTokens: number;
  /** Answers the next `times` requests with this status and Notify's error body. */
  failNext(status: 400 | 403 | 429 | 500, times?: number): void;
  close(): Promise<void>;
}

const errorBodies: Record<number, { error: string; message: string }> = {
  400: { error: 'BadRequestError', message: 'Can’t send to this recipient using a team-only API key' },
  403: { error: 'AuthError', message: 'Invalid token: API key not found' },
  429: { error: 'RateLimitError', message: 'Exceeded rate limit for key type TEAM of 3000 requests per 60 seconds' },
  500: { error: 'Exception', message: 'Internal server error' },
};

function base64url(input: Buffer): string {
  return input.toString('base64url');
}

/** Why Notify would refuse this Authorization header, or null when it would accept it. */
export function tokenProblem(authorization: string | undefined, serviceId: string, secret: string, now = Date.now()): string | null {
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  if (!match?.[1]) return 'Unauthorized: authentication token must be provided';
  const [header, payload, signature, ...rest] = match[1].split('.');
  if (!header || !payload || !signature || rest.length) return 'Invalid token: not a JWT';
  const expected = base64url(crypto.createHmac('sha256', secret).update(`${header}.${payload}`).digest());
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, Buffer.from(expected))) return 'Invalid token: signature, api token not found';
  let headerFields: { alg?: string };
  let claims: { iss?: string; iat?: number };
  try {
    headerFields = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return 'Invalid token: not a JWT';
  }
  if (headerFields.alg !== 'HS256') return 'Invalid token: algorithm used is not HS256';
  if (claims.iss !== serviceId) return 'Invalid token: service not found';
  if (typeof claims.iat !== 'number' || Math.abs(now / 1000 - claims.iat) > 30) return 'Error: Your system clock must be accurate to within 30 seconds';
  return null;
}

export async function startFakeNotify(): Promise<FakeNotify> {
  const sent: RecordedEmail[] = [];
  const failures: number[] = [];
  let refusedTokens = 0;

  const answer = (response: http.ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v2/notifications/email') {
        return answer(response, 404, { status_code: 404, errors: [{ error: 'NotFound', message: 'Not found' }] });
      }
      const problem = tokenProblem(request.headers.authorization, fakeServiceId, fakeSecret);
      if (problem) {
        refusedTokens += 1;
        return answer(response, 403, { status_code: 403, errors: [{ error: 'AuthError', message: problem }] });
      }
      const failure = failures.shift();
      if (failure) return answer(response, failure, { status_code: failure, errors: [errorBodies[failure]] });
      let body: RecordedEmail;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(response, 400, { status_code: 400, errors: [{ error: 'ValidationError', message: 'Invalid JSON' }] });
      }
      if (typeof body.template_id !== 'string' || typeof body.email_address !== 'string' || !body.email_address.includes('@')) {
        return answer(response, 400, { status_code: 400, errors: [{ error: 'ValidationError', message: 'template_id and email_address are required' }] });
      }
      sent.push(body);
      const id = crypto.randomUUID();
      return answer(response, 201, {
        id,
        reference: body.reference ?? null,
        content: { subject: 'Fake subject', body: 'Fake body', from_email: 'residential.pathways@notifications.example' },
        uri: `http://fake-notify/v2/notifications/${id}`,
        template: { id: body.template_id, version: 1, uri: `http://fake-notify/v2/template/${body.template_id}` },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    sent,
    get refusedTokens() {
      return refusedTokens;
    },
    failNext(status, times = 1) {
      for (let index = 0; index < times; index += 1) failures.push(status);
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** Template ids for tests, one per message kind, and the environment that turns Notify on. */
export const fakeTemplateIds = {
  invitation: '11111111-1111-4111-8111-111111111111',
  placement_request: '22222222-2222-4222-8222-222222222222',
  unplanned_discharge: '33333333-3333-4333-8333-333333333333',
  overdue_digest: '44444444-4444-4444-8444-444444444444',
} as const;

export function notifyEnvironment(baseUrl: string): Record<string, string> {
  return {
    NOTIFY_API_KEY: fakeApiKey,
    NOTIFY_BASE_URL: baseUrl,
    NOTIFY_TEMPLATE_INVITATION: fakeTemplateIds.invitation,
    NOTIFY_TEMPLATE_PLACEMENT_REQUEST: fakeTemplateIds.placement_request,
    NOTIFY_TEMPLATE_UNPLANNED_DISCHARGE: fakeTemplateIds.unplanned_discharge,
    NOTIFY_TEMPLATE_OVERDUE_DIGEST: fakeTemplateIds.overdue_digest,
  };
}
