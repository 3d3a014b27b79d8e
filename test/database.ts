import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { createMemoryDatabase, createPostgresDatabase, type DatabaseHandle } from '../src/platform/db/connect.js';
import { templateDatabaseName, testDatabaseKind } from './database-kind.js';

/** A migrated, empty database of its own for one test file. */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (testDatabaseKind() === 'postgres') {
    const url = process.env.TEST_DATABASE_URL as string;
    const name = `rp_test_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDatabaseName}`);
    await admin.end();
    const testUrl = new URL(url);
    testUrl.pathname = `/${name}`;
    const handle = createPostgresDatabase(testUrl.toString(), { poolSize: 4 });
    return {
      ...handle,
      async close() {
        await handle.close();
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await cleanup.end();
      },
    };
  }
  const templatePath = inject('pgliteTemplatePath');
  return createMemoryDatabase(new Blob([fs.readFileSync(templatePath)]));
}
