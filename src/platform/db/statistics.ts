import { type Kysely, sql } from 'kysely';

/**
 * The embedded database runs no autovacuum, so nothing gathers the planner's statistics: left
 * alone, it takes every table for empty and chooses nested loops that cost pages tens of
 * milliseconds once there is data. The service gathers them itself after a large change (the
 * demo data, an import) and once it is listening. PostgreSQL's autovacuum does this on its own.
 */
const withoutAutovacuum = new WeakSet<object>();

/** Called by connect.ts for each embedded database handle. */
export function markWithoutAutovacuum(db: object): void {
  withoutAutovacuum.add(db);
}

/** ANALYZE (the named tables, or every table) if this database has no autovacuum to do it. */
export async function refreshPlannerStatistics<DB>(db: Kysely<DB>, tables: readonly string[] = []): Promise<boolean> {
  if (!withoutAutovacuum.has(db)) return false;
  await (tables.length ? sql`ANALYZE ${sql.join(tables.map((table) => sql.table(table)))}` : sql`ANALYZE`).execute(db);
  return true;
}
