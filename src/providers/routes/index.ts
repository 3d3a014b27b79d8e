import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { directoryRoutes } from './directory.js';
import { directoryAdminRoutes } from './directory-admin.js';
import { commissioningRoutes } from './commissioning.js';
import { serviceImportRoutes } from './service-import.js';

export interface ProviderRouteDependencies {
  db: Kysely<Database>;
  now: () => Date;
}

/** Every page of the provider directory and commissioning. */
export function providerRoutes(app: FastifyInstance, { db, now }: ProviderRouteDependencies) {
  directoryRoutes(app, db, now);
  directoryAdminRoutes(app, db, now);
  serviceImportRoutes(app, db, now);
  commissioningRoutes(app, db, now);
}
