import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { notFound, recordId } from '../../platform/web/errors.js';
import * as directory from '../directory-repository.js';
import { searchCsv, searchWorkbook } from '../directory-service.js';
import { findBedAvailability } from '../bed-repository.js';
import { bedPaths, commissioningPaths, feedbackPath, providerPaths as paths } from '../paths.js';
import { bedSummary } from '../view-models/beds.js';
import { canEditProviderServices, isFiltered, parseSearchQuery, searchPageSize, searchQueryString, waitingTimeFreshDays } from '../directory-rules.js';
import { ukToday } from '../../platform/values/calendar.js';
import { xlsxContentType } from '../../platform/tabular/xlsx-write.js';
import { outOfDateTag, resultRow, reviewOverdueTag, searchFormContext, searchPagination, servicePage, sortLabels } from '../view-models/directory.js';

type Values = Record<string, unknown>;

const view = (name: string) => `providers/views/directory/${name}.njk`;

/** The most rows a download holds; the page says so when a search finds more. */
export const exportLimit = 5000;

function queryPart(url: string): string {
  return url.includes('?') ? url.slice(url.indexOf('?')) : '';
}

/** Search, the page for each service, and the search result as CSV and xlsx. Every signed-in person may use them. */
export function directoryRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  app.get(paths.search(), async (request, reply) => {
    const parsed = parseSearchQuery(request.query);
    if (!parsed.ok) {
      return reply.code(400).render(view('search'), {
        pageTitle: 'Find a residential service',
        ...searchFormContext(parsed.values),
        errors: parsed.errors,
        paths,
      });
    }
    const { search } = parsed;
    const today = ukToday(now());
    const offset = (search.page - 1) * searchPageSize;
    const result = await directory.searchListedServices(db, search.filter, { sort: search.sort, limit: searchPageSize, offset, now: now() });
    const query = searchQueryString({ ...search, page: 1 });
    return reply.render(view('search'), {
      pageTitle: 'Find a residential service',
      ...searchFormContext(parsed.values),
      search,
      filtered: isFiltered(search.filter),
      total: result.total,
      first: result.rows.length ? offset + 1 : 0,
      last: offset + result.rows.length,
      results: result.rows.map((service) => resultRow(service, today)),
      pagination: searchPagination(search, result.total),
      sortLabel: sortLabels[search.sort],
      csvHref: `${paths.searchCsv()}${query ? `?${query}` : ''}`,
      xlsxHref: `${paths.searchXlsx()}${query ? `?${query}` : ''}`,
      openReferralHref: `${paths.searchOpenReferral()}${query ? `?${query}` : ''}`,
      firstPageHref: `${paths.search()}${query ? `?${query}` : ''}`,
      exportLimit,
      waitingTimeFreshDays,
      outOfDateTag,
      paths,
    });
  });

  /** The search result for a download: the same filters and order, every page, up to the limit. */
  async function exportRows(request: FastifyRequest) {
    const parsed = parseSearchQuery(request.query);
    if (!parsed.ok) return null;
    const result = await directory.searchServices(db, parsed.search.filter, { sort: parsed.search.sort, limit: exportLimit, offset: 0, now: now() });
    return result.rows;
  }

  app.get(paths.searchCsv(), async (request, reply) => {
    const rows = await exportRows(request);
    // A hand-made address with a value the search does not offer: show the search and its message.
    if (!rows) return reply.redirect(paths.search() + queryPart(request.url));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="services-${ukToday(now())}.csv"`)
      .header('cache-control', 'no-store')
      .send(searchCsv(rows));
  });

  app.get(paths.searchXlsx(), async (request, reply) => {
    const rows = await exportRows(request);
    if (!rows) return reply.redirect(paths.search() + queryPart(request.url));
    return reply
      .header('content-type', xlsxContentType)
      .header('content-disposition', `attachment; filename="services-${ukToday(now())}.xlsx"`)
      .header('cache-control', 'no-store')
      .send(await searchWorkbook(rows, now()));
  });

  app.get(paths.service(':serviceId'), async (request, reply) => {
    const serviceId = recordId((request.params as Values).serviceId);
    const service = await directory.findService(db, serviceId);
    if (!service) throw notFound();
    const auth = signedIn(request);
    const today = ukToday(now());
    const [packs, outcomes, bedFigure] = await Promise.all([directory.listPacks(db, service.id), directory.serviceOutcomeCounts(db, service.id), findBedAvailability(db, service.id)]);
    return reply.render(view('service'), {
      pageTitle: service.name,
      ...servicePage(service, packs, outcomes, today),
      canEdit: canEditProviderServices({ isAdmin: auth.user.isAdmin, providerIds: auth.providerIds }, service.provider_id),
      commissioningHref: auth.current ? commissioningPaths.serviceCommissioning(service.id) : null,
      beds: bedSummary(bedFigure, today),
      bedsHref: auth.providerIds.includes(service.provider_id) ? bedPaths.serviceBeds(service.id) : null,
      feedbackHref: feedbackPath(),
      waitingTimeFreshDays,
      outOfDateTag,
      reviewOverdueTag,
      paths,
    });
  });
}
