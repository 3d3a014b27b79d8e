import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { type Region, regions } from '../accounts/regions.js';
import {
  type RegulatorRating,
  regulatorRatings,
  type ServiceKind,
  serviceKinds,
  specialisms,
  treatmentApproaches,
} from '../platform/db/schema.js';
import { isoDateOfParts } from '../platform/values/calendar.js';
import { parsePounds } from '../platform/values/money.js';
import type { ServiceDetails } from './directory-repository.js';
import { approachLabels, regulatorRatingTags, serviceKindLabels, specialismLabels } from './labels.js';

/**
 * Reading a CSV file of services for the directory: one row per service, a heading row first.
 * Pure functions: no database, no web. Every problem names the row (as a spreadsheet numbers
 * it: the headings are row 1) and the column, and says what to change. A file with any problem
 * is refused whole, so the caller only ever gets a complete, valid list.
 */

export const maximumUploadBytes = 5 * 1024 * 1024;
export const maximumUploadText = '5 MB';
export const maximumServiceRows = 10_000;

const limits = {
  name: 200,
  address: 300,
  town: 100,
  longText: 2000,
  language: 60,
  languages: 20,
  beds: 1000,
  weeklyCostPounds: 50_000,
  programmeWeeks: 156,
  waitingWeeks: 104,
};
/** Dates before this are almost always a year typed with 2 digits or a spreadsheet's mistake. */
const earliestDate = '2000-01-01';

// Columns -------------------------------------------------------------------------------------

export type ColumnKey =
  | 'provider'
  | 'serviceName'
  | 'kind'
  | 'approaches'
  | 'specialisms'
  | 'detoxOnSite'
  | 'address'
  | 'town'
  | 'postcode'
  | 'region'
  | 'beds'
  | 'weeklyCost'
  | 'minimumWeeks'
  | 'typicalWeeks'
  | 'waitingWeeks'
  | 'waitingUpdated'
  | 'regulatorRating'
  | 'ratingDate'
  | 'eligibility'
  | 'exclusions'
  | 'stepFreeAccess'
  | 'adaptedRooms'
  | 'languages';

export interface ColumnSpec {
  key: ColumnKey;
  heading: string;
  required: boolean;
  /** Other headings that mean the same column. */
  aliases: string[];
  /** What to put in it, for the import page. */
  help: string;
}

export const serviceImportColumns: ColumnSpec[] = [
  { key: 'provider', heading: 'Provider', required: true, aliases: ['provider name', 'organisation'], help: 'The name of the organisation that runs the service. A provider not yet in the directory is added.' },
  { key: 'serviceName', heading: 'Service name', required: true, aliases: ['service', 'name'], help: 'Up to 200 characters. Each of a provider’s services needs a different name.' },
  { key: 'kind', heading: 'Kind', required: true, aliases: ['kind of service', 'service kind', 'type'], help: 'One kind of service from the list below.' },
  { key: 'approaches', heading: 'Approaches', required: false, aliases: ['approach', 'treatment approaches', 'treatment approach'], help: 'Treatment approaches from the list below, separated by semicolons (;).' },
  { key: 'specialisms', heading: 'Specialisms', required: false, aliases: ['specialism', 'groups served', 'specialisms and groups served'], help: 'Specialisms and groups served, from the list below, separated by semicolons (;).' },
  { key: 'detoxOnSite', heading: 'Detox on site', required: false, aliases: ['detox'], help: 'Yes or no. Empty means no.' },
  { key: 'address', heading: 'Address', required: false, aliases: ['street address'], help: 'The street address, up to 300 characters, without the town and postcode.' },
  { key: 'town', heading: 'Town', required: false, aliases: ['town or city', 'city'], help: 'Up to 100 characters.' },
  { key: 'postcode', heading: 'Postcode', required: false, aliases: ['post code'], help: 'A full postcode, like SW1A 1AA.' },
  { key: 'region', heading: 'Region', required: true, aliases: [], help: 'One of the 9 regions of England, from the list below.' },
  { key: 'beds', heading: 'Beds', required: false, aliases: ['number of beds'], help: 'A whole number, like 24.' },
  { key: 'weeklyCost', heading: 'Weekly cost', required: false, aliases: ['cost per week', 'weekly price'], help: 'In pounds, like 1250 or £1,250.50.' },
  { key: 'minimumWeeks', heading: 'Minimum weeks', required: false, aliases: ['minimum length', 'minimum programme weeks'], help: 'The shortest programme, as a whole number of weeks.' },
  { key: 'typicalWeeks', heading: 'Typical weeks', required: false, aliases: ['typical length', 'typical programme weeks'], help: 'The usual programme length, as a whole number of weeks. It cannot be shorter than the minimum.' },
  { key: 'waitingWeeks', heading: 'Waiting weeks', required: false, aliases: ['waiting time', 'waiting time weeks', 'wait weeks'], help: 'How long someone waits for a place now, as a whole number of weeks. 0 means a place is free now.' },
  { key: 'waitingUpdated', heading: 'Waiting updated', required: false, aliases: ['waiting time updated', 'waiting updated on', 'waiting time last updated'], help: 'The date the waiting time was last checked, like 23/11/2026 or 2026-11-23. It cannot be in the future.' },
  { key: 'regulatorRating', heading: 'Regulator rating', required: false, aliases: ['rating', 'cqc rating'], help: 'The latest rating from the regulator, from the list below.' },
  { key: 'ratingDate', heading: 'Rating date', required: false, aliases: ['regulator rating date', 'date rated'], help: 'The date of that rating, written like the waiting time’s date.' },
  { key: 'eligibility', heading: 'Eligibility', required: false, aliases: ['eligibility criteria'], help: 'Who the service can take, up to 2,000 characters.' },
  { key: 'exclusions', heading: 'Exclusions', required: false, aliases: ['exclusion criteria'], help: 'Who the service cannot take, up to 2,000 characters.' },
  { key: 'stepFreeAccess', heading: 'Step-free access', required: false, aliases: ['step free'], help: 'Yes or no. Empty means no.' },
  { key: 'adaptedRooms', heading: 'Adapted rooms', required: false, aliases: ['adapted room', 'accessible rooms'], help: 'Yes or no. Empty means no.' },
  { key: 'languages', heading: 'Languages', required: false, aliases: ['languages spoken', 'language'], help: 'Languages other than English that staff can work in, separated by semicolons (;), like Polish; Urdu.' },
];

const columnByKey = new Map(serviceImportColumns.map((column) => [column.key, column]));
const headingOf = (key: ColumnKey) => (columnByKey.get(key) as ColumnSpec).heading;

/** "Weekly cost (£)", " weekly-cost " and "WEEKLY COST" all mean "Weekly cost". */
export function headingKey(text: string): string {
  return text
    .replace(/\(.*?\)/g, ' ')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const columnByHeading = new Map<string, ColumnSpec>();
for (const column of serviceImportColumns) {
  for (const heading of [column.heading, ...column.aliases]) columnByHeading.set(headingKey(heading), column);
}

// Values given as codes or labels ---------------------------------------------------------------

/** Case, spaces, hyphens, underscores and brackets do not matter: "Twelve_step", "12-step", "12 step". */
function choiceKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

interface ChoiceList<T extends string> {
  find(text: string): T | undefined;
  /** The labels, in order, for messages. */
  labels: string[];
}

function choices<T extends string>(codes: readonly T[], labels: Record<T, string>, synonyms: Record<string, T> = {}): ChoiceList<T> {
  const map = new Map<string, T>();
  for (const code of codes) {
    map.set(choiceKey(code), code);
    map.set(choiceKey(labels[code]), code);
    map.set(choiceKey(labels[code].replace(/\(.*?\)/g, '')), code);
  }
  for (const [synonym, code] of Object.entries(synonyms)) map.set(choiceKey(synonym), code);
  return { find: (text: string) => map.get(choiceKey(text)), labels: codes.map((code) => labels[code]) };
}

const kindChoices = choices(serviceKinds, serviceKindLabels, {
  rehab: 'residential_rehab',
  'residential rehab': 'residential_rehab',
  detox: 'inpatient_detox',
  'second stage': 'second_stage',
  'supported housing': 'second_stage',
  crisis: 'crisis',
});
const approachChoices = choices(treatmentApproaches, approachLabels, {
  'twelve step': 'twelve_step',
  '12 steps': 'twelve_step',
  cbt: 'cognitive_behavioural',
  'cognitive behavioral': 'cognitive_behavioural',
  faith: 'faith_based',
  other: 'other',
});
const specialismChoices = choices(specialisms, specialismLabels, {
  lgbtq: 'lgbtq_plus',
  'lgbtq+': 'lgbtq_plus',
  'mental health': 'co_occurring_mental_health',
  'dual diagnosis': 'co_occurring_mental_health',
  'prison leavers': 'leaving_prison',
  'parents and children': 'parents_with_children',
  'young adults': 'young_adults',
});
const ratingLabels = Object.fromEntries(regulatorRatings.map((rating) => [rating, regulatorRatingTags[rating].text])) as Record<RegulatorRating, string>;
const ratingChoices = choices(regulatorRatings, ratingLabels, { 'not rated': 'not_rated', unrated: 'not_rated' });
const regionLabels = Object.fromEntries(regions.map((region) => [region, region])) as Record<Region, string>;
const regionChoices = choices(regions, regionLabels, { 'yorkshire and humber': 'Yorkshire and the Humber', yorkshire: 'Yorkshire and the Humber', east: 'East of England', 'greater london': 'London' });

/** The words each list accepts, for the import page. */
export const acceptedValues = {
  kinds: serviceKinds.map((code) => ({ code, label: serviceKindLabels[code] })),
  approaches: treatmentApproaches.map((code) => ({ code, label: approachLabels[code] })),
  specialisms: specialisms.map((code) => ({ code, label: specialismLabels[code] })),
  ratings: regulatorRatings.map((code) => ({ code, label: ratingLabels[code] })),
  regions: [...regions],
};

/** "A, B, C or D" */
function orList(items: readonly string[], joiner = 'or'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${joiner} ${items.at(-1)}`;
}

/** A value quoted in a message, shortened so one wild cell cannot flood the page. */
function quoted(value: string): string {
  const short = value.length > 40 ? `${value.slice(0, 39)}…` : value;
  return `‘${short}’`;
}

// Reading single values -------------------------------------------------------------------------

type Read<T> = { ok: true; value: T } | { ok: false; message: string };
const good = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = (message: string): Read<never> => ({ ok: false, message });

/**
 * A cell's text, trimmed, without control characters (which the database cannot store) and
 * without the apostrophe a spreadsheet export puts before text that would look like a formula.
 */
export function cleanText(raw: string, multiline = false): string {
  const withoutControls = raw.replace(multiline ? /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g : /[\u0000-\u001F\u007F]/g, multiline ? '' : ' ');
  const trimmed = (multiline ? withoutControls.replace(/\r\n?/g, '\n') : withoutControls.replace(/\s+/g, ' ')).trim();
  return /^'[=+\-@]/.test(trimmed) ? trimmed.slice(1) : trimmed;
}

function readText(raw: string, maximum: number, what: string, multiline = false): Read<string> {
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
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(text);
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
  if (value < earliestDate) return bad('the date must be in the year 2000 or later');
  return good(value);
}

/** A UK postcode in capitals with one space before the last 3 characters. */
export function readPostcode(raw: string): Read<string> {
  const compact = raw.replace(/\s+/g, '').toUpperCase();
  if (!compact) return good('');
  if (!/^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(compact)) return bad('enter a full UK postcode, like SW1A 1AA');
  return good(`${compact.slice(0, -3)} ${compact.slice(-3)}`);
}

/** Values separated by semicolons (or new lines within the cell), without repeats. */
function splitList(raw: string): string[] {
  return raw
    .split(/[;\n]/)
    .map((item) => cleanText(item))
    .filter(Boolean);
}

function readChoiceList<T extends string>(raw: string, list: ChoiceList<T>, what: string): Read<T[]> {
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

function readLanguages(raw: string): Read<string[]> {
  const found: string[] = [];
  for (const item of splitList(raw)) {
    if (item.length > limits.language) return bad(`each language must be ${limits.language} characters or fewer. Separate languages with semicolons`);
    if (!found.some((existing) => existing.toLowerCase() === item.toLowerCase())) found.push(item);
  }
  if (found.length > limits.languages) return bad(`list no more than ${limits.languages} languages`);
  return good(found);
}

// The file --------------------------------------------------------------------------------------

export interface ImportedService extends ServiceDetails {
  /** The row in the file, counting the headings as row 1. */
  row: number;
  providerName: string;
  region: Region;
}

export type ServiceImportOutcome =
  | { ok: true; services: ImportedService[]; ignoredHeadings: string[] }
  | { ok: false; problems: string[] };

const fail = (...problems: string[]): ServiceImportOutcome => ({ ok: false, problems });

export type FileKind = 'empty' | 'text' | 'xlsx' | 'old-excel' | 'other';

/** Decided by the file's contents, not its name, which can be anything. */
export function fileKind(data: Uint8Array): FileKind {
  if (data.length === 0) return 'empty';
  if (data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) return 'xlsx';
  if (data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0) return 'old-excel';
  // Text files never hold a zero byte; PDFs, images and other binary files nearly always do early on.
  const sample = data.subarray(0, 8192);
  if (sample.includes(0)) return 'other';
  if (data[0] === 0x25 && data[1] === 0x50 && data[2] === 0x44 && data[3] === 0x46) return 'other'; // %PDF
  return 'text';
}

/** UTF-8 (with or without a byte order mark); otherwise the Windows encoding older Excel uses for CSV. */
export function decodeText(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1252').decode(data);
  }
}

/** Commas, unless the heading row plainly uses semicolons or tabs (as some spreadsheet settings do). */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (character: string) => firstLine.split(character).length - 1;
  const commas = count(',');
  if (count('\t') > commas) return '\t';
  if (count(';') > commas) return ';';
  return ',';
}

interface Problem {
  row: number;
  column: number;
  text: string;
}

/**
 * Reads and checks a whole CSV file of services. `today` ('YYYY-MM-DD') is the latest date
 * allowed for the waiting time's update and the rating.
 */
export function readServicesCsv(data: Uint8Array, today: string): ServiceImportOutcome {
  switch (fileKind(data)) {
    case 'empty':
      return fail('The selected file is empty');
    case 'xlsx':
    case 'old-excel':
      return fail('The selected file is an Excel workbook. Save it as ‘CSV UTF-8 (comma delimited)’ and upload the CSV file');
    case 'other':
      return fail('The selected file must be a CSV file');
    default:
  }
  const text = decodeText(data);
  if (!text.trim()) return fail('The selected file is empty');

  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      // A spreadsheet row is never this big; stops a broken quote swallowing the whole file.
      max_record_size: 64 * 1024,
    }) as string[][];
  } catch (error) {
    const { code, records: before } = error as { code?: string; records?: number };
    const row = (before ?? 0) + 1;
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      return fail(`Row ${row}: a value starts with a quotation mark (") that is never closed. Check the quotation marks in row ${row}, or save the file again from your spreadsheet program`);
    }
    if (code === 'CSV_MAX_RECORD_SIZE') {
      return fail(`Row ${row} is far too long for one service. Check that every quotation mark (") in it is closed and that the file was saved as CSV`);
    }
    return fail(`Row ${row}: this row could not be read. Check its quotation marks and commas, or save the file again from your spreadsheet program as CSV`);
  }

  // The heading row ---------------------------------------------------------------------------
  const headings = records[0] ?? [];
  const columnIndex = new Map<ColumnKey, number>();
  const problems: Problem[] = [];
  const ignoredHeadings: string[] = [];
  headings.forEach((raw, index) => {
    const heading = cleanText(raw);
    if (!heading) return;
    const column = columnByHeading.get(headingKey(heading));
    if (!column) {
      ignoredHeadings.push(heading);
      return;
    }
    const earlier = columnIndex.get(column.key);
    if (earlier !== undefined) {
      problems.push({ row: 1, column: index, text: `Row 1: there are 2 columns called ${column.heading} (columns ${earlier + 1} and ${index + 1}). Remove one of them` });
      return;
    }
    columnIndex.set(column.key, index);
  });
  const missing = serviceImportColumns.filter((column) => column.required && !columnIndex.has(column.key));
  if (columnIndex.size === 0) {
    return fail(
      `Row 1 must have the column headings, such as ${orList(
        serviceImportColumns.filter((column) => column.required).map((column) => column.heading),
        'and',
      )}. Download the example file to see them all`,
    );
  }
  for (const column of missing) problems.push({ row: 1, column: -1, text: `The file has no column called ${column.heading}. Add it to row 1` });
  if (problems.length) return { ok: false, problems: problems.map((problem) => problem.text) };

  // The rows ------------------------------------------------------------------------------------
  const rows = records
    .map((cells, index) => ({ cells, row: index + 1 }))
    .slice(1)
    .filter(({ cells }) => cells.some((cell) => cell.trim() !== ''));
  if (rows.length === 0) return fail('The file has headings but no services. Add one row for each service below the headings');
  if (rows.length > maximumServiceRows) {
    return fail(`The file has ${rows.length.toLocaleString('en-GB')} services. A file can have up to ${maximumServiceRows.toLocaleString('en-GB')}: split it into smaller files`);
  }

  const services: ImportedService[] = [];
  const seen = new Map<string, number>();
  for (const { cells, row } of rows) {
    if (cells.length > headings.length && cells.slice(headings.length).some((cell) => cell.trim() !== '')) {
      problems.push({
        row,
        column: -1,
        text: `Row ${row}: the row has ${cells.length} values but there are ${headings.length} column headings. Put any value that has a comma in it inside double quotation marks (")`,
      });
      continue;
    }
    const rowProblems: Problem[] = [];
    const cell = (key: ColumnKey) => {
      const index = columnIndex.get(key);
      return index === undefined ? '' : (cells[index] ?? '');
    };
    function take<T>(key: ColumnKey, read: Read<T>, fallback: T): T {
      if (read.ok) return read.value;
      rowProblems.push({ row, column: columnIndex.get(key) ?? 0, text: `Row ${row}, column ${headingOf(key)}: ${read.message}` });
      return fallback;
    }
    const required = (key: ColumnKey, read: Read<string>, message: string) => {
      const value = take(key, read, '');
      if (read.ok && !value) take(key, bad(message), '');
      return value;
    };
    const choice = <T extends string>(key: ColumnKey, list: ChoiceList<T>, what: string, emptyMessage: string | null): T | null => {
      const raw = cleanText(cell(key));
      if (!raw) return emptyMessage ? take(key, bad(emptyMessage), null) : null;
      const code = list.find(raw);
      return code ?? take(key, bad(`${quoted(raw)} is not ${what}. Use ${orList(list.labels)}`), null);
    };

    const providerName = required('provider', readText(cell('provider'), limits.name, 'the provider’s name'), 'enter the provider’s name');
    const name = required('serviceName', readText(cell('serviceName'), limits.name, 'the service’s name'), 'enter the service’s name');
    const kind = choice('kind', kindChoices, 'a kind of service', `enter the kind of service, like ${serviceKindLabels.residential_rehab}`);
    const approaches = take('approaches', readChoiceList(cell('approaches'), approachChoices, 'treatment approaches'), []);
    const specialismList = take('specialisms', readChoiceList(cell('specialisms'), specialismChoices, 'specialisms'), []);
    const detoxOnSite = take('detoxOnSite', readYesNo(cell('detoxOnSite')), false);
    const address = take('address', readText(cell('address'), limits.address, 'the address', false), '');
    const town = take('town', readText(cell('town'), limits.town, 'the town'), '');
    const postcode = take('postcode', readPostcode(cell('postcode')), '');
    const region = choice('region', regionChoices, 'one of the 9 regions of England', `enter the region, like ${regions[1]}`);
    const beds = take('beds', readWholeNumber(cell('beds'), limits.beds, { example: '24', noun: 'beds' }), null);
    const weeklyCostPence = take('weeklyCost', readPounds(cell('weeklyCost'), limits.weeklyCostPounds), null);
    const weeks = { example: '12', noun: 'weeks' };
    const minimumWeeks = take('minimumWeeks', readWholeNumber(cell('minimumWeeks'), limits.programmeWeeks, weeks), null);
    const typicalWeeks = take('typicalWeeks', readWholeNumber(cell('typicalWeeks'), limits.programmeWeeks, weeks), null);
    if (minimumWeeks !== null && typicalWeeks !== null && typicalWeeks < minimumWeeks) {
      take('typicalWeeks', bad(`the typical length (${typicalWeeks} weeks) cannot be shorter than the minimum (${minimumWeeks} weeks)`), null);
    }
    const waitingWeeks = take('waitingWeeks', readWholeNumber(cell('waitingWeeks'), limits.waitingWeeks, weeks), null);
    const waitingUpdatedOn = take('waitingUpdated', readDate(cell('waitingUpdated'), today), null);
    const regulatorRating = choice('regulatorRating', ratingChoices, 'a regulator rating', null);
    const ratingDate = take('ratingDate', readDate(cell('ratingDate'), today), null);
    if (ratingDate && !cleanText(cell('regulatorRating'))) {
      take('ratingDate', bad('give the regulator rating in its column as well as its date'), null);
    }
    const eligibility = take('eligibility', readText(cell('eligibility'), limits.longText, 'the eligibility', true), '');
    const exclusions = take('exclusions', readText(cell('exclusions'), limits.longText, 'the exclusions', true), '');
    const stepFreeAccess = take('stepFreeAccess', readYesNo(cell('stepFreeAccess')), false);
    const adaptedRooms = take('adaptedRooms', readYesNo(cell('adaptedRooms')), false);
    const languages = take('languages', readLanguages(cell('languages')), []);

    if (providerName && name) {
      const pair = `${providerName.toLowerCase()}\u0000${name.toLowerCase()}`;
      const first = seen.get(pair);
      if (first !== undefined) {
        take('serviceName', bad(`${providerName} has a service called ${quoted(name)} in row ${first} as well. Give each of a provider’s services a different name, or remove one of the rows`), null);
      } else {
        seen.set(pair, row);
      }
    }

    if (rowProblems.length) {
      problems.push(...rowProblems);
      continue;
    }
    services.push({
      row,
      providerName,
      name,
      kind: kind as ServiceKind,
      approaches,
      specialisms: specialismList,
      detoxOnSite,
      address,
      town,
      postcode,
      region: region as Region,
      beds,
      weeklyCostPence,
      minimumWeeks,
      typicalWeeks,
      waitingWeeks,
      waitingUpdatedOn,
      regulatorRating,
      ratingDate,
      eligibility,
      exclusions,
      stepFreeAccess,
      adaptedRooms,
      languages,
    });
  }
  if (problems.length) {
    problems.sort((a, b) => a.row - b.row || a.column - b.column);
    return { ok: false, problems: problems.map((problem) => problem.text) };
  }
  return { ok: true, services, ignoredHeadings };
}

/**
 * Rows naming a service its provider already has in the directory. `existing` holds the
 * provider and service names already stored, for the providers the file names.
 */
export function alreadyInDirectory(services: ImportedService[], existing: Array<{ providerName: string; serviceName: string }>): string[] {
  const stored = new Set(existing.map((entry) => `${entry.providerName.toLowerCase()}\u0000${entry.serviceName.toLowerCase()}`));
  return services
    .filter((service) => stored.has(`${service.providerName.toLowerCase()}\u0000${service.name.toLowerCase()}`))
    .map(
      (service) =>
        `Row ${service.row}, column ${headingOf('serviceName')}: ${service.providerName} already has a service called ${quoted(service.name)} in the directory. Remove the row, or change that service in the directory instead`,
    );
}

/** The providers a file names, each once, spelt as in its first row. */
export function providerNamesIn(services: ImportedService[]): string[] {
  const names = new Map<string, string>();
  for (const service of services) {
    const key = service.providerName.toLowerCase();
    if (!names.has(key)) names.set(key, service.providerName);
  }
  return [...names.values()];
}

// The example file ------------------------------------------------------------------------------

/** A short file in the layout the import reads, with invented services, to download and copy. */
export function exampleServicesCsv(today: string): string {
  const date = (daysAgo: number) => {
    const [year, month, day] = today.split('-').map(Number) as [number, number, number];
    const value = new Date(Date.UTC(year, month - 1, day - daysAgo));
    return `${String(value.getUTCDate()).padStart(2, '0')}/${String(value.getUTCMonth() + 1).padStart(2, '0')}/${value.getUTCFullYear()}`;
  };
  const rows: Record<ColumnKey, string>[] = [
    {
      provider: 'Example Recovery Trust (demo)',
      serviceName: 'Example House',
      kind: serviceKindLabels.residential_rehab,
      approaches: `${approachLabels.therapeutic_community}; ${approachLabels.cognitive_behavioural}`,
      specialisms: `${specialismLabels.co_occurring_mental_health}; ${specialismLabels.leaving_prison}`,
      detoxOnSite: 'No',
      address: '1 Example Lane',
      town: 'Exampleton',
      postcode: 'ZZ99 1AA',
      region: 'North West',
      beds: '24',
      weeklyCost: '1250',
      minimumWeeks: '12',
      typicalWeeks: '16',
      waitingWeeks: '3',
      waitingUpdated: date(7),
      regulatorRating: regulatorRatingTags.good.text,
      ratingDate: date(400),
      eligibility: 'Adults aged 18 or over who have finished a detox, or are stable on a reducing prescription.',
      exclusions: 'People who need nursing care through the night.',
      stepFreeAccess: 'Yes',
      adaptedRooms: 'Yes',
      languages: 'Polish; Urdu',
    },
    {
      provider: 'Example Recovery Trust (demo)',
      serviceName: 'Example Detox Unit',
      kind: 'inpatient_detox',
      approaches: 'other',
      specialisms: 'alcohol_only; liver_disease',
      detoxOnSite: 'yes',
      address: '2 Example Lane',
      town: 'Exampleton',
      postcode: 'ZZ99 1AB',
      region: 'North West',
      beds: '12',
      weeklyCost: '£2,950.50',
      minimumWeeks: '1',
      typicalWeeks: '2',
      waitingWeeks: '0',
      waitingUpdated: date(2).split('/').reverse().join('-'),
      regulatorRating: 'outstanding',
      ratingDate: date(200).split('/').reverse().join('-'),
      eligibility: 'Adults who need medically managed withdrawal from alcohol.',
      exclusions: '',
      stepFreeAccess: 'yes',
      adaptedRooms: 'no',
      languages: '',
    },
    {
      provider: 'Sample Pathways (demo)',
      serviceName: 'Sample Lodge',
      kind: serviceKindLabels.second_stage,
      approaches: approachLabels.twelve_step,
      specialisms: specialismLabels.women_only,
      detoxOnSite: '',
      address: '3 Sample Street',
      town: 'Sampleford',
      postcode: 'ZZ99 2AA',
      region: 'South West',
      beds: '10',
      weeklyCost: '640',
      minimumWeeks: '',
      typicalWeeks: '26',
      waitingWeeks: '',
      waitingUpdated: '',
      regulatorRating: '',
      ratingDate: '',
      eligibility: 'Women who have completed a residential programme.',
      exclusions: '',
      stepFreeAccess: '',
      adaptedRooms: '',
      languages: '',
    },
  ];
  return stringify(
    [serviceImportColumns.map((column) => column.heading), ...rows.map((row) => serviceImportColumns.map((column) => row[column.key]))],
    { bom: true, record_delimiter: 'windows' },
  );
}
