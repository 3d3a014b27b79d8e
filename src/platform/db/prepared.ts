import type pg from 'pg';

/**
 * On PostgreSQL every read runs as a named prepared statement, parsed once on each connection
 * and, after a few runs, planned once: planning the home page's counts took longer than running
 * them (0.95 ms against 0.5 ms). The embedded database's dialect prepares every statement itself
 * (pglite-dialect.ts).
 *
 * Only reads: their text is the same on every request, while a write's often is not (an insert of
 * as many rows as a file had). Names are given by text for the whole pool, so a name always means
 * the same statement on every connection; past `preparedReadsAtMost` different texts, a new one
 * runs unprepared, so a statement built afresh each time cannot fill the server's memory.
 */
export const preparedReadsAtMost = 500;

/** A read: SELECT or WITH first, whatever the case, after any leading space or comment. */
export function isRead(text: string): boolean {
  return /^(?:\s|\/\*[^*]*\*\/|--[^\n]*\n)*(?:select|with)\b/i.test(text);
}

/** PostgreSQL's refusal to run a prepared statement whose tables changed their columns since (a migration by another process). */
export function resultTypeChanged(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === '0A000' && /cached plan must not change result type/.test(message ?? '');
}

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/** Makes each connection the pool opens run reads prepared (a pool's 'connect' listener). */
export function preparingReads(): (client: pg.PoolClient) => void {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < preparedReadsAtMost && isRead(text)) {
      name = `rp_read_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  return (client) => {
    const query = client.query.bind(client) as Query;
    (client as { query: Query }).query = (config, values, callback) => {
      const name = typeof config === 'string' && callback === undefined && typeof values !== 'function' ? nameOf(config) : undefined;
      if (name === undefined) return query(config, values, callback);
      // A statement prepared before a table changed is run again unprepared rather than fail.
      return (query({ name, text: config, values }) as Promise<unknown>).catch((error: unknown) => {
        if (!resultTypeChanged(error)) throw error;
        return query(config, values);
      });
    };
  };
}
