import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { referralTimeline, type StageDetails } from '../../pathway/index.js';
import { ukLocalToInstant } from '../../platform/values/calendar.js';
import { keyDecision, requestHash } from '../idempotency-rules.js';
import { changeCursor, readChangeCursor } from '../paging-rules.js';
import { referralOut, timelineEventOut } from '../presenters.js';
import { problemBody, type ProblemDetails, sendProblem } from '../problems.js';
import * as repository from '../repository.js';
import {
  idempotencyHeaders,
  problemResponse,
  problemResponses,
  recordedEventSchema,
  referralListQuery,
  referralListSchema,
  referralParams,
  referralSchema,
  stageChangeSchema,
  timelineSchema,
} from '../schemas.js';
import type { ApiServices } from './services.js';

const security = [{ bearerToken: [] }];
const problem = problemResponse;

/** What the stage rules read from a stage change: the same details the stage pages send. */
function stageDetailsOf(change: z.output<typeof stageChangeSchema>): StageDetails {
  const { type: _type, stage: _stage, expectedVersion: _version, referrerNotifiedAt, ...details } = change;
  return { ...details, referrerNotifiedAt: referrerNotifiedAt === undefined ? undefined : referrerNotifiedAt === null ? null : new Date(referrerNotifiedAt) };
}

export function referralRoutes({ db, now, pathway }: ApiServices): FastifyPluginAsync {
  return async (plain) => {
    const api = plain.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/referrals',
      {
        config: { apiScope: 'referrals:read' },
        schema: {
          operationId: 'listReferrals',
          summary: 'List referrals, oldest change first',
          description: 'The partnership’s referrals in the order they last changed. To keep a copy up to date, ask for those changed since your last read and follow `nextCursor` to the end.',
          tags: ['Referrals'],
          security,
          querystring: referralListQuery,
          response: { 200: referralListSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const caller = request.apiCaller!;
        const { changedSince, cursor, limit } = request.query;
        const after = cursor ? readChangeCursor(cursor) : null;
        if (cursor && !after) return sendProblem(reply, 'invalid-request', { errors: [{ field: 'querystring.cursor', detail: 'is not a cursor this API gave' }] });
        const since = changedSince ? (changedSince.length === 10 ? ukLocalToInstant(changedSince, '00:00') : new Date(changedSince)) : null;
        const rows = await repository.listReferralsChanged(db, caller.partnershipId, { changedSince: since, after, limit });
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return {
          referrals: page.map(referralOut),
          nextCursor: rows.length > limit && last ? changeCursor({ changedAt: last.changed_at, id: last.id }) : null,
        };
      },
    );

    api.get(
      '/referrals/:referralId',
      {
        config: { apiScope: 'referrals:read' },
        schema: {
          operationId: 'getReferral',
          summary: 'One referral',
          tags: ['Referrals'],
          security,
          params: referralParams,
          response: { 200: referralSchema, ...problemResponses, 404: problem('No such referral in your partnership') },
        },
      },
      async (request, reply) => {
        const found = await repository.findApiReferral(db, request.apiCaller!.partnershipId, request.params.referralId);
        if (!found) return sendProblem(reply, 'not-found');
        return referralOut(found);
      },
    );

    api.get(
      '/referrals/:referralId/timeline',
      {
        config: { apiScope: 'referrals:read' },
        schema: {
          operationId: 'getReferralTimeline',
          summary: 'A referral’s timeline, newest first',
          tags: ['Referrals'],
          security,
          params: referralParams,
          response: { 200: timelineSchema, ...problemResponses, 404: problem('No such referral in your partnership') },
        },
      },
      async (request, reply) => {
        const { partnershipId } = request.apiCaller!;
        const { referralId } = request.params;
        if (!(await repository.findApiReferral(db, partnershipId, referralId))) return sendProblem(reply, 'not-found');
        const events = await referralTimeline(db, partnershipId, referralId);
        return { referralId, events: events.map(timelineEventOut) };
      },
    );

    api.post(
      '/referrals/:referralId/events',
      {
        config: { apiScope: 'referral_events:write' },
        schema: {
          operationId: 'recordReferralEvent',
          summary: 'Record a stage change',
          description:
            'Moves the referral to another stage through the same service and rules as the referral pages: the change is checked, put on the timeline and audited. Send an `Idempotency-Key`: a retry with the same key and body gets the first answer again (with `Idempotent-Replayed: true`) and records nothing more.',
          tags: ['Referrals'],
          security,
          params: referralParams,
          headers: idempotencyHeaders,
          body: stageChangeSchema,
          response: {
            201: recordedEventSchema,
            ...problemResponses,
            404: problem('No such referral in your partnership'),
            409: problem('The referral changed since expectedVersion, or a request with this key is still being carried out'),
            422: problem('The stage rules refused the change, or the key was used for a different request'),
          },
        },
      },
      async (request, reply) => {
        const caller = request.apiCaller!;
        const { partnershipId } = caller;
        const { referralId } = request.params;
        const key = request.headers['idempotency-key'];
        const hash = requestHash('POST', `/referrals/${referralId}/events`, request.body);

        const answer = (statusCode: number, body: unknown, replayed: boolean) => {
          reply.code(statusCode).header('idempotent-replayed', String(replayed));
          if (statusCode >= 400) reply.type('application/problem+json; charset=utf-8');
          return reply.send(body as never);
        };

        let decision = keyDecision(await repository.findIdempotencyKey(db, partnershipId, key), hash);
        if (decision.kind === 'new' && !(await repository.claimIdempotencyKey(db, partnershipId, key, { tokenId: caller.tokenId, requestHash: hash }, now()))) {
          // Another request took the key between the read and the claim.
          decision = keyDecision(await repository.findIdempotencyKey(db, partnershipId, key), hash);
          if (decision.kind === 'new') decision = { kind: 'in_progress' };
        }
        if (decision.kind === 'replay') return answer(decision.statusCode, decision.body, true);
        if (decision.kind === 'mismatch') return sendProblem(reply, 'idempotency-key-reused');
        if (decision.kind === 'in_progress') return sendProblem(reply, 'request-in-progress');

        const outcome = await recordStageChange(partnershipId, key, referralId, request.body, request.id, request.url.split('?')[0] ?? '');
        // Should this fail, the key stays claimed: a retry is told to wait rather than record the change again.
        await repository.storeIdempotentResponse(db, partnershipId, key, outcome);
        return answer(outcome.statusCode, outcome.body, false);
      },
    );

    /** Makes the change and the answer to keep for its key. */
    async function recordStageChange(
      partnershipId: string,
      key: string,
      referralId: string,
      change: z.output<typeof stageChangeSchema>,
      requestId: string,
      instance: string,
    ): Promise<{ statusCode: number; body: unknown }> {
      const failed = (body: ProblemDetails) => ({ statusCode: body.status, body: { ...body, instance } });
      let outcome: Awaited<ReturnType<typeof pathway.moveStage>>;
      try {
        const before = await repository.findApiReferral(db, partnershipId, referralId);
        if (!before) return failed(problemBody('not-found'));
        // A change made through the API has no person behind it; its audit entry carries the
        // request id, which the token's own audit entry for the same request carries too.
        outcome = await pathway.moveStage(partnershipId, { userId: null, requestId }, referralId, change.expectedVersion ?? before.version, change.stage, stageDetailsOf(change));
      } catch (error) {
        // The change's transaction did not commit, so nothing was recorded: the key may be used again.
        await repository.releaseIdempotencyKey(db, partnershipId, key);
        throw error;
      }
      if (!outcome.ok) {
        if (outcome.reason === 'not_found') return failed(problemBody('not-found'));
        const errors = outcome.problems.map(([field, detail]) => ({ field: `body.${field}`, detail }));
        if (outcome.reason === 'conflict') return failed(problemBody('conflict', { detail: 'The referral changed since the version you sent.' }));
        return failed(problemBody('stage-rules', { errors }));
      }
      const [after, events] = await Promise.all([repository.findApiReferral(db, partnershipId, referralId), referralTimeline(db, partnershipId, referralId)]);
      const event = events.find((candidate) => candidate.event_type === 'stage_changed') ?? null;
      return { statusCode: 201, body: { referral: referralOut(after!), event: event ? timelineEventOut(event) : null } };
    }
  };
}
