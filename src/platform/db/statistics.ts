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

/**
 * ANALYZE the named tables, or every table of the service's own (not the system catalogues,
 * which take most of a whole-database ANALYZE's time), if this database has no autovacuum.
 */
export async function refreshPlannerStatistics<DB>(db: Kysely<DB>, tables: readonly string[] = []): Promise<boolean> {
  if (!withoutAutovacuum.has(db)) return false;
  const names = tables.length ? tables : (await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(db)).rows.map((row) => row.tablename);
  if (names.length) await sql`ANALYZE ${sql.join(names.map((table) => sql.table(table)))}`.execute(db);
  return true;
}
