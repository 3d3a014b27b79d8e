import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { loadChartModules } from '../../insight/index.js';
import { guardAll, requireAnalyst, requireRole } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { analystRoutes } from './analysts.js';
import { sharingRoutes } from './sharing.js';

export interface RegionalRouteServices {
  db: Kysely<Database>;
  now: () => Date;
}

/**
 * Regional and national analysts' pages (analyst accounts only; everyone else gets 403), and
 * the lead commissioner's choice to share the partnership's figures with them.
 */
export function regionalRoutes({ db, now }: RegionalRouteServices): FastifyPluginAsync {
  return async (app) => {
    // The league table draws a funnel plot: the chart modules load with the first page, not at start-up.
    app.addHook('onRequest', async () => {
      await loadChartModules();
    });
    await app.register(async (scope) => {
      guardAll(scope, requireRole('lead_commissioner'));
      sharingRoutes(scope, db, now);
    });
    await app.register(async (scope) => {
      guardAll(scope, requireAnalyst());
      analystRoutes(scope, db, now);
    });
  };
}
