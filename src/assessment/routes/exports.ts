import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { notFound } from '../../platform/web/errors.js';
import { roundForRequest } from '../access.js';
import { gatherRoundExport } from '../export/export-repository.js';
import { buildRoundReport } from '../export/report-data.js';
import { buildWorkbook } from '../export/workbook.js';
import { assessmentPaths as paths } from '../paths.js';
import { ukToday } from '../../platform/values/calendar.js';
import { xlsxContentType } from '../../platform/tabular/xlsx-write.js';

/** A file name made only of safe characters, from a round's title. */
export function downloadFileName(title: string, today: string, extension: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'self-assessment'}-${today}.${extension}`;
}

/** The round's spreadsheet and its printable report. Any member of the round's partnership may have them. */
export function exportRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  async function loadReport(request: FastifyRequest) {
    const { round, membership, userId } = await roundForRequest(db, request);
    const source = await gatherRoundExport(db, membership.partnershipId, round.id, now());
    if (!source) throw notFound();
    const today = ukToday(now());
    // Contributors see only their own answers on screen (the side-by-side view is for the lead,
    // peer reviewers and viewers), so their spreadsheet follows the same rule.
    const answersOf = membership.role === 'contributor' ? { userId } : ('everyone' as const);
    return { round, today, report: buildRoundReport(source, { today, answersOf }) };
  }

  app.get(paths.workbook(':roundId'), async (request, reply) => {
    const { round, today, report } = await loadReport(request);
    const file = await buildWorkbook(report, { createdAt: now() });
    return reply
      .header('content-type', xlsxContentType)
      .header('content-disposition', `attachment; filename="${downloadFileName(round.title, today, 'xlsx')}"`)
      .header('cache-control', 'no-store')
      .send(file);
  });

  app.get(paths.report(':roundId'), async (request, reply) => {
    const { report } = await loadReport(request);
    return reply.header('cache-control', 'no-store').render('assessment/views/export/report.njk', {
      pageTitle: `${report.round.title}: report`,
      report,
      paths,
    });
  });
}
