import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { type CsvLayout, csvRows, readCsvFile, sniffCsvFile, UnreadableFile } from '../../platform/tabular/csv-file.js';
import { referenceKey } from './cell-values.js';
import { type ColumnKey, headingOf, maximumReferralRows, readHeadings, referralsPerBatch } from './columns.js';
import { deleteAbandonedStagedReferrals, deleteStagedReferrals, insertStagedReferrals, stageReferralBatch, type StagedReferral, stagedReferral } from './repository.js';
import { readReferralRow, type RowContext } from './row-reader.js';

/**
 * Importing a file of referral histories in two passes over the file on disk. The first checks
 * every row without touching the database; only a file with no problems at all gets the second,
 * which stages it in batches and then stores it whole in one short transaction. Memory stays
 * small: a batch of rows at a time, and the references seen so far (to find repeats).
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

/** What else the import's transaction records once the referrals are in (the audit event). */
export type WhenStored = (trx: Transaction<Database>, added: number) => Promise<void>;

/**
 * Stores a file that checkReferralFile passed, in two steps. First every row is read again and
 * staged, a batch at a time, each batch its own short statement (no transaction is held open,
 * so on the embedded database other requests run between batches). Then one short transaction
 * moves the staged rows into referrals, runs `whenStored` and removes them. If anything goes
 * wrong, the import's staged rows are removed and nothing is kept. Returns how many referrals
 * were added. `db` must be the database itself, not a transaction.
 */
export async function storeReferralFile(
  db: Kysely<Database>,
  path: string,
  layout: CsvLayout,
  context: RowContext,
  target: ImportTarget,
  whenStored: WhenStored,
): Promise<number> {
  await deleteAbandonedStagedReferrals(db);
  const importId = randomUUID();
  try {
    await stageReferralFile(db, importId, path, layout, context, target);
    return await db.transaction().execute(async (trx) => {
      // Moving a whole large file is one statement by design; the service's usual statement
      // timeout is for requests, so this transaction gets a longer one of its own.
      await sql`SET LOCAL statement_timeout = '10min'`.execute(trx);
      const added = await insertStagedReferrals(trx, importId);
      await whenStored(trx, added);
      await deleteStagedReferrals(trx, importId);
      return added;
    });
  } catch (error) {
    // Best effort: whatever is left is removed by the next import after a day.
    await deleteStagedReferrals(db, importId).catch(() => undefined);
    throw error;
  }
}

/** Reads the file again and writes its rows to the staging table. Returns how many were staged. */
async function stageReferralFile(db: Kysely<Database>, importId: string, path: string, layout: CsvLayout, context: RowContext, target: ImportTarget): Promise<number> {
  let staged = 0;
  let batch: StagedReferral[] = [];
  let columnIndex: Map<ColumnKey, number> | null = null;
  // While the database stages one batch, the next one is read: on PostgreSQL the two happen at
  // the same time. Only one staging statement is ever running, so at most two batches are held.
  let storing: Promise<number> | null = null;
  const store = async (rows: StagedReferral[]) => {
    if (storing) await storing;
    // Reading the file and writing batches can go on without giving the event loop a turn (the
    // embedded database answers without waiting on I/O): a turn here lets waiting requests in,
    // and their queries queue on the connection before the next batch.
    await new Promise((resolve) => setImmediate(resolve));
    storing = stageReferralBatch(db, importId, staged, rows);
    staged += rows.length;
    // A failure is reported when the batch is awaited; until then it must not count as unhandled.
    storing.catch(() => undefined);
  };
  try {
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
      batch.push(stagedReferral(target.partnershipId, target.userId, outcome.referral, context.today));
      if (batch.length === referralsPerBatch) {
        await store(batch);
        batch = [];
      }
    }
    if (batch.length) await store(batch);
  } finally {
    // Never leave a batch being written behind: the caller removes this import's rows next.
    if (storing) await (storing as Promise<number>).catch(() => undefined);
  }
  if (storing) await storing;
  return staged;
}

export { plural };
