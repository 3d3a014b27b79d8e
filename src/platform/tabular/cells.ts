import { isoDateOfParts } from '../values/calendar.js';
import { parsePounds } from '../values/money.js';
import { rememberingAnswers } from '../values/remembered.js';

/**
 * Reading single cells of an uploaded file. Each reader gives the value or a message that says
 * what to change, in words that fit after "Row 4, column Weekly cost: ".
 */

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };
export const good = <T>(value: T): Read<T> => ({ ok: true, value });
export const bad = (message: string): Read<never> => ({ ok: false, message });

/** Dates before this are almost always a year typed with 2 digits or a spreadsheet's mistake. */
export const earliestImportedDate = '2000-01-01';

/** "A, B, C or D" */
export function orList(items: readonly string[], joiner = 'or'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${joiner} ${items.at(-1)}`;
}

/** A value quoted in a message, shortened so one wild cell cannot flood the page. */
export function quoted(value: string): string {
  const short = value.length > 40 ? `${value.slice(0, 39)}…` : value;
  return `‘${short}’`;
}

const needsCleaning = /[\u0000-\u001F\u007F]|[^\S ]|  |^ | $|^'/;
const needsCleaningMultiline = /[\u0000-\u001F\u007F]|^\s|\s$|^'/;

/**
 * A cell's text, trimmed, without control characters (which the database cannot store) and
 * without the apostrophe a spreadsheet export puts before text that would look like a formula.
 */
export function cleanText(raw: string, multiline = false): string {
  // Most cells need none of it: no control characters, no space but single ones inside, no apostrophe first.
  if (!(multiline ? needsCleaningMultiline : needsCleaning).test(raw)) return raw;
  const withoutControls = raw.replace(multiline ? /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g : /[\u0000-\u001F\u007F]/g, multiline ? '' : ' ');
  const trimmed = (multiline ? withoutControls.replace(/\r\n?/g, '\n') : withoutControls.replace(/\s+/g, ' ')).trim();
  return /^'[=+\-@]/.test(trimmed) ? trimmed.slice(1) : trimmed;
}

export function readText(raw: string, maximum: number, what: string, multiline = false): Read<string> {
  const text = cleanText(raw, multiline);
  if (text.length > maximum) return bad(`${what} must be ${maximum.toLocaleString('en-GB')} characters or fewer`);
  return good(text);
}

export function readYesNo(raw: string): Read<boolean> {
  const text = raw.trim().toLowerCase();
  if (['', 'no', 'n', 'false', '0'].includes(text)) return good(false);
  if (['yes', 'y', 'true', '1'].includes(text)) return good(true);
  return bad(`enter yes or no, not ${quoted(raw.trim())}. Leave it empty for no`);
}

export function readWholeNumber(raw: string, maximum: number, what: { example: string; noun: string }): Read<number | null> {
  const text = raw.trim().replace(/,/g, '');
  if (!text) return good(null);
  if (!/^\d+$/.test(text)) return bad(`enter a whole number of ${what.noun}, like ${what.example}`);
  const value = Number(text);
  if (value > maximum) return bad(`enter ${maximum.toLocaleString('en-GB')} ${what.noun} or fewer`);
  return good(value);
}

/**
 * Pounds as written by a person or a spreadsheet: 1250, 1,250, £1,250.50, 1250.5. Returns pence.
 * Spaces are dropped first because spreadsheets and pasted text put them between digits.
 */
export function readPounds(raw: string, maximumPounds: number): Read<number | null> {
  const reading = parsePounds(raw.replace(/\s+/g, ''), { maximumPounds });
  if (reading.ok) return good(reading.pence);
  return bad(reading.problem === 'too_large' ? `enter an amount of £${maximumPounds.toLocaleString('en-GB')} or less` : 'enter an amount in pounds, like 1250');
}

/** 23/11/2026, 23-11-2026, 23.11.2026 or 2026-11-23, as 'YYYY-MM-DD'. */
export function readDate(raw: string, today: string): Read<string | null> {
  const text = raw.trim();
  if (!text) return good(null);
  let parts: [number, number, number] | null = null;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const uk = iso ? null : /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(text);
  if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (uk) {
    if ((uk[3] as string).length === 2) return bad(`write the year in full, like ${uk[1]}/${uk[2]}/20${uk[3]}`);
    parts = [Number(uk[3]), Number(uk[2]), Number(uk[1])];
  }
  if (!parts) return bad('enter a date like 23/11/2026 or 2026-11-23');
  const [year, month, day] = parts;
  const value = isoDateOfParts(year, month, day);
  if (value === null) return bad(`${quoted(text)} is not a real date`);
  if (value > today) return bad('the date cannot be in the future');
  if (value < earliestImportedDate) return bad('the date must be in the year 2000 or later');
  return good(value);
}

/** A UK postcode in capitals with one space before the last 3 characters. */
export function readPostcode(raw: string): Read<string> {
  const compact = raw.replace(/\s+/g, '').toUpperCase();
  if (!compact) return good('');
  if (!/^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(compact)) return bad('enter a full UK postcode, like SW1A 1AA');
  return good(`${compact.slice(0, -3)} ${compact.slice(-3)}`);
}

/** Values separated by semicolons (or new lines within the cell), cleaned, empty ones dropped. */
export function splitList(raw: string): string[] {
  return raw
    .split(/[;\n]/)
    .map((item) => cleanText(item))
    .filter(Boolean);
}

// Values given as codes or labels ---------------------------------------------------------------

/**
 * Case, spaces, hyphens, underscores, brackets and apostrophes do not matter: "Twelve_step",
 * "12-step" and "12 step" match, as do "Womens" and "Women’s". A plus sign does matter, so that
 * "65+" and "LGBTQ+" keep their meaning.
 */
export function choiceKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9+]+/g, ' ')
    .trim();
}

export interface ChoiceList<T extends string> {
  find(text: string): T | undefined;
  /** The labels, in order, for messages and the import page. */
  labels: string[];
  codes: readonly T[];
  labelOf(code: T): string;
}

/** A list that recognises each code, its label (with or without a bracketed note) and any synonyms. */
export function choices<T extends string>(codes: readonly T[], labels: Record<T, string>, synonyms: Record<string, T> = {}): ChoiceList<T> {
  const map = new Map<string, T>();
  for (const code of codes) {
    map.set(choiceKey(code), code);
    map.set(choiceKey(labels[code]), code);
    map.set(choiceKey(labels[code].replace(/\(.*?\)/g, '')), code);
  }
  for (const [synonym, code] of Object.entries(synonyms)) map.set(choiceKey(synonym), code);
  // A file repeats the same few answers down a column: each different text is reduced to its key once.
  const find = rememberingAnswers((text: string) => map.get(choiceKey(text)), 1_000);
  return { find, labels: codes.map((code) => labels[code]), codes, labelOf: (code: T) => labels[code] };
}

/** Several answers from one list in one cell, separated by semicolons, without repeats. */
export function readChoiceList<T extends string>(raw: string, list: ChoiceList<T>, what: string): Read<T[]> {
  const found: T[] = [];
  const unknown: string[] = [];
  for (const item of splitList(raw)) {
    const code = list.find(item);
    if (code === undefined) unknown.push(item);
    else if (!found.includes(code)) found.push(code);
  }
  if (unknown.length) {
    const which = unknown.length === 1 ? `${quoted(unknown[0] as string)} is not` : `${orList(unknown.map(quoted), 'and')} are not`;
    return bad(`${which} in the list of ${what}. Use ${orList(list.labels)}, separated by semicolons`);
  }
  return good(found);
}
