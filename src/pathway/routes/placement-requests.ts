import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { ukDateOf } from '../../platform/values/calendar.js';
import { formatDate } from '../../platform/web/dates.js';
import { notFound, recordId } from '../../platform/web/errors.js';
import { type FormErrors, formErrors, validateForm } from '../../platform/web/forms.js';
import { answerForm, sendRequestForm } from '../placement-forms.js';
import * as placements from '../placement-repository.js';
import type { PlacementService } from '../placement-service.js';
import { pathwayPaths as paths, placementRequestPaths } from '../paths.js';
import * as repository from '../repository.js';
import { isOpen, placementRequestRefusal, placementStatusTags, sharedDetailsOf, type SharedDetails } from '../rules/placement-requests.js';
import { answerText, sharedDetailRows } from '../view-models/placement-requests.js';
import { found, loadReferral, type LoadedReferral } from './shared.js';

/**
 * Placement requests. Pathway staff (and the lead commissioner) send one from a referral at the
 * funding or waiting stage; a provider account sees the requests to its own services and
 * answers them. A request to another provider's service is simply not found.
 */

const view = (name: string) => `pathway/views/placements/${name}.njk`;

type Values = Record<string, unknown>;

const linkBase = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** Sending a request: the form on the referral's records side (guarded by the records plugin). */
export function placementRequestStaffRoutes(app: FastifyInstance, db: Kysely<Database>, service: PlacementService) {
  async function sendPage(reply: FastifyReply, loaded: LoadedReferral, values: Values, errors?: FormErrors, status = 200) {
    const { referral } = loaded;
    const choices = await repository.serviceChoices(db);
    return reply.code(status).render(view('send'), {
      pageTitle: 'Send a placement request',
      referral,
      refusal: placementRequestRefusal(referral),
      sharedRows: sharedDetailRows(sharedDetailsOf(referral)),
      serviceItems: [
        { value: '', text: 'Select a service' },
        ...choices.map((choice) => ({
          value: choice.id,
          text: `${choice.name} (${choice.provider_name}${choice.town ? `, ${choice.town}` : ''})`,
          selected: choice.id === (values.serviceId ?? referral.service_id),
        })),
      ],
      values,
      errors,
      paths,
      placementRequestPaths,
    });
  }

  app.get(placementRequestPaths.newRequest(':referralId'), async (request, reply) => {
    const loaded = await loadReferral(db, request);
    if (!loaded.canMove) return reply.redirect(paths.referral(loaded.referral.id));
    return sendPage(reply, loaded, {});
  });

  app.post(placementRequestPaths.newRequest(':referralId'), async (request, reply) => {
    const loaded = await loadReferral(db, request);
    if (!loaded.canMove) return reply.redirect(paths.referral(loaded.referral.id));
    const form = validateForm(sendRequestForm, request.body);
    if (!form.ok) return sendPage(reply, loaded, form.values, form.errors, 400);
    const outcome = found(
      await service.sendRequest(loaded.membership.partnershipId, { userId: loaded.userId, requestId: request.id }, loaded.referral.id, form.data.serviceId, linkBase(request)),
    );
    if (!outcome.ok) return sendPage(reply, loaded, form.values, formErrors(outcome.problems), 400);
    request.session.flash = `The placement request has been sent to ${outcome.serviceName}.${outcome.emailed ? ' The provider has been emailed.' : ' The provider will see it when they sign in.'}`;
    return reply.redirect(`${paths.referral(loaded.referral.id)}#placement-requests`);
  });
}

/** A provider account's requests; the plugin that registers these guards them with providerAccountOnly. */
export function placementRequestProviderRoutes(app: FastifyInstance, db: Kysely<Database>, service: PlacementService, now: () => Date) {
  async function requestFor(request: FastifyRequest) {
    const found = await placements.findRequestForProvider(db, signedIn(request).providerIds, recordId((request.params as Values).requestId));
    if (!found) throw notFound();
    return found;
  }

  app.get(placementRequestPaths.providerRequests(), async (request, reply) => {
    const rows = await placements.requestsForProvider(db, signedIn(request).providerIds);
    const present = (row: (typeof rows)[number]) => ({
      href: placementRequestPaths.providerRequest(row.id),
      reference: row.localReference,
      partnership: row.partnershipName,
      service: row.serviceName,
      sent: formatDate(row.sentOn),
      tag: placementStatusTags[row.status],
      answer: answerText(row),
    });
    return reply.render(view('provider-list'), {
      pageTitle: 'Placement requests',
      open: rows.filter((row) => isOpen(row.status)).map(present),
      answered: rows.filter((row) => !isOpen(row.status)).map(present),
      paths,
    });
  });

  async function requestPage(reply: FastifyReply, found: placements.ProviderPlacementRequest, values: Values, errors?: FormErrors, status = 200) {
    return reply.code(status).render(view('provider-request'), {
      pageTitle: `Placement request ${found.localReference}`,
      placementRequest: found,
      sharedRows: sharedDetailRows(found.sharedDetails as SharedDetails),
      tag: placementStatusTags[found.status],
      answer: answerText(found),
      canAnswer: isOpen(found.status),
      canAskForVisit: found.status === 'sent',
      values,
      errors,
      today: ukDateOf(now()),
      placementRequestPaths,
      paths,
    });
  }

  app.get(placementRequestPaths.providerRequest(':requestId'), async (request, reply) => {
    const found = await requestFor(request);
    return requestPage(reply, found, { version: found.version });
  });

  app.post(placementRequestPaths.providerRequest(':requestId'), async (request, reply) => {
    const found = await requestFor(request);
    const form = validateForm(answerForm, request.body);
    if (!form.ok) return requestPage(reply, found, form.values, form.errors, 400);
    const auth = signedIn(request);
    const outcome = await service.answerRequest({ userId: auth.user.id, requestId: request.id }, auth.providerIds, found.id, form.data.version, form.data.answer);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw notFound();
      const latest = (await placements.findRequestForProvider(db, auth.providerIds, found.id)) ?? found;
      const errors = formErrors(outcome.problems.map(([field, message]) => [field === 'answer' ? 'answer' : field, message]), new Set(['admissionOn']));
      return requestPage(reply, latest, { ...form.values, version: latest.version }, errors, outcome.reason === 'conflict' ? 409 : 400);
    }
    const answer = form.data.answer;
    request.session.flash =
      answer.kind === 'visit'
        ? `You have asked for a pre-admission visit for ${found.localReference}.`
        : answer.kind === 'accept'
          ? `You have accepted ${found.localReference} with an admission date of ${formatDate(answer.admissionOn)}.`
          : `You have declined the request for ${found.localReference}.`;
    return reply.redirect(placementRequestPaths.providerRequest(found.id));
  });
}
