import { sql } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, demoPassword, type TestContext, type UploadFile, Visitor } from '../../test/app.js';
import { referralRow } from '../../test/referrals.js';
import { referralImportColumns } from './import/columns.js';

// Small batches, so a file of 2,500 rows is staged in 25 statements with other queries between them.
vi.mock('./import/columns.js', async (importOriginal) => ({ ...(await importOriginal<typeof import('./import/columns.js')>()), referralsPerBatch: 100 }));

const importUrl = '/referrals/import';

class Uploader extends Visitor {
  upload(file: UploadFile) {
    return this.uploadFile(importUrl, 'referralsFile', file);
  }
}

let context: TestContext;
let lead: Uploader;

beforeAll(async () => {
  context = await createTestContext();
  lead = new Uploader(context.app);
  await lead.signIn('lead@northmoor.example', demoPassword(context.demo, 'lead@northmoor.example'));
});
afterAll(async () => context.close());

const northmoor = () => context.demo.partnershipIds.northmoor;
const headings = referralImportColumns.map((column) => column.heading);
const keys = referralImportColumns.map((column) => column.key);

/** A file of `count` referrals identified three days ago, with references `${prefix}-00000` on. */
function fileOf(prefix: string, count: number): string {
  const rows: string[][] = [];
  for (let index = 0; index < count; index += 1) {
    const row: Partial<Record<(typeof keys)[number], string>> = {
      reference: `${prefix}-${String(index).padStart(5, '0')}`,
      identifiedVia: 'hospital',
      ageBand: '65+',
      mainSubstance: 'alcohol',
      identifiedOn: '20/11/2026',
    };
    rows.push(keys.map((key) => row[key] ?? ''));
  }
  return stringify([headings, ...rows]);
}

async function count(table: 'referrals' | 'referral_events' | 'referral_reviews' | 'audit_events', partnershipId = northmoor()) {
  const row = await context.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function stagedRows() {
  const row = await context.database.db
    .selectFrom('referral_import_rows')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Starts an upload and watches the staging table until rows appear, then runs `meanwhile`.
 * Returns the upload's response, what `meanwhile` gave, the staged counts seen, and the order
 * in which the two finished.
 */
async function whileStaging<T>(file: UploadFile, meanwhile: () => Promise<T>) {
  const finished: string[] = [];
  let settled = false;
  const upload = lead.upload(file).finally(() => {
    settled = true;
    finished.push('import');
  });
  const seen: number[] = [];
  while (!settled && seen.length === 0) {
    const staged = await stagedRows();
    if (staged > 0) seen.push(staged);
    else await pause(2);
  }
  expect(seen, 'the import finished before any of its rows were seen staged').not.toHaveLength(0);
  const result = await meanwhile();
  finished.push('meanwhile');
  // Keep watching: the staged rows grow batch by batch while other queries are answered.
  while (!settled) {
    const staged = await stagedRows();
    if (staged > 0 && staged !== seen.at(-1)) seen.push(staged);
    await pause(2);
  }
  return { response: await upload, result, seen, finished };
}

describe('a file staged in batches', () => {
  it('answers other requests while a file is staged, and stores it whole afterwards', async () => {
    const before = { referrals: await count('referrals'), events: await count('referral_events'), audits: await count('audit_events') };
    const { response, result, seen, finished } = await whileStaging({ data: fileOf('NM-STAGED', 2500), name: 'staged.csv' }, async () => {
      const health = await context.app.inject({ method: 'GET', url: '/health' });
      const answer = await sql<{ one: number }>`select 1 as one`.execute(context.database.db);
      return { health: health.json(), one: answer.rows[0]?.one };
    });
    // The health check and a query finished while the import was still going, not after it.
    expect(finished).toEqual(['meanwhile', 'import']);
    expect(result).toEqual({ health: { status: 'ok', database: 'up' }, one: 1 });
    // The staged rows were seen growing: other queries ran between the batches.
    expect(seen.length).toBeGreaterThan(1);
    // (On PostgreSQL the last count can be all 2,500: staged, while the commit runs on another connection.)
    expect(seen.every((staged) => staged % 100 === 0 && staged <= 2500)).toBe(true);

    expect(response.statusCode).toBe(302);
    expect((await lead.get(importUrl)).body).toContain('2,500 referrals have been imported.');
    expect(await count('referrals')).toBe(before.referrals + 2500);
    expect(await count('referral_events')).toBe(before.events + 2500);
    expect(await count('audit_events')).toBe(before.audits + 1);
    expect(await stagedRows()).toBe(0);
    const stored = await context.database.db.selectFrom('referrals').select('local_reference').where('local_reference', 'like', 'NM-STAGED-%').execute();
    expect(stored).toHaveLength(2500);
  });

  it('keeps nothing when a reference is added by someone else before the file is stored', async () => {
    const db = context.database.db;
    const before = { referrals: await count('referrals'), events: await count('referral_events'), reviews: await count('referral_reviews'), audits: await count('audit_events') };
    const { response, finished } = await whileStaging({ data: fileOf('NM-RACE', 2500), name: 'race.csv' }, async () => {
      // Someone adds a referral with the file's last reference while the file is being staged.
      await db
        .insertInto('referrals')
        .values(referralRow(northmoor(), 'NM-RACE-02499', { identified_via: 'hospital', age_band: '65+', identified_on: '2026-11-20' }))
        .execute();
    });
    expect(finished).toEqual(['meanwhile', 'import']);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Someone added a referral with one of the file’s references while it was being imported. Nothing has been imported');
    // Only the other person's referral: no rows of the file, no timelines, no reviews, no audit, nothing left staged.
    expect(await count('referrals')).toBe(before.referrals + 1);
    expect(await db.selectFrom('referrals').select('local_reference').where('local_reference', 'like', 'NM-RACE-%').execute()).toEqual([{ local_reference: 'NM-RACE-02499' }]);
    expect(await count('referral_events')).toBe(before.events);
    expect(await count('referral_reviews')).toBe(before.reviews);
    expect(await count('audit_events')).toBe(before.audits);
    expect(await stagedRows()).toBe(0);
  });

  it('removes rows a crashed import left staged more than a day ago, and no others', async () => {
    const db = context.database.db;
    const abandoned = '00000000-0000-4000-8000-000000000001';
    const running = '00000000-0000-4000-8000-000000000002';
    await sql`
      INSERT INTO referral_import_rows (import_id, position, created_at)
      VALUES (${abandoned}::uuid, 1, now() - interval '25 hours'), (${running}::uuid, 1, now() - interval '1 hour')
    `.execute(db);
    const response = await lead.upload({ data: fileOf('NM-AFTER-CRASH', 3), name: 'after-crash.csv' });
    expect(response.statusCode).toBe(302);
    const left = await db.selectFrom('referral_import_rows').select('import_id').execute();
    expect(left).toEqual([{ import_id: running }]);
    await db.deleteFrom('referral_import_rows').execute();
  });
});
