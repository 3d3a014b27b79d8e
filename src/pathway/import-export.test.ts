import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, demoPassword, type TestContext, type UploadFile, Visitor } from '../../test/app.js';
import { demoProviderAccount } from '../demo/provider-demo.js';
import { ndtmsDischarge } from './export.js';
import { readAgeBand, readDateTime, referenceProblem } from './import/cell-values.js';
import { referralImportColumns } from './import/columns.js';

const importUrl = '/referrals/import';
const exampleUrl = '/referrals/import/example.csv';
const csvUrl = '/referrals/export.csv';
const xlsxUrl = '/referrals/export.xlsx';

/** A browser that can also send files (multipart/form-data), as the import form does. */
class Uploader extends Visitor {
  upload(file: UploadFile | null, token?: string | null) {
    return this.uploadFile(importUrl, 'referralsFile', file, { token });
  }
}

let context: TestContext;
let lead: Uploader;
const staffEmail = 'staff@northmoor.example';
const serviceName = 'Moorside Test House';

beforeAll(async () => {
  context = await createTestContext();
  const db = context.database.db;
  // Services in the directory to be admitted to.
  const provider = await db.selectFrom('providers').select('id').where('name', '=', demoProviderAccount.providerName).executeTakeFirstOrThrow();
  await db
    .insertInto('services')
    .values([
      { provider_id: provider.id, name: serviceName, kind: 'residential_rehab', region: 'North West', weekly_cost_pence: 125_000 },
      { provider_id: provider.id, name: 'Twin Name House', kind: 'residential_rehab', region: 'North West', weekly_cost_pence: 90_000 },
    ])
    .execute();
  const other = await db.insertInto('providers').values({ name: 'Other Test Provider (demo)' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('services').values({ provider_id: other.id, name: 'Twin Name House', kind: 'residential_rehab', region: 'London', weekly_cost_pence: 80_000 }).execute();
  lead = new Uploader(context.app);
  await lead.signIn('lead@northmoor.example', demoPassword(context.demo, 'lead@northmoor.example'));
});
afterAll(async () => context.close());

const headings = referralImportColumns.map((column) => column.heading);
const northmoor = () => context.demo.partnershipIds.northmoor;
const eastfield = () => context.demo.partnershipIds.eastfield;

async function countOf(table: 'referrals' | 'referral_events' | 'referral_reviews', partnershipId: string) {
  const row = await context.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A day before the test clock's today (23 November 2026), as 23/11/2026 or 2026-11-23. */
function day(daysAgo: number, style: 'uk' | 'iso' = 'uk') {
  const value = new Date(Date.UTC(2026, 10, 23 - daysAgo));
  const iso = value.toISOString().slice(0, 10);
  return style === 'iso' ? iso : iso.split('-').reverse().join('/');
}

type Row = Partial<Record<(typeof referralImportColumns)[number]['key'], string>>;

/** A referral that went all the way through to aftercare, written the way a spreadsheet might. */
function completedRow(reference: string, start = 400): Row {
  return {
    reference,
    identifiedVia: 'CARE PLAN REVIEW',
    referringService: 'Northmoor Community Recovery Service (demo)',
    keyworkerRole: 'Recovery worker',
    ageBand: '35 to 44',
    sex: 'female',
    ethnicity: 'White',
    disability: 'no',
    pregnant: 'n/a',
    parentalResponsibility: 'Yes',
    mainSubstance: 'Alcohol',
    complexity: 'Mental health problems; homelessness',
    eligibilityInformationGiven: 'yes',
    identifiedOn: day(start),
    referredOn: day(start - 7, 'iso'),
    assessedOn: day(start - 20),
    eligibilityDecision: 'eligible',
    preparingOn: day(start - 25),
    preparationGroup: 'yes',
    service: serviceName.toUpperCase(),
    fundingRequestedOn: day(start - 40),
    fundingRoute: 'Standard route',
    fundingDecision: 'Approved',
    fundingDecidedBy: 'panel',
    fundingDecidedOn: day(start - 50),
    waitingSince: day(start - 50),
    aftercarePlanAgreedOn: day(start - 55),
    admittedOn: day(start - 60),
    plannedWeeks: '12',
    dischargedOn: day(start - 144),
    dischargeOutcome: 'Completed as planned',
    aftercareStartedOn: day(start - 145),
  };
}

function csvOf(rows: Row[], columns = headings): string {
  const keys = columns.map((heading) => referralImportColumns.find((column) => column.heading === heading)?.key);
  return stringify([columns, ...rows.map((row) => keys.map((key) => (key ? (row[key] ?? '') : '')))]);
}

describe('who may import and export', () => {
  it('lets lead commissioners and pathway staff import and export; nobody else either', async () => {
    expect((await lead.get(importUrl)).statusCode).toBe(200);
    const staff = new Visitor(context.app);
    await staff.signIn(staffEmail, demoPassword(context.demo, staffEmail));
    expect((await staff.get(importUrl)).statusCode).toBe(200);
    expect((await staff.get(csvUrl)).statusCode).toBe(200);

    const viewer = new Visitor(context.app);
    await viewer.signIn('viewer@northmoor.example', demoPassword(context.demo, 'viewer@northmoor.example'));
    expect((await viewer.get(importUrl)).statusCode).toBe(403);
    expect((await viewer.get(exampleUrl)).statusCode).toBe(403);
    expect((await viewer.get(csvUrl)).statusCode).toBe(403);
    expect((await viewer.get(xlsxUrl)).statusCode).toBe(403);

    for (const email of ['contributor@northmoor.example', demoProviderAccount.email, 'admin@residential-pathways.example']) {
      const visitor = new Visitor(context.app);
      await visitor.signIn(email, demoPassword(context.demo, email));
      expect((await visitor.get(importUrl)).statusCode).toBe(403);
      expect((await visitor.get(csvUrl)).statusCode).toBe(403);
    }
    const anonymous = await new Visitor(context.app).get(csvUrl);
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
  });

  it('refuses an upload without the form’s security token', async () => {
    const before = await countOf('referrals', northmoor());
    const response = await lead.upload({ data: csvOf([completedRow('NM-2020-0001')]), name: 'referrals.csv' }, null);
    expect(response.statusCode).toBe(403);
    expect(await countOf('referrals', northmoor())).toBe(before);
  });
});

describe('the import page', () => {
  it('explains every column, the rules and the values allowed, with an accessible upload form', async () => {
    const response = await lead.get(importUrl);
    expect(response.body).toContain('enctype="multipart/form-data"');
    expect(response.body).toContain('name="_csrf"');
    expect(response.body).toContain('for="referralsFile"');
    for (const heading of headings) expect(response.body).toContain(`>${heading}</th>`);
    for (const text of ['At a care-plan review', 'care_plan_review', 'Left early (their choice)', '18 to 24', 'young people’s drug and alcohol service', exampleUrl, csvUrl, xlsxUrl]) {
      expect(response.body).toContain(text);
    }
    expect(response.body).not.toContain('style="');
    expect(response.body).not.toMatch(/ on[a-z]+="/);
  });

  it('offers an example file that imports as it is', async () => {
    const response = await lead.get(exampleUrl);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="referrals-import-example.csv"');
    const rows = parse(response.body, { bom: true }) as string[][];
    expect(rows[0]).toEqual(headings);
    expect(rows.length).toBe(4);

    const eastfieldLead = new Uploader(context.app);
    await eastfieldLead.signIn('peer@eastfield.example', demoPassword(context.demo, 'peer@eastfield.example'));
    const before = await countOf('referrals', eastfield());
    const imported = await eastfieldLead.upload({ data: response.body, name: 'example.csv' });
    expect(imported.statusCode).toBe(302);
    expect(await countOf('referrals', eastfield())).toBe(before + 3);
  });
});

describe('checking a file', () => {
  it('names the row and column of every problem, and imports nothing', async () => {
    const before = await countOf('referrals', northmoor());
    const rows: Row[] = Array.from({ length: 30 }, (_, index) => completedRow(`NM-2024-${String(index + 1).padStart(4, '0')}`));
    // Row numbers count the headings as row 1.
    rows[0] = { ...rows[0], ageBand: '16' };
    rows[1] = { ...rows[1], ageBand: 'Under 18' };
    rows[2] = { ...rows[2], reference: 'Jane Smith' };
    rows[3] = { ...rows[3], reference: '943 476 5919' };
    rows[4] = { ...rows[4], fundingDecision: 'Declined', fundingDecisionReason: 'Not enough evidence yet', waitingSince: '' };
    rows[5] = { ...rows[5], dischargedOn: day(500) };
    rows[6] = { ...rows[6], admittedOn: '', plannedWeeks: '' };
    rows[7] = { ...rows[7], admittedOn: day(10), dischargedOn: '', dischargeOutcome: '', aftercareStartedOn: '' };
    rows[8] = { ...rows[8], admittedOn: '31/02/2026' };
    rows[9] = { ...rows[9], mainSubstance: '', identifiedVia: 'by carrier pigeon' };
    rows[10] = { ...rows[10], dischargeOutcome: 'Left early', riskAssessmentSummary: '' };
    rows[11] = { ...rows[11], aftercarePlanAgreedOn: '', admittedWithoutAftercareReason: '' };
    rows[12] = { ...rows[12], assessedOn: '', eligibilityDecision: '', preparingOn: '' };
    rows[13] = { ...rows[13], reference: rows[14]?.reference?.toLowerCase() };
    rows[15] = { ...rows[15], identifiedOn: day(-3) };
    rows[16] = { ...rows[16], service: 'Twin Name House' };
    rows[17] = { ...rows[17], stage: 'Admitted' };
    rows[18] = { ...rows[18], eligibilityDecision: 'Not eligible', eligibilityReasons: 'Needs can be met in the community' };
    // Still in a placement, so it can only end by discharge.
    rows[19] = { ...rows[19], dischargedOn: '', dischargeOutcome: '', aftercareStartedOn: '', withdrawnOn: day(100), withdrawnReason: 'Moved away' };
    rows[20] = { ...rows[20], closedOn: day(30), withdrawnOn: day(20), withdrawnReason: 'Moved away' };
    const response = await lead.upload({ data: csvOf(rows), name: 'referrals.csv' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/<title>Error: /);
    const expected = [
      'Row 2, column Age band: residential treatment through this service is for adults aged 18 or over. Refer someone under 18 to your local young people’s drug and alcohol service instead, and remove the row',
      'Row 3, column Age band: residential treatment through this service is for adults aged 18 or over',
      'Row 4, column Reference: use your local reference, not the person’s name, NHS number or date of birth',
      'Row 5, column Reference: use your local reference, not the person’s name, NHS number or date of birth',
      'Row 6, column Admitted on: you cannot record an admission or a wait for a bed until funding has been approved or another funding route has been agreed',
      'Row 7, column Discharged on: date of discharge must be the same as or after the date of admission',
      'Row 8, column Discharged on: the row has no date for the stage before this one. Fill in Admitted on as well, or remove this date',
      'Row 10, column Admitted on: ‘31/02/2026’ is not a real date',
      'Row 11, column Identified via: ‘by carrier pigeon’ is not a way of being identified',
      'Row 11, column Main substance: enter the main substance',
      'Row 12, column Risk assessment summary: enter a summary of the risk assessment made when the person left',
      'Row 13, column Aftercare plan agreed on: enter the date the aftercare plan was agreed, or the reason there is no agreed plan',
      'Row 14, column Funding requested on: the row has no date for the stage before this one. Fill in Assessed on as well',
      'Row 16, column Reference: row 15 has the same reference',
      'Row 17, column Identified on: the date cannot be in the future',
      'Row 18, column Service: 2 services in the directory are called ‘Twin Name House’. Add a Provider column',
      'Row 19, column Stage: the row says Admitted but its dates show Aftercare',
      'Row 20, column Preparing from: this person was assessed as not eligible, so the referral can only be closed or withdrawn',
      'Row 21, column Withdrawn on: someone in a placement cannot be withdrawn. Record their discharge instead',
      'Row 22, column Withdrawn on: the referral was closed on 24 October 2026, so it cannot reach a later stage',
    ];
    const listed = [...response.body.matchAll(/<a href="#referralsFile">([^<]*)<\/a>/g)].map((match) => (match[1] as string).replace(/&#39;/g, "'").replace(/&quot;/g, '"'));
    if (process.env.SHOW_PROBLEMS) console.log(listed.join('\n'));
    for (const text of expected) expect(listed.some((item) => item.startsWith(text)), text).toBe(true);
    expect(response.body).toContain('href="#referralsFile"');
    expect(await countOf('referrals', northmoor())).toBe(before);
  });

  it('accepts codes and labels in any case, ages in years, and a provider to tell two services apart', async () => {
    const before = await countOf('referrals', northmoor());
    const row: Row = {
      ...completedRow('NM-2023-0777'),
      identifiedVia: 'Care_Plan_Review',
      ageBand: '44',
      sex: 'F',
      ethnicity: 'not_stated',
      mainSubstance: 'BOTH',
      complexity: 'mental_health; Homeless or at risk of homelessness',
      fundingRoute: 'fast_track_detox',
      fundingDecidedBy: 'Delegated officer',
      service: 'twin name house',
      provider: 'other test provider (DEMO)',
      weeklyCost: '£1,100.50',
      dischargeOutcome: 'LEFT_EARLY',
      riskAssessmentSummary: 'Left after an argument. Naloxone given.',
      referrerToldAt: `${day(256)} 09:15`,
      aftercareStartedOn: '',
    };
    const response = await lead.upload({ data: csvOf([row]), name: 'one.csv' });
    expect(response.statusCode).toBe(302);
    expect(await countOf('referrals', northmoor())).toBe(before + 1);
    const stored = await context.database.db.selectFrom('referrals').selectAll().where('local_reference', '=', 'NM-2023-0777').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      stage: 'discharged',
      identified_via: 'care_plan_review',
      age_band: '35-44',
      sex: 'female',
      main_substance: 'both',
      complexity: ['mental_health', 'homelessness'],
      funding_route: 'fast_track_detox',
      funding_decided_by: 'delegated_officer',
      weekly_cost_pence: 110_050,
      discharge_outcome: 'left_early',
    });
    // 09:15 on a winter's day in the UK is 09:15 UTC.
    expect(new Date(stored.referrer_notified_at as Date).toISOString()).toBe(`${day(256, 'iso')}T09:15:00.000Z`);
    const service = await context.database.db.selectFrom('services').select('weekly_cost_pence').where('id', '=', stored.service_id as string).executeTakeFirstOrThrow();
    expect(service.weekly_cost_pence).toBe(80_000);
  });

  it('refuses workbooks, empty files and files without the needed columns', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Referrals').addRow(headings);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect((await lead.upload({ data: xlsx, name: 'referrals.xlsx' })).body).toContain('The selected file is an Excel workbook');
    expect((await lead.upload({ data: '', name: 'empty.csv' })).body).toContain('The selected file is empty');
    expect((await lead.upload(null)).body).toContain('Select a CSV file of referrals to import');
    const missing = await lead.upload({ data: 'Reference,Age band\nNM-1,18 to 24\n', name: 'short.csv' });
    expect(missing.body).toContain('The file has no column called Identified via. Add it to row 1');
    expect(missing.body).toContain('The file has no column called Main substance');
    expect((await lead.upload({ data: `${headings.join(',')}\n`, name: 'headings.csv' })).body).toContain('The file has headings but no referrals');
  });

  it('reads a file saved in the Windows encoding older Excel uses, with semicolons', async () => {
    const row = { ...completedRow('NM-2022-0100'), weeklyCost: '£1.250,00'.replace('.', '').replace(',', '.') };
    const text = stringify(parse(csvOf([row])) as string[][], { delimiter: ';' });
    const bytes = Uint8Array.from([...text].map((character) => (character === '£' ? 0xa3 : character.charCodeAt(0))));
    const response = await lead.upload({ data: bytes, name: 'windows.csv' });
    if (response.statusCode !== 302) console.log([...response.body.matchAll(/<a href="#referralsFile">([^<]*)<\/a>/g)].map((match) => match[1]));
    expect(response.statusCode).toBe(302);
    const stored = await context.database.db.selectFrom('referrals').select('weekly_cost_pence').where('local_reference', '=', 'NM-2022-0100').executeTakeFirstOrThrow();
    expect(stored.weekly_cost_pence).toBe(125_000);
  });
});

describe('importing a file', () => {
  it('imports 2,000 referrals in one transaction with a timeline entry per stage, reviews to come and one audit event', async () => {
    const before = { referrals: await countOf('referrals', northmoor()), events: await countOf('referral_events', northmoor()), reviews: await countOf('referral_reviews', northmoor()) };
    const rows: Row[] = [];
    for (let index = 0; index < 2000; index += 1) {
      const reference = `NM-BULK-${String(index).padStart(5, '0')}`;
      const kind = index % 4;
      if (kind === 0) rows.push(completedRow(reference, 200 + (index % 150)));
      else if (kind === 1) {
        // In a placement now: reviews still to come get scheduled.
        rows.push({ ...completedRow(reference, 120), dischargedOn: '', dischargeOutcome: '', aftercareStartedOn: '' });
      } else if (kind === 2) {
        rows.push({ reference, identifiedVia: 'prison', ageBand: '25-34', mainSubstance: 'drugs', identifiedOn: day(40), referredOn: day(30), withdrawnOn: day(5), withdrawnReason: 'Chose community treatment' });
      } else {
        rows.push({ reference, identifiedVia: 'hospital', ageBand: '65+', mainSubstance: 'alcohol', identifiedOn: day(3) });
      }
    }
    const started = performance.now();
    const response = await lead.upload({ data: csvOf(rows), name: 'history.csv' });
    console.log(`Imported 2,000 referrals in ${Math.round(performance.now() - started)} ms`);
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(importUrl);
    expect((await lead.get(importUrl)).body).toContain('2,000 referrals have been imported.');
    expect(await countOf('referrals', northmoor())).toBe(before.referrals + 2000);
    // Completed: 11 stages (identified to aftercare); in a placement: 8; withdrawn: 3; identified: 1.
    expect(await countOf('referral_events', northmoor())).toBe(before.events + 500 * (10 + 8 + 3 + 1));
    expect(await countOf('referral_reviews', northmoor())).toBeGreaterThan(before.reviews + 500);

    const db = context.database.db;
    const stages = await db
      .selectFrom('referrals')
      .select(['stage', (eb) => eb.fn.countAll<string | number>().as('count')])
      .where('partnership_id', '=', northmoor())
      .where('local_reference', 'like', 'NM-BULK-%')
      .groupBy('stage')
      .execute();
    expect(Object.fromEntries(stages.map((row) => [row.stage, Number(row.count)]))).toEqual({ aftercare: 500, admitted: 500, withdrawn: 500, identified: 500 });
    const withdrawn = await db.selectFrom('referrals').selectAll().where('local_reference', '=', 'NM-BULK-00002').executeTakeFirstOrThrow();
    expect(withdrawn).toMatchObject({ withdrawn_from_stage: 'referred', withdrawn_reason: 'Chose community treatment', created_by: context.demo.userIds['lead@northmoor.example'] });
    const timeline = await db
      .selectFrom('referral_events')
      .select(['event_type', 'stage', 'event_on', 'summary'])
      .where('referral_id', '=', withdrawn.id)
      .orderBy('id')
      .execute();
    expect(timeline).toEqual([
      { event_type: 'created', stage: 'identified', event_on: day(40, 'iso'), summary: 'Record started (imported from a file).' },
      { event_type: 'stage_changed', stage: 'referred', event_on: day(30, 'iso'), summary: 'Referred (imported from a file).' },
      { event_type: 'stage_changed', stage: 'withdrawn', event_on: day(5, 'iso'), summary: 'Withdrawn (imported from a file).' },
    ]);
    const admitted = await db.selectFrom('referrals').select(['id', 'weekly_cost_pence']).where('local_reference', '=', 'NM-BULK-00001').executeTakeFirstOrThrow();
    expect(admitted.weekly_cost_pence).toBe(125_000);
    const admittedTimeline = await db.selectFrom('referral_events').select(['stage', 'summary']).where('referral_id', '=', admitted.id).orderBy('id').execute();
    expect(admittedTimeline.map((entry) => entry.stage)).toEqual(['identified', 'referred', 'assessed', 'preparing', 'funding_requested', 'funding_decided', 'waiting', 'admitted']);
    expect(admittedTimeline.at(-1)?.summary).toBe(`Admitted to ${serviceName} (imported from a file).`);
    const completed = await db.selectFrom('referrals').select('id').where('local_reference', '=', 'NM-BULK-00000').executeTakeFirstOrThrow();
    const completedTimeline = await db.selectFrom('referral_events').select('summary').where('referral_id', '=', completed.id).orderBy('id').execute();
    expect(completedTimeline.map((entry) => entry.summary)).toEqual([
      'Record started (imported from a file).',
      'Referred (imported from a file).',
      'Assessed as eligible (imported from a file).',
      'Preparation started (imported from a file).',
      'Funding requested (imported from a file).',
      'Funding approved (imported from a file).',
      'Waiting for admission (imported from a file).',
      `Admitted to ${serviceName} (imported from a file).`,
      'Discharged: completed as planned (imported from a file).',
      'Aftercare started (imported from a file).',
    ]);
    const reviews = await db.selectFrom('referral_reviews').select(['kind', 'due_on']).where('referral_id', '=', admitted.id).execute();
    expect(reviews.length).toBeGreaterThan(0);
    for (const review of reviews) expect(review.due_on >= '2026-11-23').toBe(true);

    const audits = await db.selectFrom('audit_events').selectAll().where('action', '=', 'referrals_imported').where('summary', 'like', '%history.csv').execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ partnership_id: northmoor(), actor_user_id: context.demo.userIds['lead@northmoor.example'], summary: 'Imported 2,000 referrals from the file history.csv' });
  });

  it('refuses references the partnership already has, in any case', async () => {
    const before = await countOf('referrals', northmoor());
    const response = await lead.upload({ data: csvOf([completedRow('NM-2099-0001'), completedRow('nm-bulk-00007')]), name: 'again.csv' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Row 3, column Reference: the partnership already has a referral with the reference nm-bulk-00007');
    expect(await countOf('referrals', northmoor())).toBe(before);
  });
});

describe('exporting', () => {
  it('gives the partnership’s referrals as CSV in the import’s layout, with NDTMS codes, never another partnership’s', async () => {
    const db = context.database.db;
    // Text that a spreadsheet would run as a formula stays text.
    await db.updateTable('referrals').set({ eligibility_reasons: '=HYPERLINK("https://example.com","click")' }).where('local_reference', '=', 'NM-2023-0777').execute();
    const response = await lead.get(csvUrl);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="referrals-northmoor-drug-and-alcohol-partnership-2026-11-23.csv"');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body.startsWith('\ufeff')).toBe(true);
    const rows = parse(response.body, { bom: true }) as string[][];
    const header = rows[0] as string[];
    expect(header).toEqual([...headings, 'NDTMS discharge reason', 'NDTMS exit status']);
    const body = rows.slice(1);
    expect(body.length).toBe(await countOf('referrals', northmoor()));
    const references = body.map((row) => row[0]);
    expect(references).toEqual([...references].sort());
    // Eastfield's referrals (from the example file) are never in Northmoor's export.
    const eastfieldReferences = await db.selectFrom('referrals').select('local_reference').where('partnership_id', '=', eastfield()).execute();
    expect(eastfieldReferences.length).toBeGreaterThan(0);
    for (const { local_reference } of eastfieldReferences) expect(references).not.toContain(local_reference);

    const column = (name: string) => header.indexOf(name);
    const early = body.find((row) => row[0] === 'NM-2023-0777') as string[];
    expect(early[column('Eligibility reasons')]).toBe('\'=HYPERLINK("https://example.com","click")');
    expect(early[column('Discharge outcome')]).toBe('Left early (their choice)');
    expect(early[column('NDTMS discharge reason')]).toBe('85');
    expect(early[column('NDTMS exit status')]).toBe('B');
    expect(early[column('Weekly cost')]).toBe('1100.50');
    expect(early[column('Referrer told at')]).toBe(`${day(256, 'iso')} 09:15`);
    const completed = body.find((row) => row[0] === 'NM-BULK-00000') as string[];
    expect(completed[column('NDTMS discharge reason')]).toBe('81');
    expect(completed[column('NDTMS exit status')]).toBe('A');
    expect(completed[column('Stage')]).toBe('Aftercare');
    expect(completed[column('Service')]).toBe(serviceName);

    const audit = await db.selectFrom('audit_events').selectAll().where('action', '=', 'referrals_exported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ partnership_id: northmoor(), summary: 'Downloaded the partnership’s referrals as a CSV file' });
  });

  it('gives a file that imports again elsewhere as it was', async () => {
    const exported = (await lead.get(csvUrl)).body;
    const sample = parse(exported, { bom: true }) as string[][];
    const file = stringify([sample[0] as string[], ...sample.slice(1).filter((row) => /^NM-(BULK-0000|2023-0777)/.test(row[0] as string))]);
    const eastfieldLead = new Uploader(context.app);
    await eastfieldLead.signIn('peer@eastfield.example', demoPassword(context.demo, 'peer@eastfield.example'));
    const response = await eastfieldLead.upload({ data: file, name: 'from-northmoor.csv' });
    expect(response.statusCode).toBe(302);
    const db = context.database.db;
    const [a, b] = await Promise.all(
      [northmoor(), eastfield()].map((partnershipId) =>
        db.selectFrom('referrals').selectAll().where('partnership_id', '=', partnershipId).where('local_reference', '=', 'NM-2023-0777').executeTakeFirstOrThrow(),
      ),
    );
    const comparable = (referral: Record<string, unknown>) => {
      const { id, partnership_id, created_by, created_at, updated_at, version, ...rest } = referral;
      void [id, partnership_id, created_by, created_at, updated_at, version];
      return rest;
    };
    expect(comparable(b as Record<string, unknown>)).toEqual(comparable(a as Record<string, unknown>));
  });

  it('gives the same records as an xlsx workbook with real dates and amounts', async () => {
    const response = await lead.get(xlsxUrl);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Referrals');
    expect(sheet).toBeDefined();
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...headings, 'NDTMS discharge reason', 'NDTMS exit status']);
    expect((sheet?.rowCount ?? 0) - 1).toBe(await countOf('referrals', northmoor()));
    let found = false;
    sheet?.eachRow((row) => {
      if (row.getCell(1).value !== 'NM-2023-0777') return;
      found = true;
      const at = (name: string) => row.getCell(header.indexOf(name) + 1).value;
      expect(at('Identified on')).toEqual(new Date(`${day(400, 'iso')}T00:00:00Z`));
      expect(at('Weekly cost')).toBe(1100.5);
      expect(at('NDTMS discharge reason')).toBe('85');
    });
    expect(found).toBe(true);
  });
});

describe('NDTMS discharge codes', () => {
  it('maps each outcome, refining a completion by the main substance', () => {
    expect(ndtmsDischarge('completed', 'drugs')).toEqual({ code: '80', exitStatus: 'A' });
    expect(ndtmsDischarge('completed', 'alcohol')).toEqual({ code: '81', exitStatus: 'A' });
    expect(ndtmsDischarge('completed', 'both')).toEqual({ code: '80', exitStatus: 'A' });
    expect(ndtmsDischarge('transferred', 'drugs')).toEqual({ code: '83', exitStatus: 'A' });
    expect(ndtmsDischarge('left_early', 'drugs')).toEqual({ code: '85', exitStatus: 'B' });
    expect(ndtmsDischarge('asked_to_leave', 'alcohol')).toEqual({ code: '86', exitStatus: 'C' });
    expect(ndtmsDischarge(null, 'alcohol')).toBeNull();
  });
});

describe('reading single values', () => {
  it('refuses anyone under 18, however the age is written, and reads ages in years as bands', () => {
    for (const text of ['17', '16-17', '<18', 'Under 18', '12 to 17', 'young person']) {
      const read = readAgeBand(text);
      expect(read.ok, text).toBe(false);
      if (!read.ok) expect(read.message).toContain('young people’s drug and alcohol service');
    }
    expect(readAgeBand('18')).toEqual({ ok: true, value: '18-24' });
    expect(readAgeBand('44')).toEqual({ ok: true, value: '35-44' });
    expect(readAgeBand('65 or over')).toEqual({ ok: true, value: '65+' });
    expect(readAgeBand('55_64')).toEqual({ ok: true, value: '55-64' });
    expect(readAgeBand('')).toEqual({ ok: true, value: null });
  });

  it('refuses references that look like a name, an NHS number or a date of birth', () => {
    expect(referenceProblem('NM-2025-0412')).toBeNull();
    for (const reference of ['Jane Smith', '943 476 5919', '9434765919', '01/02/1980', 'NM 1 Feb 1980']) expect(referenceProblem(reference), reference).not.toBeNull();
    expect(referenceProblem('')).toBe('enter the local reference');
  });

  it('reads a time as UK time, in summer and winter', () => {
    const now = new Date('2026-11-23T09:00:00Z');
    const summer = readDateTime('01/07/2026 14:30', '2026-11-23', now);
    expect(summer.ok && summer.value?.moment.toISOString()).toBe('2026-07-01T13:30:00.000Z');
    const winter = readDateTime('2026-01-15T09:05', '2026-11-23', now);
    expect(winter.ok && winter.value?.moment.toISOString()).toBe('2026-01-15T09:05:00.000Z');
    expect(readDateTime('15/01/2026', '2026-11-23', now)).toEqual({ ok: false, message: 'enter the date and the time, like 23/11/2025 14:30' });
    expect(readDateTime('23/11/2026 10:00', '2026-11-23', now)).toEqual({ ok: false, message: 'the time cannot be in the future' });
  });
});
