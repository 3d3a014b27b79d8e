import crypto from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import type { Kysely } from 'kysely';
import { accountNavigation, accountsRoutes } from './accounts/index.js';
import { apiNavigation, apiRoutes, apiTokenPages } from './api/index.js';
import { assessmentNavigation, assessmentRoutes } from './assessment/index.js';
import type { AppConfig } from './config.js';
import { homeNavigation, homeRoutes } from './home/index.js';
import { insightNavigation, insightRoutes } from './insight/index.js';
import { pathwayNavigation, pathwayRoutes } from './pathway/index.js';
import type { Database } from './platform/db/schema.js';
import { loggerOptions } from './platform/logging.js';
import type { Mailer } from './platform/mail.js';
import { createMessenger, type Messenger } from './platform/messages.js';
import { setupWeb } from './platform/web/setup.js';
import { uploadsFolder } from './platform/web/upload.js';
import { providerNavigation, providerRoutes } from './providers/index.js';
import { regionalNavigation, regionalRoutes } from './regional/index.js';
import { createServices, type Services } from './services.js';

export interface AppDependencies {
  db: Kysely<Database>;
  config: AppConfig;
  /** The current time; tests pass a fixed or moving clock so date rules can be checked. */
  clock?: () => Date;
  /** SMTP in place of SMTP_URL's (tests pass one that keeps what it is given; null for none). */
  mailer?: Mailer | null;
  /** How messages go; built from the configuration (Notify, SMTP or on screen) when not given. */
  messenger?: Messenger;
  logger?: FastifyServerOptions['logger'];
  /** Every service the routes use; built from the other dependencies when not given. */
  services?: Services;
}

/** Builds the whole service. Tests drive it in-process with inject(); server.ts listens on a port. */
export async function buildApp({ db, config, clock = () => new Date(), mailer, messenger, logger, services }: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? loggerOptions(config),
    // One line for each request, when it is answered (below), rather than Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 256 * 1024,
    trustProxy: config.trustProxy,
  });
  app.addHook('onResponse', async (request, reply) => {
    reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  });
  const built =
    services ??
    createServices({ db, now: clock, messenger: messenger ?? createMessenger(config, { log: app.log, mailer }), publicUrl: config.publicUrl, uploadsFolder: uploadsFolder(config.dataDir) });

  await setupWeb(app, {
    config,
    db,
    now: clock,
    navigation: [homeNavigation, pathwayNavigation, insightNavigation, regionalNavigation, assessmentNavigation, providerNavigation, accountNavigation, apiNavigation],
    pages: async (site) => {
      await site.register(homeRoutes(built));
      await site.register(accountsRoutes(built));
      await site.register(assessmentRoutes(built));
      await site.register(providerRoutes(built));
      await site.register(pathwayRoutes(built));
      await site.register(insightRoutes(built));
      await site.register(regionalRoutes(built));
      await site.register(apiTokenPages(built));
    },
  });
  // The JSON API: beside the pages, not inside them, so no session, cookie or CSRF check runs for it.
  await app.register(apiRoutes(built, { maxEventLoopDelayMs: config.maxEventLoopDelayMs }), { prefix: '/api/v1' });

  return app;
}
