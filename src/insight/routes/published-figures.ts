import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { guardAll, requireSignIn, signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { earliestImportedDate } from '../../platform/tabular/cells.js';
import { ukToday } from '../../platform/values/calendar.js';
import { HttpError, recordId } from '../../platform/web/errors.js';
import { dateField, requiredText } from '../../platform/web/fields.js';
import { type FormErrors, formErrors, validateForm } from '../../platform/web/forms.js';
import { paginationLinks } from '../../platform/web/pagination.js';
import { inMemoryUploads, uploadProblem } from '../../platform/web/upload.js';
import { regionCodeOf } from '../areas.js';
import { insightPaths as paths } from '../paths.js';
import { findImport, type ImportVisibility, importRevisions, listImports, partnershipArea } from '../published/repository.js';
import { exampleFiguresCsv, type ImportScope, maximumUploadBytes, maximumUploadText, readFiguresUpload } from '../published/rules.js';
import { importPublishedFigures, plural } from '../published/service.js';
import { dataAsOfField, fileErrors, type ImporterArea, importPageModel, joinErrors, publishedFiguresPage, sourceField } from '../published/view-model.js';

/**
 * Published figures (NDTMS-style aggregate statistics): the imports a person may see, the
 * import form and the example file, and each import's revisions. For a partnership's lead
 * commissioner (their own local authority area only) and for administrators (any area, region
 * and England). Everyone else is refused.
 */

const view = (name: string) => `insight/views/published/${name}.njk`;
const importsPageSize = 25;
const revisionsPageSize = 100;

/** Lead commissioners in their current partnership, and administrators. */
const requireLeadOrAdmin: preHandlerAsyncHookHandler = async (request) => {
  const auth = request.auth;
  if (!auth?.user.isAdmin && auth?.current?.role !== 'lead_commissioner') throw new HttpError(403);
};

interface Importer {
  who: ImporterArea;
  visibility: ImportVisibility;
  /** Null when the lead's partnership has no area code yet, so cannot import. */
  scope: ImportScope | null;
  partnershipId: string | null;
}

async function importerOf(db: Kysely<Database>, request: FastifyRequest): Promise<Importer> {
  const auth = signedIn(request);
  if (auth.user.isAdmin) {
    return { who: { kind: 'admin', partnershipName: null, areaCode: null }, visibility: { kind: 'all' }, scope: { kind: 'any' }, partnershipId: null };
  }
  const membership = auth.current;
  if (!membership) throw new HttpError(403);
  const area = await partnershipArea(db, membership.partnershipId);
  if (!area) throw new HttpError(403);
  const visibility: ImportVisibility = { kind: 'partnership', partnershipId: membership.partnershipId, areaCode: area.onsCode };
  if (!area.onsCode) {
    return { who: { kind: 'lead-without-area', partnershipName: area.name, areaCode: null }, visibility, scope: null, partnershipId: membership.partnershipId };
  }
  return {
    who: { kind: 'lead', partnershipName: area.name, areaCode: area.onsCode },
    visibility,
    scope: { kind: 'own', areaCode: area.onsCode, regionCode: regionCodeOf(area.region) ?? null, partnershipName: area.name },
    partnershipId: membership.partnershipId,
  };
}

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) }).catch({ page: 1 });

function importForm(today: string) {
  return z.object({
    [sourceField]: requiredText('Enter the source of the figures, like NDTMS adult activity report, October 2026', 200, 'Source must be 200 characters or fewer'),
    [dataAsOfField]: dateField({ inSentence: 'the date the data is as of', asSubject: 'Data as of' }, true)
      .refine((value) => typeof value !== 'string' || value <= today, { error: 'Data as of must be today or in the past' })
      .refine((value) => typeof value !== 'string' || value >= earliestImportedDate, { error: 'Data as of must be in the year 2000 or later' }),
  });
}

export function publishedFiguresRoutes({ db, now }: { db: Kysely<Database>; now: () => Date }) {
  return async (app: FastifyInstance) => {
    guardAll(app, [requireSignIn, requireLeadOrAdmin]);
    const uploads = inMemoryUploads('file of published figures');

    async function listPage(importer: Importer, page: number, extra: Record<string, unknown> = {}) {
      const { imports, total } = await listImports(db, importer.visibility, { limit: importsPageSize, offset: (page - 1) * importsPageSize });
      return publishedFiguresPage(importer.who, imports, (id) => paths.publishedFiguresImport(id), {
        paths,
        total,
        pagination: paginationLinks(page, importsPageSize, total, (number) => `${paths.publishedFigures()}?page=${number}`),
        ...extra,
      });
    }

    app.get(paths.publishedFigures(), async (request, reply) => {
      const importer = await importerOf(db, request);
      const { page } = pageQuery.parse(request.query ?? {});
      return reply.render(view('index'), await listPage(importer, page));
    });

    app.get(paths.publishedFiguresExample(), async (_request, reply) => {
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="published-figures-example.csv"')
        .send(exampleFiguresCsv());
    });

    app.get(paths.publishedFiguresImport(), async (request, reply) => {
      const importer = await importerOf(db, request);
      const importId = recordId((request.params as { importId?: string }).importId);
      const entry = await findImport(db, importId, importer.visibility);
      if (!entry) throw new HttpError(404);
      const { page } = pageQuery.parse(request.query ?? {});
      const { revisions, total } = await importRevisions(db, importId, { limit: revisionsPageSize, offset: (page - 1) * revisionsPageSize });
      return reply.render(view('import'), {
        ...importPageModel(entry, revisions),
        paths,
        total,
        pagination: paginationLinks(page, revisionsPageSize, total, (number) => `${paths.publishedFiguresImport(importId)}?page=${number}`),
      });
    });

    // The import is the only multipart form here, so the parser is registered for this one route alone.
    app.register(async (scope) => {
      await scope.register(fastifyMultipart, {
        limits: { fileSize: maximumUploadBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12, headerPairs: 100 },
        throwFileSizeLimit: false,
      });

      scope.post(paths.publishedFigures(), { preValidation: uploads.read }, async (request, reply) => {
        const importer = await importerOf(db, request);
        const today = ukToday(now());
        const form = validateForm(importForm(today), request.body);
        const values = form.values;
        const refuse = async (errors: FormErrors | undefined) => reply.code(400).render(view('index'), await listPage(importer, 1, { errors, values }));
        if (!importer.scope) {
          return refuse(formErrors([['form', 'An administrator must set your partnership’s area code before you can import figures']]));
        }
        const formProblems = form.ok ? null : form.errors;

        const upload = uploads.of(request);
        if (upload.kind !== 'file') return refuse(joinErrors(formProblems, fileErrors([uploadProblem(upload, 'Select a CSV file or Excel workbook of figures to import', maximumUploadText)])));
        const file = await readFiguresUpload(upload.data, { scope: importer.scope, today });
        if (!file.ok) return refuse(joinErrors(formProblems, fileErrors(file.problems, file.total)));
        if (!form.ok) return refuse(formProblems ?? undefined);

        const result = await importPublishedFigures(db, { userId: signedIn(request).user.id, requestId: request.id }, {
          partnershipId: importer.partnershipId,
          source: form.data[sourceField] as string,
          dataAsOf: form.data[dataAsOfField] as string,
          fileName: upload.filename,
          figures: file.figures,
          areas: file.areas,
        });
        const ignored = file.ignoredHeadings.length
          ? ` These columns were not recognised and were left out: ${file.ignoredHeadings.slice(0, 10).join(', ')}${file.ignoredHeadings.length > 10 ? ' and others' : ''}.`
          : '';
        request.session.flash = `${plural(result.figures, 'figure has', 'figures have')} been imported: ${result.added.toLocaleString('en-GB')} added, ${result.changed.toLocaleString('en-GB')} changed and ${result.removed.toLocaleString('en-GB')} removed.${ignored}`;
        return reply.redirect(paths.publishedFiguresImport(result.importId));
      });
    });
  };
}
