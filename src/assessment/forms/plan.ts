import { z } from 'zod';
import { evidenceMeasure, type EvidenceMeasureKey, isEvidenceMeasureKey } from '../../insight/index.js';
import { actionPurposes, actionStatuses } from '../../platform/db/schema.js';
import { choice, dateField, optionalLongText, requiredText, searchText, text, tickedField, versionField } from '../../platform/web/fields.js';
import { targetValueProblem } from '../plan-rules.js';

/** Forms for the action plan and review meetings, with messages in the GOV.UK style. */

const version = versionField;
const ticked = tickedField;

// Priorities -----------------------------------------------------------------------------------

export const priorityForm = z.object({
  title: requiredText('Enter the priority', 150, 'Priority must be 150 characters or fewer'),
  description: optionalLongText(2000, 'Description'),
});

export const priorityEditForm = priorityForm.extend({ version });

export const moveForm = z.object({
  direction: choice(['up', 'down'] as const, 'Choose whether to move the priority up or down'),
  version,
});

export const deleteForm = z.object({ version });

// Actions ----------------------------------------------------------------------------------------

const numberMessage = 'Target value must be a number, like 14 or 2.5';

/** The measure to move: none, or a key of the evidence catalogue. */
const measureField = z
  .string({ error: 'Select a measure from the list' })
  .optional()
  .refine((value) => !value || isEvidenceMeasureKey(value), { error: 'Select a measure from the list' })
  .transform((value) => (value ? (value as EvidenceMeasureKey) : null));

/** A number typed in the measure's unit ("14", "2.5", "60%"); null when left empty. */
const targetValueField = text('Target value')
  .trim()
  .max(20, { error: numberMessage })
  .optional()
  .transform((value, context) => {
    const typed = (value ?? '').replace(/,/g, '').replace(/\s*(%|days?|percentage points?|points?)$/i, '');
    if (!typed) return null;
    if (!/^\d+(\.\d{1,2})?$/.test(typed)) {
      context.addIssue({ code: 'custom', message: /^-/.test(typed) ? 'Target value must be 0 or more' : numberMessage });
      return z.NEVER;
    }
    return Number(typed);
  });

/**
 * A measure needs a target value and date; a target needs a measure. The value must fit the
 * measure's unit. Whether it is better than the baseline is checked when the baseline is known.
 * It runs even when another field is wrong (`when` below), so every message shows at once; a
 * field that failed its own check is then still as typed, so only checked values are trusted.
 */
function checkTarget(form: { measure: EvidenceMeasureKey | null; targetValue: number | null; targetOn: string | null }, context: z.RefinementCtx) {
  // A measure not in the list has its own message already.
  if (form.measure !== null && !isEvidenceMeasureKey(form.measure)) return;
  if (form.measure === null) {
    if (form.targetValue !== null || form.targetOn !== null) {
      context.addIssue({ code: 'custom', path: ['measure'], message: 'Select the measure the target is for, or leave the target value and date empty' });
    }
    return;
  }
  if (form.targetValue === null) context.addIssue({ code: 'custom', path: ['targetValue'], message: 'Enter the target value' });
  else if (typeof form.targetValue === 'number') {
    const problem = targetValueProblem(form.targetValue, evidenceMeasure(form.measure).unit);
    if (problem) context.addIssue({ code: 'custom', path: ['targetValue'], message: problem });
  }
  if (form.targetOn === null) context.addIssue({ code: 'custom', path: ['targetOn'], message: 'Enter the target date' });
}

const always = { when: () => true };

const targetFields = {
  measure: measureField,
  targetValue: targetValueField,
  targetOn: dateField({ inSentence: 'the target date', asSubject: 'Target date' }, false),
};

/** The action form; linked statements must come from the round's own question bank. */
export function actionForm(statementIds: readonly string[]) {
  return actionFields(statementIds).superRefine(checkTarget, always);
}

function actionFields(statementIds: readonly string[]) {
  const allowed = new Set(statementIds);
  return z.object({
    description: requiredText('Enter a description of the action', 2000, 'Description must be 2,000 characters or fewer'),
    purpose: choice(actionPurposes, 'Select whether the action addresses a concern or maintains a strength'),
    statementIds: ticked.refine((ids) => ids.every((id) => allowed.has(id)), { error: 'Select statements from the list' }),
    leadPerson: requiredText('Enter the name of the person leading the action', 120, 'Lead person must be 120 characters or fewer'),
    leadOrganisation: requiredText('Enter the lead person’s organisation', 150, 'Organisation must be 150 characters or fewer'),
    dueOn: dateField({ inSentence: 'the due date', asSubject: 'Due date' }, true),
    priorityId: z
      .union([z.literal(''), z.uuid()], { error: 'Select a priority from the list' })
      .optional()
      .transform((value) => value || null),
    status: choice(actionStatuses, 'Select the status of the action'),
    ...targetFields,
  });
}

export function actionEditForm(statementIds: readonly string[]) {
  return actionFields(statementIds).extend({ version }).superRefine(checkTarget, always);
}

export const progressUpdateForm = z.object({
  recordedOn: dateField({ inSentence: 'the date of the update', asSubject: 'Date of the update' }, true),
  status: choice(actionStatuses, 'Select the status of the action on that date'),
  note: requiredText('Enter what has happened since the last update', 2000, 'Note must be 2,000 characters or fewer'),
});

/** The filters above the action list. Values only come from the lists, so anything else is refused. */
export const actionFilterQuery = z.object({
  status: z
    .union([z.literal(''), z.enum(actionStatuses)], { error: 'Select a status from the list' })
    .optional()
    .transform((value) => value || undefined),
  lead: searchText(120, 'Select a lead from the list'),
  theme: searchText(100, 'Select a theme from the list'),
});

// Review meetings --------------------------------------------------------------------------------

export const meetingForm = z.object({
  meetsOn: dateField({ inSentence: 'the date of the meeting', asSubject: 'Date of the meeting' }, true),
  attendees: optionalLongText(2000, 'Attendees'),
  notes: optionalLongText(10000, 'Notes'),
  actionIds: ticked.refine((ids) => ids.every((id) => z.uuid().safeParse(id).success), { error: 'Select actions from the list' }),
});

export const meetingEditForm = meetingForm.extend({ version });
