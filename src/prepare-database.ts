import type { Kysely } from 'kysely';
import { builtInQuestionBanks } from './assessment/index.js';
import { migrateToLatest } from './platform/db/migrate.js';
import type { ReferenceData } from './platform/db/reference-data.js';
import type { Database } from './platform/db/schema.js';

/** Each capability's reference data, in the order it is loaded. */
const referenceData: readonly ReferenceData[] = [builtInQuestionBanks];

/** Brings a database up to date: the schema, then the reference data shipped in the repository. */
export async function prepareDatabase(db: Kysely<Database>): Promise<string[]> {
  const applied = await migrateToLatest(db);
  for (const data of referenceData) await data.load(db);
  return applied;
}
