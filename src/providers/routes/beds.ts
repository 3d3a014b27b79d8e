import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { forbidden, HttpError, notFound, recordId } from '../../platform/web/errors.js';
import { datePartsOf } from '../../platform/web/fields.js';
import { type FormErrors, formErrors, validateForm } from '../../platform/web/forms.js';
import { ukToday } from '../../platform/values/calendar.js';
import * as beds from '../bed-repository.js';
import { bedsFreshFrom } from '../bed-rules.js';
import type { BedService } from '../bed-service.js';
import * as directory from '../directory-repository.js';
import { bedAvailabilityForm } from '../forms/beds.js';
import { bedPaths } from '../paths.js';
import { paths } from '../view-models/commissioning.js';
import { bedSummary, outOfDateExplanation } from '../view-models/beds.js';
import { readers, access } from './commissioning/access.js';

const view = (name: string) => `providers/views/beds/${name}.njk`;

type Values = Record<string, unknown>;

/** A provider account (not an administrator without one): the figure is the provider's to give. */
async function providerAccountOnly(request: FastifyRequest) {
  if (!request.auth?.providerIds.length) throw new HttpError(403);
}

/** The one-step bed form for the provider's own services, and the commissioners' list of space today. */
export function bedRoutes(app: FastifyInstance, db: Kysely<Database>, bedService: BedService, now: () => Date) {
  async function ownService(request: FastifyRequest) {
    const service = await directory.findService(db, recordId((request.params as Values).serviceId));
    if (!service) throw notFound();
    if (!signedIn(request).providerIds.includes(service.provider_id)) throw forbidden();
    return service;
  }

  async function formPage(reply: FastifyReply, service: directory.Service, values: Values, errors?: FormErrors, status = 200) {
    const stored = await beds.findBedAvailability(db, service.id);
    return reply.code(status).render(view('form'), {
      pageTitle: `Beds at ${service.name}`,
      service,
      values,
      errors,
      current: stored ? bedSummary(stored, ukToday(now())) : null,
      outOfDateExplanation,
      action: bedPaths.serviceBeds(service.id),
      paths,
    });
  }

  app.get(bedPaths.serviceBeds(':serviceId'), { preHandler: providerAccountOnly }, async (request, reply) => {
    const service = await ownService(request);
    const stored = await beds.findBedAvailability(db, service.id);
    const values = stored
      ? { version: String(stored.version), bedsAvailable: String(stored.bedsAvailable), waitingListLength: String(stored.waitingListLength), nextAdmissionOn: datePartsOf(stored.nextAdmissionOn) }
      : {};
    return formPage(reply, service, values);
  });

  app.post(bedPaths.serviceBeds(':serviceId'), { preHandler: providerAccountOnly }, async (request, reply) => {
    const service = await ownService(request);
    const form = validateForm(bedAvailabilityForm(ukToday(now())), request.body);
    if (!form.ok) return formPage(reply, service, form.values, form.errors, 400);
    const auth = signedIn(request);
    const outcome = await bedService.updateAvailability({ userId: auth.user.id, requestId: request.id }, auth.providerIds, service.id, form.data.version, {
      bedsAvailable: form.data.bedsAvailable,
      nextAdmissionOn: form.data.nextAdmissionOn,
      waitingListLength: form.data.waitingListLength,
    });
    if (!outcome.ok) {
      const latest = await beds.findBedAvailability(db, service.id);
      return formPage(reply, service, { ...form.values, version: latest ? String(latest.version) : '' }, formErrors([[outcome.field, outcome.problem]]), 409);
    }
    request.session.flash = `The beds at ${service.name} have been updated.`;
    return reply.redirect(paths.yourServices());
  });

  app.get(bedPaths.spaceToday(), { preHandler: readers }, async (request, reply) => {
    const { partnershipId } = access(request);
    const today = ukToday(now());
    const rows = await beds.partnershipServicesWithBeds(db, partnershipId, today, bedsFreshFrom(now()));
    return reply.render(view('space-today'), {
      pageTitle: 'Space today',
      withSpace: rows.filter((row) => row.hasSpace).length,
      services: rows.map((row) => ({
        ...row,
        href: paths.service(row.id),
        why: [row.contracted ? 'Contract' : null, row.preferred ? 'Preferred' : null].filter(Boolean).join(', '),
        beds: bedSummary(row, today),
      })),
      outOfDateExplanation,
      today,
      paths,
    });
  });
}
