import { sql } from 'kysely';
import type { Executor } from './executor.js';

/**
 * Loading many rows in one statement without a foreign key check per row. PostgreSQL checks each
 * foreign key with a trigger that looks the referenced row up, one row at a time: for a large
 * referral import on the embedded database those look-ups (seven timeline entries a referral,
 * three keys each then, two since migration 0021) took longer than writing the rows. A caller
 * that has already checked the references itself, all at once, may run its statement with the
 * row triggers switched off (`session_replication_role = replica`, for that statement only).
 *
 * Only on the embedded database: its one connection is a superuser's (the setting needs one),
 * and nothing else runs while the transaction does, so the references checked a moment before
 * cannot change. On PostgreSQL the service's role is not a superuser, and other connections
 * could remove a referenced row in between, so the usual per-row checks stay.
 */
const withoutConcurrentWriters = new WeakSet<object>();

/** Called by connect.ts for each embedded database handle. */
export function markSingleConnection(db: object): void {
  withoutConcurrentWriters.add(db);
}

/** Whether a statement on this handle may run without row triggers once its references are checked. */
export function canSkipRowTriggers(db: object): boolean {
  return withoutConcurrentWriters.has(db);
}

/**
 * Runs `statement` inside the transaction `trx` without row triggers (foreign key checks among
 * them), then switches them back on for the rest of the transaction. The caller must have
 * checked every reference the statement writes. If any of `tables` has a trigger of its own (not
 * one PostgreSQL makes for a constraint) or a rule, the statement runs with its triggers as
 * usual: a trigger added later is never skipped without anyone noticing.
 */
export async function withoutRowTriggers<T>(trx: Executor, tables: readonly string[], statement: () => Promise<T>): Promise<T> {
  const relations = sql.join(tables.map((table) => sql`${table}::regclass`));
  // Rules are skipped in replica mode too.
  const own = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN (${relations}))
        OR EXISTS (SELECT 1 FROM pg_rewrite WHERE ev_class IN (${relations})) AS found
  `.execute(trx);
  if (own.rows[0]?.found) return statement();
  await sql`SET LOCAL session_replication_role = replica`.execute(trx);
  const result = await statement();
  await sql`SET LOCAL session_replication_role = origin`.execute(trx);
  return result;
}
