import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { notFound, recordId } from '../../platform/web/errors.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import { roundForRequest } from '../access.js';
import { deleteForm, moveForm, priorityEditForm, priorityForm } from '../forms/plan.js';
import { assessmentPaths as paths, planPaths } from '../paths.js';
import * as plan from '../plan-repository.js';
import type { PlanService } from '../plan-service.js';
import { canManagePlan } from '../rules.js';
import { conflictMessage } from '../../platform/values/outcome.js';
import { leadOnly, notDraftProblem, planView } from './plan-shared.js';

type Request = FastifyRequest;
type Values = Record<string, unknown>;

// Priorities -------------------------------------------------------------------------------------

/** The round's priorities: added, changed, put in order and deleted by the lead commissioner. */
export function priorityRoutes(app: FastifyInstance, db: Kysely<Database>, planService: PlanService) {
  async function listPage(request: Request, values: Values, extra: Values = {}) {
    const { round, membership } = await roundForRequest(db, request);
    const priorities = await plan.listPriorities(db, membership.partnershipId, round.id);
    const canManage = canManagePlan(round.status, membership.role);
    return {
      pageTitle: 'Priorities',
      round,
      canManage,
      isDraft: round.status === 'draft',
      priorities: priorities.map((priority, index) => ({
        ...priority,
        position: index + 1,
        actionCount: Number(priority.action_count ?? 0),
        first: index === 0,
        last: index === priorities.length - 1,
      })),
      values,
      paths,
      planPaths,
      ...extra,
    };
  }

  app.get('/assessments/:roundId/priorities', async (request, reply) => {
    return reply.render(planView('priorities'), await listPage(request, {}));
  });

  app.post('/assessments/:roundId/priorities', { preHandler: leadOnly }, async (request, reply) => {
    const { round, membership, userId } = await roundForRequest(db, request);
    if (!canManagePlan(round.status, membership.role)) {
      request.session.problem = notDraftProblem;
      return reply.redirect(paths.priorities(round.id));
    }
    const form = validateForm(priorityForm, request.body);
    if (!form.ok) return reply.code(400).render(planView('priorities'), await listPage(request, form.values, { errors: form.errors }));
    await planService.addPriority(membership.partnershipId, { userId, requestId: request.id }, round.id, form.data);
    request.session.flash = `The priority “${form.data.title}” has been added at the bottom of the list.`;
    return reply.redirect(paths.priorities(round.id));
  });

  async function loadPriority(request: Request) {
    const access = await roundForRequest(db, request);
    const priorityId = recordId((request.params as Values).priorityId);
    const priority = await plan.findPriority(db, access.membership.partnershipId, priorityId);
    if (!priority || priority.round_id !== access.round.id) throw notFound();
    return { ...access, priority };
  }

  const editPage = (loaded: Awaited<ReturnType<typeof loadPriority>>, values: Values, extra: Values = {}) => ({
    pageTitle: 'Change a priority',
    round: loaded.round,
    priority: loaded.priority,
    values,
    paths,
    planPaths,
    ...extra,
  });

  app.get('/assessments/:roundId/priorities/:priorityId', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadPriority(request);
    if (!canManagePlan(loaded.round.status, loaded.membership.role)) {
      request.session.problem = notDraftProblem;
      return reply.redirect(paths.priorities(loaded.round.id));
    }
    const { priority } = loaded;
    return reply.render(planView('priority-form'), editPage(loaded, { title: priority.title, description: priority.description, version: priority.version }));
  });

  app.post('/assessments/:roundId/priorities/:priorityId', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadPriority(request);
    if (!canManagePlan(loaded.round.status, loaded.membership.role)) {
      request.session.problem = notDraftProblem;
      return reply.redirect(paths.priorities(loaded.round.id));
    }
    const form = validateForm(priorityEditForm, request.body);
    if (!form.ok) return reply.code(400).render(planView('priority-form'), editPage(loaded, form.values, { errors: form.errors }));
    const { version, ...details } = form.data;
    const result = await planService.updatePriority(loaded.membership.partnershipId, { userId: loaded.userId, requestId: request.id }, loaded.priority.id, version, details);
    if (!result.ok) {
      const latest = await loadPriority(request);
      return reply
        .code(409)
        .render(planView('priority-form'), editPage(latest, { ...form.values, version: latest.priority.version }, { errors: formErrors([[result.field, result.problem]]), saved: latest.priority }));
    }
    request.session.flash = 'The priority has been saved.';
    return reply.redirect(paths.priorities(loaded.round.id));
  });

  app.post('/assessments/:roundId/priorities/:priorityId/move', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadPriority(request);
    if (!canManagePlan(loaded.round.status, loaded.membership.role)) {
      request.session.problem = notDraftProblem;
      return reply.redirect(paths.priorities(loaded.round.id));
    }
    const form = validateForm(moveForm, request.body);
    if (!form.ok) return reply.code(400).render(planView('priorities'), await listPage(request, {}, { errors: formErrors([['priorities', 'Reload the page and try again']]) }));
    const result = await planService.movePriority(
      loaded.membership.partnershipId,
      { userId: loaded.userId, requestId: request.id },
      loaded.round.id,
      loaded.priority.id,
      form.data.version,
      form.data.direction,
    );
    if (!result.ok) return reply.code(409).render(planView('priorities'), await listPage(request, {}, { errors: formErrors([['priorities', result.problem]]) }));
    request.session.flash = `“${loaded.priority.title}” has been moved ${form.data.direction}.`;
    return reply.redirect(`${paths.priorities(loaded.round.id)}#priorities`);
  });

  const deletePage = (loaded: Awaited<ReturnType<typeof loadPriority>>, version: number, extra: Values = {}) => ({
    pageTitle: 'Delete a priority',
    round: loaded.round,
    heading: `Are you sure you want to delete the priority “${loaded.priority.title}”?`,
    explanation: 'Actions linked to it are kept, without a priority. The priorities below it move up one place.',
    action: planPaths.deletePriority(loaded.round.id, loaded.priority.id),
    buttonText: 'Delete priority',
    cancel: paths.priorities(loaded.round.id),
    version,
    ...extra,
  });

  app.get('/assessments/:roundId/priorities/:priorityId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadPriority(request);
    if (!canManagePlan(loaded.round.status, loaded.membership.role)) {
      request.session.problem = notDraftProblem;
      return reply.redirect(paths.priorities(loaded.round.id));
    }
    return reply.render(planView('delete'), deletePage(loaded, loaded.priority.version));
  });

  app.post('/assessments/:roundId/priorities/:priorityId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadPriority(request);
    if (!canManagePlan(loaded.round.status, loaded.membership.role)) {
      request.session.problem = notDraftProblem;
      return reply.redirect(paths.priorities(loaded.round.id));
    }
    const form = validateForm(deleteForm, request.body);
    const result = form.ok
      ? await planService.deletePriority(loaded.membership.partnershipId, { userId: loaded.userId, requestId: request.id }, loaded.round.id, loaded.priority.id, form.data.version)
      : { ok: false as const, problem: conflictMessage() };
    if (!result.ok) {
      const latest = await loadPriority(request);
      return reply.code(409).render(planView('delete'), deletePage(latest, latest.priority.version, { errors: formErrors([['delete', result.problem]]) }));
    }
    request.session.flash = `The priority “${loaded.priority.title}” has been deleted.`;
    return reply.redirect(paths.priorities(loaded.round.id));
  });
}
