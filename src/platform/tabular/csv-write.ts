import type { Transform } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifyAll } from 'csv-stringify/sync';

/**
 * Writing CSV files people open in a spreadsheet: a UTF-8 byte order mark so spreadsheets read £
 * and accents, Windows line ends, and no text cell that could run as a formula.
 */

export type CsvValue = string | number | null | undefined;

/**
 * A spreadsheet treats a cell starting with =, +, -, @ (or a tab or carriage return) as a
 * formula. A leading apostrophe makes it plain text, so a downloaded file never runs one.
 * Numbers are left as they are: they are never formulas.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const options = {
  bom: true,
  record_delimiter: 'windows' as const,
  // Every text cell goes through csvCell, whoever built the row.
  cast: { string: (value: string) => csvCell(value) },
};

/** A whole CSV file from its rows, headings first. */
export function writeCsv(rows: ReadonlyArray<readonly CsvValue[]>): string {
  return stringifyAll(rows as CsvValue[][], options);
}

/** A CSV file written row by row as rows are pushed in, for files too large to hold in memory. */
export function csvWriter(): Transform {
  return stringify(options);
}
