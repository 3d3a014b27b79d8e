import { z } from 'zod';
import { evidenceKinds } from '../../platform/db/schema.js';
import { choice, optionalText, requiredText, versionField } from '../../platform/web/fields.js';
import { linkProblem, maximumLinkLength } from '../evidence-rules.js';

export const maximumEvidenceTitleLength = 500;

/** The fields of the form that adds evidence; the file comes separately, through the upload. */
export const evidenceFields = { kind: 'kind', title: 'title', link: 'link', file: 'file' } as const;

export const evidenceForm = z.object({
  kind: choice(evidenceKinds, 'Select the kind of evidence'),
  title: requiredText('Enter a title or short note for the evidence', maximumEvidenceTitleLength, 'Title or note must be 500 characters or fewer'),
  link: optionalText(maximumLinkLength, `Link must be ${maximumLinkLength} characters or fewer`).superRefine((value, context) => {
    const problem = value === null ? null : linkProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  }),
});

export const removeEvidenceForm = z.object({ version: versionField });
