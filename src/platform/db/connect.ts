import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import type { Database } from './schema.js';

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Both drivers return the same JavaScript values: DATE as a 'YYYY-MM-DD' string (a Date would
 * shift with the server's time zone), and counts and numerics as numbers.
 */
const sharedParsers: Record<number, (value: string) => unknown> = {
  [DATE_OID]: (value) => value,
  [INT8_OID]: (value) => Number(value),
  [NUMERIC_OID]: (value) => Number(value),
};

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** True when this start created the embedded database from nothing. */
  created: boolean;
  close(): Promise<void>;
}

export class DataFolderInUseError extends Error {}

export interface PostgresOptions {
  poolSize?: number;
  /** Cancels a statement that runs longer than this; 0 lets statements run for ever. */
  statementTimeoutMs?: number;
}

export function createPostgresDatabase(connectionString: string, { poolSize = 10, statementTimeoutMs = 30_000 }: PostgresOptions = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    statement_timeout: statementTimeoutMs,
    // A request waits this long for a free connection, then fails instead of queueing for ever.
    connectionTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        sharedParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process;
  // the pool replaces it and the next query reports any lasting problem.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', created: false, close: () => db.destroy() };
}

export function pgliteOptions() {
  return { parsers: sharedParsers };
}

/** An embedded database held in memory, optionally starting from a dumped data folder. */
export async function createMemoryDatabase(loadDataDir?: Blob): Promise<DatabaseHandle> {
  const pglite = await PGlite.create({ ...pgliteOptions(), ...(loadDataDir ? { loadDataDir } : {}) });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', created: true, close: () => db.destroy() };
}

/**
 * Opens the embedded database in a folder. Two processes sharing one PGlite folder silently
 * lose committed rows, so the folder is locked for as long as this process has it open.
 */
export async function createEmbeddedDatabase(dataDir: string): Promise<DatabaseHandle> {
  fs.mkdirSync(dataDir, { recursive: true });
  const pgDataDir = path.join(dataDir, 'pgdata');
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      lockfilePath: path.join(dataDir, 'residential-pathways.lock'),
      stale: 15_000,
      update: 5_000,
      retries: 0,
      realpath: false,
    });
  } catch (error) {
    throw new DataFolderInUseError(
      `The data folder ${dataDir} is already in use by another Residential Pathways process. ` +
        'Stop that process first, or set DATA_DIR to a different folder. ' +
        'To run more than one process, use PostgreSQL (set DATABASE_URL).',
      { cause: error },
    );
  }
  const created = !fs.existsSync(path.join(pgDataDir, 'PG_VERSION'));
  const pglite = await PGlite.create(pgDataDir, pgliteOptions());
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    created,
    async close() {
      await db.destroy();
      await release();
    },
  };
}

export type DatabaseState = 'up' | 'busy' | 'down';

/**
 * Whether the database answers. The embedded database runs one statement at a time, so during
 * a long import a health check would otherwise wait its turn for minutes: after `waitMs` the
 * database counts as busy (alive, but not answering yet) instead of holding the check.
 */
export async function databaseState(db: Kysely<Database>, waitMs = 2_000): Promise<DatabaseState> {
  let timer: NodeJS.Timeout | undefined;
  const busy = new Promise<'busy'>((resolve) => {
    timer = setTimeout(() => resolve('busy'), waitMs);
  });
  const answer = sql`select 1`.execute(db).then(
    () => 'up' as const,
    () => 'down' as const,
  );
  try {
    return await Promise.race([answer, busy]);
  } finally {
    clearTimeout(timer);
  }
}
