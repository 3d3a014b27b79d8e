import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import type { DirectoryService } from '../../directory-service.js';
import { providerAccountPages, providerPages } from './providers.js';
import { packPages, servicePages } from './services.js';
import { yourServicesPage } from './your-services.js';

/** The administrators' pages for providers and provider accounts, and the pages where services and their packs are kept up to date. */
export function directoryAdminRoutes(app: FastifyInstance, db: Kysely<Database>, service: DirectoryService, now: () => Date) {
  providerPages(app, db, service, now);
  providerAccountPages(app, db, service);
  servicePages(app, db, service, now);
  packPages(app, db, service, now);
  yourServicesPage(app, db, now);
}
