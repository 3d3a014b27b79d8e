import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from './pglite-dialect.js';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import lockfile from 'proper-lockfile';
import { markSingleConnection } from './bulk-load.js';
import { copyStatement, registerCopy } from './copy.js';
import { preparingReads } from './prepared.js';
import { markWithoutAutovacuum } from './statistics.js';
import { registerTableWrites, TableWrites } from './table-writes.js';
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
  pool.on('connect', preparingReads());
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // A COPY streams its rows to a connection of its own from the pool, as one statement.
  registerCopy(db, async (table, columns, csv) => {
    const client = await pool.connect();
    try {
      const copy = client.query(copyFrom(copyStatement(table, columns, 'STDIN')));
      await pipeline(Readable.from([csv]), copy);
      client.release();
      return copy.rowCount;
    } catch (error) {
      // The pool discards a connection released with an error, whatever state the COPY left it in.
      client.release(error as Error);
      throw error;
    }
  });
  return { db, kind: 'postgres', created: false, close: () => db.destroy() };
}

/**
 * A Kysely handle on a PGlite instance, with COPY from PGlite's '/dev/blob'. The COPY waits for
 * the dialect's one connection like any other query: called directly, PGlite would run it in
 * the middle of whichever transaction holds the connection.
 */
function pgliteKysely(pglite: PGlite): Kysely<Database> {
  // Only this process writes to an embedded database, so counting its writes tells exactly when
  // something kept in memory (who is signed in, for one) may be out of date.
  const writes = new TableWrites();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), plugins: [writes] });
  registerTableWrites(db, writes);
  markWithoutAutovacuum(db);
  markSingleConnection(db);
  registerCopy(db, (table, columns, csv) =>
    db.connection().execute(async () => {
      const result = await pglite.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob([csv]) });
      return result.affectedRows ?? 0;
    }),
  );
  return db;
}

export function pgliteOptions() {
  return { parsers: sharedParsers };
}

interface MemoryFileSystem {
  expandFileStorage(node: { contents?: Uint8Array | null }, capacity: number): void;
}

/**
 * An in-memory database keeps its files in Emscripten's MEMFS, which grows a file of more than
 * 1 MB by an eighth at a time, copying the whole file each time: loading 100,000 referrals spent
 * about 3 s copying. Growing to twice the size instead copies each byte about once (memory stays
 * within twice the files' size). A database in a folder writes its files to disk and is not
 * touched. If a PGlite upgrade moves MEMFS, files grow as before: slower, never wrong.
 */
export function growMemoryFilesByDoubling(pglite: PGlite): boolean {
  const memfs = (pglite as unknown as { Module?: { FS?: { filesystems?: { MEMFS?: Partial<MemoryFileSystem> } } } }).Module?.FS?.filesystems?.MEMFS;
  const expand = memfs?.expandFileStorage;
  if (!memfs || typeof expand !== 'function') return false;
  memfs.expandFileStorage = (node, capacity) => {
    const held = node.contents?.length ?? 0;
    if (held >= capacity) return;
    expand.call(memfs, node, Math.max(capacity, held * 2));
  };
  return true;
}

/** An embedded database held in memory, optionally starting from a dumped data folder. */
export async function createMemoryDatabase(loadDataDir?: Blob): Promise<DatabaseHandle> {
  const pglite = await PGlite.create({ ...pgliteOptions(), ...(loadDataDir ? { loadDataDir } : {}) });
  growMemoryFilesByDoubling(pglite);
  const db = pgliteKysely(pglite);
  return { db, kind: 'pglite', created: true, close: () => db.destroy() };
}

const lockName = 'residential-pathways.lock';
/** Who holds the lock, beside it: proper-lockfile's lock is a directory that must stay empty. */
const ownerName = 'residential-pathways.lock.owner';
/** The holder renews the lock this often; a lock not renewed for `lockStaleMs` is taken over. */
const lockUpdateMs = 5_000;
export const lockStaleMs = 15_000;

interface LockOwner {
  pid: number;
  hostname: string;
}

function readOwner(dataDir: string): LockOwner | null {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(dataDir, ownerName), 'utf8')) as Partial<LockOwner>;
    return Number.isInteger(owner.pid) && typeof owner.hostname === 'string' ? { pid: owner.pid as number, hostname: owner.hostname } : null;
  } catch {
    return null;
  }
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** The lock's age from its last renewal, or null when it has just gone. */
function lockAgeMs(dataDir: string): number | null {
  try {
    return Date.now() - fs.statSync(path.join(dataDir, lockName)).mtimeMs;
  } catch {
    return null;
  }
}

function takeLock(dataDir: string) {
  return lockfile.lock(dataDir, {
    lockfilePath: path.join(dataDir, lockName),
    stale: lockStaleMs,
    update: lockUpdateMs,
    retries: 0,
    realpath: false,
  });
}

function inUseMessage(dataDir: string, owner: LockOwner | null, ageMs: number | null): string {
  const holder = owner
    ? owner.hostname === os.hostname()
      ? `process ${owner.pid} on this computer`
      : `process ${owner.pid} on ${owner.hostname}`
    : 'another process';
  const clearsIn = Math.max(1, Math.ceil((lockStaleMs - (ageMs ?? 0)) / 1000));
  return (
    `The data folder ${dataDir} is already in use by another Residential Pathways process (${holder}). ` +
    'Stop that process first, or set DATA_DIR to a different folder. ' +
    `If that process has stopped (for example after a crash), the lock is stale and clears itself within ${clearsIn} seconds; then start again. ` +
    'To run more than one process, use PostgreSQL (set DATABASE_URL).'
  );
}

/**
 * Locks the folder for this process. A lock left by a crashed process on this computer is
 * cleared at once, as its process id shows it is gone; otherwise a lock that stops being
 * renewed is only taken over once it is stale, which the message says.
 */
async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  let release: () => Promise<void>;
  try {
    release = await takeLock(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = readOwner(dataDir);
    const abandoned = owner !== null && owner.hostname === os.hostname() && owner.pid !== process.pid && !processIsRunning(owner.pid);
    if (!abandoned) throw new DataFolderInUseError(inUseMessage(dataDir, owner, lockAgeMs(dataDir)), { cause: error });
    fs.rmSync(path.join(dataDir, ownerName), { force: true });
    fs.rmSync(path.join(dataDir, lockName), { recursive: true, force: true });
    try {
      release = await takeLock(dataDir);
    } catch (retryError) {
      // Another process cleared the same stale lock first and holds the folder now.
      throw new DataFolderInUseError(inUseMessage(dataDir, readOwner(dataDir), lockAgeMs(dataDir)), { cause: retryError });
    }
  }
  fs.writeFileSync(path.join(dataDir, ownerName), JSON.stringify({ pid: process.pid, hostname: os.hostname() } satisfies LockOwner));
  return async () => {
    fs.rmSync(path.join(dataDir, ownerName), { force: true });
    await release();
  };
}

/**
 * Opens the embedded database in a folder. Two processes sharing one PGlite folder silently
 * lose committed rows, so the folder is locked for as long as this process has it open.
 */
export async function createEmbeddedDatabase(dataDir: string): Promise<DatabaseHandle> {
  fs.mkdirSync(dataDir, { recursive: true });
  const pgDataDir = path.join(dataDir, 'pgdata');
  const release = await lockDataFolder(dataDir);
  const created = !fs.existsSync(path.join(pgDataDir, 'PG_VERSION'));
  const pglite = await PGlite.create(pgDataDir, pgliteOptions());
  const db = pgliteKysely(pglite);
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
