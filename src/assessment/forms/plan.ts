import { z } from 'zod';
import { actionPurposes, actionStatuses } from '../../platform/db/schema.js';
import { choice, dateField, optionalLongText, requiredText, searchText, tickedField, versionField } from '../../platform/web/fields.js';

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

/** The action form; linked statements must come from the round's own question bank. */
export function actionForm(statementIds: readonly string[]) {
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
  });
}

export function actionEditForm(statementIds: readonly string[]) {
  return actionForm(statementIds).extend({ version });
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
