import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InsertObject } from 'kysely';
import { createTestContext, csrfTokenIn, signedInVisitor, type TestContext, type Visitor } from '../../test/app.js';
import { referralRow } from '../../test/referrals.js';
import type { Database } from '../platform/db/schema.js';
import { addDays } from '../platform/values/calendar.js';

/**
 * The comparisons page through the database and the page: published figures for the
 * partnership's area, two comparators, its region and England, judged with Wilson and Poisson
 * intervals in words; the funnel plot of completion by service from its own referrals;
 * downloads; what a peer reviewer from another area may see; and the lead commissioner's choice
 * of areas to compare with. Today is Monday 23 November 2026.
 */

let context: TestContext;
let lead: Visitor;
let viewer: Visitor;
let peer: Visitor;
let northmoor: string;
let leadUserId: string;

const db = () => context.database.db;
const ownArea = 'E06999901';
const northWest = 'E12000002';

type Values = Partial<InsertObject<Database, 'referrals'>>;
type Measures = { rehab: number; detox: number; completions: number; adults: number };

async function publish(code: string, name: string, level: 'local_authority' | 'region' | 'england', regionCode: string | null, year: Measures | null) {
  const admin = await db().selectFrom('users').select('id').where('is_admin', '=', true).executeTakeFirstOrThrow();
  const imported = await db()
    .insertInto('aggregate_imports')
    .values({ imported_by: admin.id, source: 'Test figures (fictional)', data_as_of: '2026-10-15' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db().insertInto('aggregate_areas').values({ area_code: code, area_name: name, area_level: level, region_code: regionCode }).execute();
  if (!year) return;
  for (const [measure, value] of [
    ['residential_rehab_starts', year.rehab],
    ['inpatient_detox_starts', year.detox],
    ['successful_completions', year.completions],
    ['adults_in_treatment', year.adults],
  ] as const) {
    await db()
      .insertInto('aggregate_figures')
      .values({ area_code: code, area_level: level, period_unit: 'year', period_start: '2025-04-01', measure, value, import_id: imported.id })
      .execute();
  }
}

/** A 30-day stay at a service that ended as planned or not. */
function stay(serviceId: string, admittedOn: string, completed: boolean): Values {
  return {
    stage: 'discharged',
    service_id: serviceId,
    referred_on: addDays(admittedOn, -40),
    funding_requested_on: addDays(admittedOn, -30),
    funding_decision: 'approved',
    funding_decided_on: addDays(admittedOn, -14),
    admitted_on: admittedOn,
    planned_weeks: 12,
    discharged_on: addDays(admittedOn, 30),
    discharge_outcome: completed ? 'completed' : 'transferred',
    updated_at: new Date(),
  };
}

beforeAll(async () => {
  context = await createTestContext();
  northmoor = context.demo.partnershipIds.northmoor;
  for (const table of ['referral_reviews', 'referral_contacts', 'referral_events', 'referrals', 'aggregate_figure_revisions', 'aggregate_figures', 'aggregate_imports', 'comparator_areas'] as const) {
    await db().deleteFrom(table).execute();
  }
  await db().deleteFrom('aggregate_areas').execute();
  await db().updateTable('partnerships').set({ ons_code: ownArea }).where('id', '=', northmoor).execute();
  leadUserId = (await db().selectFrom('users').select('id').where('email', '=', 'lead@northmoor.example').executeTakeFirstOrThrow()).id;

  // 2025-26, like the demo: the partnership's area near England, a comparator well below it, a
  // small comparator whose counts a peer reviewer may not see, the region above England.
  await publish(ownArea, 'Northmoor (fictional area)', 'local_authority', northWest, { rehab: 28, detox: 34, completions: 446, adults: 2_400 });
  await publish('E06999903', 'Westmere (fictional)', 'local_authority', northWest, { rehab: 5, detox: 3, completions: 380, adults: 2_000 });
  await publish('E06999904', 'Smalldale (fictional)', 'local_authority', northWest, { rehab: 3, detox: 9, completions: 170, adults: 900 });
  await publish(northWest, 'North West', 'region', 'E92000001', { rehab: 700, detox: 710, completions: 9_300, adults: 50_000 });
  await publish('E92000001', 'England', 'england', null, { rehab: 3_420, detox: 4_400, completions: 57_820, adults: 310_863 });
  // More areas to choose from: four in the North West and two in the East Midlands.
  for (const [code, name] of [
    ['E06999905', 'Fellbrook (fictional)'],
    ['E08999906', 'Copperton (fictional)'],
    ['E06999907', 'Saltmoor (fictional)'],
    ['E06999909', 'Ashby Moss (fictional)'],
  ] as const) {
    await publish(code, name, 'local_authority', northWest, null);
  }
  await publish('E06999910', 'Eastshire (fictional)', 'local_authority', 'E12000004', null);
  await publish('E06999911', 'Brackenford (fictional)', 'local_authority', 'E12000004', null);
  await db()
    .insertInto('comparator_areas')
    .values(['E06999903', 'E06999904'].map((code) => ({ partnership_id: northmoor, area_code: code, added_by: leadUserId })))
    .execute();

  // July to September 2026: three services. Brook Lodge completes 9 of 10, Fellside House 6 of
  // 20, Moss Hall 0 of 3: 15 of 33 across the services.
  const provider = await db().insertInto('providers').values({ name: 'Comparisons Provider (fictional)', updated_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  const service = async (name: string) =>
    (
      await db()
        .insertInto('services')
        .values({ provider_id: provider.id, name, kind: 'residential_rehab', region: 'North West', town: 'Northmoor', updated_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const services: Array<[string, number, number]> = [
    [await service('Brook Lodge (fictional)'), 10, 9],
    [await service('Fellside House (fictional)'), 20, 6],
    [await service('Moss Hall (fictional)'), 3, 0],
  ];
  let reference = 0;
  for (const [serviceId, discharges, completed] of services) {
    for (let index = 0; index < discharges; index += 1) {
      reference += 1;
      await db()
        .insertInto('referrals')
        .values(referralRow(northmoor, `CMP-${reference}`, stay(serviceId, addDays('2026-07-01', reference * 2), index < completed)))
        .execute();
    }
  }

  lead = await signedInVisitor(context, 'lead@northmoor.example');
  viewer = await signedInVisitor(context, 'viewer@northmoor.example');
  peer = await signedInVisitor(context, 'peer@eastfield.example');
  expect((await peer.submit('/partnerships/switch', '/partnerships/switch', { partnershipId: northmoor })).statusCode).toBe(302);
});

afterAll(async () => {
  await context?.close();
});

const cellText = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

/** The text of each table row whose first cell starts with `label`, cells joined by " | ". */
function rows(html: string, label: string): string[] {
  return [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
    .map((match) => [...(match[1] as string).matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cellText(cell[1] as string)).join(' | '))
    .filter((text) => text.startsWith(label));
}

/** The page's visible text without the charts (whose SVG repeats the table's figures). */
function pageText(html: string): string {
  return cellText(html.replace(/<svg[\s\S]*?<\/svg>/g, ''));
}

const year = '/insight/comparisons?unit=year&period=2025-26';
const quarter = '/insight/comparisons?unit=quarter&period=2026-27+Q2&basis=admission';

describe('the comparisons page', () => {
  it('judges access against England with Wilson intervals, in words: 28 of 2,400 is similar, 5 of 2,000 is worse', async () => {
    const response = await viewer.get(year);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    const [access] = [html.slice(html.indexOf('id="access"'), html.indexOf('id="starts-rate"'))];
    expect(rows(access as string, 'Northmoor Drug')).toEqual([
      'Northmoor Drug and Alcohol Partnership (demo) | 1.2% | 28 of 2,400 adults in treatment | 0.8% to 1.7% | 0.7% to 2.1% | Similar to England: any difference could be chance.',
    ]);
    expect(rows(access as string, 'Westmere')).toEqual([
      'Westmere (fictional) | 0.3% | 5 of 2,000 adults in treatment | 0.1% to 0.6% | 0.1% to 0.9% | Worse than England, with strong evidence that the difference is not chance.',
    ]);
    expect(rows(access as string, 'North West')).toEqual([
      'North West | 1.4% | 700 of 50,000 adults in treatment | 1.3% to 1.5% | 1.2% to 1.6% | Better than England, with strong evidence that the difference is not chance.',
    ]);
    expect(rows(access as string, 'England')).toEqual(['England | 1.1% | 3,420 of 310,863 adults in treatment | 1.06% to 1.14% | 1.0% to 1.2% | This is the benchmark']);
    expect(access).toContain('Northmoor Drug and Alcohol Partnership (demo): 1.2% (28 of 2,400 adults in treatment). Similar to England: any difference could be chance.');
    expect(access).toContain('<title id="access-chart-title">');
    expect(access).toContain('Source: Test figures (fictional) (data as of 15 October 2026).');
    expect(html).toContain('How we compare');
    expect(html).toContain('Wilson score method');
    expect(html).not.toContain('<style');
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('judges residential and inpatient detox starts per 1,000 on Poisson limits, exact below 10 events', async () => {
    const html = (await viewer.get(year)).body;
    const section = html.slice(html.indexOf('id="starts-rate"'), html.indexOf('id="completions"'));
    // 62 starts among 2,400: 25.8 per 1,000, against England's 7,820 among 310,863 (25.2).
    expect(rows(section, 'Northmoor Drug')[0]).toMatch(/^Northmoor Drug and Alcohol Partnership \(demo\) \| 25\.8 per 1,000 \| 62 starts among 2,400 adults in treatment \| \d+\.\d to \d+\.\d \| .* \| Similar to England/);
    // 8 events: the exact limits for 8 are 3.45 to 15.76, so 1.7 to 7.9 per 1,000.
    expect(rows(section, 'Westmere')[0]).toContain('4.0 per 1,000 | 8 starts among 2,000 adults in treatment | 1.7 to 7.9 |');
    expect(rows(section, 'Westmere')[0]).toContain('Worse than England');
    expect(rows(section, 'England')[0]).toContain('This is the benchmark');
    const completions = html.slice(html.indexOf('id="completions"'), html.indexOf('id="funnel-plot"'));
    expect(rows(completions, 'Northmoor Drug')[0]).toBe(
      'Northmoor Drug and Alcohol Partnership (demo) | 18.6% | 446 of 2,400 adults in treatment | 17.1% to 20.2% | 16.3% to 21.2% | Similar to England: any difference could be chance.',
    );
  });

  it('draws the funnel plot of completion by service with a table saying where each service lies', async () => {
    const html = (await viewer.get(quarter)).body;
    const section = html.slice(html.indexOf('id="funnel-plot"'));
    expect(section).toContain('<title id="funnel-chart-title">Completion by service</title>');
    expect(section).toContain('Across all services: 45.5% (15 of 33 discharges were completed as planned).');
    expect(rows(section, 'Brook Lodge')[0]).toBe('Brook Lodge (fictional) | 90% | 9 of 10 | 14.6% to 76.3% | 0.0% to 94.1% | Above the 95% limits: higher than the partnership overall');
    expect(rows(section, 'Fellside House')[0]).toMatch(/^Fellside House \(fictional\) \| 30% \| 6 of 20 \| .* \| Inside the 95% limits/);
    expect(rows(section, 'Moss Hall')[0]).toMatch(/^Moss Hall \(fictional\) \| 0% \| 0 of 3 \| .* \| Inside the 95% limits/);
    // Published figures are by year here, so the quarter has none.
    expect(html).toContain('No published figures have been imported for July to September 2026 yet.');
  });

  it('says published figures are not monthly, and points from a year without them to the latest that has them', async () => {
    const month = await viewer.get('/insight/comparisons?unit=month&period=2026-08');
    expect(month.statusCode).toBe(200);
    expect(month.body).toContain('Published figures are by quarter and by financial year, not by month');
    const current = await viewer.get('/insight/comparisons');
    expect(current.statusCode).toBe(200);
    expect(current.body).toContain('No published figures have been imported for April 2026 to March 2027 yet.');
    expect(current.body).toContain('href="/insight/comparisons?unit=year&amp;period=2025-26&amp;basis=referral"');
    expect(current.body).toContain('See the latest published figures, for April 2025 to March 2026');
  });

  it('downloads each table as CSV and xlsx with the same figures', async () => {
    const csv = await viewer.get('/insight/comparisons/data/access/csv?unit=year&period=2025-26');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('comparisons-access-2025-26.csv');
    expect(csv.body).toContain('Westmere (fictional),0.3%,"5 of 2,000 adults in treatment",0.1% to 0.6%,0.1% to 0.9%,"Worse than England, with strong evidence that the difference is not chance."');
    expect(csv.body).toContain('Test figures (fictional) (data as of 15 October 2026)');
    const funnel = await viewer.get(`/insight/comparisons/data/funnel/csv?unit=quarter&period=2026-27+Q2&basis=admission`);
    expect(funnel.body).toContain('Brook Lodge (fictional),90%,9 of 10');
    const xlsx = await viewer.get('/insight/comparisons/data/starts-rate/xlsx?unit=year&period=2025-26');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((await viewer.get('/insight/comparisons/data/nothing/csv')).statusCode).toBe(404);
    expect((await viewer.get('/insight/comparisons/data/access/pdf')).statusCode).toBe(404);
  });

  it('never shows a peer reviewer a count below 5, on the page or in a download', async () => {
    const response = await peer.get(year);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('as a peer reviewer from another area');
    const access = html.slice(html.indexOf('id="access"'), html.indexOf('id="starts-rate"'));
    expect(rows(access, 'Smalldale')).toEqual(['Smalldale (fictional) | withheld (fewer than 5) | fewer than 5 of 900 adults in treatment | withheld | withheld | Withheld: built on fewer than 5 people']);
    // Westmere's 5 starts may be shown; its 8 detox and residential starts too.
    expect(rows(access, 'Westmere')[0]).toContain('5 of 2,000');
    expect(html).not.toContain('Change the areas you compare with');
    const text = pageText(html);
    expect(text).not.toMatch(/(^|[^\d,.])[1-4] (of|starts)\b/);
    // In the chart, the withheld row has no dot: it says "not shown".
    expect(access).toContain('not shown');

    const funnel = (await peer.get(quarter)).body;
    const section = funnel.slice(funnel.indexOf('id="funnel-plot"'));
    // Moss Hall's 3 discharges are hidden, and Brook Lodge's 10 with them so neither can be worked out from the total.
    expect(rows(section, 'Moss Hall')[0]).toBe('Moss Hall (fictional) | withheld | withheld | withheld | withheld | Withheld, and not plotted, to protect small numbers');
    expect(rows(section, 'Brook Lodge')[0]).toContain('Withheld, and not plotted');
    expect(section).toContain('There is nothing to plot');
    expect(pageText(funnel)).not.toMatch(/(^|[^\d,.])[1-4] (of|starts)\b/);

    for (const url of ['/insight/comparisons/data/access/csv?unit=year&period=2025-26', '/insight/comparisons/data/starts-rate/csv?unit=year&period=2025-26', '/insight/comparisons/data/funnel/csv?unit=quarter&period=2026-27+Q2&basis=admission']) {
      const csv = await peer.get(url);
      expect(csv.statusCode, url).toBe(200);
      expect(csv.body, url).toContain('withheld');
      expect(csv.body, url).not.toMatch(/(^|[^\d,.])[1-4] (of|starts)\b/);
    }
  });

  it('lets only the lead commissioner choose the areas to compare with', async () => {
    for (const visitor of [viewer, peer]) {
      expect((await visitor.get('/insight/comparisons/areas')).statusCode).toBe(403);
      const token = csrfTokenIn((await visitor.get('/account')).body);
      expect((await visitor.post('/insight/comparisons/areas', { _csrf: token, areas: ['E06999905'] })).statusCode).toBe(403);
    }
    expect((await viewer.get(year)).body).not.toContain('href="/insight/comparisons/areas"');
    const form = await lead.get('/insight/comparisons/areas');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Which areas do you want to compare with?');
    expect(form.body).toMatch(/name="areas" type="checkbox" value="E06999903" checked/);
    expect(form.body).not.toContain(`value="${ownArea}"`);
    // Areas in the North West come first, then the others.
    const order = [...form.body.matchAll(/name="areas" type="checkbox" value="(E\d+)"/g)].map((match) => match[1]);
    expect(order).toEqual(['E06999909', 'E08999906', 'E06999905', 'E06999907', 'E06999904', 'E06999903', 'E06999911', 'E06999910']);
  });

  it('refuses more than 5 areas with a message next to the boxes, keeping what was ticked', async () => {
    const ticked = ['E06999903', 'E06999904', 'E06999905', 'E08999906', 'E06999907', 'E06999910'];
    const response = await lead.submit('/insight/comparisons/areas', '/insight/comparisons/areas', { areas: ticked });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toMatch(/<p id="areas-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> Select 5 areas or fewer\s*<\/p>/);
    expect(response.body).toContain('href="#areas"');
    for (const code of ticked) expect(response.body).toMatch(new RegExp(`name="areas" type="checkbox" value="${code}" checked`));
    expect(response.body).not.toMatch(/value="E06999911" checked/);
    const unknown = await lead.submit('/insight/comparisons/areas', '/insight/comparisons/areas', { areas: ['E06999903', ownArea] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Select areas from the list');
    const saved = await db().selectFrom('comparator_areas').select('area_code').where('partnership_id', '=', northmoor).orderBy('area_code').execute();
    expect(saved.map((area) => area.area_code)).toEqual(['E06999903', 'E06999904']);
  });

  it('saves the lead commissioner’s choice with an audit record, and the page compares with it', async () => {
    const response = await lead.submit('/insight/comparisons/areas', '/insight/comparisons/areas', { areas: ['E06999903', 'E06999910'] });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/insight/comparisons');
    const page = (await lead.get(year)).body;
    expect(page).toContain('Your partnership now compares with Westmere (fictional) and Eastshire (fictional).');
    expect(page).toContain('the areas your partnership compares with (Eastshire (fictional), Westmere (fictional))');
    expect(rows(page, 'Eastshire')[0]).toContain('not published');
    expect(rows(page, 'Smalldale')).toEqual([]);
    const audit = await db().selectFrom('audit_events').select(['summary', 'actor_user_id']).where('action', '=', 'comparator_areas_changed').execute();
    expect(audit).toEqual([{ summary: 'Areas to compare with set to E06999903, E06999910', actor_user_id: leadUserId }]);
  });
});
