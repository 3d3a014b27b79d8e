import { z } from 'zod';
import { isoDateOfParts } from '../values/calendar.js';

/** Reusable zod fields whose messages follow the GOV.UK style guide. */

/**
 * Control characters other than tab and line breaks (the database refuses NUL outright), and
 * halves of a UTF-16 pair without their other half, which cannot be stored as UTF-8.
 */
const unsafeCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function hasUnsafeCharacters(value: string): boolean {
  unsafeCharacters.lastIndex = 0;
  return unsafeCharacters.test(value);
}

export function withoutUnsafeCharacters(value: string): string {
  return value.replace(unsafeCharacters, '');
}

/** 'Name' from 'Name must be 100 characters or fewer', so each message can name its field. */
function subjectOf(tooLongMessage: string): string {
  return /^(.+?) must be /.exec(tooLongMessage)?.[1] ?? 'This answer';
}

export function unsafeCharactersMessage(subject: string): string {
  return `${subject} must not include special characters that cannot be saved, such as invisible control characters`;
}

/**
 * The one type for text a person types into a form: a string with nothing in it the database
 * cannot store. Those characters are refused with a message rather than quietly dropped, so
 * nothing the person sees differs from what is saved.
 */
export function text(subject: string, missingMessage?: string) {
  return z
    .string(missingMessage ? { error: missingMessage } : undefined)
    .refine((value) => !hasUnsafeCharacters(value), { error: unsafeCharactersMessage(subject) });
}

/**
 * Text from a search box or a filter in the address. Characters that cannot be stored are
 * dropped (they cannot match anything), so a hand-edited address still shows a page.
 */
export function searchText(maximum: number, tooLongMessage: string) {
  return z
    .string({ error: tooLongMessage })
    .transform(withoutUnsafeCharacters)
    .pipe(z.string().trim().max(maximum, { error: tooLongMessage }))
    .optional()
    .transform((value) => value || undefined);
}

export function requiredText(emptyMessage: string, maximum: number, tooLongMessage: string) {
  return text(subjectOf(tooLongMessage), emptyMessage)
    .trim()
    .min(1, { error: emptyMessage })
    .max(maximum, { error: tooLongMessage });
}

export function optionalText(maximum: number, tooLongMessage: string) {
  return text(subjectOf(tooLongMessage))
    .trim()
    .max(maximum, { error: tooLongMessage })
    .optional()
    .transform((value) => (value ? value : null));
}

export const emailAddress = text('Email address', 'Enter an email address')
  .trim()
  .min(1, { error: 'Enter an email address' })
  .max(254, { error: 'Email address must be 254 characters or fewer' })
  .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.org' }))
  .transform((value) => value.toLowerCase());

export function choice<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.enum(values, { error: message });
}

export const newPassword = text('Password', 'Enter a password')
  .min(1, { error: 'Enter a password' })
  .min(12, { error: 'Password must be 12 characters or more' })
  .max(200, { error: 'Password must be 200 characters or fewer' });

const datePartNames = ['day', 'month', 'year'] as const;

/**
 * A GOV.UK date input (day, month and year boxes) as one field. `validateForm` gathers the
 * boxes named `field-day`, `field-month` and `field-year` into `{ day, month, year }`; this
 * turns them into a 'YYYY-MM-DD' string, or null when optional and left empty.
 */
export function dateField<Required extends boolean>(
  described: { inSentence: string; asSubject: string },
  required: Required,
): z.ZodType<Required extends true ? string : string | null> {
  return z
    .object({ day: z.string().default(''), month: z.string().default(''), year: z.string().default('') })
    .optional()
    .transform((parts, context) => {
      const day = parts?.day.trim() ?? '';
      const month = parts?.month.trim() ?? '';
      const year = parts?.year.trim() ?? '';
      if (!day && !month && !year) {
        if (required) context.addIssue({ code: 'custom', message: `Enter ${described.inSentence}` });
        return null as never;
      }
      const missing = datePartNames.filter((part) => !{ day, month, year }[part]);
      if (missing.length) {
        context.addIssue({ code: 'custom', message: `${described.asSubject} must include a ${missing.join(' and ')}` });
        return z.NEVER;
      }
      const [d, m, y] = [Number(day), Number(month), Number(year)];
      const isoDate = /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) ? isoDateOfParts(y, m, d) : null;
      if (isoDate === null) {
        context.addIssue({ code: 'custom', message: `${described.asSubject} must be a real date` });
        return z.NEVER;
      }
      return isoDate;
    }) as never;
}

/** The day, month and year boxes for a stored 'YYYY-MM-DD' date, to fill a form. */
export function datePartsOf(isoDate: string | null | undefined): { day: string; month: string; year: string } | undefined {
  if (!isoDate) return undefined;
  const [year, month, day] = isoDate.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year: year ?? '' };
}

const reloadMessage = 'Reload the page and try again';

/** The record version a form was opened at, sent back in a hidden field. */
export const versionField = z.coerce.number({ error: reloadMessage }).int({ error: reloadMessage }).min(1, { error: reloadMessage });

/** A version that is empty when the record does not exist yet. */
export const optionalVersionField = z
  .string()
  .optional()
  .transform((value) => (value ? Number(value) : null))
  .refine((value) => value === null || (Number.isInteger(value) && value > 0), { error: reloadMessage });

/** Optional free text stored as '' when left empty; the message names the field. */
export function optionalLongText(maximum: number, what: string) {
  return optionalText(maximum, `${what} must be ${maximum.toLocaleString('en-GB')} characters or fewer`).transform((value) => value ?? '');
}

/** A single checkbox: ticked or not. */
export const checkboxField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => value !== undefined && value !== '');

/** The ticked boxes of a group as a form sends them: nothing, one value or several. */
export const tickedField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter((item) => item !== ''));

/** Ticked boxes that must each come from a fixed list; repeats are dropped. */
export function tickedChoices<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  const allowed = new Set<string>(values);
  return z
    .union([z.string(), z.array(z.string())], { error: message })
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter((item) => item !== ''))
    .refine((items) => items.every((item) => allowed.has(item)), { error: message })
    .transform((items) => [...new Set(items)] as Array<T[number]>);
}
