import { parse } from 'csv-parse/sync';

/**
 * Making sense of an uploaded file before its rows are read: what kind of file it is (from its
 * contents, not its name, which can be anything), how its text is encoded and how its values
 * are separated.
 */

export type FileKind = 'empty' | 'text' | 'xlsx' | 'old-excel' | 'other';

const utf8Bom = [0xef, 0xbb, 0xbf];
const startsWith = (data: Uint8Array, bytes: readonly number[]) => bytes.every((byte, index) => data[index] === byte);

/** The encoding a byte order mark declares, if the file starts with one. */
function markedEncoding(data: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | null {
  if (startsWith(data, utf8Bom)) return 'utf-8';
  if (startsWith(data, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(data, [0xfe, 0xff])) return 'utf-16be';
  return null;
}

export function fileKind(data: Uint8Array): FileKind {
  if (data.length === 0) return 'empty';
  // An xlsx file is a ZIP archive.
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  // Excel 97-2003 files and password-protected workbooks are OLE compound files.
  if (startsWith(data, [0xd0, 0xcf, 0x11, 0xe0])) return 'old-excel';
  // UTF-16 text is full of zero bytes, so it is recognised by its byte order mark instead.
  const encoding = markedEncoding(data);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return 'text';
  // Other text never holds a zero byte; PDFs, images and other binary files nearly always do early on.
  const sample = data.subarray(0, 8192);
  if (sample.includes(0)) return 'other';
  if (startsWith(data, [0x25, 0x50, 0x44, 0x46])) return 'other'; // %PDF
  return 'text';
}

/** Whether a file's first character, after any byte order mark and white space, opens JSON. */
export function looksLikeJson(data: Uint8Array): boolean {
  let start = startsWith(data, utf8Bom) ? 3 : 0;
  while (start < data.length && [0x20, 0x09, 0x0a, 0x0d].includes(data[start] as number)) start += 1;
  return data[start] === 0x7b || data[start] === 0x5b;
}

/** Only white space after any UTF-8 byte order mark. */
export function isBlank(data: Uint8Array): boolean {
  let start = startsWith(data, utf8Bom) ? 3 : 0;
  while (start < data.length && [0x20, 0x09, 0x0a, 0x0d].includes(data[start] as number)) start += 1;
  return start === data.length;
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * The encoding to try first: the one a byte order mark declares, otherwise UTF-8. A file that
 * turns out not to be UTF-8 is read as the Windows encoding older Excel uses for CSV.
 */
export function likelyEncoding(start: Uint8Array): TextEncoding {
  return markedEncoding(start) ?? 'utf-8';
}

/** The file's text without its byte order mark: UTF-8 or UTF-16 when marked, else UTF-8, else Windows-1252. */
export function decodeText(data: Uint8Array): string {
  const encoding = likelyEncoding(data);
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1252').decode(data);
  }
}

/** Commas, unless the heading row plainly uses semicolons or tabs (as some spreadsheet settings do). */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (character: string) => firstLine.split(character).length - 1;
  const commas = count(',');
  if (count('\t') > commas) return '\t';
  if (count(';') > commas) return ';';
  return ',';
}

/** The problem with an uploaded file that should have been CSV, or null when it looks like CSV. */
export function notCsvProblem(kind: FileKind): string | null {
  switch (kind) {
    case 'empty':
      return 'The selected file is empty';
    case 'xlsx':
    case 'old-excel':
      return 'The selected file is an Excel workbook. Save it as ‘CSV UTF-8 (comma delimited)’ and upload the CSV file';
    case 'other':
      return 'The selected file must be a CSV file';
    default:
      return null;
  }
}

/** Forgiving about what spreadsheets write, strict enough that a broken quote cannot swallow the file. */
export function csvParseOptions(delimiter: string) {
  return {
    bom: true,
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    // A spreadsheet row is never this big; stops a broken quote swallowing the whole file.
    max_record_size: 64 * 1024,
  };
}

/** What to tell a person when row `row` cannot be read; `oneRecord` is what a row holds, like "one service". */
export function csvReadProblem(code: string | undefined, row: number, oneRecord: string): string {
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    return `Row ${row}: a value starts with a quotation mark (") that is never closed. Check the quotation marks in row ${row}, or save the file again from your spreadsheet program`;
  }
  if (code === 'CSV_MAX_RECORD_SIZE') {
    return `Row ${row} is far too long for ${oneRecord}. Check that every quotation mark (") in it is closed and that the file was saved as CSV`;
  }
  return `Row ${row}: this row could not be read. Check its quotation marks and commas, or save the file again from your spreadsheet program as CSV`;
}

/** Every row of an uploaded CSV file held in memory, or the one problem that stops it being read. */
export function readCsvUpload(data: Uint8Array, oneRecord: string): { ok: true; records: string[][] } | { ok: false; problem: string } {
  const kindProblem = notCsvProblem(fileKind(data));
  if (kindProblem) return { ok: false, problem: kindProblem };
  const text = decodeText(data);
  if (!text.trim()) return { ok: false, problem: 'The selected file is empty' };
  try {
    return { ok: true, records: parse(text, csvParseOptions(detectDelimiter(text))) as string[][] };
  } catch (error) {
    const { code, records: before } = error as { code?: string; records?: number };
    return { ok: false, problem: csvReadProblem(code, (before ?? 0) + 1, oneRecord) };
  }
}
