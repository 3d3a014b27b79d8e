import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Executor } from '../../platform/db/executor.js';
import type { Database } from '../../platform/db/schema.js';
import { sourceRoot } from '../../platform/paths.js';
import type { ReferenceData } from '../../platform/db/reference-data.js';
import { type TemplateDefinition, templateSchema } from './template-schema.js';

export function templateExists(db: Executor, key: string, version: string) {
  return db.selectFrom('assessment_templates').select('id').where('key', '=', key).where('version', '=', version).executeTakeFirst();
}

/** Writes a whole question bank; call inside a transaction so that it is all or nothing. */
export async function insertTemplate(
  trx: Executor,
  definition: TemplateDefinition,
  source: 'built_in' | 'imported',
  importedBy: string | null,
): Promise<string> {
  const template = await trx
    .insertInto('assessment_templates')
    .values({ key: definition.key, version: definition.version, title: definition.title, description: definition.description, source, imported_by: importedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [themeIndex, theme] of definition.themes.entries()) {
    const themeRow = await trx
      .insertInto('template_themes')
      .values({ template_id: template.id, key: theme.key, title: theme.title, description: theme.description, position: themeIndex + 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const inserted = await trx
      .insertInto('template_statements')
      .values(
        theme.statements.map((statement, statementIndex) => ({
          template_id: template.id,
          theme_id: themeRow.id,
          key: statement.key,
          text: statement.text,
          good_looks_like: statement.goodLooksLike,
          evidence: JSON.stringify(statement.evidence),
          position: statementIndex + 1,
        })),
      )
      .returning(['id', 'key'])
      .execute();
    await insertMeasureLinks(trx, inserted, theme.statements);
  }
  return template.id;
}

async function insertMeasureLinks(trx: Executor, rows: ReadonlyArray<{ id: string; key: string }>, statements: readonly TemplateDefinition['themes'][number]['statements'][number][]) {
  const links = statements.flatMap((statement) => {
    const statementId = rows.find((row) => row.key === statement.key)?.id as string;
    return statement.measures.map((link, index) => ({ statement_id: statementId, measure: link.measure, in_place: link.inPlace, partly: link.partly, position: index + 1 }));
  });
  if (links.length) await trx.insertInto('template_statement_measures').values(links).execute();
}

/**
 * A built-in bank already loaded keeps its statements, but takes the measure links shipped with
 * it: links are guidance on which figures evidence a statement, not part of what partners rated.
 */
async function syncBuiltInMeasureLinks(trx: Executor, templateId: string, definition: TemplateDefinition): Promise<void> {
  const rows = await trx.selectFrom('template_statements').select(['id', 'key']).where('template_id', '=', templateId).execute();
  const wanted = definition.themes.flatMap((theme) => theme.statements).flatMap((statement) => statement.measures.map((link) => `${statement.key}:${link.measure}:${link.inPlace}:${link.partly}`));
  const stored = await trx
    .selectFrom('template_statement_measures')
    .innerJoin('template_statements', 'template_statements.id', 'template_statement_measures.statement_id')
    .select(['template_statements.key', 'template_statement_measures.measure', 'template_statement_measures.in_place', 'template_statement_measures.partly'])
    .where('template_statements.template_id', '=', templateId)
    .execute();
  const have = stored.map((row) => `${row.key}:${row.measure}:${Number(row.in_place)}:${Number(row.partly)}`);
  if (wanted.length === have.length && wanted.every((link) => have.includes(link))) return;
  if (rows.length) await trx.deleteFrom('template_statement_measures').where('statement_id', 'in', rows.map((row) => row.id)).execute();
  const loaded = definition.themes.flatMap((theme) => theme.statements).filter((statement) => rows.some((row) => row.key === statement.key));
  await insertMeasureLinks(trx, rows, loaded);
}

const builtInFolder = path.join(sourceRoot, 'assessment', 'templates');

export function readBuiltInTemplates(): TemplateDefinition[] {
  return fs
    .readdirSync(builtInFolder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => templateSchema.parse(JSON.parse(fs.readFileSync(path.join(builtInFolder, name), 'utf8'))));
}

/** Loads the question banks shipped in the repository; a version already loaded is left as it is. */
export async function loadBuiltInTemplates(db: Kysely<Database>): Promise<void> {
  for (const definition of readBuiltInTemplates()) {
    await db.transaction().execute(async (trx) => {
      const existing = await templateExists(trx, definition.key, definition.version);
      if (existing) await syncBuiltInMeasureLinks(trx, existing.id, definition);
      else await insertTemplate(trx, definition, 'built_in', null);
    });
  }
}

/** The question banks that ship with the service, loaded into every database. */
export const builtInQuestionBanks: ReferenceData = { name: 'built-in question banks', load: loadBuiltInTemplates };
