import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { canSkipRowTriggers, withoutRowTriggers } from '../../platform/db/bulk-load.js';
import { refreshPlannerStatistics } from '../../platform/db/statistics.js';
import { type CsvLayout, readCsvFile, sniffCsvFile, UnreadableFile } from '../../platform/tabular/csv-file.js';
import { referenceKey } from './cell-values.js';
import { type ColumnKey, headingOf, maximumReferralRows, readHeadings, referralsPerBatch } from './columns.js';
import { checkStagedReferences, deleteAbandonedStagedReferrals, deleteStagedReferrals, insertStagedReferrals, stageReferralBatch, type StagedReferral, stagedReferral } from './repository.js';
import { readReferralRow, type RowContext } from './row-reader.js';

/**
 * Importing a file of referral histories in one pass over the file on disk. Every row is checked
 * as it is read; while no row has had a problem, the checked rows are staged a batch at a time,
 * each batch one COPY. A file with no problems at all is then stored whole in one short
 * transaction (one INSERT … SELECT); a file with any problem gets its problems back and its
 * staged rows removed, so nothing of it is kept. Memory stays small: a batch of rows at a time,
 * the first problems, and the references seen so far (to find repeats).
 */

export interface ImportCheckContext extends RowContext {
  /** The references the partnership already has, as referenceKey() gives them. */
  existingReferences: ReadonlySet<string>;
}

export type ImportOutcome =
  | { ok: true; added: number; ignoredHeadings: string[] }
  | { ok: false; problems: string[]; total: number };

export interface ImportTarget {
  partnershipId: string;
  userId: string;
}

/** What else the import's transaction records once the referrals are in (the audit event). */
export type WhenStored = (trx: Transaction<Database>, added: number) => Promise<void>;

/** What one row of the file holds, for messages about a row too long to read. */
const oneReferral = 'one referral';

/** The tables an import writes its referrals to. */
const importedTables = ['referrals', 'referral_events', 'referral_reviews'];

/** Problems kept to show; the rest are only counted. */
const keptProblems = 200;

const plural = (count: number, word: string, plurals = `${word}s`) => `${count.toLocaleString('en-GB')} ${count === 1 ? word : plurals}`;

/**
 * An import's rows on their way to the staging table. While the database loads one batch, the
 * next one is read and checked: on PostgreSQL the two happen at the same time. Only one COPY is
 * ever running, so at most two batches are held.
 */
class StagingBatches {
  private staged = 0;
  private batch: StagedReferral[] = [];
  private storing: Promise<number> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly importId: string,
  ) {}

  async add(row: StagedReferral): Promise<void> {
    this.batch.push(row);
    if (this.batch.length >= referralsPerBatch) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const rows = this.batch;
    this.batch = [];
    if (this.storing) await this.storing;
    // Reading the file and writing batches can go on without giving the event loop a turn (the
    // embedded database answers without waiting on I/O): a turn here lets waiting requests in,
    // and their queries queue on the connection before the next batch.
    await new Promise((resolve) => setImmediate(resolve));
    this.storing = stageReferralBatch(this.db, this.importId, this.staged, rows);
    this.staged += rows.length;
    // A failure is reported when the batch is awaited; until then it must not count as unhandled.
    this.storing.catch(() => undefined);
  }

  /** Stages what is left; resolves once every batch is in. */
  async finish(): Promise<number> {
    await this.flush();
    if (this.storing) await this.storing;
    return this.staged;
  }

  /** Stops staging and removes whatever was staged (never leaving a batch being written behind). */
  async discard(): Promise<void> {
    this.batch = [];
    if (this.storing) await this.storing.catch(() => undefined);
    this.storing = null;
    if (this.staged > 0) await deleteStagedReferrals(this.db, this.importId);
    this.staged = 0;
  }
}

/**
 * Reads the file, checks every row and stores it whole if every row passed; otherwise stores
 * nothing and returns the problems (the first 200, and how many in all). Staging runs outside any
 * transaction, a batch per statement, so on the embedded database other requests run between
 * batches; then one short transaction moves the staged rows into referrals, runs `whenStored`
 * and removes them. If anything goes wrong, the import's staged rows are removed and nothing is
 * kept. `db` must be the database itself, not a transaction.
 */
export async function importReferralFile(
  db: Kysely<Database>,
  path: string,
  context: ImportCheckContext,
  target: ImportTarget,
  whenStored: WhenStored,
): Promise<ImportOutcome> {
  const sniffed = await sniffCsvFile(path);
  if (!sniffed.ok) return { ok: false, problems: [sniffed.problem], total: 1 };

  await deleteAbandonedStagedReferrals(db);
  const importId = randomUUID();
  const staging = new StagingBatches(db, importId);
  try {
    const checked = await checkAndStage(path, sniffed.layout, context, target, staging);
    if (!checked.ok) {
      await staging.discard();
      return checked;
    }
    await staging.finish();
    const added = await db.transaction().execute(async (trx) => {
      // Moving a whole large file is one statement by design; the service's usual statement
      // timeout is for requests, so this transaction gets a longer one of its own.
      await sql`SET LOCAL statement_timeout = '10min'`.execute(trx);
      // Its sorts (a file's referrals, and up to twelve timeline entries each) spill to disk at the
      // usual 4 MB (on PostgreSQL, 7 MB and 20 MB for 20,000 rows); in memory, PGlite sorted them
      // about 0.4 s faster. Capped, so memory stays bounded however long the file.
      await sql`SET LOCAL work_mem = '32MB'`.execute(trx);
      // On the embedded database the foreign keys are checked once for the whole file instead of
      // once a row (twice for each of about seven timeline entries a referral: its referral in its
      // partnership, and who wrote it).
      const move = () => insertStagedReferrals(trx, target.partnershipId, importId);
      let stored: number;
      if (canSkipRowTriggers(db)) {
        await checkStagedReferences(trx, target.partnershipId, target.userId, importId);
        stored = await withoutRowTriggers(trx, importedTables, move);
      } else {
        stored = await move();
      }
      await whenStored(trx, stored);
      await deleteStagedReferrals(trx, importId);
      return stored;
    });
    await refreshPlannerStatistics(db, importedTables);
    return { ok: true, added, ignoredHeadings: checked.ignoredHeadings };
  } catch (error) {
    // Best effort: whatever is left is removed by the next import after a day.
    await staging.discard().catch(() => undefined);
    throw error;
  }
}

/** Goes through the file once, checking every row and staging the rows while none has had a problem. */
async function checkAndStage(
  path: string,
  sniffed: CsvLayout,
  context: ImportCheckContext,
  target: ImportTarget,
  staging: StagingBatches,
): Promise<{ ok: true; ignoredHeadings: string[] } | { ok: false; problems: string[]; total: number }> {
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

  try {
    await readCsvFile(
      path,
      sniffed,
      oneReferral,
      async (rows) => {
        // A second reading (the file was not UTF-8 after all) starts staging again from nothing.
        await staging.discard();
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
            continue;
          }
          seen.set(key, row);
          if (context.existingReferences.has(key)) {
            add(`Row ${row}, column ${headingOf('reference')}: the partnership already has a referral with the reference ${outcome.referral.localReference}. Remove the row, or change that referral on its own page`);
            continue;
          }
          // Once a row has a problem nothing will be stored: the rest are only checked.
          if (total === 0) await staging.add(stagedReferral(target.partnershipId, target.userId, outcome.referral, context.today));
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
  return { ok: true, ignoredHeadings };
}

export { plural };
