import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { requireSignIn, signedIn } from '../platform/auth/context.js';
import { roleLabel } from '../platform/auth/roles.js';
import type { Database } from '../platform/db/schema.js';
import { isDatabaseReachable } from '../platform/db/connect.js';
import { homeCommissioningAlerts } from '../providers/commissioning-service.js';
import { ukToday } from '../platform/values/calendar.js';

/** `now` is the service's clock; app.ts can pass it (it falls back to the real time). */
export function homeRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date = () => new Date()) {
  app.get('/', { preHandler: requireSignIn }, async (request, reply) => {
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
    });
  });

  app.get('/accessibility', async (request, reply) => reply.render('home/views/accessibility.njk', { pageTitle: 'Accessibility statement' }));
  app.get('/privacy', async (request, reply) => reply.render('home/views/privacy.njk', { pageTitle: 'Privacy notice' }));
  app.get('/feedback', async (request, reply) => reply.render('home/views/feedback.njk', { pageTitle: 'Give feedback' }));

  app.get('/health', async (request, reply) => {
    const reachable = await isDatabaseReachable(db);
    return reply
      .code(reachable ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: reachable ? 'ok' : 'unavailable', database: reachable ? 'up' : 'down' });
  });
}
