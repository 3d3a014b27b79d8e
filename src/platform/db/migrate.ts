import { type Kysely, Migrator, sql } from 'kysely';
import { migrations } from './migrations/index.js';

/**
 * Brings the schema up to date. Most starts find nothing to do: one look at the migrations
 * table tells, where Kysely's Migrator would first read the whole catalogue to find its tables
 * (on the embedded database, a fifth of a later start).
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (await allApplied(db)) return [];
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).map((result) => result.migrationName);
}

/** Whether every migration in the repository, and no other, is recorded as applied. */
async function allApplied(db: Kysely<any>): Promise<boolean> {
  const table = await sql<{ present: boolean }>`SELECT to_regclass('kysely_migration') IS NOT NULL AS present`.execute(db);
  if (!table.rows[0]?.present) return false;
  const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
  const names = applied.rows.map((row) => row.name).sort();
  const wanted = Object.keys(migrations).sort();
  return names.length === wanted.length && names.every((name, index) => name === wanted[index]);
}
