import { loadConfig } from '../config.js';
import { createEmbeddedDatabase, createPostgresDatabase } from '../platform/db/connect.js';
import { prepareDatabase } from '../prepare-database.js';

const config = loadConfig();
const database = config.databaseUrl ? createPostgresDatabase(config.databaseUrl, { poolSize: 2, statementTimeoutMs: 0 }) : await createEmbeddedDatabase(config.dataDir);
try {
  const applied = await prepareDatabase(database.db);
  console.log(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'The database is already up to date.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
