import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import { currentMembership, signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import type { FormErrors } from '../../platform/web/forms.js';
import { diskUploads, uploadFileErrors, uploadProblem } from '../../platform/web/upload.js';
import { referralsForExport } from '../export-repository.js';
import { referralsCsvStream, referralsWorkbookStream } from '../export.js';
import { referenceKey } from '../import/cell-values.js';
import { acceptedValueLists } from '../import/choice-lists.js';
import { maximumReferralRows, referralImportColumns } from '../import/columns.js';
import { exampleReferralsCsv } from '../import/example.js';
import { existingReferences, servicesForImport } from '../import/repository.js';
import { importReferralFile, plural } from '../import/service.js';
import { ServiceFinder } from '../import/service-finder.js';
import { importExportPaths, pathwayPaths as paths } from '../paths.js';
import { ukToday } from '../../platform/values/calendar.js';

const view = (name: string) => `pathway/views/import/${name}.njk`;

/** Lead commissioners and pathway staff bring in records; viewers may also take them out. */

export const maximumUploadBytes = 100 * 1024 * 1024;
export const maximumUploadText = '100 MB';

/** The name of the file input; the error summary links to it. */
const fileField = 'referralsFile';
/** The most problems listed at once; a badly wrong file can have thousands. */
const maximumListedProblems = 50;


function uploadErrors(problems: string[], total: number): FormErrors {
  return uploadFileErrors(problems, total, fileField, maximumListedProblems);
}

/** The columns and what goes in each; the examples' "{year}" becomes this year, so they never look out of date. */
const columnRows = (year: string) =>
  referralImportColumns.map((column) => [{ text: column.heading }, { text: column.required ? 'Yes' : 'No' }, { text: column.help.replaceAll('{year}', year) }]);
const valueLists = acceptedValueLists.map(({ caption, list }) => ({
  caption,
  rows: list.codes.map((code) => [{ text: list.labelOf(code) }, { text: code }]),
}));

/** The import of referral histories from a CSV file, and the partnership's referrals as CSV and xlsx. */
export function importExportRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date, uploadsFolder: string) {
  // The file goes to a private folder of its own (it can be 100 MB), removed once the response is sent.
  const uploads = diskUploads('referrals file', { folder: uploadsFolder, folderPrefix: 'referral-import-', fileName: 'upload.csv' });
  const importPage = (extra: Record<string, unknown> = {}) => ({
    pageTitle: 'Import referrals from a CSV file',
    fileField,
    maximumUploadText,
    maximumReferralRows: maximumReferralRows.toLocaleString('en-GB'),
    columnRows: columnRows(ukToday(now()).slice(0, 4)),
    valueLists,
    paths,
    importExportPaths,
    ...extra,
  });

  app.get(paths.importReferrals(), async (request, reply) => {
    return reply.render(view('import'), importPage());
  });

  app.get(importExportPaths.example(), async (request, reply) => {
    const service = (await servicesForImport(db)).sort((a, b) => a.name.localeCompare(b.name))[0] ?? null;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="referrals-import-example.csv"')
      .send(exampleReferralsCsv(now(), service));
  });

  // The import is the only multipart form here, so the parser is registered for this one route alone.
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: maximumUploadBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12, headerPairs: 100 },
      throwFileSizeLimit: false,
    });
    scope.addHook('onResponse', uploads.remove);
    scope.addHook('onRequestAbort', uploads.remove);

    scope.post(paths.importReferrals(), { preValidation: uploads.read }, async (request, reply) => {
      const refuse = (problems: string[], total = problems.length) => reply.code(400).render(view('import'), importPage({ errors: uploadErrors(problems, total) }));
      const upload = uploads.of(request);
      if (upload.kind !== 'file') return refuse([uploadProblem(upload, 'Select a CSV file of referrals to import', maximumUploadText)]);

      const { partnershipId } = currentMembership(request);
      const userId = signedIn(request).user.id;
      const moment = now();
      const services = new ServiceFinder(await servicesForImport(db));
      const existing = new Set((await existingReferences(db, partnershipId)).map(referenceKey));
      const context = { today: ukToday(moment), now: moment, services };
      let outcome: Awaited<ReturnType<typeof importReferralFile>>;
      try {
        // Checked and staged in one reading, then stored in one short transaction with its audit event.
        outcome = await importReferralFile(db, upload.path, { ...context, existingReferences: existing }, { partnershipId, userId }, (trx, stored) =>
          recordAudit(trx, {
            partnershipId,
            actorUserId: userId,
            action: 'referrals_imported',
            recordType: 'referral',
            recordId: null,
            summary: `Imported ${plural(stored, 'referral')} from the file ${upload.filename.slice(0, 120) || 'without a name'}`,
            requestId: request.id,
          }),
        );
      } catch (error) {
        // Someone added a referral with one of the same references while the file was being imported.
        if ((error as { code?: string }).code === '23505') {
          return refuse(['Someone added a referral with one of the file’s references while it was being imported. Nothing has been imported: upload the file again to see which row']);
        }
        throw error;
      }
      if (!outcome.ok) return refuse(outcome.problems, outcome.total);
      const { added } = outcome;

      const ignored = outcome.ignoredHeadings.length
        ? ` These columns were not recognised and were left out: ${outcome.ignoredHeadings.slice(0, 10).join(', ')}${outcome.ignoredHeadings.length > 10 ? ' and others' : ''}.`
        : '';
      request.session.flash = `${plural(added, 'referral has', 'referrals have')} been imported.${ignored}`;
      return reply.redirect(paths.importReferrals());
    });
  });

  async function exported(request: FastifyRequest, kind: 'CSV' | 'xlsx') {
    const { partnershipId, partnershipName } = currentMembership(request);
    await recordAudit(db, {
      partnershipId,
      actorUserId: signedIn(request).user.id,
      action: 'referrals_exported',
      recordType: 'referral',
      recordId: null,
      summary: `Downloaded the partnership’s referrals as ${kind === 'CSV' ? 'a CSV file' : 'an xlsx workbook'}`,
      requestId: request.id,
    });
    const slug = partnershipName
      .replace(/\(demo\)/gi, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50)
      .replace(/-+$/, '');
    return { partnershipId, fileName: `referrals-${slug || 'partnership'}-${ukToday(now())}` };
  }

  app.get(paths.exportCsv(), async (request, reply) => {
    const { partnershipId, fileName } = await exported(request, 'CSV');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}.csv"`)
      .header('cache-control', 'no-store')
      .send(referralsCsvStream(referralsForExport(db, partnershipId)));
  });

  app.get(paths.exportXlsx(), async (request, reply) => {
    const { partnershipId, fileName } = await exported(request, 'xlsx');
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${fileName}.xlsx"`)
      .header('cache-control', 'no-store')
      .send(referralsWorkbookStream(referralsForExport(db, partnershipId), now()));
  });
}
