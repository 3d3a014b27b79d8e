import { type ExpressionBuilder, sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import type { Database } from '../platform/db/schema.js';

/**
 * SQL for live bed availability. The figures belong to the shared directory (no partnership);
 * the commissioners' "space today" list is the one query that takes a partnership, and reads
 * only that partnership's contracts and preferred services.
 */

export interface BedAvailabilityDetails {
  bedsAvailable: number;
  nextAdmissionOn: string | null;
  waitingListLength: number;
}

const availabilityColumns = [
  'service_bed_availability.service_id as serviceId',
  'service_bed_availability.beds_available as bedsAvailable',
  'service_bed_availability.next_admission_on as nextAdmissionOn',
  'service_bed_availability.waiting_list_length as waitingListLength',
  'service_bed_availability.updated_at as updatedAt',
  'service_bed_availability.version',
  'users.display_name as updatedByName',
] as const;

/** The service's figure with who last changed it, or undefined when none has been recorded. */
export function findBedAvailability(db: Executor, serviceId: string) {
  return db
    .selectFrom('service_bed_availability')
    .leftJoin('users', 'users.id', 'service_bed_availability.updated_by')
    .select([...availabilityColumns])
    .where('service_bed_availability.service_id', '=', serviceId)
    .executeTakeFirst();
}

export type StoredBedAvailability = NonNullable<Awaited<ReturnType<typeof findBedAvailability>>>;

/** The figures of several services at once (the provider's own list of services). */
export async function bedAvailabilityOf(db: Executor, serviceIds: readonly string[]) {
  if (!serviceIds.length) return new Map<string, StoredBedAvailability>();
  const rows = await db
    .selectFrom('service_bed_availability')
    .leftJoin('users', 'users.id', 'service_bed_availability.updated_by')
    .select([...availabilityColumns])
    .where('service_bed_availability.service_id', 'in', [...serviceIds])
    .execute();
  return new Map(rows.map((row) => [row.serviceId, row]));
}

/**
 * Saves the figure in one step: the first one is inserted (expectedVersion null), later ones
 * replace it only if nobody changed it since the provider opened the form. False on a conflict.
 */
export async function saveBedAvailability(
  db: Executor,
  serviceId: string,
  expectedVersion: number | null,
  details: BedAvailabilityDetails,
  change: { userId: string; now: Date },
): Promise<boolean> {
  const values = {
    beds_available: details.bedsAvailable,
    next_admission_on: details.nextAdmissionOn,
    waiting_list_length: details.waitingListLength,
    updated_at: change.now,
    updated_by: change.userId,
  };
  if (expectedVersion === null) {
    const inserted = await db
      .insertInto('service_bed_availability')
      .values({ service_id: serviceId, ...values })
      .onConflict((conflict) => conflict.column('service_id').doNothing())
      .returning('service_id')
      .executeTakeFirst();
    return Boolean(inserted);
  }
  const result = await db
    .updateTable('service_bed_availability')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('service_id', '=', serviceId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

type ServiceScope = ExpressionBuilder<Database, 'services' | 'providers' | 'service_bed_availability'>;

/** A contract of the partnership's with the service that runs today. */
const contractedToday = (eb: ServiceScope, partnershipId: string, today: string) =>
  eb.exists(
    eb
      .selectFrom('contracts')
      .select('contracts.id')
      .whereRef('contracts.service_id', '=', 'services.id')
      .where('contracts.partnership_id', '=', partnershipId)
      .where('contracts.starts_on', '<=', today)
      .where('contracts.ends_on', '>=', today),
  );

/** The service is on the partnership's preferred list and its latest review did not take it off. */
const stillPreferred = (eb: ServiceScope, partnershipId: string) =>
  eb.exists(
    eb
      .selectFrom('preferred_services')
      .select('preferred_services.id')
      .whereRef('preferred_services.service_id', '=', 'services.id')
      .where('preferred_services.partnership_id', '=', partnershipId)
      .where(
        sql<boolean>`coalesce((SELECT r.decision FROM preferred_service_reviews r WHERE r.partnership_id = preferred_services.partnership_id AND r.preferred_service_id = preferred_services.id ORDER BY r.reviewed_on DESC, r.created_at DESC LIMIT 1), 'keep') <> 'remove'`,
      ),
  );

/**
 * The partnership's contracted services (a contract running today) and preferred services (on
 * the list, and not taken off by their latest review), with each one's bed figure: those with
 * a free bed in a figure changed since `freshFrom` first, then by name.
 */
export function partnershipServicesWithBeds(db: Executor, partnershipId: string, today: string, freshFrom: Date) {
  const hasSpace = sql<boolean>`coalesce(service_bed_availability.beds_available > 0 AND service_bed_availability.updated_at >= ${freshFrom}, false)`;
  return db
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .leftJoin('service_bed_availability', 'service_bed_availability.service_id', 'services.id')
    .select((eb) => [
      'services.id',
      'services.name',
      'services.town',
      'providers.name as providerName',
      'service_bed_availability.beds_available as bedsAvailable',
      'service_bed_availability.next_admission_on as nextAdmissionOn',
      'service_bed_availability.waiting_list_length as waitingListLength',
      'service_bed_availability.updated_at as updatedAt',
      contractedToday(eb, partnershipId, today).as('contracted'),
      stillPreferred(eb, partnershipId).as('preferred'),
      hasSpace.as('hasSpace'),
    ])
    .where((eb) => eb.or([contractedToday(eb, partnershipId, today), stillPreferred(eb, partnershipId)]))
    .orderBy(hasSpace, 'desc')
    .orderBy(sql`lower(services.name)`)
    .orderBy('services.id')
    .execute();
}

export type ServiceWithBeds = Awaited<ReturnType<typeof partnershipServicesWithBeds>>[number];
