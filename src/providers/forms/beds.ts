import { z } from 'zod';
import { dateField, optionalVersionField } from '../../platform/web/fields.js';
import { addDays } from '../../platform/values/calendar.js';

/** The one form a provider account fills in to say what space a service has. */

/** A whole number that must be given. */
function wholeNumber(what: string, missing: string, maximum: number, example: string) {
  return z
    .string({ error: missing })
    .optional()
    .transform((text, context) => {
      const trimmed = (text ?? '').trim();
      if (trimmed === '') {
        context.addIssue({ code: 'custom', message: missing });
        return z.NEVER;
      }
      if (!/^\d+$/.test(trimmed)) {
        context.addIssue({ code: 'custom', message: `${what} must be a whole number, like ${example}` });
        return z.NEVER;
      }
      const value = Number(trimmed);
      if (value > maximum) {
        context.addIssue({ code: 'custom', message: `${what} must be ${maximum.toLocaleString('en-GB')} or fewer` });
        return z.NEVER;
      }
      return value;
    });
}

/** How far ahead a next admission date may be: a year. */
export const nextAdmissionMaxDays = 366;

export function bedAvailabilityForm(today: string) {
  return z
    .object({
      version: optionalVersionField,
      bedsAvailable: wholeNumber('Beds available now', 'Enter how many beds are available now, or 0', 999, '2'),
      nextAdmissionOn: dateField({ inSentence: 'the next admission date', asSubject: 'Next admission date' }, false),
      waitingListLength: wholeNumber('Waiting list', 'Enter how many people are on the waiting list, or 0', 9999, '5'),
    })
    .superRefine((form, context) => {
      if (form.nextAdmissionOn && form.nextAdmissionOn < today) {
        context.addIssue({ code: 'custom', path: ['nextAdmissionOn'], message: 'Next admission date must be today or in the future' });
      }
      if (form.nextAdmissionOn && form.nextAdmissionOn > addDays(today, nextAdmissionMaxDays)) {
        context.addIssue({ code: 'custom', path: ['nextAdmissionOn'], message: 'Next admission date must be within the next year' });
      }
    });
}
