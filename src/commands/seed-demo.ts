import { loadConfig } from '../config.js';
import { createEmbeddedDatabase, createPostgresDatabase } from '../platform/db/connect.js';
import { prepareDatabase } from '../prepare-database.js';
import { printDemoSignIns, seedDemo } from '../demo/seed.js';

// Seeds the demo data on request, including into PostgreSQL (never done automatically there).
const config = loadConfig();
const database = config.databaseUrl ? createPostgresDatabase(config.databaseUrl, { poolSize: 2, statementTimeoutMs: 0 }) : await createEmbeddedDatabase(config.dataDir);
try {
  await prepareDatabase(database.db);
  const existing = await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) {
    console.error('The database already has accounts in it, so the demo data was not added.');
    process.exitCode = 1;
  } else {
    printDemoSignIns(await seedDemo(database.db, { sampleWork: true }));
  }
} finally {
  await database.close();
}
