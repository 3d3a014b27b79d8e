import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import type { CommissioningService } from '../../commissioning-service.js';
import { contractRoutes } from './contracts.js';
import { preferredRoutes } from './preferred.js';
import { serviceCommissioningRoutes } from './service.js';

/**
 * Contracts, the preferred-provider list with its reviews, and local notes: everything a
 * partnership adds about a service, seen only by that partnership. The lead commissioner makes
 * changes; contributors and viewers read; peer reviewers (from another area) are refused.
 */

/** Every page of contracts, the preferred-provider list, its reviews and local notes. */
export function commissioningRoutes(app: FastifyInstance, db: Kysely<Database>, service: CommissioningService, now: () => Date) {
  contractRoutes(app, db, service, now);
  preferredRoutes(app, db, service, now);
  serviceCommissioningRoutes(app, db, service, now);
}
