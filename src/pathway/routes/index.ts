import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { guardAll, requireSignIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import type { PathwayService } from '../service.js';
import { importExportRoutes } from './import-export.js';
import { providerAccountOnly, providerPlacementRoutes } from './provider.js';
import { queueRoutes } from './queues.js';
import { referralRoutes } from './referrals.js';
import { stageRoutes } from './stages.js';
import { summaryRoutes } from './summary.js';

export interface PathwayRouteServices {
  db: Kysely<Database>;
  now: () => Date;
  pathway: PathwayService;
}

/** Every page of the pathway tracker: the partnership's records, and a provider account's placements. */
export function pathwayRoutes({ db, now, pathway }: PathwayRouteServices): FastifyPluginAsync {
  return async (app) => {
    guardAll(app, requireSignIn);
    referralRoutes(app, db, pathway, now);
    stageRoutes(app, db, pathway, now);
    importExportRoutes(app, db, now);
    queueRoutes(app, db, now);
    summaryRoutes(app, db, now);
    app.register(async (providerPages) => {
      guardAll(providerPages, providerAccountOnly);
      providerPlacementRoutes(providerPages, db, pathway, now);
    });
  };
}
