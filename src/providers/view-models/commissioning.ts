import { type ContractType, contractTypes, type PreferredDecision, preferredDecisions } from '../../platform/db/schema.js';
import { formatDate } from '../../platform/web/dates.js';
import { datePartsOf } from '../../platform/web/fields.js';
import { formatPounds, poundsForInput } from '../../platform/values/money.js';
import type { Tag } from '../../platform/web/tags.js';
import type * as repository from '../commissioning-repository.js';
import { bedNightUsePercent, type ContractStatus, contractStatus, endingSoonDays, isContractEndingSoon, isContractReviewOverdue } from '../commissioning-rules.js';
import type { FlaggedContract, PreferredWithStatus, serviceCommissioning } from '../commissioning-service.js';
import { type ContractRequirement, contractRequirements } from '../forms/commissioning.js';
import { contractTypeLabels, preferredDecisionTags } from '../labels.js';
import { bedPaths, commissioningPaths, providerPaths } from '../paths.js';

/** The commissioning pages' templates reach both sets of addresses through one `paths`. */
export const paths = { ...providerPaths, ...commissioningPaths, ...bedPaths };

type Values = Record<string, unknown>;

// Words and tags -----------------------------------------------------------------------------------

const contractStatusTags: Record<ContractStatus, Tag> = {
  not_started: { text: 'Not started yet', classes: 'govuk-tag--blue' },
  current: { text: 'Current', classes: 'govuk-tag--green' },
  ended: { text: 'Ended', classes: 'govuk-tag--grey' },
};
export const reviewOverdueTag: Tag = { text: 'Review overdue', classes: 'govuk-tag--red' };
export const endingSoonTag: Tag = { text: `Ends within ${endingSoonDays} days`, classes: 'govuk-tag--orange' };
export const reviewDueTag: Tag = { text: 'Review due', classes: 'govuk-tag--red' };
export const onListTag: Tag = { text: 'On the preferred list', classes: 'govuk-tag--green' };
export const offListTag: Tag = { text: 'Taken off the list', classes: 'govuk-tag--grey' };

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

// Options for the forms ------------------------------------------------------------------------------

function serviceLabel(service: { name: string; provider_name: string; town: string | null }): string {
  return `${service.name} – ${service.provider_name}${service.town ? `, ${service.town}` : ''}`;
}

export function serviceOptions(choices: readonly repository.ServiceChoice[], selected: unknown) {
  return [
    { value: '', text: 'Select a service' },
    ...choices.map((service) => ({ value: service.id, text: serviceLabel(service), selected: service.id === selected })),
  ];
}

export function typeOptions(selected: unknown) {
  return contractTypes.map((type) => ({ value: type, text: contractTypeLabels[type], hint: { text: contractTypeHints[type] }, checked: type === selected }));
}

export function requirementOptions(selected: unknown) {
  const ticked = Array.isArray(selected) ? selected : typeof selected === 'string' ? [selected] : [];
  return contractRequirements.map((requirement) => ({ value: requirement, text: requirementLabels[requirement], checked: ticked.includes(requirement) }));
}

export function decisionOptions(selected: unknown) {
  return preferredDecisions.map((decision) => ({
    value: decision,
    text: preferredDecisionTags[decision].text,
    hint: { text: decisionHints[decision] },
    checked: decision === selected,
  }));
}

export function visitOptions(selected: unknown) {
  return [
    { value: 'yes', text: 'Yes', checked: selected === 'yes' },
    { value: 'no', text: 'No', checked: selected === 'no' },
  ];
}

// Contracts ----------------------------------------------------------------------------------------

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
export function presentContract(contract: repository.ContractRow, today: string) {
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

/** The warning above the contracts list: how many have an overdue review and how many end soon. */
export function contractsWarning(contracts: readonly FlaggedContract[]): string {
  const overdueCount = contracts.filter((contract) => contract.reviewOverdue).length;
  const endingSoonCount = contracts.filter((contract) => contract.endingSoon).length;
  return [
    overdueCount ? `${plural(overdueCount, 'contract has', 'contracts have')} an overdue review.` : '',
    endingSoonCount ? `${plural(endingSoonCount, 'contract ends', 'contracts end')} within ${endingSoonDays} days.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function contractFilterOptions(values: Values) {
  return {
    typeOptions: [
      { value: '', text: 'Any type' },
      ...contractTypes.map((type) => ({ value: type, text: contractTypeLabels[type], selected: values.type === type })),
    ],
    flagOptions: [
      { value: 'soon', text: `Ending within ${endingSoonDays} days`, checked: values.ending === 'soon', name: 'ending' },
      { value: 'overdue', text: 'Review overdue', checked: values.review === 'overdue', name: 'review' },
    ],
  };
}

/** A stored contract as the values of its form. */
export function contractFormValues(contract: repository.Contract): Values {
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

export function contractDeletePage(contract: repository.Contract, version: number, extra: Values = {}) {
  return {
    pageTitle: 'Delete a contract',
    heading: `Are you sure you want to delete the contract with ${contract.service_name}?`,
    quote: `${contractTypeLabels[contract.contract_type]}${contract.reference ? `, reference ${contract.reference}` : ''}, from ${formatDate(contract.starts_on)} to ${formatDate(contract.ends_on)}`,
    explanation: 'The contract and its notes are deleted for everyone in your partnership. This cannot be undone.',
    action: paths.deleteContract(contract.id),
    buttonText: 'Delete contract',
    cancel: paths.contract(contract.id),
    version,
    ...extra,
  };
}

// Preferred-provider list ------------------------------------------------------------------------------

export function presentPreferredEntry(entry: PreferredWithStatus) {
  return {
    ...entry,
    href: paths.preferredService(entry.id),
    decisionTag: entry.latest ? preferredDecisionTags[entry.latest.decision] : null,
  };
}

export function presentReviews(entry: repository.Preferred, reviews: readonly repository.ReviewRow[]) {
  return reviews.map((review) => ({ ...review, href: paths.review(entry.id, review.id), decisionTag: preferredDecisionTags[review.decision] }));
}

export function preferredRemovePage(entry: repository.Preferred, reviews: readonly repository.ReviewRow[], version: number, extra: Values = {}) {
  return {
    pageTitle: 'Remove a service from the preferred provider list',
    heading: `Are you sure you want to remove ${entry.service_name} from the preferred provider list?`,
    explanation: reviews.length
      ? `This also deletes its ${plural(reviews.length, 'review record', 'review records')}. This cannot be undone. To take it off the list and keep its history, record a review with the decision “${preferredDecisionTags.remove.text}” instead.`
      : 'It has no review records. Use this if it was added by mistake.',
    alternative: reviews.length ? { href: paths.newPreferredReview(entry.id), text: 'Record a review instead' } : null,
    action: paths.removePreferred(entry.id),
    buttonText: 'Remove from the list',
    cancel: paths.preferredService(entry.id),
    version,
    ...extra,
  };
}

/** The page asking to confirm a review's deletion, saying what the service's status falls back to. */
export function reviewDeletePage(entry: repository.Preferred, reviews: readonly repository.ReviewRow[], review: repository.ReviewRow, extra: Values = {}) {
  return {
    pageTitle: 'Delete a review',
    heading: `Are you sure you want to delete this review of ${entry.service_name}?`,
    quote: `Reviewed on ${formatDate(review.reviewed_on)}. Decision: ${preferredDecisionTags[review.decision].text.toLowerCase()}.`,
    explanation:
      reviews[0]?.id === review.id && reviews.length > 1
        ? 'This is the latest review, so the one before it decides again whether the service is on the list and when its next review is due. This cannot be undone.'
        : reviews[0]?.id === review.id
          ? 'This is its only review, so the service will be on the list with no review, and due for one. This cannot be undone.'
          : 'This cannot be undone.',
    action: paths.deleteReview(entry.id, review.id),
    buttonText: 'Delete review',
    cancel: paths.review(entry.id, review.id),
    ...extra,
  };
}

// One service -------------------------------------------------------------------------------------------

type ServiceCommissioning = Awaited<ReturnType<typeof serviceCommissioning>>;

/** This partnership's contracts, preferred status and notes for one service, as its page shows them. */
export function presentServiceCommissioning(serviceId: string, data: ServiceCommissioning, today: string) {
  return {
    contracts: data.contracts.map((contract) => presentContract(contract, today)),
    preferred: data.preferred
      ? {
          ...data.preferred,
          href: paths.preferredService(data.preferred.id),
          decisionTag: data.preferred.latest ? preferredDecisionTags[data.preferred.latest.decision] : null,
          reviewHref: data.preferred.latest ? paths.review(data.preferred.id, data.preferred.latest.id) : null,
        }
      : null,
    notes: data.notes.map((note) => ({ ...note, deleteHref: paths.deleteNote(serviceId, note.id) })),
  };
}

export function noteDeletePage(service: repository.ServiceSummary, note: repository.Note) {
  return {
    pageTitle: 'Delete a note',
    heading: `Are you sure you want to delete this note about ${service.name}?`,
    quote: shortText(note.note, 300),
    explanation: 'It is deleted for everyone in your partnership. This cannot be undone.',
    action: paths.deleteNote(service.id, note.id),
    buttonText: 'Delete note',
    cancel: `${paths.serviceCommissioning(service.id)}#notes`,
  };
}
