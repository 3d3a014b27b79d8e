import type { FastifyReply } from 'fastify';

/**
 * The API's errors as RFC 9457 problem details (application/problem+json). Each kind has a
 * `type` that points at its explanation on the reference page.
 */

export const problemKinds = {
  'invalid-request': { status: 400, title: 'The request does not fit this operation', explanation: 'A parameter, header or field of the body is missing or not allowed. `errors` names each one.' },
  unauthorised: { status: 401, title: 'A valid API token is needed', explanation: 'There was no `Authorization: Bearer` token, or it is unknown, expired or revoked. Ask the partnership’s lead commissioner for a new one.' },
  forbidden: { status: 403, title: 'This token does not allow that', explanation: 'The token is valid but does not have the scope this operation needs.' },
  'not-found': { status: 404, title: 'Not found', explanation: 'There is nothing at this address for your partnership. A token never sees another partnership’s records.' },
  conflict: { status: 409, title: 'The referral has changed', explanation: 'The referral is not at the `expectedVersion` you sent. Read it again and decide whether the change still applies.' },
  'request-in-progress': { status: 409, title: 'A request with this Idempotency-Key is still being carried out', explanation: 'Wait a moment and send it again with the same key.' },
  'stage-rules': { status: 422, title: 'The stage rules do not allow this change', explanation: 'The move breaks a rule of the pathway (the same rules as the referral pages). `errors` says which.' },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used for a different request', explanation: 'Each change needs its own key; a retry must send exactly the same request with the same key.' },
  'too-many-requests': { status: 429, title: 'Too many requests', explanation: 'Slow down: wait for the number of seconds in the `Retry-After` header.' },
  'unsupported-media-type': { status: 415, title: 'Send JSON', explanation: 'Bodies must be `application/json`.' },
  busy: { status: 503, title: 'The service is busy', explanation: 'Nothing was done. Wait for the number of seconds in the `Retry-After` header and send it again.' },
  'server-error': { status: 500, title: 'Something went wrong on our side', explanation: 'Try again later with the same `Idempotency-Key`: a change is never recorded twice.' },
} as const;

export type ProblemKind = keyof typeof problemKinds;

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: Array<{ field: string; detail: string }>;
}

export const problemTypeUri = (kind: ProblemKind) => `/api/v1/reference#problem-${kind}`;

export function problemBody(kind: ProblemKind, extra: { detail?: string; errors?: ProblemDetails['errors']; instance?: string } = {}): ProblemDetails {
  const { status, title } = problemKinds[kind];
  return { type: problemTypeUri(kind), title, status, ...extra };
}

export function sendProblem(reply: FastifyReply, kind: ProblemKind, extra: Parameters<typeof problemBody>[1] = {}) {
  const body = problemBody(kind, { instance: reply.request.url.split('?')[0], ...extra });
  if (kind === 'unauthorised') reply.header('www-authenticate', 'Bearer realm="api"');
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}
