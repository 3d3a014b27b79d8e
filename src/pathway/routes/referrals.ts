import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { currentMembership, signedIn } from '../../platform/auth/context.js';
import type { Database, ReferralStage, Role } from '../../platform/db/schema.js';
import { formatDate, formatDateTime } from '../../platform/web/dates.js';
import { notFound, recordId } from '../../platform/web/errors.js';
import { datePartsOf } from '../../platform/web/fields.js';
import { type FormErrors, validateForm } from '../../platform/web/forms.js';
import {
  aftercarePlanForm,
  contactForm,
  dateFieldNames,
  errorsInOrder,
  readReferrerToldForm,
  referralListQuery,
  reviewForm,
  validateDetailsForm,
} from '../forms.js';
import {
  ageBandLabels,
  complexityLabels,
  dischargeOutcomeLabels,
  ethnicityLabels,
  fundingDeciderLabels,
  fundingRouteLabels,
  identifiedViaLabels,
  reviewKindLabels,
  sexLabels,
  stageTags,
  substanceLabels,
  unplannedOutcomes,
  yesNoLabels,
} from '../labels.js';
import { pathwayPaths as paths, referralPaths } from '../paths.js';
import { underEighteen } from '../rules/referral-details.js';
import * as repository from '../repository.js';
import type { Outcome, PathwayService } from '../service.js';
import type { Problem } from '../rules/referral-state.js';
import { isReviewOverdue, isStayReview } from '../rules/reviews.js';
import { flags, fundingWaitWorkingDays } from '../rules/safety-flags.js';
import { allowedNextStages, currentStageDate, stageDateColumn, stageOrder } from '../rules/stages.js';
import { ukDateOf } from '../../platform/values/calendar.js';
import { formatPounds } from '../../platform/values/money.js';
import { checkboxItems, radioItems } from '../../platform/web/choice-items.js';
import { paginationLinks } from '../../platform/web/pagination.js';

/**
 * The referral record: the list, a new referral, the record page (details, stage, safety flags,
 * next steps, timeline, contacts while waiting, reviews), changing the details, and the small
 * records that clear a safety flag. Pathway staff and the lead commissioner make changes;
 * contributors and viewers read; peer reviewers (from another area) are refused everything.
 */

export const view = (name: string) => `pathway/views/referrals/${name}.njk`;

const moverRoles: readonly Role[] = ['lead_commissioner', 'pathway_staff'];

type Values = Record<string, unknown>;

/** The words on the button or link that moves a referral to each stage. */
export const stageActions: Record<ReferralStage, string> = {
  identified: 'Record identification',
  referred: 'Record the referral',
  assessed: 'Record the assessment',
  preparing: 'Record preparation',
  funding_requested: 'Record the funding request',
  funding_decided: 'Record the funding decision',
  waiting: 'Record that they are waiting for a bed',
  admitted: 'Record the admission',
  discharged: 'Record the discharge',
  aftercare: 'Record the start of aftercare',
  closed: 'Close the referral',
  withdrawn: 'Withdraw the referral',
};

export function stageActionText(from: ReferralStage, to: ReferralStage): string {
  if (from === 'funding_decided' && to === 'preparing') return 'Go back to preparation';
  if (from === 'funding_decided' && to === 'admitted') return 'Record the admission (a bed is free now)';
  if (from === 'assessed' && to === 'funding_requested') return 'Record the funding request (no preparation needed)';
  return stageActions[to];
}

export const stagePath = (referralId: string, stage: ReferralStage) => (stage === 'withdrawn' ? paths.withdraw(referralId) : paths.stage(referralId, stage));

/** [field, message] pairs from the service as GOV.UK errors, in the form's order. */
export function problemsAsErrors(problems: Problem[], order: readonly string[]): FormErrors {
  return errorsInOrder(problems, order, dateFieldNames);
}

/** The referral in the address, if it belongs to the person's current partnership. */
export async function loadReferral(db: Kysely<Database>, request: FastifyRequest) {
  const membership = currentMembership(request);
  const referralId = recordId((request.params as Values).referralId);
  const referral = await repository.findReferral(db, membership.partnershipId, referralId);
  if (!referral) throw notFound();
  return { membership, userId: signedIn(request).user.id, referral, canMove: moverRoles.includes(membership.role) };
}

export type LoadedReferral = Awaited<ReturnType<typeof loadReferral>>;

export const actorOf = (loaded: { userId: string }, request: FastifyRequest) => ({ userId: loaded.userId, requestId: request.id });

/** Throws "not found" for an outcome about a record that is not there (or not this partnership's). */
export function found<T>(outcome: Outcome<T>): Exclude<Outcome<T>, { reason: 'not_found' }> {
  if (!outcome.ok && outcome.reason === 'not_found') throw notFound();
  return outcome as Exclude<Outcome<T>, { reason: 'not_found' }>;
}

const pageSize = 25;

function summaryRow(key: string, value: string | null | undefined, html = false) {
  if (value === null || value === undefined || value === '') return null;
  return { key: { text: key }, value: html ? { html: value } : { text: value } };
}

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** The record's own details as summary-list rows. */
function detailRows(referral: repository.Referral) {
  return [
    summaryRow('Local reference', referral.local_reference),
    summaryRow('How they were identified', identifiedViaLabels[referral.identified_via]),
    summaryRow('Date identified', formatDate(referral.identified_on)),
    summaryRow('Referring service', referral.referring_service),
    summaryRow('Keyworker role or team', referral.keyworker_role || 'Not given'),
    summaryRow('Age band', ageBandLabels[referral.age_band]),
    summaryRow('Sex', sexLabels[referral.sex]),
    summaryRow('Ethnic group', ethnicityLabels[referral.ethnicity_group]),
    summaryRow('Disability', yesNoLabels[referral.disability]),
    summaryRow('Pregnant', yesNoLabels[referral.pregnant]),
    summaryRow('Responsible for a child', yesNoLabels[referral.parental_responsibility]),
    summaryRow('Main substance', substanceLabels[referral.main_substance]),
    summaryRow('Complex needs', referral.complexity.length ? referral.complexity.map((item) => complexityLabels[item]).join('; ') : 'None recorded'),
    summaryRow('Given information about who can get residential treatment', yesNo(referral.eligibility_information_given)),
  ].filter(Boolean);
}

/** What was recorded at each stage reached, as summary-list rows. */
function pathwayRows(referral: repository.Referral, today: string) {
  const service = referral.service_name ? `${referral.service_name} (${referral.provider_name}${referral.service_town ? `, ${referral.service_town}` : ''})` : null;
  const preparation = [
    referral.preparation_group ? 'Preparation group' : null,
    referral.information_pack_given ? 'Information pack given' : null,
    referral.service_visit ? 'Visited the service' : null,
    referral.detox_arranged ? 'Detox arranged' : null,
  ].filter(Boolean);
  const waited = fundingWaitWorkingDays(referral, today);
  const unplanned = referral.discharge_outcome ? unplannedOutcomes.has(referral.discharge_outcome) : false;
  return [
    summaryRow('Date of referral', referral.referred_on && formatDate(referral.referred_on)),
    summaryRow('Date of the assessment', referral.assessed_on && formatDate(referral.assessed_on)),
    summaryRow('Eligibility', referral.eligibility_decision && (referral.eligibility_decision === 'eligible' ? 'Eligible' : 'Not eligible')),
    summaryRow('Reasons', referral.eligibility_reasons),
    summaryRow('Date preparation started', referral.preparing_on && formatDate(referral.preparing_on)),
    summaryRow('Preparation', referral.preparing_on ? (preparation.length ? preparation.join('; ') : 'None recorded') : null),
    summaryRow('Service', service),
    summaryRow('Date funding was asked for', referral.funding_requested_on && formatDate(referral.funding_requested_on)),
    summaryRow('Funding route', referral.funding_route && fundingRouteLabels[referral.funding_route]),
    summaryRow(
      'Funding decision',
      referral.funding_decision &&
        `${referral.funding_decision === 'approved' ? 'Approved' : 'Declined'}${referral.funding_decided_by ? ` by the ${fundingDeciderLabels[referral.funding_decided_by]?.toLowerCase()}` : ''}`,
    ),
    summaryRow('Date of the funding decision', referral.funding_decided_on && formatDate(referral.funding_decided_on)),
    summaryRow(
      referral.funding_decided_on ? 'Time taken to decide' : 'Waiting for a decision',
      waited !== null && (referral.funding_decided_on || referral.stage === 'funding_requested') ? `${waited} working day${waited === 1 ? '' : 's'}` : null,
    ),
    summaryRow('Reason for the decision', referral.funding_decision_reason),
    summaryRow('Waiting for a bed since', referral.waiting_since && formatDate(referral.waiting_since)),
    summaryRow('Aftercare plan agreed', referral.aftercare_plan_agreed_on ? formatDate(referral.aftercare_plan_agreed_on) : referral.admitted_on ? 'No' : null),
    summaryRow('Reason there was no aftercare plan at admission', referral.admitted_without_aftercare_reason),
    summaryRow('Date of admission', referral.admitted_on && formatDate(referral.admitted_on)),
    summaryRow('Planned length of stay', referral.planned_weeks ? `${referral.planned_weeks} week${referral.planned_weeks === 1 ? '' : 's'}` : null),
    summaryRow('Detox included', referral.admitted_on ? yesNo(referral.detox_included) : null),
    summaryRow('Weekly cost', referral.admitted_on ? formatPounds(referral.weekly_cost_pence) : null),
    summaryRow('Date of discharge', referral.discharged_on && formatDate(referral.discharged_on)),
    summaryRow('How the placement ended', referral.discharge_outcome && dischargeOutcomeLabels[referral.discharge_outcome]),
    summaryRow('Risk assessment when they left', referral.risk_assessment_summary),
    summaryRow('Referrer told', referral.referrer_notified_at ? formatDateTime(referral.referrer_notified_at) : unplanned ? 'Not yet' : null),
    summaryRow('Date aftercare started', referral.aftercare_started_on && formatDate(referral.aftercare_started_on)),
    summaryRow('Date closed', referral.closed_on && formatDate(referral.closed_on)),
    summaryRow('Date withdrawn', referral.withdrawn_on && formatDate(referral.withdrawn_on)),
    summaryRow('Withdrawn at the stage', referral.withdrawn_from_stage && stageTags[referral.withdrawn_from_stage].text),
    summaryRow('Reason for withdrawal', referral.withdrawn_reason),
  ].filter(Boolean);
}

/** The referral's safety flags now, with the partnership's funding decision target. */
export async function referralFlags(db: Kysely<Database>, partnershipId: string, referral: repository.Referral, now: Date) {
  return flags(referral, now, { fundingDecisionTargetDays: await repository.fundingDecisionTargetDays(db, partnershipId) });
}

const reviewStatusTags = {
  done: { text: 'Done', classes: 'govuk-tag--green' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  due: { text: 'Due', classes: 'govuk-tag--grey' },
};

export function referralRoutes(app: FastifyInstance, db: Kysely<Database>, service: PathwayService, now: () => Date) {
  const today = () => ukDateOf(now());

  // The list ---------------------------------------------------------------------------------------

  app.get(paths.referrals(), async (request, reply) => {
    const membership = currentMembership(request);
    const query = validateForm(referralListQuery, request.query);
    const filter = query.ok ? { stage: query.data.stage, search: query.data.q } : {};
    const page = query.ok ? query.data.page : 1;
    const { rows, total } = await repository.listReferrals(db, membership.partnershipId, filter, { offset: (page - 1) * pageSize, limit: pageSize });
    const target = await repository.fundingDecisionTargetDays(db, membership.partnershipId);
    const at = now();
    const hrefFor = (number: number) => {
      const params = new URLSearchParams();
      if (filter.stage) params.set('stage', filter.stage);
      if (filter.search) params.set('q', filter.search);
      if (number > 1) params.set('page', String(number));
      const text = params.toString();
      return `${paths.referrals()}${text ? `?${text}` : ''}`;
    };
    // A page past the end (after records moved stage, or a hand-made address): go to the last page.
    if (!rows.length && total > 0 && page > 1) return reply.redirect(hrefFor(Math.ceil(total / pageSize)));
    const selectedStage = typeof query.values.stage === 'string' ? query.values.stage : '';
    return reply.code(query.ok ? 200 : 400).render(view('list'), {
      pageTitle: 'Referrals',
      canMove: moverRoles.includes(membership.role),
      referrals: rows.map((row) => {
        const since = currentStageDate(row);
        return {
          ...row,
          href: paths.referral(row.id),
          stageTag: stageTags[row.stage],
          since: formatDate(since.date),
          substance: substanceLabels[row.main_substance],
          ageBand: ageBandLabels[row.age_band],
          flagCount: flags(row, at, { fundingDecisionTargetDays: target }).length,
        };
      }),
      total,
      filtered: Boolean(filter.stage || filter.search),
      firstShown: total ? (page - 1) * pageSize + 1 : 0,
      lastShown: Math.min(total, page * pageSize),
      stageOptions: [{ value: '', text: 'Any stage' }, ...stageOrder.map((stage) => ({ value: stage, text: stageTags[stage].text, selected: stage === selectedStage }))],
      values: query.values,
      pagination: paginationLinks(page, pageSize, total, hrefFor),
      ...(query.ok ? {} : { errors: query.errors }),
      paths,
    });
  });

  // A new referral -----------------------------------------------------------------------------------

  function detailFormPage(values: Values, extra: Values = {}) {
    return {
      values,
      identifiedViaItems: radioItems(identifiedViaLabels, values.identifiedVia),
      ageBandItems: [...radioItems(ageBandLabels, values.ageBand), { divider: 'or' }, { value: underEighteen, text: 'Under 18', checked: values.ageBand === underEighteen }],
      sexItems: radioItems(sexLabels, values.sex),
      ethnicityItems: radioItems(ethnicityLabels, values.ethnicityGroup),
      disabilityItems: radioItems(yesNoLabels, values.disability, ['yes', 'no', 'not_stated']),
      pregnantItems: radioItems(yesNoLabels, values.pregnant, ['yes', 'no', 'not_applicable', 'not_stated']),
      parentalItems: radioItems(yesNoLabels, values.parentalResponsibility, ['yes', 'no', 'not_stated']),
      substanceItems: radioItems(substanceLabels, values.mainSubstance),
      complexityItems: checkboxItems(complexityLabels, values.complexity),
      eligibilityInformationItems: radioItems({ yes: 'Yes', no: 'No' }, values.eligibilityInformationGiven),
      paths,
      ...extra,
    };
  }

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

  async function recordPage(loaded: LoadedReferral, values: Values, extra: Values = {}) {
    const { referral, membership, canMove } = loaded;
    const day = today();
    const [events, contacts, reviews, flagList] = await Promise.all([
      repository.listEvents(db, membership.partnershipId, referral.id),
      repository.listContacts(db, membership.partnershipId, referral.id),
      repository.listReviews(db, membership.partnershipId, referral.id),
      referralFlags(db, membership.partnershipId, referral, now()),
    ]);
    const next = allowedNextStages(referral);
    const forward = next.filter((stage) => stage !== 'withdrawn');
    return {
      pageTitle: `Referral ${referral.local_reference}`,
      referral,
      stageTag: stageTags[referral.stage],
      stageSince: formatDate(currentStageDate(referral).date),
      flags: flagList,
      canMove,
      nextSteps: canMove
        ? forward.map((stage, index) => ({ text: stageActionText(referral.stage, stage), href: stagePath(referral.id, stage), primary: index === 0 }))
        : [],
      withdrawHref: canMove && next.includes('withdrawn') ? paths.withdraw(referral.id) : null,
      aftercarePlanHref: canMove && flagList.some((flag) => flag.code === 'admitted_without_aftercare_plan') ? referralPaths.aftercarePlan(referral.id) : null,
      referrerToldHref: canMove && flagList.some((flag) => flag.code === 'referrer_not_told') ? referralPaths.referrerTold(referral.id) : null,
      detailRows: detailRows(referral),
      pathwayRows: pathwayRows(referral, day),
      events: events.map((event) => ({
        ...event,
        stageTag: event.stage ? stageTags[event.stage] : null,
        when: formatDate(event.event_on),
        recorded: formatDateTime(event.occurred_at),
      })),
      contacts: contacts.map((contact) => ({ ...contact, when: formatDate(contact.contacted_on) })),
      showContacts: referral.stage === 'waiting' || contacts.length > 0,
      canAddContact: canMove && referral.stage === 'waiting',
      stayReviews: reviews.filter((review) => isStayReview(review.kind)).map((review) => reviewRow(referral.id, review, day, canMove)),
      followUps: reviews.filter((review) => !isStayReview(review.kind)).map((review) => reviewRow(referral.id, review, day, canMove)),
      values,
      paths,
      referralPaths,
      ...extra,
    };
  }

  function reviewRow(referralId: string, review: repository.Review, day: string, canMove: boolean) {
    const status = review.completed_on ? 'done' : isReviewOverdue(review, day) ? 'overdue' : 'due';
    return {
      ...review,
      kindText: reviewKindLabels[review.kind],
      due: formatDate(review.due_on),
      done: review.completed_on ? formatDate(review.completed_on) : null,
      statusTag: reviewStatusTags[status],
      href: canMove && !review.completed_on ? referralPaths.review(referralId, review.id) : null,
    };
  }

  app.get('/referrals/:referralId', async (request, reply) => {
    const loaded = await loadReferral(db, request);
    return reply.render(view('show'), await recordPage(loaded, { contactedOn: datePartsOf(today()) }));
  });

  // Contacts while waiting ---------------------------------------------------------------------------

  app.post('/referrals/:referralId/contacts', async (request, reply) => {
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

  function storedDetails(referral: repository.Referral): Values {
    const details = repository.detailsOf(referral);
    return {
      ...details,
      identifiedOn: datePartsOf(details.identifiedOn),
      eligibilityInformationGiven: details.eligibilityInformationGiven ? 'yes' : 'no',
      version: referral.version,
    };
  }

  const firstLaterDate = (referral: repository.Referral) =>
    stageOrder
      .filter((stage) => stage !== 'identified')
      .map((stage) => referral[stageDateColumn[stage]])
      .filter((date): date is string => typeof date === 'string')
      .sort()[0] ?? null;

  app.get('/referrals/:referralId/edit', async (request, reply) => {
    const loaded = await loadReferral(db, request);
    return reply.render(view('form'), detailFormPage(storedDetails(loaded.referral), { pageTitle: 'Change the referral’s details', referral: loaded.referral }));
  });

  app.post('/referrals/:referralId/edit', async (request, reply) => {
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

  const reviewPage = (loaded: Awaited<ReturnType<typeof loadReview>>, values: Values, extra: Values = {}) => ({
    pageTitle: `Record the ${reviewKindLabels[loaded.review.kind].toLowerCase()} as done`,
    referral: loaded.referral,
    review: { ...loaded.review, kindText: reviewKindLabels[loaded.review.kind], due: formatDate(loaded.review.due_on) },
    values,
    paths,
    referralPaths,
    ...extra,
  });

  app.get('/referrals/:referralId/reviews/:reviewId', async (request, reply) => {
    const loaded = await loadReview(request);
    if (loaded.review.completed_on) {
      request.session.problem = 'This review has already been recorded as done.';
      return reply.redirect(`${paths.referral(loaded.referral.id)}#reviews`);
    }
    return reply.render(view('review'), reviewPage(loaded, { completedOn: datePartsOf(today()), version: loaded.review.version }));
  });

  app.post('/referrals/:referralId/reviews/:reviewId', async (request, reply) => {
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

  const aftercarePage = (loaded: LoadedReferral, values: Values, extra: Values = {}) => ({
    pageTitle: 'Record the agreed aftercare plan',
    referral: loaded.referral,
    values,
    paths,
    referralPaths,
    ...extra,
  });

  app.get('/referrals/:referralId/aftercare-plan', async (request, reply) => {
    const loaded = await loadReferral(db, request);
    return reply.render(view('aftercare-plan'), aftercarePage(loaded, { agreedOn: datePartsOf(today()), version: loaded.referral.version }));
  });

  app.post('/referrals/:referralId/aftercare-plan', async (request, reply) => {
    const loaded = await loadReferral(db, request);
    const form = validateForm(aftercarePlanForm, request.body);
    if (!form.ok) return reply.code(400).render(view('aftercare-plan'), aftercarePage(loaded, form.values, { errors: form.errors }));
    const outcome = found(await service.recordAftercarePlan(loaded.membership.partnershipId, actorOf(loaded, request), loaded.referral.id, form.data.version, form.data.agreedOn));
    if (!outcome.ok) {
      const code = outcome.reason === 'conflict' ? 409 : 400;
      const latest = await loadReferral(db, request);
      return reply.code(code).render(view('aftercare-plan'), aftercarePage(latest, { ...form.values, version: latest.referral.version }, { errors: problemsAsErrors(outcome.problems, []) }));
    }
    request.session.flash = 'The agreed aftercare plan has been recorded.';
    return reply.redirect(paths.referral(loaded.referral.id));
  });

  const toldPage = (loaded: LoadedReferral, values: Values, extra: Values = {}) => ({
    pageTitle: 'Record when the referrer was told',
    referral: loaded.referral,
    dischargedOn: loaded.referral.discharged_on ? formatDate(loaded.referral.discharged_on) : null,
    values,
    paths,
    referralPaths,
    ...extra,
  });

  app.get('/referrals/:referralId/referrer-told', async (request, reply) => {
    const loaded = await loadReferral(db, request);
    return reply.render(view('referrer-told'), toldPage(loaded, { toldOn: datePartsOf(today()), version: loaded.referral.version }));
  });

  app.post('/referrals/:referralId/referrer-told', async (request, reply) => {
    const loaded = await loadReferral(db, request);
    const form = readReferrerToldForm(request.body);
    if (!form.ok) return reply.code(400).render(view('referrer-told'), toldPage(loaded, form.values, { errors: form.errors }));
    const outcome = found(await service.recordReferrerTold(loaded.membership.partnershipId, actorOf(loaded, request), loaded.referral.id, form.version, form.toldAt));
    if (!outcome.ok) {
      const code = outcome.reason === 'conflict' ? 409 : 400;
      const latest = await loadReferral(db, request);
      return reply.code(code).render(view('referrer-told'), toldPage(latest, { ...form.values, version: latest.referral.version }, { errors: problemsAsErrors(outcome.problems, []) }));
    }
    request.session.flash = 'The time the referrer was told has been recorded.';
    return reply.redirect(paths.referral(loaded.referral.id));
  });
}
