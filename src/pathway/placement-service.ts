import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit/audit.js';
import type { Executor } from '../platform/db/executor.js';
import type { Database } from '../platform/db/schema.js';
import type { Messenger } from '../platform/messages.js';
import { ukDateOf } from '../platform/values/calendar.js';
import { conflictMessage } from '../platform/values/outcome.js';
import { formatDate } from '../platform/web/dates.js';
import { notifyProviderOfPlacementRequest } from './placement-notification.js';
import * as placements from './placement-repository.js';
import * as repository from './repository.js';
import { answerableFrom, answerProblems, type PlacementAnswer, placementRequestRefusal, sharedDetailsOf, statusAfter } from './rules/placement-requests.js';
import type { Problem } from './rules/referral-state.js';
import type { Actor, Outcome } from './service.js';

/**
 * Sending placement requests and answering them, each in one transaction with its timeline entry
 * (in the referral's own partnership) and audit entry. Audit summaries and timeline entries
 * name the service and the local reference only.
 */

const short = (text: string, length = 200) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

export interface PlacementDependencies {
  db: Kysely<Database>;
  now: () => Date;
  /** How the provider is told of a request: GOV.UK Notify, SMTP or not at all. */
  messenger: Messenger;
  /** Where links in e-mails point; unset means the address the sender is using. */
  publicUrl?: string | undefined;
}

export const placementRequestPath = (requestId: string) => `/placement-requests/${requestId}`;

export function createPlacementService({ db, now, messenger, publicUrl }: PlacementDependencies) {
  const today = () => ukDateOf(now());

  async function audit(trx: Executor, partnershipId: string, actor: Actor, action: string, requestId: string, summary: string) {
    await recordAudit(trx, { partnershipId, actorUserId: actor.userId, action, recordType: 'placement_request', recordId: requestId, summary, requestId: actor.requestId ?? null });
  }

  /**
   * Sends a request for a place at a service, copying only the details the provider may see,
   * then tells the provider's accounts by e-mail (after the change is saved).
   */
  async function sendRequest(
    partnershipId: string,
    actor: Actor & { userId: string },
    referralId: string,
    serviceId: string,
    linkBase: string,
  ): Promise<Outcome<{ requestId: string; serviceName: string; emailed: number }>> {
    const saved = await db.transaction().execute(async (trx) => {
      const referral = await repository.findReferral(trx, partnershipId, referralId);
      if (!referral) return { ok: false as const, reason: 'not_found' as const };
      const refusal = placementRequestRefusal(referral);
      if (refusal) return { ok: false as const, reason: 'invalid' as const, problems: [['serviceId', refusal]] as Problem[] };
      const service = await placements.serviceForRequest(trx, serviceId);
      if (!service) return { ok: false as const, reason: 'invalid' as const, problems: [['serviceId', 'Select a service from the list']] as Problem[] };
      if (await placements.openRequestExists(trx, partnershipId, referralId, serviceId)) {
        return { ok: false as const, reason: 'invalid' as const, problems: [['serviceId', `${service.name} already has a request for this referral waiting for an answer`]] as Problem[] };
      }
      const created = await placements.insertPlacementRequest(
        trx,
        partnershipId,
        { referralId, serviceId, localReference: referral.local_reference, sharedDetails: sharedDetailsOf(referral), sentOn: today(), sentBy: actor.userId },
        now(),
      );
      const where = `${service.name} (${service.providerName})`;
      await repository.insertEvent(
        trx,
        partnershipId,
        { referralId, eventOn: today(), eventType: 'placement_request_sent', stage: null, summary: `Placement request sent to ${where}.`, actorUserId: actor.userId },
        now(),
      );
      await audit(trx, partnershipId, actor, 'placement_request_sent', created.id, `Sent a placement request for the referral ${referral.local_reference} to ${where}`);
      const partnership = await trx.selectFrom('partnerships').select('name').where('id', '=', partnershipId).executeTakeFirstOrThrow();
      return { ok: true as const, requestId: created.id, service, partnershipName: partnership.name };
    });
    if (!saved.ok) return saved;
    const emailed = await notifyProviderOfPlacementRequest(messenger, {
      to: saved.service.emails,
      serviceName: saved.service.name,
      partnershipName: saved.partnershipName,
      link: `${(publicUrl ?? linkBase).replace(/\/$/, '')}${placementRequestPath(saved.requestId)}`,
    });
    return { ok: true, requestId: saved.requestId, serviceName: saved.service.name, emailed };
  }

  /**
   * The provider's answer: a visit asked for, an acceptance with an admission date, or a
   * decline with a reason. Only a request to one of the provider's own services is found; an
   * answer over a version someone else has answered meanwhile is refused as a conflict.
   */
  async function answerRequest(actor: Actor & { userId: string }, providerIds: readonly string[], requestId: string, expectedVersion: number, answer: PlacementAnswer): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const request = await placements.findRequestForProvider(trx, providerIds, requestId);
      if (!request) return { ok: false as const, reason: 'not_found' as const };
      if (request.version !== expectedVersion) return { ok: false as const, reason: 'conflict' as const, problems: [['answer', conflictMessage('this request', 'Their answer is shown below.')]] as Problem[] };
      const problems = answerProblems(request.status, answer, today());
      if (problems.length) return { ok: false as const, reason: 'invalid' as const, problems };
      const status = statusAfter(answer);
      const changed = await placements.answerRequest(
        trx,
        requestId,
        expectedVersion,
        answerableFrom[answer.kind],
        {
          status,
          visitNote: answer.kind === 'visit' ? answer.note.trim() : undefined,
          admissionOn: answer.kind === 'accept' ? answer.admissionOn : undefined,
          declineReason: answer.kind === 'decline' ? answer.reason.trim() : undefined,
        },
        { userId: actor.userId, now: now() },
      );
      if (!changed) return { ok: false as const, reason: 'conflict' as const, problems: [['answer', conflictMessage('this request', 'Their answer is shown below.')]] as Problem[] };
      const summary =
        answer.kind === 'visit'
          ? `${request.serviceName} asked for a pre-admission visit.${answer.note.trim() ? ` ${short(answer.note.trim())}` : ''}`
          : answer.kind === 'accept'
            ? `${request.serviceName} accepted the placement request. Admission date: ${formatDate(answer.admissionOn)}.`
            : `${request.serviceName} declined the placement request. Reason: ${short(answer.reason.trim())}`;
      await repository.insertEvent(
        trx,
        request.partnershipId,
        { referralId: request.referralId, eventOn: today(), eventType: `placement_request_${status}`, stage: null, summary, actorUserId: actor.userId },
        now(),
      );
      const done = answer.kind === 'visit' ? 'Asked for a pre-admission visit on' : answer.kind === 'accept' ? 'Accepted' : 'Declined';
      await audit(trx, request.partnershipId, actor, `placement_request_${status}`, requestId, `${done} the placement request for ${request.localReference} at ${request.serviceName}`);
      return { ok: true as const };
    });
  }

  return { sendRequest, answerRequest };
}

export type PlacementService = ReturnType<typeof createPlacementService>;
