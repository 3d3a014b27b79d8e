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
    await trx
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
      .execute();
  }
  return template.id;
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
      if (await templateExists(trx, definition.key, definition.version)) return;
      await insertTemplate(trx, definition, 'built_in', null);
    });
  }
}

/** The question banks that ship with the service, loaded into every database. */
export const builtInQuestionBanks: ReferenceData = { name: 'built-in question banks', load: loadBuiltInTemplates };
