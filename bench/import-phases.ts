import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { prepareDatabase } from '../src/prepare-database.js';
import { openBenchDatabase } from './databases.js';
import { importFile, seedScale, type Scale } from './pathway.js';
import {
  checkStagedReferences,
  deleteStagedReferrals,
  existingReferences,
  insertStagedReferrals,
  insertStagedReferralsStatement,
  servicesForImport,
  stagedReferral,
  stageReferralBatch,
  type StagedReferral,
} from '../src/pathway/import/repository.js';
import { ServiceFinder } from '../src/pathway/import/service-finder.js';
import { referenceKey } from '../src/pathway/import/cell-values.js';
import { readHeadings, referralsPerBatch } from '../src/pathway/import/columns.js';
import { readReferralRow } from '../src/pathway/import/row-reader.js';
import { csvRows, sniffCsvFile } from '../src/platform/tabular/csv-file.js';
import { importReferralFile } from '../src/pathway/import/service.js';
import { canSkipRowTriggers, withoutRowTriggers } from '../src/platform/db/bulk-load.js';
import { copyCsvInto } from '../src/platform/db/copy.js';
import { ukToday } from '../src/platform/values/calendar.js';

/**
 * The referral import phase by phase, with the write-ahead log each phase wrote: reading the CSV
 * alone; reading and checking every row (held in memory here, unlike the import); the staging
 * COPY; the move (INSERT … SELECT) under EXPLAIN ANALYZE, rolled back, then for real; ANALYZE;
 * then the whole import as the upload form runs it (importReferralFile, into another
 * partnership), and COPY of the same file into a table of text columns, the yardstick.
 *
 *   npx tsx bench/import-phases.ts                          PGlite in memory, 50,000 referrals seeded
 *   bash scripts/with-postgres.sh bash -c 'BENCH_PG=1 npx tsx bench/import-phases.ts'
 *                                                           PostgreSQL, 1,000,000 referrals seeded
 * IMPORT_ROWS (100000), SEED_REFERRALS, EXPLAIN=0 (skip it) or EXPLAIN=full (the whole plan),
 * COPY_YARDSTICK=0, PG_SETTINGS='name = value;…' (SET before the run, on one connection: for PGlite).
 */
class Rollback extends Error {}
const importedTables = ['referrals', 'referral_events', 'referral_reviews'];
const postgresUrl = process.env.BENCH_PG ? process.env.TEST_DATABASE_URL : undefined;
const rows = Number(process.env.IMPORT_ROWS ?? 100_000);
const scale: Scale = postgresUrl
  ? { referrals: Number(process.env.SEED_REFERRALS ?? 1_000_000), partnerships: 150, importRows: rows, importTargetMs: 0 }
  : { referrals: Number(process.env.SEED_REFERRALS ?? 50_000), partnerships: 10, importRows: rows, importTargetMs: 0 };
const explain = process.env.EXPLAIN !== '0';
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
let walAt = 0n;
let lastWal = '';
const line = (name: string, took: number) => console.log(`${name.padEnd(50)} ${(took / 1000).toFixed(2).padStart(7)} s  ${Math.round(rows / (took / 1000)).toLocaleString('en-GB').padStart(9)} rows/s  ${lastWal}`);

const clock = process.hrtime.bigint();
const database = await openBenchDatabase(postgresUrl);
try {
  const db = database.db;
  // Write-ahead log written since the last call, in MB (the embedded database pays most for it).
  const wal = async () => {
    const lsn = (await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(db)).rows[0]?.lsn as string;
    const [high, low] = lsn.split('/').map((part) => BigInt(`0x${part}`)) as [bigint, bigint];
    const at = (high << 32n) + low;
    lastWal = walAt ? `WAL ${(Number(at - walAt) / 1048576).toFixed(0)} MB` : '';
    walAt = at;
  };
  await prepareDatabase(db);
  for (const setting of (process.env.PG_SETTINGS ?? '').split(';').filter(Boolean)) await sql.raw(`SET ${setting}`).execute(db);
  const { partnershipId } = await seedScale(db, scale);
  console.log(`(database ready and seeded in ${(ms(clock) / 1000).toFixed(1)} s)`);
  const user = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
  const now = new Date();
  const file = path.join(os.tmpdir(), `import-phases-${process.pid}.csv`);
  const fileText = importFile(rows, now);
  fs.writeFileSync(file, fileText);
  console.log(`${postgresUrl ? 'PostgreSQL' : 'PGlite'}: ${rows.toLocaleString('en-GB')} rows (${(fileText.length / 1048576).toFixed(0)} MB), ${scale.referrals.toLocaleString('en-GB')} referrals already in the database`);
  const context = {
    today: ukToday(now),
    now,
    services: new ServiceFinder(await servicesForImport(db)),
    existingReferences: new Set((await existingReferences(db, partnershipId)).map(referenceKey)),
  };
  const sniffed = await sniffCsvFile(file);
  if (!sniffed.ok) throw new Error(sniffed.problem);

  await wal();
  let start = process.hrtime.bigint();
  let count = 0;
  for await (const { cells } of csvRows(file, sniffed.layout, 'one referral')) count += cells.length > 0 ? 1 : 0;
  if (count !== rows + 1) throw new Error(`read ${count} rows`);
  await wal();
  line('1a CSV reading alone', ms(start));

  start = process.hrtime.bigint();
  const staged: StagedReferral[] = [];
  let columnIndex: ReturnType<typeof readHeadings> | null = null;
  for await (const { row, cells } of csvRows(file, sniffed.layout, 'one referral')) {
    if (row === 1) {
      columnIndex = readHeadings(cells);
      continue;
    }
    if (!columnIndex?.ok) throw new Error('headings');
    const outcome = readReferralRow(cells, columnIndex.columnIndex, row, context);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    staged.push(stagedReferral(partnershipId, user.id, outcome.referral, context.today));
  }
  await wal();
  line('1b CSV reading + row checks + staged rows', ms(start));

  const importId = crypto.randomUUID();
  start = process.hrtime.bigint();
  for (let first = 0; first < staged.length; first += referralsPerBatch) await stageReferralBatch(db, importId, first, staged.slice(first, first + referralsPerBatch));
  await wal();
  line(`2 staging COPY (${referralsPerBatch} a batch, incl. building text)`, ms(start));

  await wal();
  if (explain) {
    await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL work_mem = '32MB'`.execute(trx);
      const started = process.hrtime.bigint();
      const explained = () => sql<Record<string, string>>`EXPLAIN (ANALYZE, BUFFERS) ${insertStagedReferralsStatement(partnershipId, importId)}`.execute(trx);
      const plan = canSkipRowTriggers(db) ? await withoutRowTriggers(trx, importedTables, explained) : await explained();
      line('3 INSERT … SELECT under EXPLAIN ANALYZE', ms(started));
      for (const text of plan.rows.map((row) => Object.values(row)[0] as string)) {
        if (/^(Trigger|Execution)|CTE |Insert on|->  Sort /.test(text.trim()) || /^\s*->  (Nested|CTE Scan on inserted)/.test(text)) console.log(`   ${text.trim().slice(0, 150)}`);
      }
      if (process.env.EXPLAIN === 'full') console.log(plan.rows.map((row) => Object.values(row)[0]).join('\n'));
      throw new Rollback();
    }).catch((error) => {
      if (!(error instanceof Rollback)) throw error;
    });
  }
  await wal();
  start = process.hrtime.bigint();
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL work_mem = '32MB'`.execute(trx);
    let added: number;
    if (canSkipRowTriggers(db)) {
      const checking = process.hrtime.bigint();
      await checkStagedReferences(trx, partnershipId, user.id, importId);
      line('3- set-based reference checks (PGlite)', ms(checking));
      added = await withoutRowTriggers(trx, importedTables, () => insertStagedReferrals(trx, partnershipId, importId));
    } else added = await insertStagedReferrals(trx, partnershipId, importId);
    if (added !== rows) throw new Error(`added ${added}`);
    await deleteStagedReferrals(trx, importId);
  });
  await wal();
  line('3 INSERT … SELECT + delete staged, committed', ms(start));
  start = process.hrtime.bigint();
  await sql`ANALYZE referrals, referral_events, referral_reviews`.execute(db);
  await wal();
  line('4 ANALYZE referrals, events, reviews', ms(start));

  // The whole import, as the form runs it, into another partnership of the same size.
  const other = await db.selectFrom('partnerships').select('id').where('name', 'like', 'Pathway bench partnership 002%').executeTakeFirstOrThrow();
  start = process.hrtime.bigint();
  const outcome = await importReferralFile(db, file, { ...context, existingReferences: new Set((await existingReferences(db, other.id)).map(referenceKey)) }, { partnershipId: other.id, userId: user.id }, async () => undefined);
  if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
  await wal();
  line('5 whole importReferralFile (another partnership)', ms(start));
  if (process.env.COPY_YARDSTICK !== '0') {
    const body = fileText.slice(fileText.indexOf('\n') + 1);
    const headingCount = (fileText.slice(0, fileText.indexOf('\n')).match(/,/g)?.length ?? 0) + 1;
    const columns = Array.from({ length: headingCount }, (_, index) => `c${index + 1}`);
    await sql.raw(`CREATE TABLE bench_copy_yardstick (${columns.map((column) => `${column} text`).join(', ')})`).execute(db);
    start = process.hrtime.bigint();
    await copyCsvInto(db, 'bench_copy_yardstick', columns, body);
    line('COPY of the same file into text columns', ms(start));
  }
  fs.rmSync(file, { force: true });
} finally {
  await database.close();
}
