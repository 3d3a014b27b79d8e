import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { guardAll, requireSignIn, signedIn } from '../../platform/auth/context.js';
import { roleLabel } from '../../platform/auth/roles.js';
import type { Database } from '../../platform/db/schema.js';
import { databaseState } from '../../platform/db/connect.js';
import { ukToday } from '../../platform/values/calendar.js';
import { readsFigures, worksRecords } from '../../pathway/index.js';
import { homeCommissioningAlerts } from '../../providers/index.js';
import { regionalPaths } from '../../regional/index.js';

export interface HomeRouteServices {
  db: Kysely<Database>;
  now: () => Date;
}

/** The home page, the pages every footer links to, and the health check. */
export function homeRoutes({ db, now }: HomeRouteServices): FastifyPluginAsync {
  return async (app) => {
    app.register(async (signedInPages) => {
      guardAll(signedInPages, requireSignIn);
      homePage(signedInPages, db, now);
    });
    publicPages(app, db);
  };
}

function homePage(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  app.get('/', async (request, reply) => {
    const auth = signedIn(request);
    // Commissioning alerts, for the roles that may read commissioning (not peer reviewers from another area).
    const alerts =
      auth.current && auth.current.role !== 'peer_reviewer'
        ? await homeCommissioningAlerts(db, auth.current.partnershipId, ukToday(now()))
        : [];
    return reply.render('home/views/home.njk', {
      commissioningAlerts: alerts,
      pageTitle: auth.current ? auth.current.partnershipName : 'Home',
      current: auth.current ? { ...auth.current, roleLabel: roleLabel(auth.current.role) } : null,
      isAdmin: auth.user.isAdmin,
      hasProviderAccount: auth.providerIds.length > 0,
      analyst: auth.analystScope ? { scope: auth.analystScope.region ?? 'England', href: regionalPaths.league() } : null,
      worksRecords: worksRecords(auth.current?.role),
      readsFigures: readsFigures(auth.current?.role),
    });
  });
}

function publicPages(app: FastifyInstance, db: Kysely<Database>) {
  app.get('/accessibility', async (request, reply) => reply.render('home/views/accessibility.njk', { pageTitle: 'Accessibility statement' }));
  app.get('/privacy', async (request, reply) => reply.render('home/views/privacy.njk', { pageTitle: 'Privacy notice' }));
  app.get('/feedback', async (request, reply) => reply.render('home/views/feedback.njk', { pageTitle: 'Give feedback' }));

  app.get('/health', async (request, reply) => {
    const database = await databaseState(db);
    const available = database !== 'down';
    return reply
      .code(available ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: available ? 'ok' : 'unavailable', database });
  });
}
