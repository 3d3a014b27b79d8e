import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import { signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { notFound, recordId } from '../../platform/web/errors.js';
import type { FormErrors } from '../../platform/web/forms.js';
import { assessmentPaths as paths, templatePaths } from '../paths.js';
import { evidenceMeasures } from '../../insight/index.js';
import { maximumUploadBytes, maximumUploadText, parseTemplateFile, templateWorkbook } from '../templates/import.js';
import { insertTemplate, readBuiltInTemplates, templateExists } from '../templates/store.js';
import { listTemplatesWithCounts, templateDefinition } from '../templates/template-repository.js';
import type { TemplateDefinition } from '../templates/template-schema.js';
import { inMemoryUploads, uploadProblem } from '../../platform/web/upload.js';
import { xlsxContentType } from '../../platform/tabular/xlsx-write.js';

const view = (name: string) => `assessment/views/templates/${name}.njk`;


/** The name of the file input; the error summary links to it. */
const fileField = 'templateFile';
/** The most problems listed at once; a badly wrong file can have hundreds. */
const maximumListedProblems = 50;

const uploads = inMemoryUploads('question bank');

function countsOf(definition: TemplateDefinition) {
  const statements = definition.themes.reduce((total, theme) => total + theme.statements.length, 0);
  return { themes: definition.themes.length, statements };
}

const plural = (count: number, word: string) => `${count.toLocaleString('en-GB')} ${word}${count === 1 ? '' : 's'}`;

function uploadErrors(problems: string[]): FormErrors {
  const listed = problems.slice(0, maximumListedProblems);
  const summary = listed.map((text) => ({ text, href: `#${fileField}` }));
  if (problems.length > listed.length) {
    summary.push({ text: `There are ${plural(problems.length - listed.length, 'more problem')} not listed here. Fix these first and upload the file again`, href: `#${fileField}` });
  }
  const inline = problems.length === 1 ? (problems[0] as string) : `The selected file has ${plural(problems.length, 'problem')}, listed at the top of the page. Nothing has been imported`;
  return { fields: { [fileField]: { text: inline } }, summary };
}

function attachment(fileName: string) {
  return `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '-')}"`;
}

/**
 * Administrators' pages for the question banks: the list, importing a new one, and example files.
 * The plugin that registers them guards them for administrators.
 */
export function templateRoutes(app: FastifyInstance, db: Kysely<Database>) {
  const importPage = (extra: Record<string, unknown> = {}) => ({
    pageTitle: 'Import a question bank',
    fileField,
    maximumUploadText,
    evidenceMeasures,
    paths,
    templatePaths,
    ...extra,
  });

  app.get(paths.templates(), async (request, reply) => {
    const templates = await listTemplatesWithCounts(db);
    return reply.render(view('list'), {
      pageTitle: 'Question banks',
      templates: templates.map((template) => ({ ...template, downloadHref: templatePaths.download(template.id) })),
      paths,
      templatePaths,
    });
  });

  app.get(paths.importTemplate(), async (request, reply) => {
    return reply.render(view('import'), importPage());
  });

  app.get(templatePaths.exampleWorkbook(), async (request, reply) => {
    const [example] = readBuiltInTemplates();
    if (!example) throw notFound();
    return reply
      .header('content-type', xlsxContentType)
      .header('content-disposition', attachment(`question-bank-example-${example.key}-${example.version}.xlsx`))
      .send(await templateWorkbook(example));
  });

  app.get(templatePaths.exampleJson(), async (request, reply) => {
    const [example] = readBuiltInTemplates();
    if (!example) throw notFound();
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', attachment(`question-bank-example-${example.key}-${example.version}.json`))
      .send(`${JSON.stringify(example, null, 2)}\n`);
  });

  app.get('/admin/templates/:templateId/download.xlsx', async (request, reply) => {
    const definition = await templateDefinition(db, recordId((request.params as Record<string, unknown>).templateId));
    if (!definition) throw notFound();
    return reply
      .header('content-type', xlsxContentType)
      .header('content-disposition', attachment(`question-bank-${definition.key}-${definition.version}.xlsx`))
      .send(await templateWorkbook(definition));
  });

  // Uploads are the only multipart form, so the parser is registered for this one route alone.
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: maximumUploadBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12, headerPairs: 100 },
      throwFileSizeLimit: false,
    });

    scope.post(paths.importTemplate(), { preValidation: uploads.read }, async (request, reply) => {
      const refuse = (problems: string[]) => reply.code(400).render(view('import'), importPage({ errors: uploadErrors(problems) }));
      const upload = uploads.of(request);
      if (upload.kind !== 'file') return refuse([uploadProblem(upload, 'Select a JSON file or an Excel workbook (.xlsx) to import', maximumUploadText)]);

      const outcome = await parseTemplateFile(upload.data);
      if (!outcome.ok) return refuse(outcome.problems);
      const definition = outcome.definition;
      const counts = countsOf(definition);
      const duplicate = `Version ${definition.version} of the question bank with the key ${definition.key} has already been imported. Give the file a new version to import it again`;
      const userId = signedIn(request).user.id;

      const result = await db
        .transaction()
        .execute(async (trx) => {
          if (await templateExists(trx, definition.key, definition.version)) return { ok: false as const };
          const templateId = await insertTemplate(trx, definition, 'imported', userId);
          await recordAudit(trx, {
            partnershipId: null,
            actorUserId: userId,
            action: 'template_imported',
            recordType: 'assessment_template',
            recordId: templateId,
            summary: `Imported the question bank “${definition.title}” (key ${definition.key}, version ${definition.version}; ${plural(counts.themes, 'theme')}, ${plural(counts.statements, 'statement')}) from the ${outcome.format === 'json' ? 'JSON file' : 'workbook'} ${upload.filename.slice(0, 120)}`,
            requestId: request.id,
          });
          return { ok: true as const };
        })
        .catch((error: unknown) => {
          // Two administrators importing the same version at once: the database's unique key decides.
          if ((error as { code?: string }).code === '23505') return { ok: false as const };
          throw error;
        });
      if (!result.ok) return refuse([duplicate]);

      request.session.flash = `“${definition.title}” version ${definition.version} has been imported, with ${plural(counts.themes, 'theme')} and ${plural(counts.statements, 'statement')}. Lead commissioners can now choose it when they start a round.`;
      return reply.redirect(paths.templates());
    });
  });
}
