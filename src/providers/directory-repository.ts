import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import { textArray } from '../platform/db/arrays.js';
import type {
  Database,
  PackAudience,
  RegulatorRating,
  ServiceKind,
  Specialism,
  TreatmentApproach,
} from '../platform/db/schema.js';
import { bedsFreshFrom } from './bed-rules.js';
import { ratingsAtLeast, type SearchSort, type ServiceSearchFilter } from './directory-rules.js';

/**
 * SQL for the shared directory: providers, their services and information packs, and provider
 * accounts. The directory belongs to no partnership, so nothing here takes a partnership id;
 * who may change what is decided by the routes (administrators, or the provider's own accounts).
 * text[] columns are always written and searched with textArray().
 */

// Search ------------------------------------------------------------------------------------------

const serviceColumns = [
  'services.id',
  'services.provider_id',
  'services.name',
  'services.kind',
  'services.approaches',
  'services.specialisms',
  'services.detox_on_site',
  'services.address',
  'services.town',
  'services.postcode',
  'services.region',
  'services.beds',
  'services.weekly_cost_pence',
  'services.minimum_weeks',
  'services.typical_weeks',
  'services.waiting_weeks',
  'services.waiting_updated_on',
  'services.regulator_rating',
  'services.rating_date',
  'services.eligibility',
  'services.exclusions',
  'services.step_free_access',
  'services.adapted_rooms',
  'services.languages',
  'services.created_at',
  'services.updated_at',
  'services.version',
] as const;

type SearchBuilder = ExpressionBuilder<Database, 'services' | 'providers'>;

/** The filter as SQL conditions; every one can use an index (kind, region, cost; GIN on arrays). */
function filterConditions(eb: SearchBuilder, filter: ServiceSearchFilter, now: Date): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.name) {
    // Part of a name, in any case; the person's %, _ and \ are matched as themselves.
    const pattern = `%${filter.name.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    conditions.push(eb.or([eb('services.name', 'ilike', pattern), eb('providers.name', 'ilike', pattern)]));
  }
  if (filter.kind) conditions.push(eb('services.kind', '=', filter.kind));
  if (filter.region) conditions.push(eb('services.region', '=', filter.region));
  if (filter.maxWeeklyCostPence !== undefined) conditions.push(eb('services.weekly_cost_pence', '<=', filter.maxWeeklyCostPence));
  if (filter.approach) conditions.push(eb('services.approaches', '@>', textArray([filter.approach])));
  if (filter.specialisms?.length) conditions.push(eb('services.specialisms', '@>', textArray(filter.specialisms)));
  if (filter.minimumRating) conditions.push(eb('services.regulator_rating', 'in', ratingsAtLeast(filter.minimumRating)));
  if (filter.maxWaitingWeeks !== undefined) conditions.push(eb('services.waiting_weeks', '<=', filter.maxWaitingWeeks));
  if (filter.detoxOnSite) conditions.push(eb('services.detox_on_site', '=', true));
  if (filter.stepFreeAccess) conditions.push(eb('services.step_free_access', '=', true));
  if (filter.adaptedRooms) conditions.push(eb('services.adapted_rooms', '=', true));
  if (filter.bedsAvailableNow) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('service_bed_availability')
          .select('service_bed_availability.service_id')
          .whereRef('service_bed_availability.service_id', '=', 'services.id')
          .where('service_bed_availability.beds_available', '>', 0)
          .where('service_bed_availability.updated_at', '>=', bedsFreshFrom(now)),
      ),
    );
  }
  return conditions;
}

export interface SearchOptions {
  sort: SearchSort;
  limit: number;
  offset: number;
  /** The clock's time, for the "beds available now" filter; the current time when not given. */
  now?: Date;
}

/** What the search page shows of each service: reading every column cost the embedded database a third more, in decoding. */
const listedServiceColumns = [
  'services.id',
  'services.name',
  'services.kind',
  'services.town',
  'services.region',
  'services.weekly_cost_pence',
  'services.waiting_weeks',
  'services.waiting_updated_on',
  'services.regulator_rating',
] as const satisfies ReadonlyArray<(typeof serviceColumns)[number]>;

/**
 * Finds services matching a filter, in one query: the filters, the sort, LIMIT/OFFSET and the
 * number of matches (a window count). Services with no cost or waiting time come last when
 * sorting by those.
 * Only when the offset is past the last match is a second query needed, to count.
 */
async function searchWith(db: Executor, columns: ReadonlyArray<(typeof serviceColumns)[number]>, filter: ServiceSearchFilter, { sort, limit, offset, now = new Date() }: SearchOptions) {
  let query = db
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .leftJoin('service_bed_availability', 'service_bed_availability.service_id', 'services.id')
    .select([
      ...columns,
      'providers.name as provider_name',
      'service_bed_availability.beds_available as beds_available_now',
      'service_bed_availability.updated_at as beds_updated_at',
      sql<number>`count(*) over ()`.as('total'),
    ])
    .where((eb) => eb.and(filterConditions(eb, filter, now)));
  if (sort === 'cost') query = query.orderBy('services.weekly_cost_pence', (order) => order.asc().nullsLast());
  if (sort === 'wait') query = query.orderBy('services.waiting_weeks', (order) => order.asc().nullsLast());
  const found = await query
    .orderBy(sql`lower(services.name)`)
    .orderBy(sql`lower(providers.name)`)
    .orderBy('services.id')
    .limit(limit)
    .offset(offset)
    .execute();
  const rows = found.map(({ total: _total, ...row }) => row);
  if (found.length) return { total: Number(found[0]?.total ?? 0), rows };
  if (offset === 0) return { total: 0, rows };
  const counted = await db
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where((eb) => eb.and(filterConditions(eb, filter, now)))
    .executeTakeFirst();
  return { total: Number(counted?.count ?? 0), rows };
}

/** Services matching a filter with every detail, for downloads, Open Referral UK and the API. */
export function searchServices(db: Executor, filter: ServiceSearchFilter, options: SearchOptions) {
  return searchWith(db, serviceColumns, filter, options);
}

export type ServiceRow = Awaited<ReturnType<typeof searchServices>>['rows'][number];

type ListedColumnName<Column> = Column extends `services.${infer Name}` ? Name : never;
export type ListedServiceRow = Pick<ServiceRow, ListedColumnName<(typeof listedServiceColumns)[number]> | 'provider_name' | 'beds_available_now' | 'beds_updated_at'>;

/** Services matching a filter with what the search page shows of them. */
export async function searchListedServices(db: Executor, filter: ServiceSearchFilter, options: SearchOptions): Promise<{ total: number; rows: ListedServiceRow[] }> {
  // The rows hold only these columns; searchWith's type, made for every column, says more.
  return searchWith(db, listedServiceColumns, filter, options);
}

// Providers ----------------------------------------------------------------------------------------

export function listProviders(db: Executor) {
  return db
    .selectFrom('providers')
    .select((eb) => [
      'providers.id',
      'providers.name',
      'providers.website',
      'providers.updated_at',
      eb.selectFrom('services').select((inner) => inner.fn.countAll<number>().as('count')).whereRef('services.provider_id', '=', 'providers.id').as('service_count'),
      eb
        .selectFrom('provider_users')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .whereRef('provider_users.provider_id', '=', 'providers.id')
        .as('account_count'),
    ])
    .orderBy(sql`lower(providers.name)`)
    .execute();
}

export function findProvider(db: Executor, providerId: string) {
  return db.selectFrom('providers').selectAll().where('id', '=', providerId).executeTakeFirst();
}

export type Provider = NonNullable<Awaited<ReturnType<typeof findProvider>>>;

/** The provider with this name, ignoring case (names are unique that way). */
export function findProviderByName(db: Executor, name: string) {
  return db.selectFrom('providers').select(['id', 'name']).where(sql<string>`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
}

export function listProvidersById(db: Executor, providerIds: readonly string[]) {
  if (!providerIds.length) return Promise.resolve([]);
  return db.selectFrom('providers').select(['id', 'name']).where('id', 'in', providerIds).orderBy(sql`lower(name)`).execute();
}

export interface ProviderDetails {
  name: string;
  website: string | null;
}

export function insertProvider(db: Executor, details: ProviderDetails, now: Date) {
  return db
    .insertInto('providers')
    .values({ name: details.name, website: details.website, created_at: now, updated_at: now })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export async function updateProvider(db: Executor, providerId: string, expectedVersion: number, details: ProviderDetails, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('providers')
    .set((eb) => ({ name: details.name, website: details.website, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', providerId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// Services ------------------------------------------------------------------------------------------

export function findService(db: Executor, serviceId: string) {
  return db
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select([...serviceColumns, 'providers.name as provider_name', 'providers.website as provider_website'])
    .where('services.id', '=', serviceId)
    .executeTakeFirst();
}

export type Service = NonNullable<Awaited<ReturnType<typeof findService>>>;

/** The services of some providers, by provider then name, with how many packs are past review. */
export function listServicesOfProviders(db: Executor, providerIds: readonly string[], today: string) {
  if (!providerIds.length) return Promise.resolve([]);
  return db
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select((eb) => [
      'services.id',
      'services.provider_id',
      'services.name',
      'services.kind',
      'services.region',
      'services.waiting_weeks',
      'services.waiting_updated_on',
      'services.updated_at',
      'providers.name as provider_name',
      eb
        .selectFrom('service_information_packs')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .whereRef('service_information_packs.service_id', '=', 'services.id')
        .where('service_information_packs.review_on', '<', today)
        .as('overdue_pack_count'),
    ])
    .where('services.provider_id', 'in', providerIds)
    .orderBy(sql`lower(providers.name)`)
    .orderBy(sql`lower(services.name)`)
    .orderBy('services.id')
    .execute();
}

export interface ServiceDetails {
  name: string;
  kind: ServiceKind;
  approaches: TreatmentApproach[];
  specialisms: Specialism[];
  detoxOnSite: boolean;
  address: string;
  town: string;
  postcode: string;
  region: string;
  beds: number | null;
  weeklyCostPence: number | null;
  minimumWeeks: number | null;
  typicalWeeks: number | null;
  waitingWeeks: number | null;
  waitingUpdatedOn: string | null;
  regulatorRating: RegulatorRating | null;
  ratingDate: string | null;
  eligibility: string;
  exclusions: string;
  stepFreeAccess: boolean;
  adaptedRooms: boolean;
  languages: string[];
}

/** The services table's columns for a service's details (the provider is set separately). */
export function serviceValues(details: ServiceDetails) {
  return {
    name: details.name,
    kind: details.kind,
    approaches: textArray(details.approaches),
    specialisms: textArray(details.specialisms),
    detox_on_site: details.detoxOnSite,
    address: details.address,
    town: details.town,
    postcode: details.postcode,
    region: details.region,
    beds: details.beds,
    weekly_cost_pence: details.weeklyCostPence,
    minimum_weeks: details.minimumWeeks,
    typical_weeks: details.typicalWeeks,
    waiting_weeks: details.waitingWeeks,
    waiting_updated_on: details.waitingUpdatedOn,
    regulator_rating: details.regulatorRating,
    rating_date: details.ratingDate,
    eligibility: details.eligibility,
    exclusions: details.exclusions,
    step_free_access: details.stepFreeAccess,
    adapted_rooms: details.adaptedRooms,
    languages: textArray(details.languages),
  };
}

export function insertService(db: Executor, providerId: string, details: ServiceDetails, now: Date) {
  return db
    .insertInto('services')
    .values({ provider_id: providerId, ...serviceValues(details), created_at: now, updated_at: now })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export async function updateService(db: Executor, serviceId: string, expectedVersion: number, details: ServiceDetails, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('services')
    .set((eb) => ({ ...serviceValues(details), updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', serviceId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// Information packs -----------------------------------------------------------------------------------

export function listPacks(db: Executor, serviceId: string) {
  return db
    .selectFrom('service_information_packs')
    .selectAll()
    .where('service_id', '=', serviceId)
    .orderBy(sql`CASE audience WHEN 'commissioners_and_referrers' THEN 1 WHEN 'before_admission' THEN 2 ELSE 3 END`)
    .orderBy(sql`lower(title)`)
    .orderBy('id')
    .execute();
}

export function findPack(db: Executor, serviceId: string, packId: string) {
  return db.selectFrom('service_information_packs').selectAll().where('service_id', '=', serviceId).where('id', '=', packId).executeTakeFirst();
}

export type Pack = NonNullable<Awaited<ReturnType<typeof findPack>>>;

export interface PackDetails {
  audience: PackAudience;
  title: string;
  link: string | null;
  reviewOn: string | null;
}

export function insertPack(db: Executor, serviceId: string, details: PackDetails, now: Date) {
  return db
    .insertInto('service_information_packs')
    .values({ service_id: serviceId, audience: details.audience, title: details.title, link: details.link, review_on: details.reviewOn, created_at: now, updated_at: now })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export async function updatePack(db: Executor, serviceId: string, packId: string, expectedVersion: number, details: PackDetails, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('service_information_packs')
    .set((eb) => ({ audience: details.audience, title: details.title, link: details.link, review_on: details.reviewOn, updated_at: now, version: eb('version', '+', 1) }))
    .where('service_id', '=', serviceId)
    .where('id', '=', packId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deletePack(db: Executor, serviceId: string, packId: string, expectedVersion: number): Promise<boolean> {
  const result = await db
    .deleteFrom('service_information_packs')
    .where('service_id', '=', serviceId)
    .where('id', '=', packId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

// Provider accounts ------------------------------------------------------------------------------------

export function listProviderAccounts(db: Executor, providerId: string) {
  return db
    .selectFrom('provider_users')
    .innerJoin('users', 'users.id', 'provider_users.user_id')
    .select(['users.id as user_id', 'users.display_name', 'users.email', 'provider_users.created_at'])
    .where('provider_users.provider_id', '=', providerId)
    .orderBy(sql`lower(users.display_name)`)
    .orderBy('users.email')
    .execute();
}

export function findProviderAccount(db: Executor, providerId: string, userId: string) {
  return db
    .selectFrom('provider_users')
    .innerJoin('users', 'users.id', 'provider_users.user_id')
    .select(['users.id as user_id', 'users.display_name', 'users.email'])
    .where('provider_users.provider_id', '=', providerId)
    .where('provider_users.user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertProviderAccount(db: Executor, providerId: string, userId: string, now: Date): Promise<void> {
  await db.insertInto('provider_users').values({ provider_id: providerId, user_id: userId, created_at: now }).execute();
}

export async function deleteProviderAccount(db: Executor, providerId: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('provider_users').where('provider_id', '=', providerId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * Finished placements at a service across every partnership (counts only, never people):
 * how many completed, and how many ended unplanned within 28 days of admission.
 */
export async function serviceOutcomeCounts(db: Executor, serviceId: string) {
  const row = await db
    .selectFrom('referrals')
    .select((eb) => [
      eb.fn.countAll<number>().as('placements'),
      eb.fn.count<number>(eb.case().when('discharge_outcome', '=', 'completed').then(1).end()).as('completed'),
      eb.fn
        .count<number>(
          eb
            .case()
            .when(
              eb.and([
                eb('discharge_outcome', 'in', ['left_early', 'asked_to_leave']),
                eb(sql<number>`discharged_on - admitted_on`, '<', 28),
              ]),
            )
            .then(1)
            .end(),
        )
        .as('droppedOutEarly'),
    ])
    .where('service_id', '=', serviceId)
    .where('admitted_on', 'is not', null)
    .where('discharged_on', 'is not', null)
    .executeTakeFirstOrThrow();
  return { placements: Number(row.placements), completed: Number(row.completed), droppedOutEarly: Number(row.droppedOutEarly) };
}
