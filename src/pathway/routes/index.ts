import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { createPathwayService } from '../service.js';
import { referralRoutes } from './referrals.js';
import { stageRoutes } from './stages.js';
import { importExportRoutes } from './import-export.js';
import { providerPlacementRoutes } from './provider.js';
import { queueRoutes } from './queues.js';
import { summaryRoutes } from './summary.js';

export interface PathwayRouteDependencies {
  db: Kysely<Database>;
  now: () => Date;
}

/** Every page of the pathway tracker. */
export function pathwayRoutes(app: FastifyInstance, { db, now }: PathwayRouteDependencies) {
  const pathway = createPathwayService({ db, now });
  referralRoutes(app, db, pathway, now);
  stageRoutes(app, db, pathway, now);
  importExportRoutes(app, db, now);
  providerPlacementRoutes(app, db, now);
  queueRoutes(app, db, now);
  summaryRoutes(app, db, now);
}
