import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { figureReaders } from '../../pathway/index.js';
import { guardAll, requireRole } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { publishedFiguresRoutes } from './published-figures.js';
import { summaryRoutes } from './summary.js';

export interface InsightRouteServices {
  db: Kysely<Database>;
  now: () => Date;
}

/** The partnership's figures: for everyone in it who reads figures, never for peer reviewers from another area. */
export function insightRoutes({ db, now }: InsightRouteServices): FastifyPluginAsync {
  return async (app) => {
    await app.register(async (figures) => {
      guardAll(figures, requireRole(...figureReaders));
      summaryRoutes(figures, db, now);
    });
    // Published figures have their own guard: lead commissioners and administrators.
    await app.register(publishedFiguresRoutes({ db, now }));
  };
}
