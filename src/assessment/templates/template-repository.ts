import type { Executor } from '../../platform/db/executor.js';
import { templateStructure } from '../repository.js';
import type { TemplateDefinition } from './template-schema.js';

/** SQL for the administrators' question bank pages. Question banks are shared by every partnership. */

export async function listTemplatesWithCounts(db: Executor) {
  const rows = await db
    .selectFrom('assessment_templates')
    .leftJoin('users', 'users.id', 'assessment_templates.imported_by')
    .select((eb) => [
      'assessment_templates.id',
      'assessment_templates.key',
      'assessment_templates.version',
      'assessment_templates.title',
      'assessment_templates.source',
      'assessment_templates.created_at',
      'users.display_name as imported_by_name',
      eb
        .selectFrom('template_themes')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .whereRef('template_themes.template_id', '=', 'assessment_templates.id')
        .as('theme_count'),
      eb
        .selectFrom('template_statements')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .whereRef('template_statements.template_id', '=', 'assessment_templates.id')
        .as('statement_count'),
    ])
    .orderBy('assessment_templates.created_at', 'desc')
    .orderBy('assessment_templates.key')
    .orderBy('assessment_templates.version', 'desc')
    .execute();
  return rows.map((row) => ({ ...row, theme_count: Number(row.theme_count ?? 0), statement_count: Number(row.statement_count ?? 0) }));
}

/** A loaded question bank in the shape it is imported in, so it can be downloaded, changed and imported as a new version. */
export async function templateDefinition(db: Executor, templateId: string): Promise<TemplateDefinition | null> {
  const template = await db
    .selectFrom('assessment_templates')
    .select(['key', 'version', 'title', 'description'])
    .where('id', '=', templateId)
    .executeTakeFirst();
  if (!template) return null;
  const themes = await templateStructure(db, templateId);
  return {
    ...template,
    themes: themes.map((theme) => ({
      key: theme.key,
      title: theme.title,
      description: theme.description,
      statements: theme.statements.map((statement) => ({
        key: statement.key,
        text: statement.text,
        goodLooksLike: statement.good_looks_like,
        evidence: statement.evidence,
        measures: statement.measures,
      })),
    })),
  };
}
