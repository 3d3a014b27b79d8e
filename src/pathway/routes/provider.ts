import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { signedIn } from '../../platform/auth/context.js';
import type { Database, DischargeOutcome, ReferralStage } from '../../platform/db/schema.js';
import { formatDate, formatDateTime } from '../../platform/web/dates.js';
import { HttpError, notFound, recordId } from '../../platform/web/errors.js';
import { type FormErrors, gatherDateParts, validateForm } from '../../platform/web/forms.js';
import { pagination } from '../../platform/web/pagination.js';
import { dischargeOutcomeLabels, reviewKindLabels, stageTags, unplannedOutcomes } from '../labels.js';
import { pathwayPaths as paths, placementPaths } from '../paths.js';
import { admissionForm, dischargeForm, referrerToldForm, reviewForm, serviceErrors } from '../provider-forms.js';
import { findPlacement, listPlacements, type PlacementList, type PlacementRecord, stayReviews } from '../provider-repository.js';
import type { StageDetails } from '../rules/referral-state.js';
import { isReviewOverdue } from '../rules/reviews.js';
import { fundingInPlace } from '../rules/stages.js';
import type { Outcome, PathwayService } from '../service.js';
import { ukDateOf } from '../../platform/values/calendar.js';

/**
 * The provider view: a residential provider's account sees the people referred or placed with its
 * own services, from every partnership, by local reference only, and records their admission,
 * the reviews during their stay and their discharge. Any other referral is simply not found.
 * Changes go through the same stage service as pathway staff use, so the same rules apply and
 * the same timeline and audit entries are written (in the referral's own partnership).
 */

const view = (name: string) => `pathway/views/provider/${name}.njk`;

const pageSize = 50;

/** Only people with a provider account; anyone else (including administrators without one) is refused. */
export const providerAccountOnly: preHandlerAsyncHookHandler = async (request) => {
  if (!request.auth?.providerIds.length) throw new HttpError(403);
};

type Values = Record<string, unknown>;

type PlacementPage = (reply: FastifyReply, placement: PlacementRecord, values: Values, errors?: FormErrors, status?: number) => FastifyReply;

function stageDate(placement: PlacementRecord | Awaited<ReturnType<typeof listPlacements>>['rows'][number]): { label: string; date: string | null } {
  switch (placement.stage as ReferralStage) {
    case 'admitted':
      return { label: 'Admitted', date: placement.admittedOn };
    case 'waiting':
      return { label: 'Waiting since', date: placement.waitingSince };
    case 'funding_decided':
      return { label: 'Funding decided', date: placement.fundingDecidedOn };
    case 'funding_requested':
      return { label: 'Funding requested', date: placement.fundingRequestedOn };
    case 'preparing':
      return { label: 'Preparing since', date: placement.preparingOn };
    case 'discharged':
      return { label: 'Discharged', date: placement.dischargedOn };
    case 'aftercare':
      return { label: 'Discharged', date: placement.dischargedOn };
    case 'closed':
      return { label: placement.dischargedOn ? 'Discharged' : 'Closed', date: placement.dischargedOn ?? placement.closedOn };
    case 'withdrawn':
      return { label: 'Withdrawn', date: placement.withdrawnOn };
    default:
      return { label: '', date: null };
  }
}

/** What the provider can record now, for the buttons on the placement's page. */
function nextActions(placement: PlacementRecord) {
  const stage = placement.stage as ReferralStage;
  const canAdmit =
    stage === 'waiting' || (stage === 'funding_decided' && fundingInPlace({ funding_decision: placement.fundingDecision, funding_route: placement.fundingRoute }));
  const unplanned = placement.dischargeOutcome !== null && unplannedOutcomes.has(placement.dischargeOutcome as DischargeOutcome);
  return {
    canAdmit,
    canDischarge: stage === 'admitted',
    canRecordReferrerTold: Boolean(placement.dischargedOn) && unplanned && !placement.referrerNotifiedAt && stage !== 'closed' && stage !== 'withdrawn',
    canRecordReviews: stage === 'admitted' || stage === 'discharged',
  };
}

/** A provider account's placements; the plugin that registers these guards them with providerAccountOnly. */
export function providerPlacementRoutes(app: FastifyInstance, db: Kysely<Database>, pathway: PathwayService, now: () => Date) {

  async function placementFor(request: FastifyRequest): Promise<PlacementRecord> {
    const referralId = recordId((request.params as Values).referralId);
    const placement = await findPlacement(db, signedIn(request).providerIds, referralId);
    if (!placement) throw notFound();
    return placement;
  }

  const actor = (request: FastifyRequest) => ({ userId: signedIn(request).user.id, requestId: request.id });

  /** After a save: the placement's page with a message; after a refusal, the form again with the problems. */
  async function finish(
    request: FastifyRequest,
    reply: FastifyReply,
    placement: PlacementRecord,
    outcome: Outcome<object>,
    success: string,
    showForm: (errors: FormErrors, status: number) => Promise<FastifyReply>,
    fields: Record<string, string>,
    dateFields: ReadonlySet<string>,
  ) {
    if (outcome.ok) {
      request.session.flash = success;
      return reply.redirect(paths.providerPlacement(placement.id));
    }
    if (outcome.reason === 'not_found') throw notFound();
    return showForm(serviceErrors(outcome.problems, fields, dateFields), outcome.reason === 'conflict' ? 409 : 400);
  }

  /** A refused form shown again over the placement as it is now, so the next try is made against its latest version. */
  const againOverLatest = (request: FastifyRequest, reply: FastifyReply, placement: PlacementRecord, values: Values, page: PlacementPage) => async (errors: FormErrors, status: number) => {
    const fresh = (await findPlacement(db, signedIn(request).providerIds, placement.id)) ?? placement;
    return page(reply, fresh, { ...values, version: fresh.version }, errors, status);
  };

  /** The form for something the provider records about the placement, shown only while it can be recorded. */
  function placementFormPage(address: string, allowed: 'canAdmit' | 'canDischarge' | 'canRecordReferrerTold', page: PlacementPage) {
    app.get(address, async (request, reply) => {
      const placement = await placementFor(request);
      if (!nextActions(placement)[allowed]) return reply.redirect(paths.providerPlacement(placement.id));
      return page(reply, placement, { version: placement.version });
    });
  }

  /** A stage move the provider records on a form (the admission, the discharge), made by the same stage service as pathway staff use. */
  function stageMoveForm<S extends z.ZodType<{ version: number }>>(move: {
    address: string;
    schema: S;
    page: PlacementPage;
    to: ReferralStage;
    fields: Record<string, string>;
    details: (data: z.output<S>, placement: PlacementRecord) => StageDetails;
    success: (data: z.output<S>, placement: PlacementRecord) => string;
  }) {
    app.post(move.address, async (request, reply) => {
      const placement = await placementFor(request);
      const form = validateForm(move.schema, request.body);
      if (!form.ok) return move.page(reply, placement, form.values, form.errors, 400);
      const { data } = form;
      const outcome = await pathway.moveStage(placement.partnershipId, actor(request), placement.id, data.version, move.to, move.details(data, placement));
      const { dateFields } = gatherDateParts(request.body as Values);
      return finish(request, reply, placement, outcome, move.success(data, placement), againOverLatest(request, reply, placement, form.values, move.page), move.fields, dateFields);
    });
  }

  // The list ------------------------------------------------------------------------------------
  app.get(paths.providerPlacements(), async (request, reply) => {
    const query = request.query as Values;
    const list: PlacementList = query.show === 'past' ? 'past' : 'current';
    const page = Math.max(1, Math.min(10_000, Number.parseInt(String(query.page ?? '1'), 10) || 1));
    const today = ukDateOf(now());
    const { total, rows } = await listPlacements(db, signedIn(request).providerIds, list, { limit: pageSize, offset: (page - 1) * pageSize });
    return reply.render(view('placements'), {
      pageTitle: list === 'past' ? 'Your past placements' : 'Your placements',
      list,
      total,
      first: rows.length ? (page - 1) * pageSize + 1 : 0,
      last: (page - 1) * pageSize + rows.length,
      rows: rows.map((row) => {
        const date = stageDate(row);
        return {
          href: paths.providerPlacement(row.id),
          reference: row.localReference,
          partnership: row.partnershipName,
          service: row.serviceName,
          stage: stageTags[row.stage as ReferralStage],
          dateText: date.date ? `${date.label} ${formatDate(date.date)}` : '',
          plannedWeeks: row.stage === 'admitted' && row.plannedWeeks ? row.plannedWeeks : null,
          nextReviewDue: row.stage === 'admitted' && row.nextReviewDue ? formatDate(row.nextReviewDue) : null,
          reviewOverdue: row.stage === 'admitted' && row.nextReviewDue ? String(row.nextReviewDue) < today : false,
        };
      }),
      pagination: pagination(paths.providerPlacements(), list === 'past' ? { show: 'past' } : {}, page, pageSize, total),
      paths,
    });
  });

  // One placement ---------------------------------------------------------------------------------
  app.get(paths.providerPlacement(':referralId'), async (request, reply) => {
    const placement = await placementFor(request);
    const today = ukDateOf(now());
    const actions = nextActions(placement);
    const reviews = await stayReviews(db, placement.partnershipId, placement.id);
    return reply.render(view('placement'), {
      pageTitle: `Placement ${placement.localReference}`,
      placement,
      stageTag: stageTags[placement.stage as ReferralStage],
      fundingText: placement.fundingDecidedOn
        ? `${placement.fundingDecision === 'declined' ? 'Declined' : 'Approved'} on ${formatDate(placement.fundingDecidedOn)}`
        : null,
      outcomeText: placement.dischargeOutcome ? dischargeOutcomeLabels[placement.dischargeOutcome as DischargeOutcome] : null,
      referrerToldText: placement.referrerNotifiedAt ? formatDateTime(placement.referrerNotifiedAt) : null,
      unplanned: placement.dischargeOutcome !== null && unplannedOutcomes.has(placement.dischargeOutcome as DischargeOutcome),
      actions,
      reviews: reviews.map((review) => ({
        name: reviewKindLabels[review.kind],
        due: formatDate(review.dueOn),
        done: review.completedOn ? formatDate(review.completedOn) : null,
        overdue: isReviewOverdue({ due_on: review.dueOn, completed_on: review.completedOn, not_recorded: review.notRecorded }, today),
        notRecorded: review.notRecorded,
        href: actions.canRecordReviews && !review.completedOn ? placementPaths.review(placement.id, review.id) : null,
      })),
      placementPaths,
      paths,
    });
  });

  // Admission ---------------------------------------------------------------------------------------
  const admissionFields = { date: 'admittedOn', plannedWeeks: 'plannedWeeks', aftercarePlanAgreedOn: 'aftercarePlanAgreedOn', serviceId: 'form', stage: 'form' };
  const admissionPage = (reply: FastifyReply, placement: PlacementRecord, values: Values, errors?: FormErrors, status = 200) =>
    reply.code(status).render(view('admission'), { pageTitle: 'Record the admission', placement, values, errors, placementPaths, paths });

  placementFormPage(placementPaths.admission(':referralId'), 'canAdmit', admissionPage);

  stageMoveForm({
    address: placementPaths.admission(':referralId'),
    schema: admissionForm,
    page: admissionPage,
    to: 'admitted',
    fields: admissionFields,
    details: (data, placement) => ({
      date: data.admittedOn,
      serviceId: placement.serviceId,
      plannedWeeks: data.plannedWeeks,
      detoxIncluded: data.detoxIncluded === 'yes',
      weeklyCostPence: null,
      // A plan the referrer has already recorded stands; the form only asks when there is none.
      aftercarePlanAgreedOn: placement.aftercarePlanAgreedOn ?? data.aftercarePlanAgreedOn,
      noAftercarePlanReason: placement.aftercarePlanAgreedOn ? '' : data.noAftercarePlanReason,
    }),
    success: (data, placement) => `The admission of ${placement.localReference} on ${formatDate(data.admittedOn)} has been recorded.`,
  });

  // Discharge ---------------------------------------------------------------------------------------
  const dischargeFields = { date: 'dischargedOn', dischargeOutcome: 'dischargeOutcome', riskAssessmentSummary: 'riskAssessmentSummary', referrerNotifiedOn: 'toldOn', stage: 'form' };
  const outcomeOptions = (selected: unknown) =>
    (Object.entries(dischargeOutcomeLabels) as Array<[DischargeOutcome, string]>).map(([value, text]) => ({
      value,
      text,
      checked: selected === value,
      hint: unplannedOutcomes.has(value) ? { text: 'An unplanned discharge: give the risk assessment and tell the referrer within 24 hours.' } : undefined,
    }));
  const dischargePage = (reply: FastifyReply, placement: PlacementRecord, values: Values, errors?: FormErrors, status = 200) =>
    reply.code(status).render(view('discharge'), { pageTitle: 'Record the discharge', placement, values, outcomeOptions: outcomeOptions(values.dischargeOutcome), errors, placementPaths, paths });

  placementFormPage(placementPaths.discharge(':referralId'), 'canDischarge', dischargePage);

  stageMoveForm({
    address: placementPaths.discharge(':referralId'),
    schema: dischargeForm,
    page: dischargePage,
    to: 'discharged',
    fields: dischargeFields,
    details: (data) => ({
      date: data.dischargedOn,
      dischargeOutcome: data.dischargeOutcome,
      riskAssessmentSummary: data.riskAssessmentSummary,
      referrerNotifiedAt: data.referrerNotifiedAt,
      referrerNotYetTold: data.referrerNotYetTold,
    }),
    success: (data, placement) => `The discharge of ${placement.localReference} on ${formatDate(data.dischargedOn)} has been recorded.`,
  });

  // Telling the referrer after an unplanned discharge --------------------------------------------------
  const toldPage = (reply: FastifyReply, placement: PlacementRecord, values: Values, errors?: FormErrors, status = 200) =>
    reply.code(status).render(view('referrer-told'), { pageTitle: 'Record when the referrer was told', placement, values, errors, placementPaths, paths });

  placementFormPage(placementPaths.referrerTold(':referralId'), 'canRecordReferrerTold', toldPage);

  app.post(placementPaths.referrerTold(':referralId'), async (request, reply) => {
    const placement = await placementFor(request);
    const form = validateForm(referrerToldForm, request.body);
    if (!form.ok) return toldPage(reply, placement, form.values, form.errors, 400);
    const outcome = await pathway.recordReferrerTold(placement.partnershipId, actor(request), placement.id, form.data.version, form.data.referrerNotifiedAt);
    return finish(
      request,
      reply,
      placement,
      outcome,
      `The time the referrer was told about ${placement.localReference} has been recorded.`,
      againOverLatest(request, reply, placement, form.values, toldPage),
      { toldOn: 'toldOn' },
      new Set(['toldOn']),
    );
  });

  // Reviews during the stay -----------------------------------------------------------------------------
  async function reviewFor(request: FastifyRequest, placement: PlacementRecord) {
    const reviewId = recordId((request.params as Values).reviewId);
    const review = (await stayReviews(db, placement.partnershipId, placement.id)).find((candidate) => candidate.id === reviewId);
    if (!review) throw notFound();
    return review;
  }
  const reviewPage = (reply: FastifyReply, placement: PlacementRecord, review: Awaited<ReturnType<typeof reviewFor>>, values: Values, errors?: FormErrors, status = 200) =>
    reply.code(status).render(view('review'), {
      pageTitle: `Record a ${reviewKindLabels[review.kind].toLowerCase()}`,
      reviewName: reviewKindLabels[review.kind],
      placement,
      review,
      values,
      errors,
      placementPaths,
      paths,
    });

  app.get(placementPaths.review(':referralId', ':reviewId'), async (request, reply) => {
    const placement = await placementFor(request);
    const review = await reviewFor(request, placement);
    if (review.completedOn || !nextActions(placement).canRecordReviews) return reply.redirect(paths.providerPlacement(placement.id));
    return reviewPage(reply, placement, review, { version: review.version });
  });

  app.post(placementPaths.review(':referralId', ':reviewId'), async (request, reply) => {
    const placement = await placementFor(request);
    const review = await reviewFor(request, placement);
    const form = validateForm(reviewForm, request.body);
    if (!form.ok) return reviewPage(reply, placement, review, form.values, form.errors, 400);
    if (!nextActions(placement).canRecordReviews) return reply.redirect(paths.providerPlacement(placement.id));
    const outcome = await pathway.completeReview(placement.partnershipId, actor(request), placement.id, review.id, form.data.version, {
      completedOn: form.data.completedOn,
      notes: form.data.notes,
    });
    return finish(
      request,
      reply,
      placement,
      outcome,
      `The ${reviewKindLabels[review.kind].toLowerCase()} for ${placement.localReference} has been recorded.`,
      async (errors, status) => {
        const fresh = await reviewFor(request, placement);
        return reviewPage(reply, placement, fresh, { ...form.values, version: fresh.version }, errors, status);
      },
      { completedOn: 'completedOn' },
      new Set(['completedOn']),
    );
  });
}
