import { sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import { serviceValues } from './directory-repository.js';
import type { ImportedService } from './service-import-rules.js';

/**
 * The SQL behind the service import. Everything runs in the caller's transaction, so a file is
 * stored whole or not at all. Rows go in many at a time: a file of thousands of services takes
 * a handful of statements, not thousands.
 */

/** Rows per INSERT: well under PostgreSQL's limit of 65,535 parameters however long the lists are. */
const rowsPerInsert = 250;
/** Names per lookup. */
const namesPerQuery = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** Providers already in the directory with any of these names (in any case), keyed by lower-case name. */
export async function findProvidersByName(db: Executor, names: string[]): Promise<Map<string, { id: string; name: string }>> {
  const found = new Map<string, { id: string; name: string }>();
  for (const group of chunks([...new Set(names.map((name) => name.toLowerCase()))], namesPerQuery)) {
    const rows = await db
      .selectFrom('providers')
      .select(['id', 'name'])
      .where(sql<string>`lower(name)`, 'in', group)
      .execute();
    for (const row of rows) found.set(row.name.toLowerCase(), row);
  }
  return found;
}

/** The services these providers already have, by provider and service name. */
export async function servicesOfProviders(db: Executor, providerIds: string[]): Promise<Array<{ providerName: string; serviceName: string }>> {
  const result: Array<{ providerName: string; serviceName: string }> = [];
  for (const group of chunks(providerIds, namesPerQuery)) {
    const rows = await db
      .selectFrom('services')
      .innerJoin('providers', 'providers.id', 'services.provider_id')
      .select(['providers.name as providerName', 'services.name as serviceName'])
      .where('services.provider_id', 'in', group)
      .execute();
    result.push(...rows);
  }
  return result;
}

/** Adds providers, returning each one's id keyed by lower-case name. */
export async function insertProviders(db: Executor, names: string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const group of chunks(names, rowsPerInsert)) {
    const rows = await db
      .insertInto('providers')
      .values(group.map((name) => ({ name })))
      .returning(['id', 'name'])
      .execute();
    for (const row of rows) ids.set(row.name.toLowerCase(), row.id);
  }
  return ids;
}


/** Adds the services, given each provider's id keyed by lower-case provider name. Returns how many were added. */
export async function insertImportedServices(db: Executor, services: ImportedService[], providerIds: Map<string, string>): Promise<number> {
  let added = 0;
  for (const group of chunks(services, rowsPerInsert)) {
    const result = await db
      .insertInto('services')
      .values(
        group.map((service) => {
          const providerId = providerIds.get(service.providerName.toLowerCase());
          if (!providerId) throw new Error(`No provider id for row ${service.row}`);
          return { provider_id: providerId, ...serviceValues(service) };
        }),
      )
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? group.length);
  }
  return added;
}
