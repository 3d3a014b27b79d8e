import crypto from 'node:crypto';
import pg from 'pg';
import { createMemoryDatabase, createPostgresDatabase, type DatabaseHandle } from '../src/platform/db/connect.js';

/** A throw-away database: PGlite in memory, or a new database on the PostgreSQL server given. */
export async function openBenchDatabase(postgresUrl: string | undefined): Promise<DatabaseHandle & { url?: string }> {
  if (!postgresUrl) return createMemoryDatabase();
  const name = `rp_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const handle = createPostgresDatabase(url.toString(), { poolSize: 10, statementTimeoutMs: 0 });
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: postgresUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
