import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import { formatDate } from '../../../platform/web/dates.js';
import { notFound, recordId } from '../../../platform/web/errors.js';
import { datePartsOf } from '../../../platform/web/fields.js';
import { formErrors, validateForm } from '../../../platform/web/forms.js';
import { ukToday } from '../../../platform/values/calendar.js';
import { conflictMessage } from '../../../platform/values/outcome.js';
import * as repository from '../../commissioning-repository.js';
import { latestReview } from '../../commissioning-rules.js';
import { type CommissioningService, preferredStatus, preferredWithStatus } from '../../commissioning-service.js';
import { deleteForm, preferredFilterQuery, preferredForm, validateReview } from '../../forms/commissioning.js';
import { preferredDecisionTags } from '../../labels.js';
import {
  decisionOptions,
  offListTag,
  onListTag,
  paths,
  preferredRemovePage,
  presentPreferredEntry,
  presentReviews,
  reviewDeletePage,
  reviewDueTag,
  serviceOptions,
  visitOptions,
} from '../../view-models/commissioning.js';
import { access, leadOnly, readers, type Values, view } from './access.js';

export function preferredRoutes(app: FastifyInstance, db: Kysely<Database>, service: CommissioningService, now: () => Date) {
  app.get(paths.preferred(), { preHandler: readers }, async (request, reply) => {
    const { partnershipId, canManage } = access(request);
    const today = ukToday(now());
    const entries = await preferredWithStatus(db, partnershipId, today);
    const query = validateForm(preferredFilterQuery, request.query);
    const dueOnly = query.ok && query.data.due;
    const onList = entries.filter((entry) => entry.onList);
    return reply.code(query.ok ? 200 : 400).render(view('preferred'), {
      pageTitle: 'Preferred provider list',
      canManage,
      dueOnly,
      onListCount: onList.length,
      dueCount: onList.filter((entry) => entry.reviewDue).length,
      onList: onList.filter((entry) => !dueOnly || entry.reviewDue).map(presentPreferredEntry),
      offList: dueOnly ? [] : entries.filter((entry) => !entry.onList).map(presentPreferredEntry),
      reviewDueTag,
      offListTag,
      ...(query.ok ? {} : { errors: query.errors }),
      paths,
    });
  });

  async function addPage(partnershipId: string, values: Values, extra: Values = {}) {
    const [choices, entries] = await Promise.all([repository.serviceChoices(db), preferredWithStatus(db, partnershipId, ukToday(now()))]);
    const listed = new Set(entries.filter((entry) => entry.onList).map((entry) => entry.service_id));
    return {
      pageTitle: 'Add a service to the preferred provider list',
      values,
      serviceOptions: serviceOptions(
        choices.filter((choice) => !listed.has(choice.id)),
        values.serviceId,
      ),
      paths,
      ...extra,
    };
  }

  app.get(paths.newPreferred(), { preHandler: leadOnly }, async (request, reply) => {
    const { partnershipId } = access(request);
    const query = request.query as Values;
    return reply.render(view('preferred-form'), await addPage(partnershipId, { serviceId: typeof query.service === 'string' ? query.service.toLowerCase() : '' }));
  });

  app.post(paths.newPreferred(), { preHandler: leadOnly }, async (request, reply) => {
    const { partnershipId, actor } = access(request);
    const form = validateForm(preferredForm, request.body);
    if (!form.ok) return reply.code(400).render(view('preferred-form'), await addPage(partnershipId, form.values, { errors: form.errors }));
    const result = await service.addPreferred(partnershipId, actor, form.data.serviceId, ukToday(now()));
    if (!result.ok) return reply.code(400).render(view('preferred-form'), await addPage(partnershipId, form.values, { errors: formErrors([[result.field, result.problem]]) }));
    const added = await repository.findPreferred(db, partnershipId, result.preferredId);
    request.session.flash = `${added?.service_name ?? 'The service'} has been added to the preferred provider list. Record a review of it to show why it is preferred.`;
    return reply.redirect(paths.preferredService(result.preferredId));
  });

  async function loadPreferred(request: FastifyRequest) {
    const context = access(request);
    const preferredId = recordId((request.params as Values).preferredId);
    const entry = await repository.findPreferred(db, context.partnershipId, preferredId);
    if (!entry) throw notFound();
    const today = ukToday(now());
    const reviews = await repository.listReviews(db, context.partnershipId, entry.id);
    const status = preferredStatus(latestReview(reviews), today);
    return { ...context, entry, reviews, status, today };
  }

  type LoadedPreferred = Awaited<ReturnType<typeof loadPreferred>>;

  app.get('/commissioning/preferred/:preferredId', { preHandler: readers }, async (request, reply) => {
    const loaded = await loadPreferred(request);
    return reply.render(view('preferred-service'), {
      pageTitle: loaded.entry.service_name,
      entry: loaded.entry,
      status: loaded.status,
      reviews: presentReviews(loaded.entry, loaded.reviews),
      canManage: loaded.canManage,
      onListTag,
      offListTag,
      reviewDueTag,
      paths,
    });
  });

  app.get('/commissioning/preferred/:preferredId/remove', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadPreferred(request);
    return reply.render(view('delete'), preferredRemovePage(loaded.entry, loaded.reviews, loaded.entry.version));
  });

  app.post('/commissioning/preferred/:preferredId/remove', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadPreferred(request);
    const form = validateForm(deleteForm, request.body);
    const result = form.ok ? await service.removePreferred(loaded.partnershipId, loaded.actor, loaded.entry.id, form.data.version) : { ok: false as const, problem: conflictMessage() };
    if (!result.ok) {
      const latest = await loadPreferred(request);
      return reply.code(409).render(view('delete'), preferredRemovePage(latest.entry, latest.reviews, latest.entry.version, { errors: formErrors([['delete', result.problem]]) }));
    }
    request.session.flash = `${loaded.entry.service_name} has been removed from the preferred provider list.`;
    return reply.redirect(paths.preferred());
  });

  // Reviews ------------------------------------------------------------------------------------------

  const reviewFormPage = (loaded: LoadedPreferred, values: Values, extra: Values = {}) => ({
    pageTitle: `Review ${loaded.entry.service_name}`,
    entry: loaded.entry,
    status: loaded.status,
    values,
    visitOptions: visitOptions(values.visitMade),
    decisionOptions: decisionOptions(values.decision),
    paths,
    ...extra,
  });

  app.get('/commissioning/preferred/:preferredId/reviews/new', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadPreferred(request);
    return reply.render(view('review-form'), reviewFormPage(loaded, { reviewedOn: datePartsOf(loaded.today) }));
  });

  app.post('/commissioning/preferred/:preferredId/reviews/new', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadPreferred(request);
    const form = validateReview(request.body, loaded.today);
    if (!form.ok) return reply.code(400).render(view('review-form'), reviewFormPage(loaded, form.values, { errors: form.errors }));
    const result = await service.addReview(loaded.partnershipId, loaded.actor, loaded.entry.id, form.data);
    if (!result.ok) throw notFound();
    const wasOnList = loaded.status.onList;
    request.session.flash =
      !result.onList && wasOnList
        ? `The review has been recorded and ${loaded.entry.service_name} has been taken off the preferred provider list. Its reviews are kept below.`
        : result.onList && !wasOnList
          ? `The review has been recorded and ${loaded.entry.service_name} is back on the preferred provider list.`
          : 'The review has been recorded.';
    return reply.redirect(paths.preferredService(loaded.entry.id));
  });

  async function loadReview(request: FastifyRequest) {
    const loaded = await loadPreferred(request);
    const reviewId = recordId((request.params as Values).reviewId);
    const review = await repository.findReview(db, loaded.partnershipId, reviewId);
    if (!review || review.preferred_service_id !== loaded.entry.id) throw notFound();
    return { ...loaded, review };
  }

  app.get('/commissioning/preferred/:preferredId/reviews/:reviewId', { preHandler: readers }, async (request, reply) => {
    const loaded = await loadReview(request);
    return reply.render(view('review'), {
      pageTitle: `Review of ${loaded.entry.service_name}`,
      entry: loaded.entry,
      review: { ...loaded.review, decisionTag: preferredDecisionTags[loaded.review.decision] },
      canManage: loaded.canManage,
      paths,
    });
  });

  app.get('/commissioning/preferred/:preferredId/reviews/:reviewId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadReview(request);
    return reply.render(view('delete'), reviewDeletePage(loaded.entry, loaded.reviews, loaded.review));
  });

  app.post('/commissioning/preferred/:preferredId/reviews/:reviewId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadReview(request);
    const result = await service.deleteReview(loaded.partnershipId, loaded.actor, loaded.entry.id, loaded.review.id);
    if (!result.ok) throw notFound();
    request.session.flash = `The review of ${formatDate(loaded.review.reviewed_on)} has been deleted.`;
    return reply.redirect(paths.preferredService(loaded.entry.id));
  });
}
