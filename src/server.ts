import { ConfigError, loadConfig } from './config.js';
import { createEmbeddedDatabase, createPostgresDatabase, DataFolderInUseError, type DatabaseHandle } from './platform/db/connect.js';

/** The rest of the service, loaded while the database opens (both take a few hundred milliseconds). */
function loadService() {
  return Promise.all([
    import('./app.js'),
    import('./pathway/index.js'),
    import('./prepare-database.js'),
    import('./platform/db/statistics.js'),
    import('./platform/messages.js'),
    import('./platform/web/upload.js'),
    import('./platform/weekly-schedule.js'),
    import('./demo/seed.js'),
  ]).then(([app, pathway, prepare, statistics, messages, upload, schedule, demo]) => ({
    buildApp: app.buildApp,
    sendWeeklyDigests: pathway.sendWeeklyDigests,
    weeklyDigestDue: pathway.weeklyDigestDue,
    prepareDatabase: prepare.prepareDatabase,
    refreshPlannerStatistics: statistics.refreshPlannerStatistics,
    createMessenger: messages.createMessenger,
    clearLeftOverUploads: upload.clearLeftOverUploads,
    startWeeklySchedule: schedule.startWeeklySchedule,
    seedDemo: demo.seedDemo,
    printDemoSignIns: demo.printDemoSignIns,
  }));
}

async function main() {
  const config = loadConfig();
  const loading = loadService();
  // A failure to load is reported where it is awaited, not as an unhandled rejection meanwhile.
  loading.catch(() => {});
  let database: DatabaseHandle;
  if (config.databaseUrl) {
    database = createPostgresDatabase(config.databaseUrl, { poolSize: config.databasePoolSize, statementTimeoutMs: config.databaseStatementTimeoutMs });
  } else {
    database = await createEmbeddedDatabase(config.dataDir);
    const { prepareDatabase, seedDemo, printDemoSignIns } = await loading;
    // The embedded database belongs to this process, so it is brought up to date here.
    await prepareDatabase(database.db);
    if (database.created && config.seedDemo) {
      const demo = await seedDemo(database.db, { sampleWork: true });
      printDemoSignIns(demo);
    }
  }

  const { buildApp, clearLeftOverUploads, createMessenger, refreshPlannerStatistics, sendWeeklyDigests, startWeeklySchedule, weeklyDigestDue } = await loading;
  const cleared = await clearLeftOverUploads(config.dataDir);
  const app = await buildApp({ db: database.db, config });

  let digestSchedule: { stop(): void } | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    digestSchedule?.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  if (cleared) app.log.info({ cleared }, 'removed uploads left behind by a stopped process');
  await app.listen({ port: config.port, host: config.host });
  const digestAt = config.weeklyDigestAt;
  if (digestAt) {
    // Off unless WEEKLY_DIGEST_AT is set; `npm run send-digest` does the same from outside.
    const messenger = createMessenger(config, { log: app.log });
    const serviceUrl = config.publicUrl ?? `http://localhost:${config.port}`;
    digestSchedule = startWeeklySchedule({
      due: (now) => weeklyDigestDue(now, digestAt),
      log: app.log,
      run: async () => {
        const run = await sendWeeklyDigests({ db: database.db, messenger, now: () => new Date(), serviceUrl });
        if (run.sent || run.failed) app.log.info({ weekStarting: run.weekStarting, sent: run.sent, failed: run.failed }, 'weekly digest of overdue work');
      },
    });
  }
  // Ready to serve; the embedded database's planner statistics are brought up to date (it has no
  // autovacuum). The chart modules (14 MB) are left to load with the first page that draws a chart.
  void refreshPlannerStatistics(database.db).catch((error: unknown) => app.log.warn({ err: error }, 'could not gather the planner statistics'));
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
