import { z } from 'zod';
import { dateField, optionalLongText, versionField } from '../platform/web/fields.js';
import type { PlacementAnswer } from './rules/placement-requests.js';

/** The two placement request forms: pathway staff choosing a service, and the provider's answer. */

export const sendRequestForm = z.object({
  serviceId: z.string({ error: 'Select a service' }).trim().uuid({ error: 'Select a service' }),
});

export const answerForm = z
  .object({
    version: versionField,
    answer: z.enum(['visit', 'accept', 'decline'], { error: 'Select your answer' }),
    visitNote: optionalLongText(1000, 'Your note about the visit'),
    admissionOn: dateField({ inSentence: 'the admission date', asSubject: 'Admission date' }, false),
    reason: optionalLongText(1000, 'The reason'),
  })
  .transform((form, context): { version: number; answer: PlacementAnswer } => {
    if (form.answer === 'accept' && !form.admissionOn) {
      context.addIssue({ code: 'custom', path: ['admissionOn'], message: 'Enter the admission date' });
      return z.NEVER;
    }
    if (form.answer === 'decline' && !form.reason.trim()) {
      context.addIssue({ code: 'custom', path: ['reason'], message: 'Enter why you cannot offer a place' });
      return z.NEVER;
    }
    const answer: PlacementAnswer =
      form.answer === 'visit' ? { kind: 'visit', note: form.visitNote } : form.answer === 'accept' ? { kind: 'accept', admissionOn: form.admissionOn as string } : { kind: 'decline', reason: form.reason };
    return { version: form.version, answer };
  });
