import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import { notFound, recordId } from '../../../platform/web/errors.js';
import { formErrors, validateForm } from '../../../platform/web/forms.js';
import { ukToday } from '../../../platform/values/calendar.js';
import * as repository from '../../commissioning-repository.js';
import { type CommissioningService, serviceCommissioning } from '../../commissioning-service.js';
import { noteForm } from '../../forms/commissioning.js';
import {
  endingSoonTag,
  noteDeletePage,
  offListTag,
  onListTag,
  paths,
  presentServiceCommissioning,
  reviewDueTag,
  reviewOverdueTag,
} from '../../view-models/commissioning.js';
import { access, leadOnly, readers, type Values, view } from './access.js';

/** One service: this partnership's contracts, preferred status and notes. */
export function serviceCommissioningRoutes(app: FastifyInstance, db: Kysely<Database>, service: CommissioningService, now: () => Date) {
  async function loadService(request: FastifyRequest) {
    const context = access(request);
    const serviceId = recordId((request.params as Values).serviceId);
    const found = await repository.findService(db, serviceId);
    if (!found) throw notFound();
    return { ...context, service: found };
  }

  type LoadedService = Awaited<ReturnType<typeof loadService>>;

  async function servicePage(loaded: LoadedService, values: Values, extra: Values = {}) {
    const today = ukToday(now());
    const data = await serviceCommissioning(db, loaded.partnershipId, loaded.service.id, today);
    return {
      pageTitle: `${loaded.service.name}: your commissioning`,
      service: loaded.service,
      ...presentServiceCommissioning(loaded.service.id, data, today),
      canManage: loaded.canManage,
      values,
      reviewOverdueTag,
      endingSoonTag,
      onListTag,
      offListTag,
      reviewDueTag,
      paths,
      ...extra,
    };
  }

  app.get('/services/:serviceId/commissioning', { preHandler: readers }, async (request, reply) => {
    const loaded = await loadService(request);
    return reply.render(view('service'), await servicePage(loaded, {}));
  });

  app.post('/services/:serviceId/commissioning/notes', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadService(request);
    const form = validateForm(noteForm, request.body);
    if (!form.ok) return reply.code(400).render(view('service'), await servicePage(loaded, form.values, { errors: form.errors }));
    const result = await service.addNote(loaded.partnershipId, loaded.actor, loaded.service.id, form.data.note);
    if (!result.ok) return reply.code(400).render(view('service'), await servicePage(loaded, form.values, { errors: formErrors([[result.field, result.problem]]) }));
    request.session.flash = 'Your note has been added.';
    return reply.redirect(`${paths.serviceCommissioning(loaded.service.id)}#notes`);
  });

  async function loadNote(request: FastifyRequest) {
    const loaded = await loadService(request);
    const noteId = recordId((request.params as Values).noteId);
    const note = await repository.findNote(db, loaded.partnershipId, noteId);
    if (!note || note.service_id !== loaded.service.id) throw notFound();
    return { ...loaded, note };
  }

  app.get('/services/:serviceId/commissioning/notes/:noteId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadNote(request);
    return reply.render(view('delete'), noteDeletePage(loaded.service, loaded.note));
  });

  app.post('/services/:serviceId/commissioning/notes/:noteId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadNote(request);
    const result = await service.deleteNote(loaded.partnershipId, loaded.actor, loaded.note.id);
    if (!result.ok) throw notFound();
    request.session.flash = 'The note has been deleted.';
    return reply.redirect(`${paths.serviceCommissioning(loaded.service.id)}#notes`);
  });
}
