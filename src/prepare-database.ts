import type { Kysely } from 'kysely';
import { loadBuiltInTemplates } from './assessment/templates/store.js';
import { migrateToLatest } from './platform/db/migrate.js';
import type { Database } from './platform/db/schema.js';

/** Brings a database up to date: the schema, then the reference data shipped in the repository. */
export async function prepareDatabase(db: Kysely<Database>): Promise<string[]> {
  const applied = await migrateToLatest(db);
  await loadBuiltInTemplates(db);
  return applied;
}
