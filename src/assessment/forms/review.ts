import { z } from 'zod';
import { peerDecisions } from '../../platform/db/schema.js';
import { choice, requiredText, text, versionField } from '../../platform/web/fields.js';
import { maximumNoteLength } from './rounds.js';

const limit = maximumNoteLength.toLocaleString('en-GB');
const version = versionField;

export const commentForm = z.object({
  comment: requiredText('Enter your comment', maximumNoteLength, `Comment must be ${limit} characters or fewer`),
});

export const commentChangeForm = commentForm.extend({ version });

export const replyForm = z.object({
  reply: requiredText('Enter your reply', maximumNoteLength, `Reply must be ${limit} characters or fewer`),
  version,
});

export const decisionForm = z
  .object({
    decision: choice(peerDecisions, 'Select whether you sign off the assessment or ask for changes'),
    summary: text('Summary')
      .trim()
      .max(maximumNoteLength, { error: `Summary must be ${limit} characters or fewer` })
      .optional()
      .transform((value) => value ?? ''),
  })
  .superRefine((form, context) => {
    if (form.decision === 'changes_requested' && form.summary === '') {
      context.addIssue({ code: 'custom', path: ['summary'], message: 'Enter a summary of the changes you are asking for' });
    }
  });
