import { z } from 'zod';
import { type Region, regions } from '../accounts/index.js';
import {
  type RegulatorRating,
  type ServiceKind,
  type Specialism,
  serviceKinds,
  specialisms,
  type TreatmentApproach,
  treatmentApproaches,
} from '../platform/db/schema.js';
import { hasUnsafeCharacters, tickedChoices, unsafeCharactersMessage } from '../platform/web/fields.js';
import { type FormErrors, validateForm } from '../platform/web/forms.js';
import { daysBetween } from '../platform/values/calendar.js';
import { parsePounds, poundsForInput } from '../platform/values/money.js';
import { ratingOrder } from './labels.js';

/**
 * The directory's rules as plain functions: money, dates that go out of date, outcomes, who may
 * change a service, and reading the search page's address into a typed filter.
 */

// Money ------------------------------------------------------------------------------------------

/** The most a weekly cost can be: the column is a 32-bit count of pence. */
export const maximumWeeklyCostPence = 100_000_000;

/**
 * Reads a weekly cost typed in pounds ("1250", "£1,250.50") as pence. Empty gives null; anything
 * that is not a plain amount of pounds and pence, or is too large, gives undefined.
 */
export function parsePoundsToPence(text: string): number | null | undefined {
  const reading = parsePounds(text, { maximumPounds: maximumWeeklyCostPence / 100 });
  return reading.ok ? reading.pence : undefined;
}

/** A waiting time is checked at least every 4 weeks; older than that it may be wrong. */
export const waitingTimeFreshDays = 28;

/**
 * Whether a waiting time is too old to rely on: last updated more than 4 weeks before today,
 * or with no date at all.
 */
export function waitingTimeOutOfDate(updatedOn: string | null | undefined, today: string): boolean {
  if (!updatedOn) return true;
  return daysBetween(updatedOn, today) > waitingTimeFreshDays;
}

/** An information pack is overdue for review once its review date has passed. */
export function packReviewOverdue(reviewOn: string | null | undefined, today: string): boolean {
  return Boolean(reviewOn) && (reviewOn as string) < today;
}

// Ratings ----------------------------------------------------------------------------------------

/** The lowest rating a search can ask for ("good or better", and so on). */
export const minimumRatingChoices = ['outstanding', 'good', 'requires_improvement'] as const;
export type MinimumRating = (typeof minimumRatingChoices)[number];

/** The ratings at or above a minimum, best first. Services not yet rated never count. */
export function ratingsAtLeast(minimum: MinimumRating): RegulatorRating[] {
  return ratingOrder.slice(0, ratingOrder.indexOf(minimum) + 1);
}

// Outcomes ---------------------------------------------------------------------------------------

export interface OutcomeSummary {
  placements: number;
  completed: number;
  droppedOutEarly: number;
  /** Whole percentages, or null with no placements. */
  completionRate: number | null;
  earlyDropOutRate: number | null;
  /** none: nothing recorded; too_few: shown but not to be compared; comparable: enough to compare. */
  status: 'none' | 'too_few' | 'comparable';
  minimumToCompare: number;
}

/**
 * A service's completion and early drop-out rates from its placements, with whether there are
 * enough placements to compare it with other services. The pathway tracker supplies the counts.
 */
export function outcomeSummary(placements: number, completed: number, droppedOutEarly: number, minimumToCompare = 10): OutcomeSummary {
  for (const [name, value] of [
    ['placements', placements],
    ['completed', completed],
    ['droppedOutEarly', droppedOutEarly],
    ['minimumToCompare', minimumToCompare],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number, 0 or more`);
  }
  if (completed + droppedOutEarly > placements) throw new RangeError('completed and droppedOutEarly cannot add up to more than placements');
  const rate = (count: number) => (placements === 0 ? null : Math.round((count / placements) * 100));
  return {
    placements,
    completed,
    droppedOutEarly,
    completionRate: rate(completed),
    earlyDropOutRate: rate(droppedOutEarly),
    status: placements === 0 ? 'none' : placements < minimumToCompare ? 'too_few' : 'comparable',
    minimumToCompare,
  };
}

// Who may change a service ------------------------------------------------------------------------

/** Administrators may change any service; a provider account only its own provider's. */
export function canEditProviderServices(person: { isAdmin: boolean; providerIds: readonly string[] }, providerId: string): boolean {
  return person.isAdmin || person.providerIds.includes(providerId);
}

// Search ------------------------------------------------------------------------------------------

/** The orders the directory can give. By outcome comes when enough placements are recorded to compare services. */
export const searchSorts = ['name', 'cost', 'wait'] as const;
export type SearchSort = (typeof searchSorts)[number];
export const accessibilityFeatures = ['step_free', 'adapted_rooms'] as const;
export type AccessibilityFeature = (typeof accessibilityFeatures)[number];

/** What a search asks for. Every field is optional; an empty filter finds every service. */
export interface ServiceSearchFilter {
  /** Part of the service's or its provider's name, in any case. */
  name?: string;
  kind?: ServiceKind;
  approach?: TreatmentApproach;
  /** Services must serve every one of these. */
  specialisms?: Specialism[];
  region?: Region;
  maxWeeklyCostPence?: number;
  minimumRating?: MinimumRating;
  maxWaitingWeeks?: number;
  detoxOnSite?: boolean;
  stepFreeAccess?: boolean;
  adaptedRooms?: boolean;
  /** Only services with a bed free now, in a figure that is not out of date (bed-rules.ts). */
  bedsAvailableNow?: boolean;
}

export interface SearchQuery {
  filter: ServiceSearchFilter;
  sort: SearchSort;
  page: number;
}

export const searchPageSize = 20;
export const maximumWaitingWeeks = 520;

/** One value from a list, or nothing. Anything else (including the same name twice) is refused. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z
    .union([z.literal(''), z.enum(values)], { error: message })
    .optional()
    .transform((value): T[number] | undefined => (value ? value : undefined));
}

const ticked = tickedChoices;

const searchQuerySchema = z.object({
  q: z
    .string({ error: 'Enter part of a service or provider name' })
    .optional()
    .transform((text, context) => {
      const trimmed = (text ?? '').trim().replace(/\s+/g, ' ');
      if (trimmed.length > 100) {
        context.addIssue({ code: 'custom', message: 'Service or provider name must be 100 characters or fewer' });
        return z.NEVER;
      }
      if (hasUnsafeCharacters(trimmed)) {
        context.addIssue({ code: 'custom', message: unsafeCharactersMessage('Service or provider name') });
        return z.NEVER;
      }
      return trimmed || undefined;
    }),
  kind: oneOf(serviceKinds, 'Select a kind of service from the list'),
  approach: oneOf(treatmentApproaches, 'Select a treatment approach from the list'),
  specialism: ticked(specialisms, 'Select groups served from the list'),
  region: oneOf(regions, 'Select a region from the list'),
  maxCost: z
    .string({ error: 'Maximum weekly cost must be an amount in pounds, like 1200' })
    .optional()
    .transform((text, context) => {
      const pence = parsePoundsToPence(text ?? '');
      if (pence === undefined) {
        context.addIssue({ code: 'custom', message: 'Maximum weekly cost must be an amount in pounds, like 1200' });
        return z.NEVER;
      }
      return pence ?? undefined;
    }),
  rating: oneOf(minimumRatingChoices, 'Select a regulator rating from the list'),
  maxWait: z
    .string({ error: 'Maximum waiting time must be a whole number of weeks, like 4' })
    .optional()
    .transform((text, context) => {
      const trimmed = (text ?? '').trim();
      if (trimmed === '') return undefined;
      if (!/^\d{1,4}$/.test(trimmed) || Number(trimmed) > maximumWaitingWeeks) {
        context.addIssue({ code: 'custom', message: `Maximum waiting time must be a whole number of weeks, from 0 to ${maximumWaitingWeeks}` });
        return z.NEVER;
      }
      return Number(trimmed);
    }),
  detox: z
    .union([z.literal(''), z.literal('yes')], { error: 'Select detox on site from the list' })
    .optional()
    .transform((value) => value === 'yes'),
  access: ticked(accessibilityFeatures, 'Select accessibility needs from the list'),
  beds: z
    .union([z.literal(''), z.literal('now')], { error: 'Select beds available now from the list' })
    .optional()
    .transform((value) => value === 'now'),
  sort: z
    // "outcome" was offered before outcomes could be compared; an old link to it sorts by name.
    .union([z.literal(''), z.literal('outcome'), z.enum(searchSorts)], { error: 'Select how to sort the results from the list' })
    .optional()
    .transform((value): SearchSort => (value && value !== 'outcome' ? value : 'name')),
  // A page number from an edited address that makes no sense simply shows the first page.
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export type SearchQueryResult =
  | { ok: true; search: SearchQuery; values: Record<string, unknown> }
  | { ok: false; errors: FormErrors; values: Record<string, unknown> };

/** Reads the search page's query string into a typed filter, with GOV.UK messages for bad values. */
export function parseSearchQuery(query: unknown): SearchQueryResult {
  const form = validateForm(searchQuerySchema, query);
  if (!form.ok) return { ok: false, errors: form.errors, values: form.values };
  const data = form.data;
  const filter: ServiceSearchFilter = {};
  if (data.q) filter.name = data.q;
  if (data.kind) filter.kind = data.kind;
  if (data.approach) filter.approach = data.approach;
  if (data.specialism.length) filter.specialisms = data.specialism;
  if (data.region) filter.region = data.region;
  if (data.maxCost !== undefined) filter.maxWeeklyCostPence = data.maxCost;
  if (data.rating) filter.minimumRating = data.rating;
  if (data.maxWait !== undefined) filter.maxWaitingWeeks = data.maxWait;
  if (data.detox) filter.detoxOnSite = true;
  if (data.access.includes('step_free')) filter.stepFreeAccess = true;
  if (data.access.includes('adapted_rooms')) filter.adaptedRooms = true;
  if (data.beds) filter.bedsAvailableNow = true;
  const search: SearchQuery = { filter, sort: data.sort, page: data.page };
  return { ok: true, search, values: searchFormValues(search) };
}

/** The search as the form's values, to show what was searched for. */
export function searchFormValues({ filter, sort }: SearchQuery): Record<string, unknown> {
  const access: AccessibilityFeature[] = [];
  if (filter.stepFreeAccess) access.push('step_free');
  if (filter.adaptedRooms) access.push('adapted_rooms');
  return {
    q: filter.name ?? '',
    kind: filter.kind ?? '',
    approach: filter.approach ?? '',
    specialism: filter.specialisms ?? [],
    region: filter.region ?? '',
    maxCost: poundsForInput(filter.maxWeeklyCostPence),
    rating: filter.minimumRating ?? '',
    maxWait: filter.maxWaitingWeeks === undefined ? '' : String(filter.maxWaitingWeeks),
    detox: filter.detoxOnSite ? 'yes' : '',
    access,
    beds: filter.bedsAvailableNow ? 'now' : '',
    sort,
  };
}

/**
 * The search as a query string (without "?"), in the same names the form uses, so links to
 * other pages of results and to the downloads keep every filter. Leaves out what is empty.
 */
export function searchQueryString(search: SearchQuery, options: { page?: boolean } = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(searchFormValues(search))) {
    if (name === 'sort' && value === 'name') continue;
    for (const single of Array.isArray(value) ? value : [value]) {
      if (typeof single === 'string' && single !== '') params.append(name, single);
    }
  }
  if (options.page && search.page > 1) params.set('page', String(search.page));
  return params.toString();
}

/** Whether the search narrows the directory at all. */
export function isFiltered(filter: ServiceSearchFilter): boolean {
  return Object.values(filter).some((value) => (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false));
}
