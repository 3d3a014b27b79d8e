import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { guardAll, requireRole, requireSignIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import type { Messenger } from '../../platform/messages.js';
import { recordWorkers } from '../access.js';
import type { PlacementService } from '../placement-service.js';
import type { PathwayService } from '../service.js';
import { importExportRoutes } from './import-export.js';
import { providerAccountOnly, providerPlacementRoutes } from './provider.js';
import { placementRequestProviderRoutes, placementRequestStaffRoutes } from './placement-requests.js';
import { queueRoutes } from './queues.js';
import { referralRoutes } from './referrals.js';
import { referrerAlertRoutes } from './referrer-alert.js';
import { stageRoutes } from './stages.js';

export interface PathwayRouteServices {
  db: Kysely<Database>;
  now: () => Date;
  pathway: PathwayService;
  /** How the referrer is alerted to an unplanned discharge. */
  messenger: Messenger;
  placements: PlacementService;
  /** Where large uploads are kept while they are imported. */
  uploadsFolder: string;
}

/** Every page of the pathway tracker: the partnership's records, and a provider account's placements. */
export function pathwayRoutes({ db, now, pathway, messenger, placements, uploadsFolder }: PathwayRouteServices): FastifyPluginAsync {
  return async (app) => {
    guardAll(app, requireSignIn);
    app.register(async (records) => {
      guardAll(records, requireRole(...recordWorkers));
      referralRoutes(records, db, pathway, now);
      referrerAlertRoutes(records, db, pathway, messenger, now);
      stageRoutes(records, db, pathway, now);
      importExportRoutes(records, db, now, uploadsFolder);
      queueRoutes(records, db, now);
      placementRequestStaffRoutes(records, db, placements);
    });
    app.register(async (providerPages) => {
      guardAll(providerPages, providerAccountOnly);
      providerPlacementRoutes(providerPages, db, pathway, now);
      placementRequestProviderRoutes(providerPages, db, placements, now);
    });
  };
}
