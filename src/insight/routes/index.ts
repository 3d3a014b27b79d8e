import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { figureReaders } from '../../pathway/index.js';
import { guardAll, requireRole } from '../../platform/auth/context.js';
import { loadChartModules } from '../charts/modules.js';
import type { Database } from '../../platform/db/schema.js';
import { comparisonsRoutes } from './comparisons.js';
import { dashboardRoutes } from './dashboard.js';
import { funnelRoutes } from './funnel.js';
import { publishedFiguresRoutes } from './published-figures.js';
import { summaryRoutes } from './summary.js';

export interface InsightRouteServices {
  db: Kysely<Database>;
  now: () => Date;
}

/**
 * The partnership's figures. The summary's detailed tables are for everyone in the partnership
 * who reads figures; the dashboard pages also open to its peer reviewers from another area,
 * who see them with small counts hidden.
 */
export function insightRoutes({ db, now }: InsightRouteServices): FastifyPluginAsync {
  return async (app) => {
    // The pages draw charts: the chart modules load with the first of them, not at start-up.
    app.addHook('onRequest', async () => {
      await loadChartModules();
    });
    await app.register(async (scope) => {
      guardAll(scope, requireRole(...figureReaders));
      summaryRoutes(scope, db, now);
    });
    await app.register(async (scope) => {
      guardAll(scope, requireRole(...figureReaders, 'peer_reviewer'));
      dashboardRoutes(scope, db, now);
      funnelRoutes(scope, db, now);
      comparisonsRoutes(scope, db, now);
    });
    // Published figures have their own guard: lead commissioners and administrators.
    await app.register(publishedFiguresRoutes({ db, now }));
  };
}
