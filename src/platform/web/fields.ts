import { z } from 'zod';

/** Reusable zod fields whose messages follow the GOV.UK style guide. */

export function requiredText(emptyMessage: string, maximum: number, tooLongMessage: string) {
  return z
    .string({ error: emptyMessage })
    .trim()
    .min(1, { error: emptyMessage })
    .max(maximum, { error: tooLongMessage });
}

export function optionalText(maximum: number, tooLongMessage: string) {
  return z
    .string()
    .trim()
    .max(maximum, { error: tooLongMessage })
    .optional()
    .transform((value) => (value ? value : null));
}

export const emailAddress = z
  .string({ error: 'Enter an email address' })
  .trim()
  .min(1, { error: 'Enter an email address' })
  .max(254, { error: 'Email address must be 254 characters or fewer' })
  .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.org' }))
  .transform((value) => value.toLowerCase());

export function choice<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.enum(values, { error: message });
}

export const newPassword = z
  .string({ error: 'Enter a password' })
  .min(1, { error: 'Enter a password' })
  .min(12, { error: 'Password must be 12 characters or more' })
  .max(200, { error: 'Password must be 200 characters or fewer' });
