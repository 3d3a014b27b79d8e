import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { currentMembership, signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { notFound, recordId } from '../../platform/web/errors.js';
import { datePartsOf } from '../../platform/web/fields.js';
import { type FormErrors, validateForm } from '../../platform/web/forms.js';
import { aftercarePlanForm, contactForm, readReferrerToldForm, referralListQuery, reviewForm, validateDetailsForm } from '../forms.js';
import { reviewKindLabels } from '../labels.js';
import { pathwayPaths as paths, referralPaths } from '../paths.js';
import * as repository from '../repository.js';
import { firstLaterDate } from '../rules/stages.js';
import type { Outcome, PathwayService } from '../service.js';
import { ukDateOf } from '../../platform/values/calendar.js';
import { detailFormPage, storedDetails } from '../view-models/referral-form.js';
import { referralListHref, referralListPage, referralPageSize as pageSize } from '../view-models/referral-list.js';
import { placementRequestSection } from '../view-models/placement-requests.js';
import { detailRows, referralRecordPage } from '../view-models/referral-page.js';
import { aftercarePlanPage as aftercarePage, referrerToldPage as toldPage, reviewDonePage as reviewPage } from '../view-models/referral-records.js';
import { actorOf, found, type LoadedReferral, loadReferral, loadReferralRecord, moverRoles, problemsAsErrors, referralFlags, view } from './shared.js';

/**
 * The referral record: the list, a new referral, the record page (details, stage, safety flags,
 * next steps, timeline, contacts while waiting, reviews), changing the details, and the small
 * records that clear a safety flag. Pathway staff and the lead commissioner make changes;
 * contributors and viewers read; peer reviewers (from another area) are refused everything.
 */

type Values = Record<string, unknown>;

export function referralRoutes(app: FastifyInstance, db: Kysely<Database>, service: PathwayService, now: () => Date) {
  const today = () => ukDateOf(now());

  // The list ---------------------------------------------------------------------------------------

  app.get(paths.referrals(), async (request, reply) => {
    const membership = currentMembership(request);
    const query = validateForm(referralListQuery, request.query);
    const filter = query.ok ? { stage: query.data.stage, search: query.data.q } : {};
    const page = query.ok ? query.data.page : 1;
    const { rows, total, fundingDecisionTargetDays: target } = await repository.listReferrals(db, membership.partnershipId, filter, {
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    // A page past the end (after records moved stage, or a hand-made address): go to the last page.
    if (!rows.length && total > 0 && page > 1) return reply.redirect(referralListHref(filter, Math.ceil(total / pageSize)));
    return reply.code(query.ok ? 200 : 400).render(
      view('list'),
      referralListPage({
        rows,
        total,
        page,
        filter,
        values: query.values,
        errors: query.ok ? undefined : query.errors,
        canMove: moverRoles.includes(membership.role),
        now: now(),
        fundingDecisionTargetDays: target,
      }),
    );
  });

  // A new referral -----------------------------------------------------------------------------------

  app.get(paths.newReferral(), async (request, reply) => {
    return reply.render(view('form'), detailFormPage({}, { pageTitle: 'Start a referral record' }));
  });

  app.post(paths.newReferral(), async (request, reply) => {
    const membership = currentMembership(request);
    const form = validateDetailsForm(request.body, today(), { edit: false });
    const page = (values: Values, errors: FormErrors) => detailFormPage(values, { pageTitle: 'Start a referral record', errors });
    if (!form.ok) return reply.code(400).render(view('form'), page(form.values, form.errors));
    const outcome = found(await service.createReferral(membership.partnershipId, { userId: signedIn(request).user.id, requestId: request.id }, form.details));
    if (!outcome.ok) return reply.code(400).render(view('form'), page(form.values, problemsAsErrors(outcome.problems, [])));
    request.session.flash = `The referral ${form.details.localReference} has been started.`;
    return reply.redirect(paths.referral(outcome.referralId));
  });

  // The record page ------------------------------------------------------------------------------------

  async function recordPage(loaded: LoadedReferral & { lists?: repository.RecordLists }, values: Values, extra: Values = {}) {
    const { referral, membership, canMove } = loaded;
    const [{ events, contacts, reviews, requests }, flags] = await Promise.all([
      loaded.lists ?? repository.recordLists(db, membership.partnershipId, referral.id),
      referralFlags(db, membership.partnershipId, referral, now()),
    ]);
    const placementRequests = placementRequestSection(referral, requests, canMove);
    return referralRecordPage({ referral, canMove, events, contacts, reviews, flags, today: today() }, values, { placementRequests, ...extra });
  }

  app.get(paths.referral(':referralId'), async (request, reply) => {
    const loaded = await loadReferralRecord(db, request);
    return reply.render(view('show'), await recordPage(loaded, { contactedOn: datePartsOf(today()) }));
  });

  // Contacts while waiting ---------------------------------------------------------------------------

  app.post(paths.contacts(':referralId'), async (request, reply) => {
    const loaded = await loadReferral(db, request);
    const form = validateForm(contactForm, request.body);
    if (!form.ok) return reply.code(400).render(view('show'), await recordPage(loaded, form.values, { errors: form.errors }));
    const outcome = found(await service.addContact(loaded.membership.partnershipId, actorOf(loaded, request), loaded.referral.id, form.data));
    if (!outcome.ok) {
      return reply.code(400).render(view('show'), await recordPage(loaded, form.values, { errors: problemsAsErrors(outcome.problems, ['contactedOn', 'note']) }));
    }
    request.session.flash = 'The contact has been added.';
    return reply.redirect(`${paths.referral(loaded.referral.id)}#contacts`);
  });

  // Changing the details ---------------------------------------------------------------------------------

  app.get(paths.editReferral(':referralId'), async (request, reply) => {
    const loaded = await loadReferral(db, request);
    return reply.render(view('form'), detailFormPage(storedDetails(loaded.referral), { pageTitle: 'Change the referral’s details', referral: loaded.referral }));
  });

  app.post(paths.editReferral(':referralId'), async (request, reply) => {
    const loaded = await loadReferral(db, request);
    const page = (values: Values, extra: Values) => detailFormPage(values, { pageTitle: 'Change the referral’s details', referral: loaded.referral, ...extra });
    const form = validateDetailsForm(request.body, today(), { edit: true, nextStageDate: firstLaterDate(loaded.referral) });
    if (!form.ok) return reply.code(400).render(view('form'), page(form.values, { errors: form.errors }));
    const outcome = found(await service.updateDetails(loaded.membership.partnershipId, actorOf(loaded, request), loaded.referral.id, form.version ?? 0, form.details));
    if (!outcome.ok && outcome.reason === 'conflict') {
      const latest = await loadReferral(db, request);
      return reply.code(409).render(
        view('form'),
        detailFormPage(
          { ...form.values, version: latest.referral.version },
          { pageTitle: 'Change the referral’s details', referral: latest.referral, errors: problemsAsErrors(outcome.problems, []), saved: detailRows(latest.referral) },
        ),
      );
    }
    if (!outcome.ok) return reply.code(400).render(view('form'), page(form.values, { errors: problemsAsErrors(outcome.problems, []) }));
    request.session.flash = outcome.changed.length ? 'The referral’s details have been saved.' : 'Nothing was changed.';
    return reply.redirect(paths.referral(loaded.referral.id));
  });

  // Marking a review or follow-up done ---------------------------------------------------------------------

  async function loadReview(request: FastifyRequest) {
    const loaded = await loadReferral(db, request);
    const reviewId = recordId((request.params as Values).reviewId);
    const review = await repository.findReview(db, loaded.membership.partnershipId, loaded.referral.id, reviewId);
    if (!review) throw notFound();
    return { ...loaded, review };
  }

  app.get(referralPaths.review(':referralId', ':reviewId'), async (request, reply) => {
    const loaded = await loadReview(request);
    if (loaded.review.completed_on) {
      request.session.problem = 'This review has already been recorded as done.';
      return reply.redirect(`${paths.referral(loaded.referral.id)}#reviews`);
    }
    return reply.render(view('review'), reviewPage(loaded, { completedOn: datePartsOf(today()), version: loaded.review.version }));
  });

  app.post(referralPaths.review(':referralId', ':reviewId'), async (request, reply) => {
    const loaded = await loadReview(request);
    const form = validateForm(reviewForm, request.body);
    if (!form.ok) return reply.code(400).render(view('review'), reviewPage(loaded, form.values, { errors: form.errors }));
    const outcome = found(
      await service.completeReview(loaded.membership.partnershipId, actorOf(loaded, request), loaded.referral.id, loaded.review.id, form.data.version, form.data),
    );
    if (!outcome.ok) {
      const code = outcome.reason === 'conflict' ? 409 : 400;
      return reply.code(code).render(view('review'), reviewPage(loaded, form.values, { errors: problemsAsErrors(outcome.problems, ['completedOn', 'notes']) }));
    }
    request.session.flash = `The ${reviewKindLabels[loaded.review.kind].toLowerCase()} has been recorded as done.`;
    return reply.redirect(`${paths.referral(loaded.referral.id)}#reviews`);
  });

  // Clearing the safety flags: an aftercare plan agreed after admission, and telling the referrer ----------

  /** After a record that clears a safety flag: saved, back to the record; refused, the form again over the latest version. */
  async function flagRecorded(
    request: FastifyRequest,
    reply: FastifyReply,
    referralId: string,
    outcome: Exclude<Outcome, { reason: 'not_found' }>,
    success: string,
    form: { template: string; page: (loaded: LoadedReferral, values: Values, extra: Values) => Values; values: Values },
  ) {
    if (outcome.ok) {
      request.session.flash = success;
      return reply.redirect(paths.referral(referralId));
    }
    const code = outcome.reason === 'conflict' ? 409 : 400;
    const latest = await loadReferral(db, request);
    return reply.code(code).render(view(form.template), form.page(latest, { ...form.values, version: latest.referral.version }, { errors: problemsAsErrors(outcome.problems, []) }));
  }

  app.get(referralPaths.aftercarePlan(':referralId'), async (request, reply) => {
    const loaded = await loadReferral(db, request);
    return reply.render(view('aftercare-plan'), aftercarePage(loaded, { agreedOn: datePartsOf(today()), version: loaded.referral.version }));
  });

  app.post(referralPaths.aftercarePlan(':referralId'), async (request, reply) => {
    const loaded = await loadReferral(db, request);
    const form = validateForm(aftercarePlanForm, request.body);
    if (!form.ok) return reply.code(400).render(view('aftercare-plan'), aftercarePage(loaded, form.values, { errors: form.errors }));
    const outcome = found(await service.recordAftercarePlan(loaded.membership.partnershipId, actorOf(loaded, request), loaded.referral.id, form.data.version, form.data.agreedOn));
    return flagRecorded(request, reply, loaded.referral.id, outcome, 'The agreed aftercare plan has been recorded.', { template: 'aftercare-plan', page: aftercarePage, values: form.values });
  });

  app.get(referralPaths.referrerTold(':referralId'), async (request, reply) => {
    const loaded = await loadReferral(db, request);
    return reply.render(view('referrer-told'), toldPage(loaded, { toldOn: datePartsOf(today()), version: loaded.referral.version }));
  });

  app.post(referralPaths.referrerTold(':referralId'), async (request, reply) => {
    const loaded = await loadReferral(db, request);
    const form = readReferrerToldForm(request.body);
    if (!form.ok) return reply.code(400).render(view('referrer-told'), toldPage(loaded, form.values, { errors: form.errors }));
    const outcome = found(await service.recordReferrerTold(loaded.membership.partnershipId, actorOf(loaded, request), loaded.referral.id, form.version, form.toldAt));
    return flagRecorded(request, reply, loaded.referral.id, outcome, 'The time the referrer was told has been recorded.', { template: 'referrer-told', page: toldPage, values: form.values });
  });
}

