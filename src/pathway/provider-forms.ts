import { z } from 'zod';
import { dischargeOutcomes } from '../platform/db/schema.js';
import { dateField, optionalText } from '../platform/web/fields.js';
import { type FormErrors, formErrors } from '../platform/web/forms.js';
import { ukLocalToInstant } from '../platform/values/calendar.js';
import type { Problem } from './rules/referral-state.js';

/**
 * The forms a provider fills in for someone placed with one of its services: the admission, a
 * review done during the stay, the discharge, and when the referrer was told of an unplanned
 * discharge. These check the shape of each answer; the pathway rules (dates in order, funding in
 * place, aftercare plan, risk assessment) are checked by the same stage service pathway staff use.
 */

const version = z.coerce.number({ error: 'The form is out of date. Open the page again' }).int().min(1);
const longText = (what: string) => optionalText(2000, `${what} must be 2,000 characters or fewer`).transform((value) => value ?? '');

export const admissionForm = z.object({
  version,
  admittedOn: dateField({ inSentence: 'the date of admission', asSubject: 'Date of admission' }, true),
  plannedWeeks: z
    .string({ error: 'Enter the planned length of stay in weeks' })
    .trim()
    .min(1, { error: 'Enter the planned length of stay in weeks' })
    .regex(/^\d+$/, { error: 'Planned length of stay must be a whole number of weeks, like 12' })
    .transform(Number)
    .pipe(z.number().min(1, { error: 'Planned length of stay must be at least 1 week' }).max(104, { error: 'Planned length of stay must be 104 weeks or fewer' })),
  detoxIncluded: z.enum(['yes', 'no'], { error: 'Select yes if the stay starts with a detox' }),
  aftercarePlanAgreedOn: dateField({ inSentence: 'the date the aftercare plan was agreed', asSubject: 'Date the aftercare plan was agreed' }, false),
  noAftercarePlanReason: longText('The reason there is no agreed plan'),
});

export const reviewForm = z.object({
  version,
  completedOn: dateField({ inSentence: 'the date the review was done', asSubject: 'Date the review was done' }, true),
  notes: longText('Notes'),
});

/** "14:30", "14.30", "9:05", "2pm" or "2:30pm", as 'HH:MM' on the 24-hour clock; null if it is not a time. */
export function readTime(text: string): string | null {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? '0');
  const half = match[3]?.toLowerCase();
  if (!match[2] && !half) return null;
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

const timeField = z.string().trim().optional().default('');

/** The date and time the referrer was told, with the messages for each half missing. */
function toldAt(toldOn: string | null, toldTime: string, context: z.RefinementCtx, required: boolean): Date | null {
  if (!toldOn && !toldTime) {
    if (required) context.addIssue({ code: 'custom', path: ['toldOn'], message: 'Enter the date the referrer was told' });
    return null;
  }
  if (!toldOn) {
    context.addIssue({ code: 'custom', path: ['toldOn'], message: 'Enter the date the referrer was told' });
    return null;
  }
  const time = readTime(toldTime);
  if (!toldTime) {
    context.addIssue({ code: 'custom', path: ['toldTime'], message: 'Enter the time the referrer was told, like 14:30' });
    return null;
  }
  if (!time) {
    context.addIssue({ code: 'custom', path: ['toldTime'], message: 'Enter the time as hours and minutes on the 24-hour clock, like 14:30' });
    return null;
  }
  return ukLocalToInstant(toldOn, time);
}

export const dischargeForm = z
  .object({
    version,
    dischargedOn: dateField({ inSentence: 'the date of discharge', asSubject: 'Date of discharge' }, true),
    dischargeOutcome: z.enum(dischargeOutcomes, { error: 'Select how the placement ended' }),
    riskAssessmentSummary: longText('The risk assessment summary'),
    toldOn: dateField({ inSentence: 'the date the referrer was told', asSubject: 'Date the referrer was told' }, false),
    toldTime: timeField,
    notToldYet: z.literal('yes').optional(),
  })
  .transform((form, context) => {
    const referrerNotifiedAt = form.notToldYet ? null : toldAt(form.toldOn, form.toldTime, context, false);
    if (form.notToldYet && (form.toldOn || form.toldTime)) {
      context.addIssue({ code: 'custom', path: ['toldOn'], message: 'Either give the date and time the referrer was told, or say that they have not been told yet' });
    }
    return { ...form, referrerNotifiedAt, referrerNotYetTold: Boolean(form.notToldYet) };
  });

export const referrerToldForm = z
  .object({
    version,
    toldOn: dateField({ inSentence: 'the date the referrer was told', asSubject: 'Date the referrer was told' }, true),
    toldTime: timeField,
  })
  .transform((form, context) => ({ ...form, referrerNotifiedAt: toldAt(form.toldOn, form.toldTime, context, true) }));

/**
 * The stage service's problems as this form's errors: its field names become the form's, and a
 * refusal of the whole move is shown at the top of the page.
 */
export function serviceErrors(problems: Problem[], fields: Record<string, string>, dateFields: ReadonlySet<string>): FormErrors {
  const messages = problems.map(([field, message]): [string, string] => [fields[field] ?? 'form', message]);
  const errors = formErrors(messages, dateFields);
  errors.summary = errors.summary.map((item) => (item.href === '#form' ? { ...item, href: '#main-content' } : item));
  return errors;
}
