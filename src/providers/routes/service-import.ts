import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import { guardAll, requireAdmin, signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import type { FormErrors } from '../../platform/web/forms.js';
import { providerPaths as paths, serviceImportPaths } from '../paths.js';
import {
  acceptedValues,
  alreadyInDirectory,
  exampleServicesCsv,
  maximumServiceRows,
  maximumUploadBytes,
  maximumUploadText,
  providerNamesIn,
  readServicesCsv,
  serviceImportColumns,
} from '../service-import-rules.js';
import { findProvidersByName, insertImportedServices, insertProviders, servicesOfProviders } from '../service-import-repository.js';
import { inMemoryUploads, uploadProblem } from '../../platform/web/upload.js';
import { ukToday } from '../../platform/values/calendar.js';

const view = (name: string) => `providers/views/import/${name}.njk`;

/** The name of the file input; the error summary links to it. */
const fileField = 'servicesFile';
/** The most problems listed at once; a badly wrong file can have thousands. */
const maximumListedProblems = 50;

const uploads = inMemoryUploads('services file');

const plural = (count: number, word: string, plurals = `${word}s`) => `${count.toLocaleString('en-GB')} ${count === 1 ? word : plurals}`;

function uploadErrors(problems: string[]): FormErrors {
  const listed = problems.slice(0, maximumListedProblems);
  const summary = listed.map((text) => ({ text, href: `#${fileField}` }));
  if (problems.length > listed.length) {
    summary.push({ text: `There are ${plural(problems.length - listed.length, 'more problem')} not listed here. Fix these first and upload the file again`, href: `#${fileField}` });
  }
  const inline =
    problems.length === 1 ? (problems[0] as string) : `The selected file has ${plural(problems.length, 'problem')}, listed at the top of the page. Nothing has been imported`;
  return { fields: { [fileField]: { text: inline } }, summary };
}

/** Why a good file could not be stored after all. */
class Refused extends Error {
  constructor(readonly problems: string[]) {
    super('refused');
  }
}

const columnRows = serviceImportColumns.map((column) => [{ text: column.heading }, { text: column.required ? 'Yes' : 'No' }, { text: column.help }]);
const valueLists = [
  { caption: 'Kinds of service', values: acceptedValues.kinds },
  { caption: 'Treatment approaches', values: acceptedValues.approaches },
  { caption: 'Specialisms and groups served', values: acceptedValues.specialisms },
  { caption: 'Regulator ratings', values: acceptedValues.ratings },
].map((list) => ({ caption: list.caption, rows: list.values.map((value) => [{ text: value.label }, { text: value.code }]) }));

/** Administrators' import of many services at once from a CSV file. */
export function serviceImportRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  guardAll(app, requireAdmin());
  const importPage = (extra: Record<string, unknown> = {}) => ({
    pageTitle: 'Import services from a CSV file',
    fileField,
    maximumUploadText,
    maximumServiceRows: maximumServiceRows.toLocaleString('en-GB'),
    columnRows,
    valueLists,
    accepted: acceptedValues,
    paths,
    serviceImportPaths,
    ...extra,
  });

  app.get(paths.importServices(), async (request, reply) => {
    return reply.render(view('import'), importPage());
  });

  app.get(serviceImportPaths.example(), async (request, reply) => {
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="services-import-example.csv"')
      .send(exampleServicesCsv(ukToday(now())));
  });

  // The import is the only multipart form here, so the parser is registered for this one route alone.
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: maximumUploadBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12, headerPairs: 100 },
      throwFileSizeLimit: false,
    });

    scope.post(paths.importServices(), { preValidation: uploads.read }, async (request, reply) => {
      const refuse = (problems: string[]) => reply.code(400).render(view('import'), importPage({ errors: uploadErrors(problems) }));
      const upload = uploads.of(request);
      if (upload.kind !== 'file') return refuse([uploadProblem(upload, 'Select a CSV file of services to import', maximumUploadText)]);

      const outcome = readServicesCsv(upload.data, ukToday(now()));
      if (!outcome.ok) return refuse(outcome.problems);
      const { services, ignoredHeadings } = outcome;
      const userId = signedIn(request).user.id;
      const providerNames = providerNamesIn(services);

      let result: { added: number; newProviders: number };
      try {
        result = await db.transaction().execute(async (trx) => {
          const existingProviders = await findProvidersByName(trx, providerNames);
          const existingServices = await servicesOfProviders(trx, [...existingProviders.values()].map((provider) => provider.id));
          const clashes = alreadyInDirectory(services, existingServices);
          if (clashes.length) throw new Refused(clashes);

          const providerIds = new Map([...existingProviders].map(([key, provider]) => [key, provider.id]));
          const newNames = providerNames.filter((name) => !existingProviders.has(name.toLowerCase()));
          for (const [key, id] of await insertProviders(trx, newNames)) providerIds.set(key, id);
          const added = await insertImportedServices(trx, services, providerIds);

          await recordAudit(trx, {
            partnershipId: null,
            actorUserId: userId,
            action: 'services_imported',
            recordType: 'service',
            recordId: null,
            summary: `Imported ${plural(added, 'service')} from the file ${upload.filename.slice(0, 120) || 'without a name'}: ${plural(providerNames.length, 'provider')} named, ${newNames.length.toLocaleString('en-GB')} of them new to the directory`,
            requestId: request.id,
          });
          return { added, newProviders: newNames.length };
        });
      } catch (error) {
        if (error instanceof Refused) return refuse(error.problems);
        // Another administrator added one of the same providers at the same moment.
        if ((error as { code?: string }).code === '23505') {
          return refuse(['Someone else added one of the file’s providers to the directory while it was being imported. Nothing has been imported: upload the file again']);
        }
        throw error;
      }

      const ignored = ignoredHeadings.length
        ? ` These columns were not recognised and were left out: ${ignoredHeadings.slice(0, 10).join(', ')}${ignoredHeadings.length > 10 ? ' and others' : ''}.`
        : '';
      request.session.flash = `${plural(result.added, 'service has', 'services have')} been added to the directory, with ${plural(result.newProviders, 'new provider')}.${ignored}`;
      return reply.redirect(paths.importServices());
    });
  });
}
