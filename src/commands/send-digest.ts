import pino from 'pino';
import { loadConfig } from '../config.js';
import { sendWeeklyDigests } from '../pathway/index.js';
import { createEmbeddedDatabase, createPostgresDatabase } from '../platform/db/connect.js';
import { createMessenger } from '../platform/messages.js';
import { prepareDatabase } from '../prepare-database.js';

/**
 * Sends this week's digest of overdue work to every lead commissioner and pathway staff member
 * who has not had it yet (`npm run send-digest`, for cron or by hand; WEEKLY_DIGEST_AT does the
 * same inside the running service). Run twice in a week, the second run sends nothing. With no
 * e-mail set up, it prints the digests instead and records nothing, so a later run still sends.
 */
const config = loadConfig();
const log = pino({ level: config.logLevel });
const database = config.databaseUrl ? createPostgresDatabase(config.databaseUrl, { poolSize: 2, statementTimeoutMs: 0 }) : await createEmbeddedDatabase(config.dataDir);
try {
  if (database.kind === 'pglite') await prepareDatabase(database.db);
  const messenger = createMessenger(config, { log });
  const run = await sendWeeklyDigests({ db: database.db, messenger, now: () => new Date(), serviceUrl: config.publicUrl ?? `http://localhost:${config.port}` });
  for (const shown of run.shown) {
    console.log(`No e-mail is set up (NOTIFY_API_KEY or SMTP_URL), so this digest for ${shown.recipients} ${shown.recipients === 1 ? 'person' : 'people'} was not sent:\n`);
    console.log(`Subject: ${shown.subject}\n\n${shown.text}\n`);
  }
  if (messenger.transport !== 'screen') {
    const via = messenger.transport === 'notify' ? 'GOV.UK Notify' : 'SMTP';
    const failed = run.failed ? `; ${run.failed} failed (see the log, and run again to retry them)` : '';
    console.log(`Weekly digest for the week starting ${run.weekStarting}: sent to ${run.sent} ${run.sent === 1 ? 'person' : 'people'} through ${via}${failed}.`);
  }
  if (run.failed) process.exitCode = 1;
} finally {
  await database.close();
}
