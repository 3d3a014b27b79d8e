import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { seedDemo } from '../src/demo/seed.js';
import { createMemoryDatabase, createPostgresDatabase, type DatabaseHandle } from '../src/platform/db/connect.js';
import { prepareDatabase } from '../src/prepare-database.js';
import { insertTemplate } from '../src/assessment/templates/store.js';
import { shortQuestionBank } from './fixtures.js';
import { loggerOptions } from '../src/platform/logging.js';

/** One pino log line the app wrote at warn level or above. */
export interface AppLogLine {
  level: number;
  msg: string;
  raw: string;
}

export interface RunningApp {
  baseUrl: string;
  databaseKind: 'pglite' | 'postgres';
  databaseLabel: string;
  /** Warnings and errors the app logged; errors (level 50+) fail the run. */
  logs: AppLogLine[];
  stop(): Promise<void>;
}

/** A fresh database: PGlite in memory, or a throw-away PostgreSQL database when TEST_DB=postgres. */
async function createFreshDatabase(): Promise<{ handle: DatabaseHandle; label: string }> {
  if (process.env.TEST_DB === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL (a URL of a PostgreSQL role allowed to create databases)');
    const name = `rp_e2e_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const databaseUrl = new URL(url);
    databaseUrl.pathname = `/${name}`;
    const handle = createPostgresDatabase(databaseUrl.toString(), { poolSize: 4 });
    return {
      label: `PostgreSQL database ${name}`,
      handle: {
        ...handle,
        async close() {
          await handle.close();
          const cleanup = new pg.Client({ connectionString: url });
          await cleanup.connect();
          try {
            await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          } finally {
            await cleanup.end();
          }
        },
      },
    };
  }
  return { handle: await createMemoryDatabase(), label: 'PGlite in memory' };
}

/** Builds the app on a fresh, migrated, seeded database and listens on an ephemeral port. */
export async function startApp(): Promise<RunningApp> {
  const { handle, label } = await createFreshDatabase();
  let app: FastifyInstance | undefined;
  try {
    await prepareDatabase(handle.db);
    // The full demo, so the pages of a finished round (results, report, peer review) are checked too.
    await seedDemo(handle.db, { sampleWork: true });
    await handle.db.transaction().execute((trx) => insertTemplate(trx, shortQuestionBank, 'imported', null));

    const config = testConfig();
    const logs: AppLogLine[] = [];
    const stream = {
      write(line: string) {
        try {
          const parsed = JSON.parse(line) as { level?: number; msg?: string };
          logs.push({ level: parsed.level ?? 0, msg: parsed.msg ?? '', raw: line.trim() });
        } catch {
          logs.push({ level: 50, msg: line.trim(), raw: line.trim() });
        }
      },
    };
    const baseLogger = loggerOptions(config);
    app = await buildApp({
      db: handle.db,
      config,
      // A real clock: no clock is passed, so the app uses new Date().
      mailer: null,
      logger: { ...(typeof baseLogger === 'object' ? baseLogger : {}), level: 'warn', stream },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error(`Unexpected server address ${String(address)}`);
    const running = app;
    return {
      baseUrl: `http://127.0.0.1:${address.port}`,
      databaseKind: handle.kind,
      databaseLabel: label,
      logs,
      async stop() {
        try {
          await running.close();
        } finally {
          await handle.close();
        }
      },
    };
  } catch (error) {
    if (app) await app.close().catch(() => undefined);
    await handle.close().catch(() => undefined);
    throw error;
  }
}
