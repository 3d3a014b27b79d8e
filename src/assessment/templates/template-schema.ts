import { z } from 'zod';
import { evidenceMeasure, evidenceMeasureKeys, thresholdProblem } from '../../insight/index.js';
import { text } from '../../platform/web/fields.js';

/** A statement's link to a figure the data can give, with the thresholds that suggest a rating. */
export const measureLinkSchema = z
  .object({
    measure: z.enum(evidenceMeasureKeys, { error: `Measure must be one of ${evidenceMeasureKeys.join(', ')}` }),
    inPlace: z.number({ error: 'The “in place” threshold must be a number' }).finite(),
    partly: z.number({ error: 'The “partly” threshold must be a number' }).finite(),
  })
  .superRefine((link, context) => {
    const problem = thresholdProblem(link, evidenceMeasure(link.measure).better);
    if (problem) context.addIssue({ code: 'custom', path: ['inPlace'], message: problem });
  });

export type MeasureLink = z.output<typeof measureLinkSchema>;

/** The shape of a question bank, whether shipped with the service or imported. */
export const statementSchema = z.object({
  key: z
    .string({ error: 'Enter the statement’s key' })
    .trim()
    .regex(/^[A-Z]{2,4}-\d{2,3}$/, { error: 'Statement key must be 2 to 4 capital letters, a hyphen and 2 or 3 digits, like GOV-01' }),
  text: text('Statement', 'Enter the statement').trim().min(1, { error: 'Enter the statement' }).max(400, { error: 'Statement must be 400 characters or fewer' }),
  goodLooksLike: text('What good looks like').trim().max(1000, { error: 'What good looks like must be 1,000 characters or fewer' }).default(''),
  evidence: z.array(text('Each evidence suggestion').trim().min(1).max(200, { error: 'Each evidence suggestion must be 200 characters or fewer' })).max(10).default([]),
  measures: z
    .array(measureLinkSchema)
    .max(5, { error: 'A statement can be linked to no more than 5 measures' })
    .default([])
    .refine((links) => new Set(links.map((link) => link.measure)).size === links.length, { error: 'Each measure can be linked to a statement only once' }),
});

export const themeSchema = z.object({
  key: z
    .string({ error: 'Enter the theme’s key' })
    .trim()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'Theme key must be lower-case words joined by hyphens, like data-and-monitoring' }),
  title: text('The theme’s title', 'Enter the theme’s title').trim().min(1, { error: 'Enter the theme’s title' }).max(150),
  description: text('The theme’s description').trim().max(500).default(''),
  statements: z.array(statementSchema).min(1, { error: 'A theme needs at least one statement' }),
});

export const templateSchema = z
  .object({
    key: z
      .string({ error: 'Enter the template’s key' })
      .trim()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'Template key must be lower-case words joined by hyphens' }),
    version: text('The template’s version', 'Enter the template’s version').trim().min(1, { error: 'Enter the template’s version' }).max(40),
    title: text('The template’s title', 'Enter the template’s title').trim().min(1, { error: 'Enter the template’s title' }).max(200),
    description: text('The template’s description').trim().max(1000).default(''),
    themes: z.array(themeSchema).min(1, { error: 'A template needs at least one theme' }),
  })
  .superRefine((template, context) => {
    const themeKeys = new Set<string>();
    const statementKeys = new Set<string>();
    template.themes.forEach((theme, themeIndex) => {
      if (themeKeys.has(theme.key)) {
        context.addIssue({ code: 'custom', path: ['themes', themeIndex, 'key'], message: `Theme key ${theme.key} is used more than once` });
      }
      themeKeys.add(theme.key);
      theme.statements.forEach((statement, statementIndex) => {
        if (statementKeys.has(statement.key)) {
          context.addIssue({
            code: 'custom',
            path: ['themes', themeIndex, 'statements', statementIndex, 'key'],
            message: `Statement key ${statement.key} is used more than once`,
          });
        }
        statementKeys.add(statement.key);
      });
    });
  });

export type TemplateDefinition = z.output<typeof templateSchema>;
