import type { z } from 'zod';

export interface ErrorSummaryItem {
  text: string;
  href: string;
}

export interface FormErrors {
  /** Message for each field, keyed by the field's name, for the inline error. */
  fields: Record<string, { text: string }>;
  /** The same messages in form order, for the GOV.UK error summary. */
  summary: ErrorSummaryItem[];
}

export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, unknown> }
  | { ok: false; errors: FormErrors; values: Record<string, unknown> };

/** The id a field's input carries, so the error summary can link to it. */
export function fieldId(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '-');
}

export function formErrors(messages: Array<[field: string, message: string]>, dateFields: ReadonlySet<string> = new Set()): FormErrors {
  const fields: FormErrors['fields'] = {};
  const summary: ErrorSummaryItem[] = [];
  for (const [field, message] of messages) {
    if (fields[field]) continue;
    fields[field] = { text: message };
    // A date's summary link goes to its first box, as the GOV.UK pattern asks.
    summary.push({ text: message, href: `#${fieldId(field)}${dateFields.has(field) ? '-day' : ''}` });
  }
  return { fields, summary };
}

/** Gathers GOV.UK date boxes (`name-day`, `name-month`, `name-year`) into `name: { day, month, year }`. */
export function gatherDateParts(values: Record<string, unknown>): { gathered: Record<string, unknown>; dateFields: Set<string> } {
  const gathered: Record<string, unknown> = { ...values };
  const dateFields = new Set<string>();
  for (const [key, value] of Object.entries(values)) {
    const match = /^(.+)-(day|month|year)$/.exec(key);
    if (!match) continue;
    const [, field, part] = match as unknown as [string, string, string];
    dateFields.add(field);
    const parts = (gathered[field] ?? {}) as Record<string, unknown>;
    parts[part] = typeof value === 'string' ? value : '';
    gathered[field] = parts;
  }
  return { gathered, dateFields };
}

/**
 * Validates a submitted form. On failure the user's own input comes back untouched so the
 * page can show it again beside the messages.
 */
export function validateForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const { gathered, dateFields } = gatherDateParts((typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>);
  const values = gathered;
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  const messages = parsed.error.issues.map(
    (issue) => [issue.path.map(String).join('.') || 'form', issue.message] as [string, string],
  );
  return { ok: false, errors: formErrors(messages, dateFields), values };
}
