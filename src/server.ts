import { buildApp } from './app.js';
import { loadChartModules } from './insight/index.js';
import { ConfigError, loadConfig } from './config.js';
import { createEmbeddedDatabase, createPostgresDatabase, DataFolderInUseError, type DatabaseHandle } from './platform/db/connect.js';
import { prepareDatabase } from './prepare-database.js';
import { clearLeftOverUploads } from './platform/web/upload.js';
import { seedDemo, printDemoSignIns } from './demo/seed.js';

async function main() {
  const config = loadConfig();
  let database: DatabaseHandle;
  if (config.databaseUrl) {
    database = createPostgresDatabase(config.databaseUrl, { poolSize: config.databasePoolSize, statementTimeoutMs: config.databaseStatementTimeoutMs });
  } else {
    database = await createEmbeddedDatabase(config.dataDir);
    // The embedded database belongs to this process, so it is brought up to date here.
    await prepareDatabase(database.db);
    if (database.created && config.seedDemo) {
      const demo = await seedDemo(database.db, { sampleWork: true });
      printDemoSignIns(demo);
    }
  }

  const cleared = await clearLeftOverUploads(config.dataDir);
  const app = await buildApp({ db: database.db, config });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  if (cleared) app.log.info({ cleared }, 'removed uploads left behind by a stopped process');
  await app.listen({ port: config.port, host: config.host });
  // Ready to serve; the chart modules load now, in the background, rather than delay the start.
  void loadChartModules();
  const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
  app.log.info(`Residential Pathways is running at http://${shownHost}:${config.port} (${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataFolderInUseError) {
    console.error(error.message);
  } else {
    console.error('Residential Pathways could not start:', error);
  }
  process.exit(1);
});
