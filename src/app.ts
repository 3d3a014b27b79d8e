import crypto from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { adminRoutes } from './accounts/admin-routes.js';
import { auditRoutes } from './accounts/audit-routes.js';
import { peopleRoutes } from './accounts/people-routes.js';
import { accountRoutes } from './accounts/routes.js';
import { createAccountsService } from './accounts/service.js';
import type { AppConfig } from './config.js';
import { assessmentRoutes } from './assessment/routes/index.js';
import { createAssessmentService } from './assessment/service.js';
import { homeRoutes } from './home/routes.js';
import { pathwayRoutes } from './pathway/routes/index.js';
import { providerRoutes } from './providers/routes/index.js';
import type { Database } from './platform/db/schema.js';
import type { Mailer } from './platform/mail.js';
import { loggerOptions } from './platform/logging.js';
import { setupWeb } from './platform/web/setup.js';

export interface AppDependencies {
  db: Kysely<Database>;
  config: AppConfig;
  /** The current time; tests pass a fixed or moving clock so date rules can be checked. */
  clock?: () => Date;
  mailer?: Mailer | null;
  logger?: FastifyServerOptions['logger'];
}

/** Builds the whole service. Tests drive it in-process with inject(); server.ts listens on a port. */
export async function buildApp({ db, config, clock = () => new Date(), mailer = null, logger }: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? loggerOptions(config),
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 256 * 1024,
    trustProxy: config.trustProxy,
  });

  await setupWeb(app, { config, db, now: clock });

  const accounts = createAccountsService({ db, now: clock, mailer, publicUrl: config.publicUrl });

  homeRoutes(app, db, clock);
  accountRoutes(app, accounts);
  peopleRoutes(app, db, accounts, clock);
  auditRoutes(app, db);
  adminRoutes(app, db, accounts);
  assessmentRoutes(app, { db, assessments: createAssessmentService({ db, now: clock }), now: clock });
  providerRoutes(app, { db, now: clock });
  pathwayRoutes(app, { db, now: clock });

  return app;
}
