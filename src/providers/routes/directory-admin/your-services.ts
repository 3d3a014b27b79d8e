import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { signedIn } from '../../../platform/auth/context.js';
import type { Database } from '../../../platform/db/schema.js';
import { ukToday } from '../../../platform/values/calendar.js';
import * as directory from '../../directory-repository.js';
import { bedAvailabilityOf } from '../../bed-repository.js';
import { directoryAdminPaths as adminPaths, bedPaths, providerPaths as paths } from '../../paths.js';
import { bedSummary } from '../../view-models/beds.js';
import { outOfDateTag, reviewOverdueTag, yourServicesRows } from '../../view-models/directory.js';
import { providerOrAdmin, view } from './access.js';

/** The services of the providers a provider account belongs to. */
export function yourServicesPage(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  app.get(paths.yourServices(), { preHandler: providerOrAdmin }, async (request, reply) => {
    const auth = signedIn(request);
    const today = ukToday(now());
    const [providers, services] = await Promise.all([directory.listProvidersById(db, auth.providerIds), directory.listServicesOfProviders(db, auth.providerIds, today)]);
    const bedFigures = await bedAvailabilityOf(db, services.map((service) => service.id));
    // Beds are given by provider accounts only: an administrator sees no bed links.
    const rows = yourServicesRows(providers, services, today).map((provider) => ({
      ...provider,
      services: provider.services.map((service) => ({
        ...service,
        beds: bedSummary(bedFigures.get(service.id), today),
        bedsHref: auth.providerIds.includes(provider.id) ? bedPaths.serviceBeds(service.id) : null,
      })),
    }));
    return reply.render(view('your-services'), {
      pageTitle: 'Your services',
      isAdmin: auth.user.isAdmin,
      providers: rows,
      outOfDateTag,
      reviewOverdueTag,
      paths,
      adminPaths,
    });
  });
}
