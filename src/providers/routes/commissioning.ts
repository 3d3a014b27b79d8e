import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { currentMembership, type MembershipSummary, requireRole, signedIn } from '../../platform/auth/context.js';
import { type ContractType, contractTypes, type Database, type PreferredDecision, preferredDecisions } from '../../platform/db/schema.js';
import { notFound, recordId } from '../../platform/web/errors.js';
import { formatDate } from '../../platform/web/dates.js';
import { datePartsOf } from '../../platform/web/fields.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import * as repository from '../commissioning-repository.js';
import {
  bedNightUsePercent,
  type ContractStatus,
  contractStatus,
  endingSoonDays,
  filterContracts,
  isContractEndingSoon,
  isContractReviewOverdue,
  latestReview,
} from '../commissioning-rules.js';
import {
  type CommissioningService,
  contractsWithFlags,
  preferredStatus,
  preferredWithStatus,
  serviceCommissioning,
} from '../commissioning-service.js';
import {
  contractDetails,
  contractFilterQuery,
  type ContractRequirement,
  contractRequirements,
  deleteForm,
  noteForm,
  preferredFilterQuery,
  preferredForm,
  validateContract,
  validateContractEdit,
  validateReview,
} from '../forms/commissioning.js';
import { contractTypeLabels, preferredDecisionTags } from '../labels.js';
import { commissioningPaths, providerPaths } from '../paths.js';
import { ukToday } from '../../platform/values/calendar.js';
import { formatPounds, poundsForInput } from '../../platform/values/money.js';
import { conflictMessage } from '../../platform/values/outcome.js';
import type { Tag } from '../../platform/web/tags.js';

/**
 * Contracts, the preferred-provider list with its reviews, and local notes: everything a
 * partnership adds about a service, seen only by that partnership. The lead commissioner makes
 * changes; contributors and viewers read; peer reviewers (from another area) are refused.
 */

const paths = { ...providerPaths, ...commissioningPaths };

const view = (name: string) => `providers/views/commissioning/${name}.njk`;

type Request = FastifyRequest;
type Values = Record<string, unknown>;

const readers = requireRole('lead_commissioner', 'contributor', 'viewer');
const leadOnly = requireRole('lead_commissioner');

// Words and tags -----------------------------------------------------------------------------------

const contractStatusTags: Record<ContractStatus, Tag> = {
  not_started: { text: 'Not started yet', classes: 'govuk-tag--blue' },
  current: { text: 'Current', classes: 'govuk-tag--green' },
  ended: { text: 'Ended', classes: 'govuk-tag--grey' },
};
const reviewOverdueTag: Tag = { text: 'Review overdue', classes: 'govuk-tag--red' };
const endingSoonTag: Tag = { text: `Ends within ${endingSoonDays} days`, classes: 'govuk-tag--orange' };
const reviewDueTag: Tag = { text: 'Review due', classes: 'govuk-tag--red' };
const onListTag: Tag = { text: 'On the preferred list', classes: 'govuk-tag--green' };
const offListTag: Tag = { text: 'Taken off the list', classes: 'govuk-tag--grey' };

const contractTypeHints: Record<ContractType, string> = {
  spot: 'Places bought one at a time, when someone needs one',
  block: 'Bed nights or places bought in advance for a set period',
};

const requirementLabels: Record<ContractRequirement, string> = {
  ndtms_reporting: 'Report to NDTMS (the national drug treatment monitoring system)',
  user_involvement: 'Involve people who use the service in how it is run',
  feedback_surveys: 'Run feedback surveys with people who use the service',
};

const decisionHints: Record<PreferredDecision, string> = {
  keep: 'The service stays on the list',
  keep_with_conditions: 'The service stays on the list if it meets conditions you set out below',
  remove: 'The service comes off the list. Its reviews are kept, and a later review can put it back',
};

const shortText = (text: string, length = 120) => (text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text);
const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

function serviceLabel(service: { name: string; provider_name: string; town: string | null }): string {
  return `${service.name} – ${service.provider_name}${service.town ? `, ${service.town}` : ''}`;
}

function serviceOptions(choices: readonly repository.ServiceChoice[], selected: unknown) {
  return [
    { value: '', text: 'Select a service' },
    ...choices.map((service) => ({ value: service.id, text: serviceLabel(service), selected: service.id === selected })),
  ];
}

function requirementsOf(contract: Pick<repository.Contract, 'requires_ndtms_reporting' | 'requires_user_involvement' | 'requires_feedback_surveys'>): ContractRequirement[] {
  return contractRequirements.filter(
    (requirement) =>
      ({
        ndtms_reporting: contract.requires_ndtms_reporting,
        user_involvement: contract.requires_user_involvement,
        feedback_surveys: contract.requires_feedback_surveys,
      })[requirement],
  );
}

/** A contract with the words, tags, flags and figures its pages show. */
function presentContract(contract: repository.ContractRow, today: string) {
  const percent = bedNightUsePercent(contract.bed_nights_purchased, contract.bed_nights_used);
  let bedNights = 'Not recorded';
  if (contract.bed_nights_purchased !== null && contract.bed_nights_used !== null) {
    bedNights = `${contract.bed_nights_used.toLocaleString('en-GB')} of ${contract.bed_nights_purchased.toLocaleString('en-GB')} used${percent === null ? '' : ` (${percent}%)`}`;
  } else if (contract.bed_nights_purchased !== null) {
    bedNights = `${contract.bed_nights_purchased.toLocaleString('en-GB')} purchased, use not recorded`;
  } else if (contract.bed_nights_used !== null) {
    bedNights = `${contract.bed_nights_used.toLocaleString('en-GB')} used`;
  }
  return {
    ...contract,
    reviewOverdue: isContractReviewOverdue(contract, today),
    endingSoon: isContractEndingSoon(contract, today),
    href: paths.contract(contract.id),
    typeLabel: contractTypeLabels[contract.contract_type],
    statusTag: contractStatusTags[contractStatus(contract, today)],
    bedNights,
    overUsed: percent !== null && percent > 100,
    weeklyPrice: formatPounds(contract.weekly_price_pence),
    requirements: requirementsOf(contract).map((requirement) => requirementLabels[requirement]),
  };
}

function typeOptions(selected: unknown) {
  return contractTypes.map((type) => ({ value: type, text: contractTypeLabels[type], hint: { text: contractTypeHints[type] }, checked: type === selected }));
}

function requirementOptions(selected: unknown) {
  const ticked = Array.isArray(selected) ? selected : typeof selected === 'string' ? [selected] : [];
  return contractRequirements.map((requirement) => ({ value: requirement, text: requirementLabels[requirement], checked: ticked.includes(requirement) }));
}

function decisionOptions(selected: unknown) {
  return preferredDecisions.map((decision) => ({
    value: decision,
    text: preferredDecisionTags[decision].text,
    hint: { text: decisionHints[decision] },
    checked: decision === selected,
  }));
}

function visitOptions(selected: unknown) {
  return [
    { value: 'yes', text: 'Yes', checked: selected === 'yes' },
    { value: 'no', text: 'No', checked: selected === 'no' },
  ];
}

function access(request: Request): { membership: MembershipSummary; partnershipId: string; canManage: boolean; actor: { userId: string; requestId: string } } {
  const membership = currentMembership(request);
  return {
    membership,
    partnershipId: membership.partnershipId,
    canManage: membership.role === 'lead_commissioner',
    actor: { userId: signedIn(request).user.id, requestId: request.id },
  };
}

/** Every page of contracts, the preferred-provider list, its reviews and local notes. */
export function commissioningRoutes(app: FastifyInstance, db: Kysely<Database>, service: CommissioningService, now: () => Date) {
  contractRoutes(app, db, service, now);
  preferredRoutes(app, db, service, now);
  serviceRoutes(app, db, service, now);
}

// Contracts ----------------------------------------------------------------------------------------

function contractRoutes(app: FastifyInstance, db: Kysely<Database>, service: CommissioningService, now: () => Date) {
  app.get(paths.contracts(), { preHandler: readers }, async (request, reply) => {
    const { partnershipId, canManage } = access(request);
    const today = ukToday(now());
    const contracts = await contractsWithFlags(db, partnershipId, today);
    const query = validateForm(contractFilterQuery, request.query);
    const filter = query.ok ? { type: query.data.type, endingSoon: query.data.ending, reviewOverdue: query.data.review } : {};
    const shown = filterContracts(contracts, filter, today);
    const values = query.values;
    const overdueCount = contracts.filter((contract) => contract.reviewOverdue).length;
    const endingSoonCount = contracts.filter((contract) => contract.endingSoon).length;
    const warning = [
      overdueCount ? `${plural(overdueCount, 'contract has', 'contracts have')} an overdue review.` : '',
      endingSoonCount ? `${plural(endingSoonCount, 'contract ends', 'contracts end')} within ${endingSoonDays} days.` : '',
    ]
      .filter(Boolean)
      .join(' ');
    return reply.code(query.ok ? 200 : 400).render(view('contracts'), {
      pageTitle: 'Contracts',
      canManage,
      total: contracts.length,
      warning,
      filtered: Boolean(filter.type || filter.endingSoon || filter.reviewOverdue),
      contracts: shown.map((contract) => presentContract(contract, today)),
      typeOptions: [
        { value: '', text: 'Any type' },
        ...contractTypes.map((type) => ({ value: type, text: contractTypeLabels[type], selected: values.type === type })),
      ],
      flagOptions: [
        { value: 'soon', text: `Ending within ${endingSoonDays} days`, checked: values.ending === 'soon', name: 'ending' },
        { value: 'overdue', text: 'Review overdue', checked: values.review === 'overdue', name: 'review' },
      ],
      reviewOverdueTag,
      endingSoonTag,
      endingSoonDays,
      ...(query.ok ? {} : { errors: query.errors }),
      paths,
    });
  });

  async function formContext() {
    return { choices: await repository.serviceChoices(db) };
  }

  function formPage(context: Awaited<ReturnType<typeof formContext>>, values: Values, extra: Values = {}) {
    return {
      values,
      serviceOptions: serviceOptions(context.choices, values.serviceId),
      typeOptions: typeOptions(values.contractType),
      requirementOptions: requirementOptions(values.requirements),
      reviewOverdueTag,
      endingSoonTag,
      paths,
      ...extra,
    };
  }

  app.get(paths.newContract(), { preHandler: leadOnly }, async (request, reply) => {
    access(request);
    const query = request.query as Values;
    const chosen = typeof query.service === 'string' ? query.service.toLowerCase() : '';
    return reply.render(view('contract-form'), formPage(await formContext(), { serviceId: chosen, requirements: [] }, { pageTitle: 'Add a contract' }));
  });

  app.post(paths.newContract(), { preHandler: leadOnly }, async (request, reply) => {
    const { partnershipId, actor } = access(request);
    const form = validateContract(request.body);
    const page = async (values: Values, errors: unknown) => formPage(await formContext(), values, { pageTitle: 'Add a contract', errors });
    if (!form.ok) return reply.code(400).render(view('contract-form'), await page(form.values, form.errors));
    const result = await service.createContract(partnershipId, actor, contractDetails(form.data));
    if (!result.ok) return reply.code(400).render(view('contract-form'), await page(form.values, formErrors([[result.field, result.problem]])));
    request.session.flash = 'The contract has been added.';
    return reply.redirect(paths.contract(result.contractId));
  });

  async function loadContract(request: Request) {
    const context = access(request);
    const contractId = recordId((request.params as Values).contractId);
    const contract = await repository.findContract(db, context.partnershipId, contractId);
    if (!contract) throw notFound();
    return { ...context, contract };
  }

  type LoadedContract = Awaited<ReturnType<typeof loadContract>>;

  app.get('/commissioning/contracts/:contractId', { preHandler: readers }, async (request, reply) => {
    const loaded = await loadContract(request);
    const contract = presentContract(loaded.contract, ukToday(now()));
    return reply.render(view('contract'), {
      pageTitle: `Contract with ${loaded.contract.service_name}`,
      contract,
      canManage: loaded.canManage,
      reviewOverdueTag,
      endingSoonTag,
      paths,
    });
  });

  function storedValues(contract: repository.Contract): Values {
    return {
      serviceId: contract.service_id,
      contractType: contract.contract_type,
      reference: contract.reference,
      startsOn: datePartsOf(contract.starts_on),
      endsOn: datePartsOf(contract.ends_on),
      bedNightsPurchased: contract.bed_nights_purchased === null ? '' : String(contract.bed_nights_purchased),
      bedNightsUsed: contract.bed_nights_used === null ? '' : String(contract.bed_nights_used),
      weeklyPrice: poundsForInput(contract.weekly_price_pence),
      requirements: requirementsOf(contract),
      nextReviewOn: datePartsOf(contract.next_review_on),
      notes: contract.notes,
      version: contract.version,
    };
  }

  app.get('/commissioning/contracts/:contractId/edit', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadContract(request);
    return reply.render(view('contract-form'), formPage(await formContext(), storedValues(loaded.contract), { pageTitle: 'Change a contract', contract: loaded.contract }));
  });

  app.post('/commissioning/contracts/:contractId/edit', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadContract(request);
    const context = await formContext();
    const page = (values: Values, extra: Values) => formPage(context, values, { pageTitle: 'Change a contract', contract: loaded.contract, ...extra });
    const form = validateContractEdit(request.body);
    if (!form.ok) return reply.code(400).render(view('contract-form'), page(form.values, { errors: form.errors }));
    const { version, ...data } = form.data;
    const result = await service.updateContract(loaded.partnershipId, loaded.actor, loaded.contract.id, version, contractDetails(data));
    if (!result.ok && result.problem === conflictMessage()) {
      const latest = await loadContract(request);
      return reply.code(409).render(
        view('contract-form'),
        page({ ...form.values, version: latest.contract.version }, { errors: formErrors([[result.field, result.problem]]), contract: latest.contract, saved: presentContract(latest.contract, ukToday(now())) }),
      );
    }
    if (!result.ok) return reply.code(400).render(view('contract-form'), page(form.values, { errors: formErrors([[result.field, result.problem]]) }));
    request.session.flash = 'The contract has been saved.';
    return reply.redirect(paths.contract(loaded.contract.id));
  });

  const deletePage = (loaded: LoadedContract, version: number, extra: Values = {}) => ({
    pageTitle: 'Delete a contract',
    heading: `Are you sure you want to delete the contract with ${loaded.contract.service_name}?`,
    quote: `${contractTypeLabels[loaded.contract.contract_type]}${loaded.contract.reference ? `, reference ${loaded.contract.reference}` : ''}, from ${formatDate(loaded.contract.starts_on)} to ${formatDate(loaded.contract.ends_on)}`,
    explanation: 'The contract and its notes are deleted for everyone in your partnership. This cannot be undone.',
    action: paths.deleteContract(loaded.contract.id),
    buttonText: 'Delete contract',
    cancel: paths.contract(loaded.contract.id),
    version,
    ...extra,
  });

  app.get('/commissioning/contracts/:contractId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadContract(request);
    return reply.render(view('delete'), deletePage(loaded, loaded.contract.version));
  });

  app.post('/commissioning/contracts/:contractId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadContract(request);
    const form = validateForm(deleteForm, request.body);
    const result = form.ok ? await service.deleteContract(loaded.partnershipId, loaded.actor, loaded.contract.id, form.data.version) : { ok: false as const, problem: conflictMessage() };
    if (!result.ok) {
      const latest = await loadContract(request);
      return reply.code(409).render(view('delete'), deletePage(latest, latest.contract.version, { errors: formErrors([['delete', result.problem]]) }));
    }
    request.session.flash = `The contract with ${loaded.contract.service_name} has been deleted.`;
    return reply.redirect(paths.contracts());
  });
}

// Preferred-provider list ------------------------------------------------------------------------------

function preferredRoutes(app: FastifyInstance, db: Kysely<Database>, service: CommissioningService, now: () => Date) {
  app.get(paths.preferred(), { preHandler: readers }, async (request, reply) => {
    const { partnershipId, canManage } = access(request);
    const today = ukToday(now());
    const entries = await preferredWithStatus(db, partnershipId, today);
    const query = validateForm(preferredFilterQuery, request.query);
    const dueOnly = query.ok && query.data.due;
    const present = (entry: (typeof entries)[number]) => ({
      ...entry,
      href: paths.preferredService(entry.id),
      decisionTag: entry.latest ? preferredDecisionTags[entry.latest.decision] : null,
    });
    const onList = entries.filter((entry) => entry.onList);
    return reply.code(query.ok ? 200 : 400).render(view('preferred'), {
      pageTitle: 'Preferred provider list',
      canManage,
      dueOnly,
      onListCount: onList.length,
      dueCount: onList.filter((entry) => entry.reviewDue).length,
      onList: onList.filter((entry) => !dueOnly || entry.reviewDue).map(present),
      offList: dueOnly ? [] : entries.filter((entry) => !entry.onList).map(present),
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

  async function loadPreferred(request: Request) {
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
      reviews: loaded.reviews.map((review) => ({ ...review, href: paths.review(loaded.entry.id, review.id), decisionTag: preferredDecisionTags[review.decision] })),
      canManage: loaded.canManage,
      onListTag,
      offListTag,
      reviewDueTag,
      paths,
    });
  });

  const removePage = (loaded: LoadedPreferred, version: number, extra: Values = {}) => ({
    pageTitle: 'Remove a service from the preferred provider list',
    heading: `Are you sure you want to remove ${loaded.entry.service_name} from the preferred provider list?`,
    explanation: loaded.reviews.length
      ? `This also deletes its ${plural(loaded.reviews.length, 'review record', 'review records')}. This cannot be undone. To take it off the list and keep its history, record a review with the decision “${preferredDecisionTags.remove.text}” instead.`
      : 'It has no review records. Use this if it was added by mistake.',
    alternative: loaded.reviews.length ? { href: paths.newPreferredReview(loaded.entry.id), text: 'Record a review instead' } : null,
    action: paths.removePreferred(loaded.entry.id),
    buttonText: 'Remove from the list',
    cancel: paths.preferredService(loaded.entry.id),
    version,
    ...extra,
  });

  app.get('/commissioning/preferred/:preferredId/remove', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadPreferred(request);
    return reply.render(view('delete'), removePage(loaded, loaded.entry.version));
  });

  app.post('/commissioning/preferred/:preferredId/remove', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadPreferred(request);
    const form = validateForm(deleteForm, request.body);
    const result = form.ok ? await service.removePreferred(loaded.partnershipId, loaded.actor, loaded.entry.id, form.data.version) : { ok: false as const, problem: conflictMessage() };
    if (!result.ok) {
      const latest = await loadPreferred(request);
      return reply.code(409).render(view('delete'), removePage(latest, latest.entry.version, { errors: formErrors([['delete', result.problem]]) }));
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

  async function loadReview(request: Request) {
    const loaded = await loadPreferred(request);
    const reviewId = recordId((request.params as Values).reviewId);
    const review = await repository.findReview(db, loaded.partnershipId, reviewId);
    if (!review || review.preferred_service_id !== loaded.entry.id) throw notFound();
    return { ...loaded, review };
  }

  type LoadedReview = Awaited<ReturnType<typeof loadReview>>;

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

  const deleteReviewPage = (loaded: LoadedReview, extra: Values = {}) => ({
    pageTitle: 'Delete a review',
    heading: `Are you sure you want to delete this review of ${loaded.entry.service_name}?`,
    quote: `Reviewed on ${formatDate(loaded.review.reviewed_on)}. Decision: ${preferredDecisionTags[loaded.review.decision].text.toLowerCase()}.`,
    explanation:
      loaded.reviews[0]?.id === loaded.review.id && loaded.reviews.length > 1
        ? 'This is the latest review, so the one before it decides again whether the service is on the list and when its next review is due. This cannot be undone.'
        : loaded.reviews[0]?.id === loaded.review.id
          ? 'This is its only review, so the service will be on the list with no review, and due for one. This cannot be undone.'
          : 'This cannot be undone.',
    action: paths.deleteReview(loaded.entry.id, loaded.review.id),
    buttonText: 'Delete review',
    cancel: paths.review(loaded.entry.id, loaded.review.id),
    ...extra,
  });

  app.get('/commissioning/preferred/:preferredId/reviews/:reviewId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadReview(request);
    return reply.render(view('delete'), deleteReviewPage(loaded));
  });

  app.post('/commissioning/preferred/:preferredId/reviews/:reviewId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadReview(request);
    const result = await service.deleteReview(loaded.partnershipId, loaded.actor, loaded.entry.id, loaded.review.id);
    if (!result.ok) throw notFound();
    request.session.flash = `The review of ${formatDate(loaded.review.reviewed_on)} has been deleted.`;
    return reply.redirect(paths.preferredService(loaded.entry.id));
  });
}

// One service: this partnership's contracts, preferred status and notes ------------------------------------

function serviceRoutes(app: FastifyInstance, db: Kysely<Database>, service: CommissioningService, now: () => Date) {
  async function loadService(request: Request) {
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
      contracts: data.contracts.map((contract) => presentContract(contract, today)),
      preferred: data.preferred
        ? {
            ...data.preferred,
            href: paths.preferredService(data.preferred.id),
            decisionTag: data.preferred.latest ? preferredDecisionTags[data.preferred.latest.decision] : null,
            reviewHref: data.preferred.latest ? paths.review(data.preferred.id, data.preferred.latest.id) : null,
          }
        : null,
      notes: data.notes.map((note) => ({ ...note, deleteHref: paths.deleteNote(loaded.service.id, note.id) })),
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

  async function loadNote(request: Request) {
    const loaded = await loadService(request);
    const noteId = recordId((request.params as Values).noteId);
    const note = await repository.findNote(db, loaded.partnershipId, noteId);
    if (!note || note.service_id !== loaded.service.id) throw notFound();
    return { ...loaded, note };
  }

  app.get('/services/:serviceId/commissioning/notes/:noteId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadNote(request);
    return reply.render(view('delete'), {
      pageTitle: 'Delete a note',
      heading: `Are you sure you want to delete this note about ${loaded.service.name}?`,
      quote: shortText(loaded.note.note, 300),
      explanation: 'It is deleted for everyone in your partnership. This cannot be undone.',
      action: paths.deleteNote(loaded.service.id, loaded.note.id),
      buttonText: 'Delete note',
      cancel: `${paths.serviceCommissioning(loaded.service.id)}#notes`,
    });
  });

  app.post('/services/:serviceId/commissioning/notes/:noteId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadNote(request);
    const result = await service.deleteNote(loaded.partnershipId, loaded.actor, loaded.note.id);
    if (!result.ok) throw notFound();
    request.session.flash = 'The note has been deleted.';
    return reply.redirect(`${paths.serviceCommissioning(loaded.service.id)}#notes`);
  });
}
