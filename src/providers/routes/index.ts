import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { commissioningRoutes } from './commissioning.js';
import { serviceImportRoutes } from './service-import.js';

export interface ProviderRouteDependencies {
  db: Kysely<Database>;
  now: () => Date;
}

/** Every page of the provider directory and commissioning. */
export function providerRoutes(app: FastifyInstance, { db, now }: ProviderRouteDependencies) {
  serviceImportRoutes(app, db, now);
  commissioningRoutes(app, db, now);
}
