import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { ukToday } from '../../platform/values/calendar.js';
import { searchServices } from '../directory-repository.js';
import { parseSearchQuery } from '../directory-rules.js';
import { openReferralPage, openReferralPageSize, toOpenReferralService } from '../open-referral-rules.js';
import { providerWebsites } from '../open-referral-repository.js';
import { providerPaths as paths } from '../paths.js';

/**
 * The directory in the Open Referral UK standard: the search's filters and order, a page of
 * fully nested services at a time. Every signed-in person may download it, like the CSV.
 */
export function openReferralRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  app.get(paths.searchOpenReferral(), async (request, reply) => {
    const parsed = parseSearchQuery(request.query);
    if (!parsed.ok) return reply.redirect(paths.search() + (request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''));
    const { filter, sort, page } = parsed.search;
    const result = await searchServices(db, filter, { sort, limit: openReferralPageSize, offset: (page - 1) * openReferralPageSize });
    const websites = await providerWebsites(db, result.rows.map((row) => row.provider_id));
    const contents = result.rows.map((row) => toOpenReferralService({ ...row, provider_website: websites.get(row.provider_id) ?? null }));
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="services-open-referral-${ukToday(now())}${page > 1 ? `-page-${page}` : ''}.json"`)
      .header('cache-control', 'no-store')
      .send(JSON.stringify(openReferralPage(contents, { total: result.total, page, perPage: openReferralPageSize })));
  });
}
