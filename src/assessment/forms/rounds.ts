import { z } from 'zod';
import { partnerTypeValues } from '../../accounts/index.js';
import { judgements, ratings, roundStatuses } from '../../platform/db/schema.js';
import { checkboxField, choice, dateField, optionalText, optionalVersionField, requiredText, text } from '../../platform/web/fields.js';
import type { TemplateStatement } from '../repository.js';

export const maximumNoteLength = 2000;
const tooLong = (what: string) => `${what} must be ${maximumNoteLength.toLocaleString('en-GB')} characters or fewer`;

const roundDates = {
  startsOn: dateField({ inSentence: 'the date the round starts', asSubject: 'Start date' }, true),
  responsesDueOn: dateField({ inSentence: 'the date responses are due', asSubject: 'Date responses are due' }, true),
  reEvaluateOn: dateField({ inSentence: 'the re-evaluation date', asSubject: 'Re-evaluation date' }, false),
};

export const roundForm = z.object({
  title: requiredText('Enter a name for the round', 120, 'Name must be 120 characters or fewer'),
  templateId: z.uuid({ error: 'Select a question bank' }),
  previousRoundId: z.union([z.literal(''), z.uuid()], { error: 'Select an earlier round from the list' }).optional().transform((value) => value || null),
  ...roundDates,
});

export const roundDetailsForm = z.object({
  title: requiredText('Enter a name for the round', 120, 'Name must be 120 characters or fewer'),
  version: z.coerce.number().int().min(1),
  ...roundDates,
});

export const statusForm = z.object({ to: choice(roundStatuses, 'Choose what to do with the round') });

const checkbox = checkboxField;

export const participantForm = z.object({
  name: requiredText('Enter the person’s name or job title', 120, 'Name must be 120 characters or fewer'),
  organisation: requiredText('Enter their organisation', 150, 'Organisation must be 150 characters or fewer'),
  partnerType: choice(partnerTypeValues, 'Select the type of partner organisation'),
  hasAuthority: checkbox,
  knowsPathway: checkbox,
});

export const participantEditForm = participantForm.extend({ version: z.coerce.number().int().min(1) });

const optionalVersion = optionalVersionField;

/** One form holds every statement in a theme: `rating-KEY`, `evidence-KEY` and `version-KEY`. */
export function themeResponsesForm(statements: readonly TemplateStatement[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const statement of statements) {
    shape[`rating-${statement.key}`] = z
      .union([z.literal(''), z.enum(ratings)], { error: `Select a rating for ${statement.key} from the list` })
      .optional()
      .transform((value) => value || null);
    shape[`evidence-${statement.key}`] = text(`Evidence for ${statement.key}`).trim().max(maximumNoteLength, { error: tooLong(`Evidence for ${statement.key}`) }).optional().default('');
    shape[`version-${statement.key}`] = optionalVersion;
  }
  return z.object(shape);
}

export const agreeForm = z.object({
  rating: choice(ratings, 'Select the agreed rating'),
  judgement: choice(judgements, 'Select whether this is a strength, a concern or neither'),
  rationale: optionalText(maximumNoteLength, tooLong('The reason')).transform((value) => value ?? ''),
  differsReason: optionalText(maximumNoteLength, tooLong('The reason for differing from the figures')).transform((value) => value ?? ''),
  version: optionalVersion,
});
