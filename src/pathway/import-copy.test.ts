import { sql } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, demoPassword, type TestContext, type UploadFile, Visitor } from '../../test/app.js';
import { referralImportColumns } from './import/columns.js';
import { checkStagedReferences } from './import/repository.js';

// Small batches, so a file of a few hundred rows is staged in several COPY statements.
vi.mock('./import/columns.js', async (importOriginal) => ({ ...(await importOriginal<typeof import('./import/columns.js')>()), referralsPerBatch: 100 }));

const importUrl = '/referrals/import';

class Uploader extends Visitor {
  upload(file: UploadFile) {
    return this.uploadFile(importUrl, 'referralsFile', file);
  }
}

let context: TestContext;
let lead: Uploader;
const serviceName = 'Copy Test House';

beforeAll(async () => {
  context = await createTestContext();
  // A service to be admitted to, so rows in a placement (with reviews to come) can be imported.
  const db = context.database.db;
  const provider = await db.insertInto('providers').values({ name: 'Copy Test Provider (demo)' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('services').values({ provider_id: provider.id, name: serviceName, kind: 'residential_rehab', region: 'North West', weekly_cost_pence: 100_000 }).execute();
  lead = new Uploader(context.app);
  await lead.signIn('lead@northmoor.example', demoPassword(context.demo, 'lead@northmoor.example'));
});
afterAll(async () => context.close());

const northmoor = () => context.demo.partnershipIds.northmoor;
const headings = referralImportColumns.map((column) => column.heading);
type Row = Partial<Record<(typeof referralImportColumns)[number]['key'], string>>;

/** A day before the test clock's today (23 November 2026), as 23/11/2026. */
function day(daysAgo: number) {
  return new Date(Date.UTC(2026, 10, 23 - daysAgo)).toISOString().slice(0, 10).split('-').reverse().join('/');
}

function csvOf(rows: Row[]): string {
  return stringify([headings, ...rows.map((row) => referralImportColumns.map((column) => row[column.key] ?? ''))]);
}

/** `count` referrals with references `${prefix}-00000` on: every fourth still in a placement (so with reviews to come). */
function rowsOf(prefix: string, count: number): Row[] {
  return Array.from({ length: count }, (_, index) => {
    const reference = `${prefix}-${String(index).padStart(5, '0')}`;
    if (index % 4 === 0) {
      return {
        reference,
        identifiedVia: 'prison',
        ageBand: '25-34',
        mainSubstance: 'drugs',
        identifiedOn: day(120),
        referredOn: day(110),
        assessedOn: day(100),
        eligibilityDecision: 'Eligible',
        preparingOn: day(90),
        service: serviceName,
        fundingRequestedOn: day(80),
        fundingRoute: 'Standard route',
        fundingDecision: 'Approved',
        fundingDecidedBy: 'panel',
        fundingDecidedOn: day(70),
        waitingSince: day(70),
        aftercarePlanAgreedOn: day(65),
        admittedOn: day(60),
        plannedWeeks: '12',
      };
    }
    return { reference, identifiedVia: 'hospital', ageBand: '65+', mainSubstance: 'alcohol', identifiedOn: day(3) };
  });
}

async function count(table: 'referrals' | 'referral_events' | 'referral_reviews' | 'audit_events') {
  const row = await context.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('partnership_id', '=', northmoor())
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

async function everything() {
  return { referrals: await count('referrals'), events: await count('referral_events'), reviews: await count('referral_reviews'), audits: await count('audit_events') };
}

const listed = (body: string) => [...body.matchAll(/<a href="#referralsFile">([^<]*)<\/a>/g)].map((match) => match[1] as string);

describe('free text through COPY', () => {
  it('stores quotes, commas, line breaks, backslashes, COPY’s own markers and non-ASCII text exactly as the file has them', async () => {
    const singleLine = 'Smith, Jones & "Partners" – Café Ünïcødé 日本 🙂 C:\\Temp\\N \\. \\N NULL ,"",';
    const role = 'Keyworker, "lead" \\ équipe ŵŷ';
    const reasons = 'Line one, with "quotes"\nLine two\\with\\backslashes\n\\.\n\\N\nNULL\n\tTabbed — naïve 日本語 🙂';
    const withdrawal = '"Quoted from the start," she said\n,,,\n""\n\\\\\nend';
    // Up to the 2,000-character limit, every character one that CSV or COPY treats specially.
    const long = 'é,"\\\n|'.repeat(334).slice(0, 2000).replace(/\n$/, 'x');
    const decline = 'Tab\tinside, comma, "quote", back\\slash, emoji 👩🏽‍⚕️, Welsh ŵŷ';
    const rows: Row[] = [
      {
        reference: 'NM-COPY-0001',
        identifiedVia: 'hospital',
        ageBand: '45-54',
        mainSubstance: 'alcohol',
        referringService: singleLine,
        keyworkerRole: role,
        identifiedOn: day(60),
        referredOn: day(50),
        assessedOn: day(40),
        eligibilityDecision: 'Eligible',
        eligibilityReasons: reasons,
        withdrawnOn: day(10),
        withdrawnReason: withdrawal,
      },
      {
        reference: 'NM-COPY-0002',
        identifiedVia: 'prison',
        ageBand: '25-34',
        mainSubstance: 'drugs',
        identifiedOn: day(90),
        referredOn: day(80),
        assessedOn: day(70),
        eligibilityDecision: 'Eligible',
        eligibilityReasons: long,
        preparingOn: day(60),
        fundingRequestedOn: day(50),
        fundingRoute: 'Standard route',
        fundingDecision: 'Declined',
        fundingDecidedBy: 'panel',
        fundingDecisionReason: decline,
        fundingDecidedOn: day(40),
      },
    ];
    const response = await lead.upload({ data: csvOf(rows), name: 'free-text.csv' });
    if (response.statusCode !== 302) console.log(listed(response.body));
    expect(response.statusCode).toBe(302);

    const stored = await context.database.db
      .selectFrom('referrals')
      .select(['local_reference', 'referring_service', 'keyworker_role', 'eligibility_reasons', 'withdrawn_reason', 'funding_decision_reason'])
      .where('partnership_id', '=', northmoor())
      .where('local_reference', 'in', ['NM-COPY-0001', 'NM-COPY-0002'])
      .orderBy('local_reference')
      .execute();
    expect(stored).toEqual([
      { local_reference: 'NM-COPY-0001', referring_service: singleLine, keyworker_role: role, eligibility_reasons: reasons, withdrawn_reason: withdrawal, funding_decision_reason: '' },
      { local_reference: 'NM-COPY-0002', referring_service: '', keyworker_role: '', eligibility_reasons: long, withdrawn_reason: '', funding_decision_reason: decline },
    ]);
    // Byte for byte, as UTF-8: no character was decoded, normalised or escaped on the way.
    const [first, second] = stored;
    expect(Buffer.from(first?.eligibility_reasons ?? '', 'utf8').equals(Buffer.from(reasons, 'utf8'))).toBe(true);
    expect(Buffer.from(second?.eligibility_reasons ?? '', 'utf8').equals(Buffer.from(long, 'utf8'))).toBe(true);
    expect(await stagedRows()).toBe(0);
  });
});

describe('a file that fails part of the way through keeps nothing', () => {
  it('when a row has a problem after earlier rows were staged', async () => {
    const before = await everything();
    const rows = rowsOf('NM-LATE-PROBLEM', 700);
    rows[650] = { ...rows[650], ageBand: '16' };
    const response = await lead.upload({ data: csvOf(rows), name: 'late-problem.csv' });
    expect(response.statusCode).toBe(400);
    expect(listed(response.body)).toHaveLength(1);
    expect(listed(response.body)[0]).toMatch(/^Row 652, column Age band: /);
    expect(await everything()).toEqual(before);
    expect(await stagedRows()).toBe(0);
  });

  it('when the database refuses a batch in the middle of the COPY', async () => {
    const db = context.database.db;
    const before = await everything();
    // The third batch of 100 cannot be staged.
    await sql`ALTER TABLE referral_import_rows ADD CONSTRAINT copy_test_refuses CHECK (position <> 250)`.execute(db);
    try {
      const response = await lead.upload({ data: csvOf(rowsOf('NM-COPY-FAIL', 500)), name: 'copy-fails.csv' });
      expect(response.statusCode).toBe(500);
    } finally {
      await sql`ALTER TABLE referral_import_rows DROP CONSTRAINT copy_test_refuses`.execute(db);
    }
    expect(await everything()).toEqual(before);
    expect(await stagedRows()).toBe(0);
    // The same file imports whole once the database accepts it.
    const again = await lead.upload({ data: csvOf(rowsOf('NM-COPY-FAIL', 500)), name: 'copy-fails.csv' });
    expect(again.statusCode).toBe(302);
    expect((await everything()).referrals).toBe(before.referrals + 500);
  });

  it('when the database refuses a row in the middle of the move, after its timeline and reviews were written', async () => {
    const db = context.database.db;
    const before = await everything();
    // Row triggers fire at the end of the statement, once referrals, timelines and reviews are all in.
    await sql`CREATE FUNCTION copy_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`.execute(db);
    await sql`CREATE TRIGGER copy_test_refuse AFTER INSERT ON referrals FOR EACH ROW WHEN (NEW.local_reference = 'NM-MOVE-FAIL-00248') EXECUTE FUNCTION copy_test_refuse()`.execute(db);
    try {
      const response = await lead.upload({ data: csvOf(rowsOf('NM-MOVE-FAIL', 500)), name: 'move-fails.csv' });
      expect(response.statusCode).toBe(500);
    } finally {
      await sql`DROP TRIGGER copy_test_refuse ON referrals`.execute(db);
      await sql`DROP FUNCTION copy_test_refuse()`.execute(db);
    }
    expect(await everything()).toEqual(before);
    expect(await db.selectFrom('referrals').select('id').where('local_reference', 'like', 'NM-MOVE-FAIL-%').execute()).toEqual([]);
    expect(await stagedRows()).toBe(0);
  });

  it('when the database refuses a timeline entry (a check, which no trigger makes), after the referrals were written', async () => {
    const db = context.database.db;
    const before = await everything();
    // No trigger of its own on the tables, so on the embedded database the move runs without the
    // per-row foreign key triggers: a constraint still refuses it whole.
    await sql`ALTER TABLE referral_events ADD CONSTRAINT copy_test_refuses CHECK (summary <> 'Record started (imported from a file).') NOT VALID`.execute(db);
    try {
      const response = await lead.upload({ data: csvOf(rowsOf('NM-CHECK-FAIL', 300)), name: 'check-fails.csv' });
      expect(response.statusCode).toBe(500);
    } finally {
      await sql`ALTER TABLE referral_events DROP CONSTRAINT copy_test_refuses`.execute(db);
    }
    expect(await everything()).toEqual(before);
    expect(await stagedRows()).toBe(0);
  });

  it('checks the references of the staged rows for the whole file at once, as the foreign keys would', async () => {
    const db = context.database.db;
    const user = await db.selectFrom('users').select('id').where('email', '=', 'lead@northmoor.example').executeTakeFirstOrThrow();
    const service = await db.selectFrom('services').select('id').where('name', '=', serviceName).executeTakeFirstOrThrow();
    const importId = '00000000-0000-4000-8000-0000000000aa';
    const stage = (position: number, serviceId: string | null) =>
      sql`INSERT INTO referral_import_rows (import_id, position, id, partnership_id, created_by, service_id) VALUES (${importId}::uuid, ${position}, gen_random_uuid(), ${northmoor()}::uuid, ${user.id}::uuid, ${serviceId}::uuid)`.execute(db);
    try {
      await stage(1, service.id);
      await stage(2, null);
      await expect(checkStagedReferences(db, northmoor(), user.id, importId)).resolves.toBeUndefined();
      // A service removed from the directory while the file was being staged.
      await stage(3, '00000000-0000-4000-8000-0000000000bb');
      await expect(checkStagedReferences(db, northmoor(), user.id, importId)).rejects.toMatchObject({ code: '23503' });
      await expect(checkStagedReferences(db, northmoor(), '00000000-0000-4000-8000-0000000000cc', importId)).rejects.toMatchObject({ code: '23503' });
      await expect(checkStagedReferences(db, '00000000-0000-4000-8000-0000000000dd', user.id, importId)).rejects.toMatchObject({ code: '23503' });
    } finally {
      await db.deleteFrom('referral_import_rows').where('import_id', '=', importId).execute();
    }
  });

  it('when the file turns out not to be UTF-8 after rows were staged, and is read again from the start', async () => {
    const before = await everything();
    const rows = rowsOf('NM-LATIN', 1000);
    // Far past the first 64 KB, which decide the encoding: a £ sign saved by older Excel (byte A3).
    rows[990] = { ...rows[990], referringService: 'Fees £40 service' };
    const text = csvOf(rows);
    expect(text.indexOf('£')).toBeGreaterThan(64 * 1024);
    const bytes = Uint8Array.from([...text].map((character) => (character === '£' ? 0xa3 : character.charCodeAt(0))));
    const response = await lead.upload({ data: bytes, name: 'latin.csv' });
    if (response.statusCode !== 302) console.log(listed(response.body));
    expect(response.statusCode).toBe(302);
    const after = await everything();
    expect(after.referrals).toBe(before.referrals + 1000);
    expect(after.audits).toBe(before.audits + 1);
    const stored = await context.database.db.selectFrom('referrals').select('referring_service').where('local_reference', '=', 'NM-LATIN-00990').executeTakeFirstOrThrow();
    expect(stored.referring_service).toBe('Fees £40 service');
    expect(await stagedRows()).toBe(0);
  });
});
