import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from '../src/platform/db/pglite-dialect.js';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createPostgresDatabase, pgliteOptions } from '../src/platform/db/connect.js';
import type { Database } from '../src/platform/db/schema.js';
import { prepareDatabase } from '../src/prepare-database.js';
import { testDatabaseKind, templateDatabaseName } from './database-kind.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
  }
}

/**
 * Migrates one database up front; each test file then starts from a copy of it, which is
 * far quicker than creating and migrating a database per file.
 */
export default async function setup(project: TestProject) {
  if (testDatabaseKind() === 'postgres') {
    const url = process.env.TEST_DATABASE_URL as string;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'rp_test_%'");
    for (const row of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${templateDatabaseName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${templateDatabaseName}`);
    await admin.end();
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${templateDatabaseName}`;
    const template = createPostgresDatabase(templateUrl.toString(), { poolSize: 1, statementTimeoutMs: 0 });
    await prepareDatabase(template.db);
    await template.close();
    project.provide('pgliteTemplatePath', '');
    return;
  }
  const pglite = await PGlite.create(pgliteOptions());
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  await prepareDatabase(db);
  const dump = await pglite.dumpDataDir('none');
  const templatePath = path.join(os.tmpdir(), `rp-test-template-${process.pid}.tar`);
  fs.writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
  await db.destroy();
  project.provide('pgliteTemplatePath', templatePath);
  return () => fs.rmSync(templatePath, { force: true });
}
