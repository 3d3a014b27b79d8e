import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, hiddenFieldsIn, signedInVisitor, type TestContext, Visitor } from '../../test/app.js';
import { referralRow } from '../../test/referrals.js';
import { addDays } from '../platform/values/calendar.js';

/**
 * The analysts' pages through the database and the pages: only partnerships that share their
 * figures, within the analyst's scope, ever appear; small counts are withheld; the lead
 * commissioner's choice to share is audited and version-checked. Today is Monday 23 November
 * 2026, in the financial year 2026-27.
 */

let context: TestContext;
let lead: Visitor;
let northWestAnalyst: Visitor;
let englandAnalyst: Visitor;
let northmoor: string;
let eastfield: string;
let hiddenVale: string;
let wideArea: string;
const sharingAreas: string[] = [];

const db = () => context.database.db;

async function publishAdults(code: string, name: string, adults: number) {
  const admin = await db().selectFrom('users').select('id').where('is_admin', '=', true).executeTakeFirstOrThrow();
  const imported = await db().insertInto('aggregate_imports').values({ imported_by: admin.id, source: 'Test figures (fictional)', data_as_of: '2026-10-15' }).returning('id').executeTakeFirstOrThrow();
  await db().insertInto('aggregate_areas').values({ area_code: code, area_name: name, area_level: 'local_authority', region_code: 'E12000002' }).onConflict((c) => c.column('area_code').doNothing()).execute();
  await db()
    .insertInto('aggregate_figures')
    .values({ area_code: code, area_level: 'local_authority', period_unit: 'year', period_start: '2026-04-01', measure: 'adults_in_treatment', value: adults, import_id: imported.id })
    .execute();
}

async function admissions(partnershipId: string, prefix: string, count: number, serviceId: string) {
  for (let index = 0; index < count; index += 1) {
    const admittedOn = addDays('2026-05-01', index);
    await db()
      .insertInto('referrals')
      .values(
        referralRow(partnershipId, `${prefix}-${index}`, {
          stage: 'discharged',
          service_id: serviceId,
          referred_on: addDays(admittedOn, -40),
          funding_requested_on: addDays(admittedOn, -30),
          funding_decision: 'approved',
          funding_decided_on: addDays(admittedOn, -14),
          admitted_on: admittedOn,
          planned_weeks: 12,
          discharged_on: addDays(admittedOn, 90),
          discharge_outcome: 'completed',
        }),
      )
      .execute();
  }
}

async function partnership(name: string, region: string, onsCode: string | null, shares: boolean | null) {
  const row = await db().insertInto('partnerships').values({ name, region, ons_code: onsCode }).returning('id').executeTakeFirstOrThrow();
  if (shares !== null) {
    const admin = await db().selectFrom('users').select('id').where('is_admin', '=', true).executeTakeFirstOrThrow();
    await db().insertInto('figure_sharing').values({ partnership_id: row.id, shares_figures: shares, changed_by: admin.id, changed_at: new Date() }).execute();
  }
  return row.id;
}

async function agree(partnershipId: string, ratings: Array<'in_place' | 'partly' | 'not_in_place'>) {
  const template = await db().selectFrom('assessment_templates').select('id').orderBy('created_at').executeTakeFirstOrThrow();
  const statements = await db().selectFrom('template_statements').select('id').where('template_id', '=', template.id).orderBy('position').limit(ratings.length).execute();
  const admin = await db().selectFrom('users').select('id').where('is_admin', '=', true).executeTakeFirstOrThrow();
  const round = await db()
    .insertInto('assessment_rounds')
    .values({ partnership_id: partnershipId, template_id: template.id, title: 'Test round', starts_on: '2026-04-01', responses_due_on: '2026-05-01', created_by: admin.id, updated_at: new Date(), status: 'signed_off' })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [index, rating] of ratings.entries()) {
    await db()
      .insertInto('agreed_answers')
      .values({ partnership_id: partnershipId, round_id: round.id, statement_id: statements[index]!.id, rating, judgement: 'neither', updated_by: admin.id, updated_at: new Date() })
      .execute();
  }
}

beforeAll(async () => {
  context = await createTestContext();
  northmoor = context.demo.partnershipIds.northmoor;
  eastfield = context.demo.partnershipIds.eastfield;
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  northWestAnalyst = await signedInVisitor(context, 'analyst@north-west.example');
  englandAnalyst = await signedInVisitor(context, 'analyst@england.example');

  const provider = await db().selectFrom('providers').select('id').orderBy('name').executeTakeFirstOrThrow();
  const service = await db()
    .insertInto('services')
    .values({ provider_id: provider.id, name: 'Regional Test House', kind: 'residential_rehab', region: 'North West', weekly_cost_pence: 90_000 })
    .returning('id')
    .executeTakeFirstOrThrow();

  // Northmoor: 3 admissions this year against 2,580 adults in treatment, so its starts are withheld.
  await db().updateTable('partnerships').set({ ons_code: 'E06999901' }).where('id', '=', northmoor).execute();
  await publishAdults('E06999901', 'Northmoor (test)', 2580);
  await admissions(northmoor, 'NM-REG', 3, service.id);
  // A large sharing area whose rate can be shown: 24 of 1,200.
  wideArea = await partnership('Widemarsh Partnership (test)', 'North West', 'E06999911', true);
  await publishAdults('E06999911', 'Widemarsh (test)', 1200);
  await admissions(wideArea, 'WM', 24, service.id);
  // A sharing area far below the ambition: 10 of 2,000.
  const broadholm = await partnership('Broadholm Partnership (test)', 'North West', 'E06999913', true);
  await publishAdults('E06999913', 'Broadholm (test)', 2000);
  await admissions(broadholm, 'BH', 10, service.id);
  // A North West partnership that does not share: it must never appear.
  hiddenVale = await partnership('Hidden Vale Partnership (test)', 'North West', 'E06999912', false);
  await publishAdults('E06999912', 'Hidden Vale (test)', 900);
  await admissions(hiddenVale, 'HV', 30, service.id);
  await agree(hiddenVale, ['partly', 'partly']);
  // Eastfield shares, but lies in the East Midlands.
  await db().insertInto('figure_sharing').values({ partnership_id: eastfield, shares_figures: true, changed_by: (await db().selectFrom('users').select('id').where('is_admin', '=', true).executeTakeFirstOrThrow()).id }).execute();
  // Six more sharing North West areas with agreed answers: statement 1 five in place and one not;
  // statement 2 all in place; statement 3 four in place and two partly.
  for (const letter of ['A', 'B', 'C', 'D', 'E', 'F']) {
    const id = await partnership(`Test Area ${letter} (test)`, 'North West', null, true);
    sharingAreas.push(id);
    await agree(id, [letter === 'F' ? 'not_in_place' : 'in_place', 'in_place', letter === 'E' || letter === 'F' ? 'partly' : 'in_place']);
  }
});

afterAll(async () => {
  await context?.close();
});

describe('the sharing setting', () => {
  it('is off by default, and a change is saved with an audit record', async () => {
    const page = await lead.get('/regional/sharing');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Not sharing');
    expect(page.body).toMatch(/name="version" value="0"/);
    // Before Northmoor opts in, the analyst does not see it.
    expect((await northWestAnalyst.get('/regional')).body).not.toContain('Northmoor');

    const saved = await lead.post('/regional/sharing', { ...hiddenFieldsIn(page.body), sharesFigures: 'yes' });
    expect(saved.statusCode).toBe(302);
    const after = await lead.get('/regional/sharing');
    expect(after.body).toContain('now shares its figures');
    expect(after.body).toMatch(/name="version" value="1"/);
    const audit = await db().selectFrom('audit_events').select(['summary', 'actor_user_id']).where('action', '=', 'figure_sharing_changed').where('partnership_id', '=', northmoor).execute();
    expect(audit.map((event) => event.summary)).toEqual(['Started sharing figures with regional and national analysts']);
    expect((await northWestAnalyst.get('/regional')).body).toContain('Northmoor Drug and Alcohol Partnership (demo)');
  });

  it('refuses a change made on an out-of-date page, and says so beside the question', async () => {
    const page = await lead.get('/regional/sharing');
    const stale = { ...hiddenFieldsIn(page.body), version: '0' };
    const refused = await lead.post('/regional/sharing', { ...stale, sharesFigures: 'no' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Someone else changed this setting');
    expect(refused.body).toContain('govuk-error-summary');
    expect(await db().selectFrom('figure_sharing').select('shares_figures').where('partnership_id', '=', northmoor).executeTakeFirstOrThrow()).toEqual({ shares_figures: true });
  });

  it('asks for an answer when none is given', async () => {
    const page = await lead.get('/regional/sharing');
    const response = await lead.post('/regional/sharing', { _csrf: csrfTokenIn(page.body), version: '1' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/id="sharesFigures-error"[\s\S]*Select yes if your partnership shares its figures/);
  });

  it('is for the lead commissioner only', async () => {
    const viewer = await signedInVisitor(context, 'viewer@northmoor.example');
    expect((await viewer.get('/regional/sharing')).statusCode).toBe(403);
    expect((await northWestAnalyst.get('/regional/sharing')).statusCode).toBe(403);
  });
});

describe('the league table and funnel plot', () => {
  it('shows the sharing areas in the analyst’s region only, never one that does not share', async () => {
    const page = await northWestAnalyst.get('/regional');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Widemarsh Partnership (test)');
    expect(page.body).toContain('Test Area A (test)');
    expect(page.body).not.toContain('Hidden Vale');
    expect(page.body).not.toContain('Eastfield');
    const csv = await northWestAnalyst.get('/regional/data/league/csv?year=2026-27');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Widemarsh Partnership (test)');
    expect(csv.body).not.toContain('Hidden Vale');
  });

  it('gives an England analyst every sharing area, and still not one that does not share', async () => {
    const page = await englandAnalyst.get('/regional');
    expect(page.body).toContain('Eastfield Recovery Partnership (demo)');
    expect(page.body).toContain('Widemarsh Partnership (test)');
    expect(page.body).not.toContain('Hidden Vale');
  });

  it('shows a rate with its interval and judgement, and withholds starts below 5 with the rate built on them', async () => {
    const page = await northWestAnalyst.get('/regional?year=2026-27');
    // Widemarsh: 24 of 1,200 is 2.0%, and 2% lies inside its interval.
    const widemarsh = /<tr[^>]*>(?:(?!<\/tr>)[\s\S])*Widemarsh Partnership \(test\)(?:(?!<\/tr>)[\s\S])*<\/tr>/.exec(page.body)?.[0] ?? '';
    expect(widemarsh).toContain('2.0%');
    expect(widemarsh).toContain('1,200');
    expect(widemarsh).toMatch(/Similar to the 2% ambition/);
    expect(widemarsh).toMatch(/\d\.\d\d% to \d\.\d\d%/);
    // Northmoor: 3 starts.
    const northmoorRow = /<tr[^>]*>(?:(?!<\/tr>)[\s\S])*Northmoor Drug and Alcohol Partnership \(demo\)(?:(?!<\/tr>)[\s\S])*<\/tr>/.exec(page.body)?.[0] ?? '';
    expect(northmoorRow).toContain('fewer than 5');
    expect(northmoorRow).toContain('Withheld: fewer than 5 starts');
    expect(northmoorRow).not.toMatch(/>\s*3\s*</);
    expect(northmoorRow).not.toMatch(/0\.1%/);
  });

  it('draws the funnel plot as a figure with a table of the same figures and a download', async () => {
    const page = await englandAnalyst.get('/regional?year=2026-27');
    expect(page.body).toMatch(/<figure class="app-plot-figure">\s*<svg/);
    expect(page.body).toContain('Where it lies');
    expect(page.body).toContain('Withheld, and not plotted: fewer than 5 starts');
    const broadholm = /<tr[^>]*>(?:(?!<\/tr>)[\s\S])*Broadholm Partnership \(test\)(?:(?!<\/tr>)[\s\S])*Below the 99.8% limits(?:(?!<\/tr>)[\s\S])*<\/tr>/.exec(page.body);
    expect(broadholm).not.toBeNull();
    expect(page.body).toContain('Worse than the 2% ambition, with strong evidence that the difference is not chance.');
    const csv = await englandAnalyst.get('/regional/data/funnel/csv?year=2026-27');
    expect(csv.body).toContain('Below the 99.8% limits');
    expect(csv.body).not.toContain('Hidden Vale');
  });

  it('refuses a year it does not offer', async () => {
    const page = await northWestAnalyst.get('/regional?year=1999-00');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Select a financial year from the list');
  });
});

describe('comparing areas side by side', () => {
  it('compares two or more sharing areas, and refuses fewer or one outside the list', async () => {
    const both = await northWestAnalyst.get(`/regional/compare?chosen=1&year=2026-27&area=${wideArea}&area=${northmoor}`);
    expect(both.statusCode).toBe(200);
    expect(both.body).toContain('The chosen areas side by side');
    expect(both.body).toMatch(/<th[^>]*>Widemarsh Partnership \(test\)<\/th>/);
    const one = await northWestAnalyst.get(`/regional/compare?chosen=1&area=${wideArea}`);
    expect(one.statusCode).toBe(400);
    expect(one.body).toMatch(/id="area-error"[\s\S]*Select at least 2 areas to compare/);
    const hidden = await northWestAnalyst.get(`/regional/compare?chosen=1&area=${wideArea}&area=${hiddenVale}`);
    expect(hidden.statusCode).toBe(400);
    expect(hidden.body).not.toContain('Hidden Vale');
    expect((await northWestAnalyst.get(`/regional/data/compare/csv?area=${wideArea}&area=${hiddenVale}`)).statusCode).toBe(404);
  });
});

describe('the regional picture of the self-assessment', () => {
  it('counts sharing areas’ agreed answers by statement, withholding counts below 5, and leaves out areas that do not share', async () => {
    const page = await northWestAnalyst.get('/regional/self-assessment');
    expect(page.statusCode).toBe(200);
    const template = await db().selectFrom('assessment_templates').select('id').orderBy('created_at').executeTakeFirstOrThrow();
    const [first, second, third] = await db().selectFrom('template_statements').select('text').where('template_id', '=', template.id).orderBy('position').limit(3).execute();
    const rowOf = (text: string) => {
      const start = page.body.indexOf(text.replace(/’/g, '’'));
      return start < 0 ? '' : page.body.slice(start, page.body.indexOf('</tr>', start));
    };
    const cellsOf = (text: string) => [...rowOf(text).matchAll(/<td[^>]*>\s*([^<]*?)\s*<\/td>/g)].map((match) => match[1]);
    // One area said not in place: hidden, and the 5 hidden too so it cannot be worked out from the 6.
    expect(cellsOf(first!.text)).toEqual(['6', 'withheld', '0', 'withheld', '0']);
    // All six said in place; Hidden Vale's "partly", which does not share, is not counted.
    expect(cellsOf(second!.text)).toEqual(['6', '6', '0', '0', '0']);
    // Four and two: both below 5.
    expect(cellsOf(third!.text)).toEqual(['6', 'fewer than 5', 'fewer than 5', '0', '0']);
    const csv = await northWestAnalyst.get('/regional/data/self-assessment/csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('fewer than 5');
  });
});

describe('who may open the analysts’ pages', () => {
  it('refuses everyone who is not an analyst, and sends someone not signed in to sign in', async () => {
    for (const email of ['lead@northmoor.example', 'staff@northmoor.example', 'admin@residential-pathways.example']) {
      const visitor = await signedInVisitor(context, email);
      for (const path of ['/regional', '/regional/compare', '/regional/self-assessment', '/regional/data/league/csv']) {
        expect((await visitor.get(path)).statusCode, `${email} ${path}`).toBe(403);
      }
    }
    const anonymous = new Visitor(context.app);
    expect((await anonymous.get('/regional')).headers.location).toMatch(/^\/sign-in/);
  });
});
