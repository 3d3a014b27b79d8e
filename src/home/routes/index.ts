import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { guardAll, requireSignIn, signedIn } from '../../platform/auth/context.js';
import { roleLabel } from '../../platform/auth/roles.js';
import type { Database } from '../../platform/db/schema.js';
import { databaseState } from '../../platform/db/connect.js';
import { ukToday } from '../../platform/values/calendar.js';
import { adminHomeTasks } from '../../accounts/index.js';
import { assessmentHomeTasks, peerReviewHomeTasks, questionBankHomeTasks } from '../../assessment/index.js';
import { pathwayHomeTasks, providerHomeTasks, readsFigures, worksRecords } from '../../pathway/index.js';
import { commissioningHomeTasks, directoryAdminHomeTasks } from '../../providers/index.js';
import { regionalPaths } from '../../regional/index.js';
import type { AuthContext } from '../../platform/auth/context.js';
import type { HomeTask } from '../../platform/web/home-tasks.js';
import { figureTasks, homeAudience } from '../rules.js';
import { homeTaskLists } from '../view-model.js';

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

/**
 * Everything that needs this person today, from each capability that has work for their role:
 * one read per capability, one after another (PGlite answers one query at a time anyway).
 */
async function homeTasks(db: Kysely<Database>, auth: AuthContext, today: string): Promise<HomeTask[]> {
  const audience = homeAudience(auth);
  const current = auth.current;
  const tasks: HomeTask[] = [];
  if (current && audience.pathway) tasks.push(...(await pathwayHomeTasks(db, current.partnershipId, today)));
  if (current && audience.assessmentRole) {
    const person = { userId: auth.user.id, displayName: auth.user.displayName, organisation: current.organisation };
    tasks.push(...(await assessmentHomeTasks(db, current.partnershipId, audience.assessmentRole, person, today)));
  }
  if (current && audience.commissioning) tasks.push(...(await commissioningHomeTasks(db, current.partnershipId, today)));
  if (audience.peerReviewPartnerships.length) tasks.push(...(await peerReviewHomeTasks(db, audience.peerReviewPartnerships)));
  if (audience.providerIds.length) tasks.push(...(await providerHomeTasks(db, audience.providerIds, today)));
  if (audience.admin) {
    tasks.push(...(await adminHomeTasks(db)), ...(await directoryAdminHomeTasks(db, today)), ...(await questionBankHomeTasks(db)));
  }
  if (audience.figures) tasks.push(...figureTasks());
  return tasks;
}

function homePage(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  app.get('/', async (request, reply) => {
    const auth = signedIn(request);
    const tasks = homeTaskLists(await homeTasks(db, auth, ukToday(now())), auth.current?.partnershipId ?? null);
    return reply.render('home/views/home.njk', {
      tasks,
      pageTitle: auth.current ? auth.current.partnershipName : 'Home',
      current: auth.current ? { ...auth.current, roleLabel: roleLabel(auth.current.role) } : null,
      membershipCount: auth.memberships.length,
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
