import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { guardAll, requireAdmin, signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { looksLikeJson } from '../../platform/tabular/uploaded-file.js';
import { inMemoryUploads, uploadProblem } from '../../platform/web/upload.js';
import { ukToday } from '../../platform/values/calendar.js';
import { providerPaths as paths, serviceImportPaths } from '../paths.js';
import { exampleServicesCsv, maximumUploadBytes, maximumUploadText, readServicesCsv } from '../service-import-rules.js';
import { importServices } from '../service-import-service.js';
import { readOpenReferralJson } from '../open-referral-rules.js';
import { importedMessage, importPage, uploadErrors } from '../view-models/service-import.js';

const view = (name: string) => `providers/views/import/${name}.njk`;

const uploads = inMemoryUploads('services file');

/** Administrators' import of many services at once from a CSV file or an Open Referral UK file. */
export function serviceImportRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  guardAll(app, requireAdmin());

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

      // An Open Referral UK file (JSON) goes through the same checks and the same all-or-nothing import.
      const outcome = looksLikeJson(upload.data) ? readOpenReferralJson(upload.data, ukToday(now())) : readServicesCsv(upload.data, ukToday(now()));
      if (!outcome.ok) return refuse(outcome.problems);

      const actor = { userId: signedIn(request).user.id, requestId: request.id };
      const result = await importServices(db, actor, { services: outcome.services, filename: upload.filename });
      if (!result.ok) return refuse(result.problems);

      request.session.flash = importedMessage(result, outcome.ignoredHeadings);
      return reply.redirect(paths.importServices());
    });
  });
}
