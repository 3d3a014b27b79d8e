import { bedSummary } from './beds.js';
import { regions } from '../../accounts/index.js';
import { type PackAudience, packAudiences, regulatorRatings, serviceKinds, type Specialism, specialisms, type TreatmentApproach, treatmentApproaches } from '../../platform/db/schema.js';
import { datePartsOf } from '../../platform/web/fields.js';
import { paginationLinks } from '../../platform/web/pagination.js';
import { formatPounds, poundsForInput } from '../../platform/values/money.js';
import type * as directory from '../directory-repository.js';
import { approachLabels, packAudienceLabels, regulatorRatingTags, serviceKindLabels, specialismLabels } from '../labels.js';
import { directoryAdminPaths, providerPaths as paths } from '../paths.js';
import { type MinimumRating, outcomeSummary, packReviewOverdue, type SearchQuery, type SearchSort, searchPageSize, searchQueryString, waitingTimeOutOfDate } from '../directory-rules.js';

type PackRow = Awaited<ReturnType<typeof directory.listPacks>>[number];
type ServiceOfProviders = Awaited<ReturnType<typeof directory.listServicesOfProviders>>[number];

// Search and the service page ------------------------------------------------------------------------

export const outOfDateTag = { text: 'Out of date', classes: 'govuk-tag--orange' };
export const reviewOverdueTag = { text: 'Review overdue', classes: 'govuk-tag--red' };

const minimumRatingLabels: Record<MinimumRating, string> = {
  outstanding: 'Outstanding only',
  good: 'Good or better',
  requires_improvement: 'Requires improvement or better',
};

export const sortLabels: Record<SearchSort, string> = {
  name: 'Name (A to Z)',
  cost: 'Weekly cost (lowest first)',
  wait: 'Waiting time (shortest first)',
};

type Values = Record<string, unknown>;

/** Values from a ticked group: nothing, one string or several. */
export function tickedIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' && value ? [value] : [];
}

function selectItems(entries: Array<[string, string]>, selected: unknown, anyText: string) {
  return [{ value: '', text: anyText }, ...entries.map(([value, text]) => ({ value, text, selected: value === selected }))];
}

export function weeksText(weeks: number | null | undefined): string {
  if (weeks === null || weeks === undefined) return 'Not known';
  return weeks === 1 ? '1 week' : `${weeks} weeks`;
}

export function searchFormContext(values: Values) {
  const chosenSpecialisms = tickedIn(values.specialism);
  const chosenAccess = tickedIn(values.access);
  return {
    values,
    kindOptions: selectItems(
      serviceKinds.map((kind) => [kind, serviceKindLabels[kind]]),
      values.kind,
      'Any kind',
    ),
    approachOptions: selectItems(
      treatmentApproaches.map((approach) => [approach, approachLabels[approach]]),
      values.approach,
      'Any approach',
    ),
    regionOptions: selectItems(
      regions.map((region) => [region, region]),
      values.region,
      'Anywhere in England',
    ),
    ratingOptions: selectItems(Object.entries(minimumRatingLabels), values.rating, 'Any rating, or not yet rated'),
    sortOptions: (Object.entries(sortLabels) as Array<[SearchSort, string]>).map(([value, text]) => ({
      value,
      text,
      selected: value === (values.sort || 'name'),
    })),
    specialismItems: specialisms.map((specialism: Specialism) => ({
      value: specialism,
      text: specialismLabels[specialism],
      checked: chosenSpecialisms.includes(specialism),
    })),
    detoxItems: [{ value: 'yes', text: 'Detox on site', checked: values.detox === 'yes' }],
    bedsItems: [{ value: 'now', text: 'Beds available now', checked: values.beds === 'now' }],
    accessItems: [
      { value: 'step_free', text: 'Step-free access', checked: chosenAccess.includes('step_free') },
      { value: 'adapted_rooms', text: 'Adapted rooms', checked: chosenAccess.includes('adapted_rooms') },
    ],
  };
}

/** Keeps every filter (some repeat, like groups served) in the pagination component's links. */
export function searchPagination(search: SearchQuery, total: number) {
  const query = searchQueryString({ ...search, page: 1 });
  return paginationLinks(search.page, searchPageSize, total, (page) => `${paths.search()}?${query ? `${query}&` : ''}page=${page}`);
}

export function resultRow(service: directory.ListedServiceRow, today: string) {
  return {
    href: paths.service(service.id),
    name: service.name,
    providerName: service.provider_name,
    kindLabel: serviceKindLabels[service.kind],
    region: service.region,
    town: service.town,
    cost: formatPounds(service.weekly_cost_pence),
    waiting: weeksText(service.waiting_weeks),
    waitingOutOfDate: service.waiting_weeks !== null && waitingTimeOutOfDate(service.waiting_updated_on, today),
    ratingTag: service.regulator_rating ? regulatorRatingTags[service.regulator_rating] : null,
    beds: service.beds_updated_at ? bedSummary({ bedsAvailable: service.beds_available_now, nextAdmissionOn: null, waitingListLength: null, updatedAt: service.beds_updated_at }, today) : null,
  };
}

/** A service's own page: its details in words, its packs with their review flags, its outcomes, and when anything last changed. */
export function servicePage(service: directory.Service, packs: readonly PackRow[], outcomes: { placements: number; completed: number; droppedOutEarly: number }, today: string) {
  const lastUpdated = [service.updated_at, ...packs.map((pack) => pack.updated_at)].reduce((latest, moment) =>
    new Date(moment).getTime() > new Date(latest).getTime() ? moment : latest,
  );
  return {
    service,
    kindLabel: serviceKindLabels[service.kind],
    approaches: service.approaches.map((approach: TreatmentApproach) => approachLabels[approach] ?? approach),
    specialisms: service.specialisms.map((specialism: Specialism) => specialismLabels[specialism] ?? specialism),
    cost: formatPounds(service.weekly_cost_pence),
    waiting: weeksText(service.waiting_weeks),
    waitingOutOfDate: service.waiting_weeks !== null && waitingTimeOutOfDate(service.waiting_updated_on, today),
    minimumWeeks: service.minimum_weeks === null ? null : weeksText(service.minimum_weeks),
    typicalWeeks: service.typical_weeks === null ? null : weeksText(service.typical_weeks),
    ratingTag: service.regulator_rating ? regulatorRatingTags[service.regulator_rating] : null,
    packs: packs.map((pack) => ({
      ...pack,
      audienceLabel: packAudienceLabels[pack.audience],
      overdue: packReviewOverdue(pack.review_on, today),
    })),
    outcomes: outcomeSummary(outcomes.placements, outcomes.completed, outcomes.droppedOutEarly),
    lastUpdated,
  };
}

// The pages where services and their packs are kept up to date --------------------------------------------

/** The service form's boxes, filled from a stored service. */
export function serviceFormValues(stored: directory.Service): Values {
  const accessibility: string[] = [];
  if (stored.step_free_access) accessibility.push('step_free');
  if (stored.adapted_rooms) accessibility.push('adapted_rooms');
  const number = (value: number | null) => (value === null ? '' : String(value));
  return {
    providerId: stored.provider_id,
    name: stored.name,
    kind: stored.kind,
    approaches: stored.approaches,
    specialisms: stored.specialisms,
    detoxOnSite: stored.detox_on_site ? 'yes' : 'no',
    address: stored.address,
    town: stored.town,
    postcode: stored.postcode,
    region: stored.region,
    beds: number(stored.beds),
    weeklyCost: poundsForInput(stored.weekly_cost_pence),
    minimumWeeks: number(stored.minimum_weeks),
    typicalWeeks: number(stored.typical_weeks),
    waitingWeeks: number(stored.waiting_weeks),
    waitingUpdatedOn: datePartsOf(stored.waiting_updated_on),
    regulatorRating: stored.regulator_rating ?? '',
    ratingDate: datePartsOf(stored.rating_date),
    eligibility: stored.eligibility,
    exclusions: stored.exclusions,
    accessibility,
    languages: stored.languages.join(', '),
    version: stored.version,
  };
}

export function serviceFormOptions(values: Values, providers: Array<{ id: string; name: string }> | null) {
  const chosen = (name: string) => tickedIn(values[name]);
  return {
    providerOptions: providers
      ? [
          ...(providers.length > 1 ? [{ value: '', text: 'Select a provider' }] : []),
          ...providers.map((provider) => ({ value: provider.id, text: provider.name, selected: provider.id === values.providerId })),
        ]
      : null,
    kindItems: serviceKinds.map((kind) => ({ value: kind, text: serviceKindLabels[kind], checked: kind === values.kind })),
    approachItems: treatmentApproaches.map((approach) => ({ value: approach, text: approachLabels[approach], checked: chosen('approaches').includes(approach) })),
    specialismItems: specialisms.map((specialism) => ({ value: specialism, text: specialismLabels[specialism], checked: chosen('specialisms').includes(specialism) })),
    detoxItems: [
      { value: 'yes', text: 'Yes', checked: values.detoxOnSite === 'yes' },
      { value: 'no', text: 'No', checked: values.detoxOnSite === 'no' },
    ],
    regionOptions: [{ value: '', text: 'Select a region' }, ...regions.map((region) => ({ value: region, text: region, selected: region === values.region }))],
    ratingOptions: [
      { value: '', text: 'Not known' },
      ...regulatorRatings.map((rating) => ({ value: rating, text: regulatorRatingTags[rating].text, selected: rating === values.regulatorRating })),
    ],
    accessibilityItems: [
      { value: 'step_free', text: 'Step-free access', hint: { text: 'Someone who uses a wheelchair can get into the building and to the rooms they need' }, checked: chosen('accessibility').includes('step_free') },
      { value: 'adapted_rooms', text: 'Adapted rooms', hint: { text: 'At least one bedroom and bathroom are adapted for disabled people' }, checked: chosen('accessibility').includes('adapted_rooms') },
    ],
  };
}

/** The stored service, as shown beside the form when someone else changed it meanwhile. */
export function savedServiceSummary(stored: directory.Service) {
  return {
    name: stored.name,
    kindLabel: serviceKindLabels[stored.kind],
    region: stored.region,
    cost: formatPounds(stored.weekly_cost_pence),
    waiting: weeksText(stored.waiting_weeks),
    waitingUpdatedOn: stored.waiting_updated_on,
    ratingText: stored.regulator_rating ? regulatorRatingTags[stored.regulator_rating].text : 'Not known',
    updatedAt: stored.updated_at,
  };
}

export function audienceItems(selected: unknown) {
  return packAudiences.map((audience: PackAudience) => ({ value: audience, text: packAudienceLabels[audience], checked: audience === selected }));
}

/** A stored pack as the values of its form. */
export function packValues(pack: directory.Pack): Values {
  return { audience: pack.audience, title: pack.title, link: pack.link ?? '', reviewOn: datePartsOf(pack.review_on), version: pack.version };
}

/** A service's packs as its packs page lists them, each with its review flag and links. */
export function packRows(serviceId: string, packs: readonly PackRow[], today: string) {
  return packs.map((pack) => ({
    ...pack,
    audienceLabel: packAudienceLabels[pack.audience],
    overdue: packReviewOverdue(pack.review_on, today),
    href: directoryAdminPaths.pack(serviceId, pack.id),
    deleteHref: directoryAdminPaths.deletePack(serviceId, pack.id),
  }));
}

/** Each of a person's providers with its services, as the "Your services" page lists them. */
export function yourServicesRows<Provider extends { id: string }>(providers: readonly Provider[], services: readonly ServiceOfProviders[], today: string) {
  return providers.map((provider) => ({
    ...provider,
    services: services
      .filter((row) => row.provider_id === provider.id)
      .map((row) => ({
        ...row,
        href: paths.service(row.id),
        editHref: paths.editService(row.id),
        packsHref: paths.servicePacks(row.id),
        kindLabel: serviceKindLabels[row.kind],
        waiting: weeksText(row.waiting_weeks),
        waitingOutOfDate: row.waiting_weeks !== null && waitingTimeOutOfDate(row.waiting_updated_on, today),
        overduePacks: Number(row.overdue_pack_count ?? 0),
      })),
  }));
}
