import { v5 as uuidV5 } from 'uuid';
import { z } from 'zod';
import { type Region, regions } from '../accounts/index.js';
import {
  type RegulatorRating,
  regulatorRatings,
  type ServiceKind,
  serviceKinds,
  type Specialism,
  specialisms,
  type TreatmentApproach,
  treatmentApproaches,
} from '../platform/db/schema.js';
import { choices, cleanText, quoted, type Read, readDate, readPostcode, readText } from '../platform/tabular/cells.js';
import { decodeText } from '../platform/tabular/uploaded-file.js';
import { approachLabels, serviceKindLabels, specialismLabels } from './labels.js';
import type { ImportedService, ServiceImportOutcome } from './service-import-rules.js';
import { maximumServiceRows, serviceLimits as limits } from './service-import-rules.js';

/**
 * The directory in the Open Referral UK data standard (the UK profile of HSDS 3.0, JSON): each
 * service as a fully nested service object, a file as a page of them (the `/services` response),
 * and the way back, reading such a file into the services the import stores. Pure functions.
 * vendor/open-referral-uk/README.md says where each of the directory's facts goes and why.
 */

/** HSDS allows properties it does not define; the directory's facts the UK profile has no place for go here. */
export const extensionKey = 'residential_pathways';

/** The directory's own taxonomies, named in each taxonomy term it exports. */
export const directoryTaxonomies = {
  kind: 'Residential Pathways: kind of service',
  approach: 'Residential Pathways: treatment approach',
  specialism: 'Residential Pathways: specialism or group served',
  feature: 'Residential Pathways: feature',
} as const;
type TaxonomyKey = keyof typeof directoryTaxonomies;

const features = ['detox_on_site'] as const;
const featureLabels: Record<(typeof features)[number], string> = { detox_on_site: 'Detox on site' };

export const accessibilityWords = { stepFreeAccess: 'Step-free access', adaptedRooms: 'Adapted rooms' } as const;
export const weeklyCostOption = { option: 'Weekly fee', amount_description: 'per week' } as const;

// Identifiers ----------------------------------------------------------------------------------

/** The namespace of the directory's name-based identifiers (chosen once, at random). */
const directoryNamespace = '3c5f0a7e-6f0b-4d8e-9a51-2b7c1e0d9f64';

/**
 * A name-based UUID (version 5, RFC 9562): the same name always gives the same identifier, so a
 * service's location, address and taxonomy terms keep their ids from one export to the next.
 */
export function nameBasedUuid(name: string, namespace: string = directoryNamespace): string {
  return uuidV5(name, namespace);
}

// The export -----------------------------------------------------------------------------------

/** A directory service as the export reads it: the search's columns and the provider's website. */
export interface OpenReferralSource {
  id: string;
  provider_id: string;
  provider_name: string;
  provider_website: string | null;
  name: string;
  kind: ServiceKind;
  approaches: readonly TreatmentApproach[];
  specialisms: readonly Specialism[];
  detox_on_site: boolean;
  address: string;
  town: string;
  postcode: string;
  region: string;
  beds: number | null;
  weekly_cost_pence: number | null;
  minimum_weeks: number | null;
  typical_weeks: number | null;
  waiting_weeks: number | null;
  waiting_updated_on: string | null;
  regulator_rating: RegulatorRating | null;
  rating_date: string | null;
  eligibility: string;
  exclusions: string;
  step_free_access: boolean;
  adapted_rooms: boolean;
  languages: readonly string[];
  updated_at: Date;
}

interface TaxonomyTerm {
  id: string;
  name: string;
  description: string;
  taxonomy: string;
  taxonomy_id: string;
  term: string;
}
interface Attribute {
  id: string;
  link_id: string;
  taxonomy_term_id: string;
  taxonomy_term: TaxonomyTerm;
}

/** The directory's facts with no place in the UK profile. */
export interface DirectoryExtension {
  beds: number | null;
  minimum_weeks: number | null;
  typical_weeks: number | null;
  waiting_weeks: number | null;
  waiting_updated_on: string | null;
  regulator_rating: RegulatorRating | null;
  rating_date: string | null;
  eligibility: string;
  exclusions: string;
  languages: string[];
}

export interface OpenReferralService {
  id: string;
  organization_id: string;
  name: string;
  status: 'active';
  last_modified: string;
  organization: { id: string; name: string; description: string; website?: string };
  service_at_locations: Array<{
    id: string;
    service_id: string;
    location_id: string;
    location: {
      id: string;
      location_type: 'physical';
      name: string;
      addresses: Array<{
        id: string;
        location_id: string;
        address_1: string;
        city: string;
        region: string;
        state_province: string;
        postal_code: string;
        country: string;
        address_type: 'physical';
      }>;
      accessibility: Array<{ id: string; location_id: string; description: string }>;
    };
  }>;
  cost_options: Array<{ id: string; service_id: string; option: string; amount: number; amount_description: string }>;
  attributes: Attribute[];
  [extensionKey]: DirectoryExtension;
}

const taxonomyLabels: { [K in TaxonomyKey]: Record<string, string> } = {
  kind: serviceKindLabels,
  approach: approachLabels,
  specialism: specialismLabels,
  feature: featureLabels,
};

/** The taxonomy term for one of the directory's codes; the same for every service. */
export function taxonomyTerm(taxonomy: TaxonomyKey, code: string): TaxonomyTerm {
  const label = taxonomyLabels[taxonomy][code] ?? code;
  return {
    id: nameBasedUuid(`taxonomy-term/${taxonomy}/${code}`),
    name: label,
    description: `${directoryTaxonomies[taxonomy].replace(/^Residential Pathways: /, '')}: ${label}`,
    taxonomy: directoryTaxonomies[taxonomy],
    taxonomy_id: nameBasedUuid(`taxonomy/${taxonomy}`),
    term: code,
  };
}

/** A web address the schema's "uri" format accepts, or nothing. */
function absoluteUrl(value: string | null): string | undefined {
  if (!value) return undefined;
  try {
    return new URL(value).protocol.startsWith('http') ? value : undefined;
  } catch {
    return undefined;
  }
}

/** One directory service as a fully nested Open Referral UK service. Only what the directory holds. */
export function toOpenReferralService(service: OpenReferralSource): OpenReferralService {
  const id = service.id;
  const locationId = nameBasedUuid(`${id}/location`);
  const attribute = (taxonomy: TaxonomyKey, code: string): Attribute => {
    const term = taxonomyTerm(taxonomy, code);
    return { id: nameBasedUuid(`${id}/attribute/${taxonomy}/${code}`), link_id: id, taxonomy_term_id: term.id, taxonomy_term: term };
  };
  const website = absoluteUrl(service.provider_website);
  const accessibility: OpenReferralService['service_at_locations'][number]['location']['accessibility'] = [];
  if (service.step_free_access) accessibility.push({ id: nameBasedUuid(`${id}/accessibility/step-free`), location_id: locationId, description: accessibilityWords.stepFreeAccess });
  if (service.adapted_rooms) accessibility.push({ id: nameBasedUuid(`${id}/accessibility/adapted-rooms`), location_id: locationId, description: accessibilityWords.adaptedRooms });
  return {
    id,
    organization_id: service.provider_id,
    name: service.name,
    status: 'active',
    last_modified: service.updated_at.toISOString(),
    // The profile requires a description of the organisation; the directory holds none, so it is empty rather than made up.
    organization: { id: service.provider_id, name: service.provider_name, description: '', ...(website ? { website } : {}) },
    service_at_locations: [
      {
        id: nameBasedUuid(`${id}/service-at-location`),
        service_id: id,
        location_id: locationId,
        location: {
          id: locationId,
          location_type: 'physical',
          name: service.name,
          addresses: [
            {
              id: nameBasedUuid(`${id}/address`),
              location_id: locationId,
              address_1: service.address,
              city: service.town,
              region: service.region,
              state_province: 'England',
              postal_code: service.postcode,
              country: 'GB',
              address_type: 'physical',
            },
          ],
          accessibility,
        },
      },
    ],
    cost_options:
      service.weekly_cost_pence === null
        ? []
        : [{ id: nameBasedUuid(`${id}/cost/weekly`), service_id: id, ...weeklyCostOption, amount: service.weekly_cost_pence / 100 }],
    attributes: [
      attribute('kind', service.kind),
      ...service.approaches.map((code) => attribute('approach', code)),
      ...service.specialisms.map((code) => attribute('specialism', code)),
      ...(service.detox_on_site ? [attribute('feature', 'detox_on_site')] : []),
    ],
    [extensionKey]: {
      beds: service.beds,
      minimum_weeks: service.minimum_weeks,
      typical_weeks: service.typical_weeks,
      waiting_weeks: service.waiting_weeks,
      waiting_updated_on: service.waiting_updated_on,
      regulator_rating: service.regulator_rating,
      rating_date: service.rating_date,
      eligibility: service.eligibility,
      exclusions: service.exclusions,
      languages: [...service.languages],
    },
  };
}

/**
 * Services in one page of the export; `page=2` and on give the rest, as the standard's `/services`
 * does. Small enough that a page of the longest services the directory can hold stays under the
 * import's upload limit, so every exported page can be imported again.
 */
export const openReferralPageSize = 250;

/** A page of services, shaped as the profile's `/services` response (its `Page` schema and `contents`). */
export function openReferralPage<T>(contents: T[], { total, page, perPage }: { total: number; page: number; perPage: number }) {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

// The import -------------------------------------------------------------------------------------

const textOf = z.string({ error: 'must be text' });
const wholeNumber = (maximum: number, noun: string) =>
  z
    .number({ error: `must be a whole number of ${noun}` })
    .int({ error: `must be a whole number of ${noun}` })
    .min(0, { error: `cannot be below 0` })
    .max(maximum, { error: `must be ${maximum.toLocaleString('en-GB')} ${noun} or fewer` })
    .nullable()
    .optional();
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: 'must be a list' });
const anObject = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape, { error: 'must be an object' });

const termSchema = anObject({ taxonomy: textOf.optional(), term: textOf.optional(), name: textOf.optional() });
const addressSchema = anObject({
  address_1: textOf.optional(),
  city: textOf.optional(),
  region: textOf.optional(),
  postal_code: textOf.optional(),
  address_type: textOf.optional(),
});
const extensionSchema = anObject({
  beds: wholeNumber(limits.beds, 'beds'),
  minimum_weeks: wholeNumber(limits.programmeWeeks, 'weeks'),
  typical_weeks: wholeNumber(limits.programmeWeeks, 'weeks'),
  waiting_weeks: wholeNumber(limits.waitingWeeks, 'weeks'),
  waiting_updated_on: textOf.nullable().optional(),
  regulator_rating: z.enum(regulatorRatings, { error: `must be one of ${regulatorRatings.join(', ')}` }).nullable().optional(),
  rating_date: textOf.nullable().optional(),
  eligibility: textOf.optional(),
  exclusions: textOf.optional(),
  languages: list(textOf.max(limits.language, { error: `must be ${limits.language} characters or fewer` }))
    .max(limits.languages, { error: `can list up to ${limits.languages} languages` })
    .optional(),
});

/** What the import reads of a service; anything else in it is allowed and left out. */
export const openReferralServiceSchema = anObject({
  name: textOf,
  organization: anObject({ name: textOf }),
  service_at_locations: list(
    anObject({
      location: anObject({
        addresses: list(addressSchema).optional(),
        accessibility: list(anObject({ description: textOf.nullable().optional() })).optional(),
      }).optional(),
    }),
  ).optional(),
  cost_options: list(
    anObject({
      option: textOf.nullable().optional(),
      amount: z.number({ error: 'must be a number of pounds' }).nullable().optional(),
      amount_description: textOf.nullable().optional(),
    }),
  ).optional(),
  attributes: list(anObject({ taxonomy_term: termSchema.optional() })).optional(),
  [extensionKey]: extensionSchema.optional(),
});

/** Where in a service a value sits, as the file writes it: service_at_locations[0].location.name */
function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), '');
}

const kindChoices = choices(serviceKinds, serviceKindLabels);
const approachChoices = choices(treatmentApproaches, approachLabels);
const specialismChoices = choices(specialisms, specialismLabels);
const regionChoices = choices(regions, Object.fromEntries(regions.map((region) => [region, region])) as Record<Region, string>);

const fail = (...problems: string[]): ServiceImportOutcome => ({ ok: false, problems });

/** The services of a file: a page (`contents`), a bare list, or one service. */
function servicesOf(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object') {
    const contents = (json as { contents?: unknown }).contents;
    if (Array.isArray(contents)) return contents;
    if (contents === undefined && 'name' in json) return [json];
  }
  return null;
}

/**
 * Reads and checks a whole Open Referral UK JSON file of services, for the same import as the
 * CSV file: every problem names the service (its place in the file and its name) and the field,
 * and a file with any problem is refused whole. `today` ('YYYY-MM-DD') is the latest date allowed.
 */
export function readOpenReferralJson(data: Uint8Array, today: string): ServiceImportOutcome {
  const text = decodeText(data);
  if (!text.trim()) return fail('The selected file is empty');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`The selected file is not valid JSON (${(error as Error).message.slice(0, 120)}). Upload the file as it was exported, or a CSV file`);
  }
  const items = servicesOf(json);
  if (!items) return fail('The selected file is JSON but holds no Open Referral UK services. It needs a page of services with a ‘contents’ list, or a list of services');
  if (items.length === 0) return fail('The selected file has no services. Its ‘contents’ list is empty');
  if (items.length > maximumServiceRows) {
    return fail(`The file has ${items.length.toLocaleString('en-GB')} services. A file can have up to ${maximumServiceRows.toLocaleString('en-GB')}: split it into smaller files`);
  }

  const problems: string[] = [];
  const services: ImportedService[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const number = index + 1;
    const rawName = item && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string' ? (item as { name: string }).name : '';
    const where = `Service ${number}${rawName.trim() ? ` (${quoted(cleanText(rawName))})` : ''}`;
    const parsed = openReferralServiceSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 10)) {
        problems.push(issue.path.length ? `${where}, ${pathText(issue.path)}: ${issue.message}` : `${where}: must be an object with the service’s fields`);
      }
      return;
    }
    const service = parsed.data;
    const own: string[] = [];
    const take = <T>(field: string, read: Read<T>, fallback: T): T => {
      if (read.ok) return read.value;
      own.push(`${where}, ${field}: ${read.message}`);
      return fallback;
    };
    const need = (field: string, value: string, message: string) => {
      if (!value) own.push(`${where}, ${field}: ${message}`);
      return value;
    };

    const name = need('name', take('name', readText(service.name, limits.name, 'the service’s name'), ''), 'enter the service’s name');
    const providerName = need('organization.name', take('organization.name', readText(service.organization.name, limits.name, 'the provider’s name'), ''), 'enter the provider’s name');

    // Classifications: the directory's taxonomies, by code or label.
    const terms = (taxonomy: TaxonomyKey) =>
      (service.attributes ?? []).flatMap((entry, position) =>
        entry.taxonomy_term?.taxonomy === directoryTaxonomies[taxonomy] ? [{ value: entry.taxonomy_term.term ?? entry.taxonomy_term.name ?? '', position }] : [],
      );
    let unknownTerms = 0;
    const codesOf = <T extends string>(taxonomy: TaxonomyKey, list: { find(text: string): T | undefined; labels: string[] }, what: string): T[] => {
      const found: T[] = [];
      for (const { value, position } of terms(taxonomy)) {
        const code = list.find(value);
        if (!code) {
          unknownTerms += 1;
          own.push(`${where}, attributes[${position}].taxonomy_term.term: ${quoted(value)} is not ${what}. Use ${list.labels.join(', ')}`);
        } else if (!found.includes(code)) found.push(code);
      }
      return found;
    };
    const kinds = codesOf('kind', kindChoices, 'a kind of service');
    // An unrecognised kind has its own message already.
    if (kinds.length !== 1 && unknownTerms === 0) {
      own.push(
        `${where}, attributes: ${kinds.length ? 'give one kind of service, not ' + kinds.length : 'give the kind of service'}, as a taxonomy term of the taxonomy ‘${directoryTaxonomies.kind}’ whose term is ${kindChoices.codes.join(', ')}`,
      );
    }
    const approaches = codesOf('approach', approachChoices, 'a treatment approach');
    const specialismList = codesOf('specialism', specialismChoices, 'a specialism');
    const detoxOnSite = terms('feature').some(({ value }) => value === 'detox_on_site');

    // The location: the directory holds one address for each service.
    const locations = service.service_at_locations ?? [];
    if (locations.length > 1) own.push(`${where}, service_at_locations: the directory holds one location for each service, not ${locations.length}. Give one`);
    const location = locations[0]?.location;
    const addresses = (location?.addresses ?? []).filter((address) => !address.address_type || address.address_type === 'physical');
    if (addresses.length > 1) own.push(`${where}, service_at_locations[0].location.addresses: give one physical address, not ${addresses.length}`);
    const address = addresses[0];
    const addressField = (field: string) => `service_at_locations[0].location.addresses[0].${field}`;
    const street = take(addressField('address_1'), readText(address?.address_1 ?? '', limits.address, 'the address'), '');
    const town = take(addressField('city'), readText(address?.city ?? '', limits.town, 'the town'), '');
    const postcode = take(addressField('postal_code'), readPostcode(address?.postal_code ?? ''), '');
    const regionText = cleanText(address?.region ?? '');
    const region = regionChoices.find(regionText);
    if (!region) {
      own.push(
        `${where}, ${addressField('region')}: ${regionText ? `${quoted(regionText)} is not one of the 9 regions of England` : 'give the region of England the service is in'}, like ${regions[1]}`,
      );
    }
    const described = (words: string) => (location?.accessibility ?? []).some((entry) => cleanText(entry.description ?? '').toLowerCase() === words.toLowerCase());

    // The weekly cost: the one cost option that is by the week.
    const weekly = (service.cost_options ?? []).filter((option) => /week/i.test(`${option.option ?? ''} ${option.amount_description ?? ''}`));
    if (weekly.length > 1) own.push(`${where}, cost_options: give one weekly cost, not ${weekly.length}`);
    const amount = weekly[0]?.amount ?? null;
    let weeklyCostPence: number | null = null;
    if (amount !== null) {
      const pence = Math.round(amount * 100);
      if (amount < 0 || Math.abs(pence - amount * 100) > 1e-6) own.push(`${where}, cost_options: the weekly cost must be pounds and pence, like 1250.50`);
      else if (amount > limits.weeklyCostPounds) own.push(`${where}, cost_options: the weekly cost must be £${limits.weeklyCostPounds.toLocaleString('en-GB')} or less`);
      else weeklyCostPence = pence;
    }

    // The directory's own facts.
    const extra = service[extensionKey] ?? {};
    const field = (key: string) => `${extensionKey}.${key}`;
    const minimumWeeks = extra.minimum_weeks ?? null;
    const typicalWeeks = extra.typical_weeks ?? null;
    if (minimumWeeks !== null && typicalWeeks !== null && typicalWeeks < minimumWeeks) {
      own.push(`${where}, ${field('typical_weeks')}: the typical length (${typicalWeeks} weeks) cannot be shorter than the minimum (${minimumWeeks} weeks)`);
    }
    const waitingUpdatedOn = take(field('waiting_updated_on'), readDate(extra.waiting_updated_on ?? '', today), null);
    const ratingDate = take(field('rating_date'), readDate(extra.rating_date ?? '', today), null);
    const regulatorRating = extra.regulator_rating ?? null;
    if (ratingDate && !regulatorRating) own.push(`${where}, ${field('rating_date')}: give the regulator rating as well as its date`);
    const eligibility = take(field('eligibility'), readText(extra.eligibility ?? '', limits.longText, 'the eligibility', true), '');
    const exclusions = take(field('exclusions'), readText(extra.exclusions ?? '', limits.longText, 'the exclusions', true), '');
    const languages: string[] = [];
    for (const language of (extra.languages ?? []).map((item) => cleanText(item)).filter(Boolean)) {
      if (!languages.some((existing) => existing.toLowerCase() === language.toLowerCase())) languages.push(language);
    }

    if (providerName && name) {
      const pair = `${providerName.toLowerCase()}\u0000${name.toLowerCase()}`;
      const first = seen.get(pair);
      if (first !== undefined) own.push(`${where}, name: ${providerName} has a service called ${quoted(name)} as service ${first} too. Give each of a provider’s services a different name`);
      else seen.set(pair, number);
    }

    if (own.length) {
      problems.push(...own);
      return;
    }
    services.push({
      row: number,
      place: `${where}, name`,
      providerName,
      name,
      kind: kinds[0] as ServiceKind,
      approaches,
      specialisms: specialismList,
      detoxOnSite,
      address: street,
      town,
      postcode,
      region: region as Region,
      beds: extra.beds ?? null,
      weeklyCostPence,
      minimumWeeks,
      typicalWeeks,
      waitingWeeks: extra.waiting_weeks ?? null,
      waitingUpdatedOn,
      regulatorRating,
      ratingDate,
      eligibility,
      exclusions,
      stepFreeAccess: described(accessibilityWords.stepFreeAccess),
      adaptedRooms: described(accessibilityWords.adaptedRooms),
      languages,
    });
  });
  if (problems.length) return { ok: false, problems };
  return { ok: true, services, ignoredHeadings: [] };
}
