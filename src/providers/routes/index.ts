import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { guardAll, requireSignIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import type { BedService } from '../bed-service.js';
import type { CommissioningService } from '../commissioning-service.js';
import { bedRoutes } from './beds.js';
import type { DirectoryService } from '../directory-service.js';
import { commissioningRoutes } from './commissioning/index.js';
import { directoryRoutes } from './directory.js';
import { directoryAdminRoutes } from './directory-admin/index.js';
import { openReferralRoutes } from './open-referral.js';
import { serviceImportRoutes } from './service-import.js';

export interface ProviderRouteServices {
  db: Kysely<Database>;
  now: () => Date;
  directory: DirectoryService;
  commissioning: CommissioningService;
  beds: BedService;
}

/** Every page of the provider directory and commissioning. */
export function providerRoutes({ db, now, directory, commissioning, beds }: ProviderRouteServices): FastifyPluginAsync {
  return async (app) => {
    guardAll(app, requireSignIn);
    directoryRoutes(app, db, now);
    openReferralRoutes(app, db, now);
    directoryAdminRoutes(app, db, directory, now);
    app.register(async (administrators) => serviceImportRoutes(administrators, db, now));
    commissioningRoutes(app, db, commissioning, now);
    bedRoutes(app, db, beds, now);
  };
}
