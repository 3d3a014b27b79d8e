import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Rows a capability ships in the repository and needs in every database (for example the
 * built-in question bank). Loading is idempotent: it runs at every start-up and migration.
 */
export interface ReferenceData {
  name: string;
  load(db: Kysely<Database>): Promise<void>;
}
