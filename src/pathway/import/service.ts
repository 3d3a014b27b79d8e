import type { Executor } from '../../platform/db/executor.js';
import { type CsvLayout, csvRows, readCsvFile, sniffCsvFile, UnreadableFile } from '../../platform/tabular/csv-file.js';
import { referenceKey } from './cell-values.js';
import { type ColumnKey, headingOf, maximumReferralRows, readHeadings, referralsPerBatch } from './columns.js';
import { insertReferralBatch } from './repository.js';
import { type ImportedReferral, readReferralRow, type RowContext } from './row-reader.js';

/**
 * Importing a file of referral histories in two passes over the file on disk. The first checks
 * every row without touching the database; only a file with no problems at all gets the second,
 * which stores it in batches inside the caller's transaction. Memory stays small: one batch of
 * rows at a time, and the references seen so far (to find repeats).
 */

export interface ImportCheckContext extends RowContext {
  /** The references the partnership already has, as referenceKey() gives them. */
  existingReferences: ReadonlySet<string>;
}

export type ImportCheck =
  | { ok: true; layout: CsvLayout; count: number; ignoredHeadings: string[] }
  | { ok: false; problems: string[]; total: number };

/** What one row of the file holds, for messages about a row too long to read. */
const oneReferral = 'one referral';

/** Problems kept to show; the rest are only counted. */
const keptProblems = 200;

const plural = (count: number, word: string, plurals = `${word}s`) => `${count.toLocaleString('en-GB')} ${count === 1 ? word : plurals}`;

/** Reads the whole file and checks every row. Nothing is stored. */
export async function checkReferralFile(path: string, context: ImportCheckContext): Promise<ImportCheck> {
  const sniffed = await sniffCsvFile(path);
  if (!sniffed.ok) return { ok: false, problems: [sniffed.problem], total: 1 };

  let problems: string[] = [];
  let total = 0;
  let count = 0;
  let ignoredHeadings: string[] = [];
  let seen = new Map<string, number>();
  const add = (text: string) => {
    total += 1;
    if (problems.length < keptProblems) problems.push(text);
  };
  const reset = () => {
    problems = [];
    total = 0;
    count = 0;
    ignoredHeadings = [];
    seen = new Map();
  };

  let layout: CsvLayout;
  try {
    layout = await readCsvFile(
      path,
      sniffed.layout,
      oneReferral,
      async (rows) => {
        let columnIndex: Map<ColumnKey, number> | null = null;
        let headingCount = 0;
        for await (const { row, cells } of rows) {
          if (row === 1) {
            const headings = readHeadings(cells);
            if (!headings.ok) {
              for (const problem of headings.problems) add(problem);
              return;
            }
            columnIndex = headings.columnIndex;
            ignoredHeadings = headings.ignoredHeadings;
            headingCount = cells.length;
            continue;
          }
          if (!columnIndex || !cells.some((cell) => cell.trim() !== '')) continue;
          count += 1;
          if (count > maximumReferralRows) {
            add(`The file has more than ${maximumReferralRows.toLocaleString('en-GB')} referrals. Split it into smaller files and import each one`);
            return;
          }
          if (cells.length > headingCount && cells.slice(headingCount).some((cell) => cell.trim() !== '')) {
            add(`Row ${row}: the row has ${cells.length} values but there are ${headingCount} column headings. Put any value that has a comma in it inside double quotation marks (")`);
            continue;
          }
          const outcome = readReferralRow(cells, columnIndex, row, context);
          if (!outcome.ok) {
            for (const problem of [...outcome.problems].sort((a, b) => a.column - b.column)) add(problem.text);
            continue;
          }
          const key = referenceKey(outcome.referral.localReference);
          const first = seen.get(key);
          if (first !== undefined) {
            add(`Row ${row}, column ${headingOf('reference')}: row ${first} has the same reference. Each referral needs a different reference`);
          } else {
            seen.set(key, row);
            if (context.existingReferences.has(key)) {
              add(`Row ${row}, column ${headingOf('reference')}: the partnership already has a referral with the reference ${outcome.referral.localReference}. Remove the row, or change that referral on its own page`);
            }
          }
        }
        if (columnIndex && count === 0 && total === 0) add('The file has headings but no referrals. Add one row for each referral below the headings');
      },
      reset,
    );
  } catch (error) {
    if (error instanceof UnreadableFile) return { ok: false, problems: [error.message], total: 1 };
    throw error;
  }
  if (total > 0) return { ok: false, problems, total };
  return { ok: true, layout, count, ignoredHeadings };
}

export interface ImportTarget {
  partnershipId: string;
  userId: string;
}

/**
 * Stores a file that checkReferralFile passed, batch by batch. Run it inside a transaction:
 * if anything goes wrong part-way, nothing is kept. Returns how many referrals were added.
 */
export async function storeReferralFile(trx: Executor, path: string, layout: CsvLayout, context: RowContext, target: ImportTarget): Promise<number> {
  let added = 0;
  let batch: ImportedReferral[] = [];
  let columnIndex: Map<ColumnKey, number> | null = null;
  // While the database stores one batch, the next one is read: on PostgreSQL the two happen at
  // the same time. Only one statement is ever running on the transaction.
  let storing: Promise<number> | null = null;
  const store = async (rows: ImportedReferral[]) => {
    if (storing) added += await storing;
    storing = insertReferralBatch(trx, target.partnershipId, target.userId, rows, context.today);
    // A failure is reported when the batch is awaited; until then it must not count as unhandled.
    storing.catch(() => undefined);
  };
  for await (const { row, cells } of csvRows(path, layout, oneReferral)) {
    if (row === 1) {
      const headings = readHeadings(cells);
      if (!headings.ok) throw new Error('The file changed after it was checked');
      columnIndex = headings.columnIndex;
      continue;
    }
    if (!columnIndex || !cells.some((cell) => cell.trim() !== '')) continue;
    const outcome = readReferralRow(cells, columnIndex, row, context);
    if (!outcome.ok) throw new Error(`Row ${row} failed its check on the second reading`);
    batch.push(outcome.referral);
    if (batch.length === referralsPerBatch) {
      await store(batch);
      batch = [];
    }
  }
  if (batch.length) await store(batch);
  if (storing) added += await storing;
  return added;
}

export { plural };
