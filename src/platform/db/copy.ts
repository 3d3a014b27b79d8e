import type { Kysely } from 'kysely';

/**
 * Loading rows with COPY … FROM, the fastest way into either database: on PostgreSQL from STDIN
 * through pg-copy-streams, on PGlite from its virtual file '/dev/blob'. Kysely has no COPY, so
 * each handle opened in connect.ts registers how to run one on its own connection. The rows
 * arrive as CSV text, written by copyCsvRow.
 *
 * A COPY runs as one statement of its own, outside any transaction: callers load a bounded
 * batch at a time, and move the rows on with a set-based statement in their own transaction.
 */

/** Runs `COPY table (columns) FROM … WITH (FORMAT csv)` with `csv` as its data; returns the rows loaded. */
export type CopyCsv = (table: string, columns: readonly string[], csv: string) => Promise<number>;

const copiers = new WeakMap<object, CopyCsv>();

/** Called by connect.ts for each database handle it opens. */
export function registerCopy(db: Kysely<unknown> | object, copy: CopyCsv): void {
  copiers.set(db, copy);
}

/**
 * Loads CSV rows into a table with COPY. `db` must be a handle from connect.ts, not a
 * transaction: a COPY here is its own statement.
 */
export async function copyCsvInto(db: object, table: string, columns: readonly string[], csv: string): Promise<number> {
  const copy = copiers.get(db);
  if (!copy) throw new Error('COPY needs a database handle opened by connect.ts, outside any transaction');
  if (csv === '') return 0;
  return copy(table, columns, csv);
}

const identifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The COPY statement for a table's columns, reading CSV from `source` (STDIN, or a quoted file name). */
export function copyStatement(table: string, columns: readonly string[], source: string): string {
  return `COPY ${identifier(table)} (${columns.map(identifier).join(', ')}) FROM ${source} WITH (FORMAT csv)`;
}

/**
 * One row of CSV for COPY … WITH (FORMAT csv): every value in double quotes with its own double
 * quotes doubled, so commas, quotes, line breaks, backslashes (which CSV mode reads as they are)
 * and a lone `\.` arrive unchanged; null is an unquoted empty value, which COPY reads as NULL.
 * Written by hand rather than with csv-stringify: measured on an import's rows (about 1.7 KB of
 * JSON each), csv-stringify took 9 times as long, as long as checking the rows themselves.
 */
export function copyCsvRow(values: ReadonlyArray<string | null>): string {
  let line = '';
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (index > 0) line += ',';
    if (value !== null && value !== undefined) line += value.includes('"') ? `"${value.replace(/"/g, '""')}"` : `"${value}"`;
  }
  return `${line}\n`;
}
