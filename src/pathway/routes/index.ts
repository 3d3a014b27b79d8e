import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

export interface PathwayRouteDependencies {
  db: Kysely<Database>;
  now: () => Date;
}

/** Every page of the pathway tracker. */
export function pathwayRoutes(app: FastifyInstance, { db, now }: PathwayRouteDependencies) {
  void app;
  void db;
  void now;
}
