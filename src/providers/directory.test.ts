import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInVisitor, type TestContext, Visitor } from '../../test/app.js';
import { textArray } from '../platform/db/arrays.js';
import type { Database, RegulatorRating, ServiceKind, Specialism, TreatmentApproach } from '../platform/db/schema.js';
import { createTemplateEngine } from '../platform/web/nunjucks.js';
import { findService, searchServices } from './directory-repository.js';
import { providerPaths } from './paths.js';
import { outcomeSummary } from './directory-rules.js';

/** Search, the service page and the downloads, on services made directly in the database. */

let context: TestContext;
let lead: Visitor;
let admin: Visitor;
const ids: Record<string, string> = {};
const db = () => context.database.db;

/** The demo directory (and anything a partnership added to it) is cleared, so each search's answer is known exactly. */
async function clearDirectory(database: Kysely<Database>): Promise<void> {
  // Referrals keep their history; they just no longer point at a service.
  await sql`UPDATE referrals SET service_id = NULL WHERE service_id IS NOT NULL`.execute(database);
  for (const table of ['service_notes', 'preferred_service_reviews', 'preferred_services', 'contracts', 'service_information_packs', 'services', 'provider_users', 'providers'] as const) {
    await database.deleteFrom(table).execute();
  }
}

interface TestService {
  name: string;
  kind: ServiceKind;
  approaches?: TreatmentApproach[];
  specialisms?: Specialism[];
  region: string;
  town?: string;
  cost?: number | null;
  waiting?: number | null;
  waitingOn?: string | null;
  rating?: RegulatorRating | null;
  ratingOn?: string | null;
  detox?: boolean;
  stepFree?: boolean;
  adapted?: boolean;
  eligibility?: string;
  exclusions?: string;
  languages?: string[];
}

async function addService(providerId: string, service: TestService): Promise<string> {
  const row = await db()
    .insertInto('services')
    .values({
      provider_id: providerId,
      name: service.name,
      kind: service.kind,
      approaches: textArray(service.approaches ?? []),
      specialisms: textArray(service.specialisms ?? []),
      region: service.region,
      town: service.town ?? '',
      weekly_cost_pence: service.cost ?? null,
      waiting_weeks: service.waiting ?? null,
      waiting_updated_on: service.waitingOn ?? null,
      regulator_rating: service.rating ?? null,
      rating_date: service.ratingOn ?? null,
      detox_on_site: service.detox ?? false,
      step_free_access: service.stepFree ?? false,
      adapted_rooms: service.adapted ?? false,
      eligibility: service.eligibility ?? '',
      exclusions: service.exclusions ?? '',
      languages: textArray(service.languages ?? []),
      beds: 12,
      minimum_weeks: 6,
      typical_weeks: 12,
      updated_at: new Date('2026-11-02T10:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[service.name] = row.id;
  return row.id;
}

const named = ['Ash House', 'Beech Lodge', 'Cedar Court', 'Damson Place', 'Elm Crisis', 'fir grove'];

beforeAll(async () => {
  context = await createTestContext();
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  admin = await signedInVisitor(context, 'admin@residential-pathways.example');
  await clearDirectory(db());
  const alder = await db().insertInto('providers').values({ name: 'Alder Recovery (test)', website: 'https://alder.example' }).returning('id').executeTakeFirstOrThrow();
  const birch = await db().insertInto('providers').values({ name: 'Birch Trust (test)' }).returning('id').executeTakeFirstOrThrow();
  await addService(alder.id, {
    name: 'Ash House', kind: 'residential_rehab', approaches: ['therapeutic_community'], specialisms: ['women_only', 'pregnant_women'],
    region: 'North East', town: 'Durham', cost: 90_000, waiting: 2, waitingOn: '2026-11-20', rating: 'good', ratingOn: '2026-05-01', detox: true, stepFree: true,
  });
  await addService(alder.id, {
    name: 'Beech Lodge', kind: 'inpatient_detox', approaches: ['twelve_step'], specialisms: ['co_occurring_mental_health'],
    region: 'North West', town: 'Preston', cost: 150_000, waiting: 6, waitingOn: '2026-09-01', rating: 'outstanding', ratingOn: '2025-12-14', detox: true, stepFree: true, adapted: true,
    eligibility: 'Adults 18 and over\nwith a referral from a community team', exclusions: 'People who need hospital care', languages: ['English', 'Polish'],
  });
  await addService(birch.id, {
    name: 'Cedar Court', kind: 'residential_rehab', approaches: ['twelve_step', 'faith_based'], specialisms: ['women_only'],
    region: 'North East', cost: 60_000, waiting: 1, waitingOn: '2026-11-01', rating: 'requires_improvement', adapted: true,
    eligibility: '=HYPERLINK("http://evil.example")', exclusions: '-under 18s',
  });
  await addService(birch.id, { name: 'Damson Place', kind: 'second_stage', approaches: ['cognitive_behavioural'], specialisms: ['parents_with_children'], region: 'London' });
  await addService(birch.id, { name: 'Elm Crisis', kind: 'crisis', approaches: ['other'], region: 'London', cost: 200_000, waiting: 0, waitingOn: '2026-11-22', rating: 'inadequate', detox: true, stepFree: true });
  await addService(alder.id, {
    name: 'fir grove', kind: 'residential_rehab', approaches: ['therapeutic_community'], specialisms: ['women_only', 'pregnant_women', 'parents_with_children'],
    region: 'South West', cost: 75_000, waiting: 3, waitingOn: '2026-11-10', rating: 'not_rated', adapted: true,
  });
  // Enough alike services to need two pages, matching none of the filters above except their own.
  for (let number = 1; number <= 25; number += 1) {
    await addService(birch.id, { name: `Pagination ${String(number).padStart(2, '0')}`, kind: 'second_stage', specialisms: ['older_adults'], region: 'East Midlands' });
  }
  await db()
    .insertInto('service_information_packs')
    .values([
      { service_id: ids['Beech Lodge'] as string, audience: 'commissioners_and_referrers', title: 'Referral guide', link: 'https://alder.example/referrals', review_on: '2026-10-01', updated_at: new Date('2026-10-01T12:00:00Z') },
      { service_id: ids['Beech Lodge'] as string, audience: 'before_admission', title: 'What to bring', review_on: '2027-06-30', updated_at: new Date('2026-11-15T12:00:00Z') },
    ])
    .execute();
});
afterAll(async () => context.close());

/** The service names in the search result table, in order. */
function resultNames(html: string): string[] {
  return [...html.matchAll(/<a class="govuk-link" href="\/services\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((match) => match[1] as string);
}

async function search(query: string): Promise<string[]> {
  const response = await lead.get(`/services${query ? `?${query}` : ''}`);
  expect(response.statusCode, query).toBe(200);
  return resultNames(response.body);
}

describe('searching the directory', () => {
  it('lists every service by name, 20 to a page, with the count', async () => {
    const response = await lead.get('/services');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('31 services in the directory');
    expect(response.body).toContain('Showing 1 to 20 of 31');
    expect(resultNames(response.body).slice(0, 7)).toEqual([...named, 'Pagination 01']);
    expect(resultNames(response.body)).toHaveLength(20);
    expect(response.body).toContain('<caption class="govuk-table__caption govuk-visually-hidden">Services matching your search</caption>');
  });

  it('narrows by each filter', async () => {
    expect(await search('kind=residential_rehab')).toEqual(['Ash House', 'Cedar Court', 'fir grove']);
    expect(await search('kind=inpatient_detox')).toEqual(['Beech Lodge']);
    expect(await search('approach=twelve_step')).toEqual(['Beech Lodge', 'Cedar Court']);
    expect(await search('specialism=women_only')).toEqual(['Ash House', 'Cedar Court', 'fir grove']);
    expect(await search('specialism=women_only&specialism=pregnant_women')).toEqual(['Ash House', 'fir grove']);
    expect(await search('specialism=women_only&specialism=pregnant_women&specialism=parents_with_children')).toEqual(['fir grove']);
    expect(await search('region=London')).toEqual(['Damson Place', 'Elm Crisis']);
    expect(await search('maxCost=900')).toEqual(['Ash House', 'Cedar Court', 'fir grove']);
    expect(await search('maxCost=%C2%A3899.99')).toEqual(['Cedar Court', 'fir grove']);
    expect(await search('rating=outstanding')).toEqual(['Beech Lodge']);
    expect(await search('rating=good')).toEqual(['Ash House', 'Beech Lodge']);
    expect(await search('rating=requires_improvement')).toEqual(['Ash House', 'Beech Lodge', 'Cedar Court']);
    expect(await search('maxWait=2')).toEqual(['Ash House', 'Cedar Court', 'Elm Crisis']);
    expect(await search('maxWait=0')).toEqual(['Elm Crisis']);
    expect(await search('detox=yes')).toEqual(['Ash House', 'Beech Lodge', 'Elm Crisis']);
    expect(await search('access=step_free')).toEqual(['Ash House', 'Beech Lodge', 'Elm Crisis']);
    expect(await search('access=adapted_rooms')).toEqual(['Beech Lodge', 'Cedar Court', 'fir grove']);
    expect(await search('access=step_free&access=adapted_rooms')).toEqual(['Beech Lodge']);
    expect(await search('kind=residential_rehab&region=North+East&maxCost=800')).toEqual(['Cedar Court']);
  });

  it('says when nothing matches', async () => {
    const response = await lead.get('/services?kind=crisis&region=North+East');
    expect(response.body).toContain('0 services found');
    expect(response.body).toContain('No services match your search');
    expect(response.body).not.toContain('Download as CSV');
  });

  it('keeps the chosen filters in the form', async () => {
    const response = await lead.get('/services?kind=residential_rehab&specialism=women_only&maxCost=900&detox=yes&access=adapted_rooms&sort=wait');
    expect(response.body).toMatch(/<option value="residential_rehab" selected>/);
    expect(response.body).toMatch(/name="specialism" type="checkbox" value="women_only" checked/);
    expect(response.body).toMatch(/name="detox" type="checkbox" value="yes" checked/);
    expect(response.body).toMatch(/name="access" type="checkbox" value="adapted_rooms" checked/);
    expect(response.body).toMatch(/name="maxCost" type="text"[^>]*value="900"/);
    expect(response.body).toMatch(/<option value="wait" selected>/);
  });

  it('sorts by cost and by waiting time, unknowns last', async () => {
    expect((await search('sort=cost')).slice(0, 7)).toEqual(['Cedar Court', 'fir grove', 'Ash House', 'Beech Lodge', 'Elm Crisis', 'Damson Place', 'Pagination 01']);
    expect((await search('sort=wait')).slice(0, 7)).toEqual(['Elm Crisis', 'Cedar Court', 'Ash House', 'fir grove', 'Beech Lodge', 'Damson Place', 'Pagination 01']);
    const cost = await lead.get('/services?sort=cost');
    expect(cost.body).toContain('Services whose cost is not known are listed last.');
  });

  it('offers no sort by outcome while outcomes cannot be compared; an old link to it sorts by name', async () => {
    const page = await lead.get('/services');
    expect(page.body).toContain('<option value="cost"');
    expect(page.body).not.toContain('<option value="outcome"');
    expect(page.body).not.toContain('Outcomes (not available yet)');
    const response = await lead.get('/services?sort=outcome&kind=residential_rehab');
    expect(response.statusCode).toBe(200);
    expect(resultNames(response.body)).toEqual(['Ash House', 'Cedar Court', 'fir grove']);
    expect(response.body).toContain('sorted by name (a to z)');
  });

  it('finds services by part of their own or their provider’s name, in any case, with the other filters', async () => {
    expect(await search('q=HOUSE')).toEqual(['Ash House']);
    expect(await search('q=birch+trust&region=London')).toEqual(['Damson Place', 'Elm Crisis']);
    expect(await search('q=alder&kind=residential_rehab')).toEqual(['Ash House', 'fir grove']);
    // Wildcards typed by the person match only themselves.
    expect(await search('q=%25')).toEqual([]);
    expect(await search('q=a_h')).toEqual([]);
    const page = await lead.get('/services?q=grove');
    expect(page.body).toMatch(/<input[^>]*name="q" type="search"[^>]*value="grove"/);
    expect(page.body).toContain('1 service found');
    const pageTwo = await lead.get('/services?q=pagination');
    expect(pageTwo.body).toContain('href="/services?q=pagination&amp;page=2"');
    const csv = await lead.get('/services/export.csv?q=cedar');
    expect(csv.body).toContain('Cedar Court');
    expect(csv.body).not.toContain('Ash House');
  });

  it('pages through results with every filter kept in the links', async () => {
    const first = await lead.get('/services?specialism=older_adults&region=East+Midlands&sort=cost');
    expect(first.body).toContain('25 services found');
    expect(resultNames(first.body)).toHaveLength(20);
    expect(first.body).toContain('href="/services?specialism=older_adults&amp;region=East+Midlands&amp;sort=cost&amp;page=2"');
    expect(first.body).toContain('govuk-pagination');
    const second = await lead.get('/services?specialism=older_adults&region=East+Midlands&sort=cost&page=2');
    expect(second.body).toContain('Showing 21 to 25 of 25');
    expect(resultNames(second.body)).toEqual(['Pagination 21', 'Pagination 22', 'Pagination 23', 'Pagination 24', 'Pagination 25']);
    expect(second.body).toContain('href="/services?specialism=older_adults&amp;region=East+Midlands&amp;sort=cost&amp;page=1"');
    const beyond = await lead.get('/services?region=East+Midlands&page=9');
    expect(beyond.statusCode).toBe(200);
    expect(beyond.body).toContain('There are no results on this page');
    expect(beyond.body).toContain('25 services found');
  });

  it('shows the GOV.UK error summary for a value the form does not offer, keeping what was typed', async () => {
    const response = await lead.get('/services?kind=hotel&maxCost=cheap&maxWait=soon&specialism=unicorns');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('<title>Error: Find a residential service');
    expect(response.body).toContain('href="#kind"');
    expect(response.body).toContain('Select a kind of service from the list');
    expect(response.body).toContain('Maximum weekly cost must be an amount in pounds, like 1200');
    expect(response.body).toContain('Maximum waiting time must be a whole number of weeks');
    expect(response.body).toContain('Select groups served from the list');
    expect(response.body).toContain('value="cheap"');
    expect(resultNames(response.body)).toEqual([]);
  });

  it('links the downloads with the current filters', async () => {
    const response = await lead.get('/services?kind=residential_rehab&access=adapted_rooms&sort=cost&page=1');
    expect(response.body).toContain('href="/services/export.csv?kind=residential_rehab&amp;access=adapted_rooms&amp;sort=cost"');
    expect(response.body).toContain('href="/services/export.xlsx?kind=residential_rehab&amp;access=adapted_rooms&amp;sort=cost"');
  });

  it('is for signed-in people only, and open to administrators and any partnership role', async () => {
    const visitor = new Visitor(context.app);
    const response = await visitor.get('/services');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toContain('/sign-in');
    expect((await admin.get('/services')).statusCode).toBe(200);
    const viewer = await signedInVisitor(context, 'viewer@northmoor.example');
    expect((await viewer.get('/services?kind=crisis')).statusCode).toBe(200);
  });
});

describe('the search function', () => {
  it('finds, sorts, pages and counts in one call', async () => {
    const page = await searchServices(db(), { specialisms: ['older_adults'] }, { sort: 'name', limit: 10, offset: 20 });
    expect(page.total).toBe(25);
    expect(page.rows.map((row) => row.name)).toEqual(['Pagination 21', 'Pagination 22', 'Pagination 23', 'Pagination 24', 'Pagination 25']);
    expect(page.rows[0]?.specialisms).toEqual(['older_adults']);
    const beyond = await searchServices(db(), { region: 'London' }, { sort: 'name', limit: 10, offset: 50 });
    expect(beyond).toEqual({ total: 2, rows: [] });
    const none = await searchServices(db(), { region: 'London', kind: 'residential_rehab' }, { sort: 'cost', limit: 10, offset: 0 });
    expect(none).toEqual({ total: 0, rows: [] });
  });
});

describe('a service’s page', () => {
  it('shows everything known about the service', async () => {
    const response = await lead.get(`/services/${ids['Beech Lodge']}`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<h1 class="govuk-heading-l">Beech Lodge</h1>');
    expect(html).toContain('Alder Recovery (test)');
    expect(html).toContain('href="https://alder.example"');
    expect(html).toContain('Inpatient detox in Preston, North West');
    expect(html).toContain('12-step');
    expect(html).toContain('Co-occurring mental health needs');
    expect(html).toContain('£1,500');
    expect(html).toContain('Minimum 6 weeks');
    expect(html).toContain('Usually 12 weeks');
    expect(html).toMatch(/<span class="app-directory-text">Adults 18 and over\n\s*with a referral from a community team<\/span>/);
    expect(html).toContain('People who need hospital care');
    expect(html).toContain('English, Polish');
    // The waiting time, when it was checked, and that it is over 4 weeks old.
    expect(html).toContain('6 weeks');
    expect(html).toContain('Last checked 1 September 2026');
    expect(html).toContain('Out of date');
    expect(html).toContain('This waiting time was checked more than 4 weeks ago');
    // The rating and its date, as a tag with words.
    expect(html).toContain('govuk-tag--green');
    expect(html).toContain('Outstanding');
    expect(html).toContain('Rated on 14 December 2025');
    // Information packs, the one past its review date flagged.
    expect(html).toContain('<a class="govuk-link" href="https://alder.example/referrals" rel="noreferrer noopener">Referral guide</a>');
    expect(html).toContain('What to bring');
    expect(html.match(/Review overdue/g)).toHaveLength(1);
    // The latest change to the service or its packs.
    expect(html).toContain('Last updated 15 November 2026');
    // Outcomes, explained before there are any placements.
    expect(html).toContain('Outcomes');
    expect(html).toContain('No placements with this service have been recorded yet.');
    expect(html).toContain('Figures from fewer than 10 placements will be shown with a note that they are too small to compare');
    expect(html).toContain('<a class="govuk-link" href="/feedback">Report a problem with this entry</a>');
    expect(html).toContain(`href="/services/${ids['Beech Lodge']}/commissioning">Your partnership’s contracts, preferred status and notes for this service</a>`);
    // Partnership members cannot change the directory.
    expect(html).not.toContain('Change this service');
  });

  it('does not flag a recent waiting time, and says what is not known', async () => {
    const fresh = await lead.get(`/services/${ids['Ash House']}`);
    expect(fresh.body).toContain('2 weeks');
    expect(fresh.body).not.toContain('Out of date');
    const unknown = await lead.get(`/services/${ids['Damson Place']}`);
    expect(unknown.body).toContain('No information packs have been added for this service.');
    expect(unknown.body).toMatch(/Weekly cost\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Not known/);
  });

  it('leaves out the partnership link for someone with no partnership, and offers changes to administrators', async () => {
    const response = await admin.get(`/services/${ids['Beech Lodge']}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('/commissioning"');
    expect(response.body).toContain('Change this service');
    expect(response.body).toContain(`href="/services/${ids['Beech Lodge']}/packs"`);
  });

  it('is not found for an unknown or malformed address', async () => {
    expect((await lead.get('/services/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await lead.get('/services/not-a-service')).statusCode).toBe(404);
  });

  it('shows outcomes with their placements, and warns when they are too few to compare', async () => {
    // The page has no placement data yet; render its template with the figures the tracker will supply.
    const templates = createTemplateEngine();
    const stored = await findService(db(), ids['Ash House'] as string);
    const render = (outcomes: ReturnType<typeof outcomeSummary>) =>
      templates.render('providers/views/directory/service.njk', { pageTitle: 'Ash House', service: stored, approaches: [], specialisms: [], packs: [], outcomes, paths: providerPaths });
    const few = render(outcomeSummary(8, 5, 1));
    expect(few).toContain('63% (5 of 8)');
    expect(few).toContain('13% (1 of 8)');
    expect(few).toContain('These figures come from fewer than 10 placements');
    expect(few).not.toContain('No placements with this service have been recorded yet');
    const enough = render(outcomeSummary(40, 24, 4));
    expect(enough).toContain('60% (24 of 40)');
    expect(enough).toContain('10% (4 of 40)');
    expect(enough).not.toContain('too small');
    expect(enough).not.toContain('fewer than 10 placements');
  });
});

describe('downloading a search result', () => {
  it('gives every page of the result as CSV with a byte order mark and no formulas', async () => {
    const response = await lead.get('/services/export.csv?kind=residential_rehab&sort=cost');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="services-2026-11-23.csv"');
    expect(response.body.startsWith('\ufeff')).toBe(true);
    const rows = parse(response.body, { bom: true }) as string[][];
    const header = rows[0] as string[];
    expect(header.slice(0, 3)).toEqual(['Service', 'Provider', 'Kind of service']);
    expect(rows.slice(1).map((row) => row[0])).toEqual(['Cedar Court', 'fir grove', 'Ash House']);
    const cedar = Object.fromEntries(header.map((name, index) => [name, rows[1]?.[index]]));
    expect(cedar).toMatchObject({
      Provider: 'Birch Trust (test)',
      'Kind of service': 'Residential rehabilitation',
      'Treatment approaches': '12-step; Faith-based',
      'Groups served': 'Women only',
      'Weekly cost (£)': '600.00',
      'Waiting time (weeks)': '1',
      'Waiting time checked on': '2026-11-01',
      'Regulator rating': 'Requires improvement',
      'Eligibility criteria': '\'=HYPERLINK("http://evil.example")',
      'Exclusion criteria': "'-under 18s",
      'Adapted rooms': 'Yes',
      'Step-free access': 'No',
    });
    const all = parse((await lead.get('/services/export.csv?region=East+Midlands')).body, { bom: true }) as string[][];
    expect(all).toHaveLength(26);
  });

  it('gives the same result as a workbook with a bold, frozen header row', async () => {
    const response = await lead.get('/services/export.xlsx?kind=residential_rehab&sort=wait');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toBe('attachment; filename="services-2026-11-23.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Services');
    expect(sheet).toBeDefined();
    if (!sheet) return;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(1).value).toBe('Service');
    expect(sheet.getRow(1).font?.bold ?? sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.rowCount).toBe(4);
    expect([2, 3, 4].map((row) => sheet.getRow(row).getCell(1).value)).toEqual(['Cedar Court', 'Ash House', 'fir grove']);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const costColumn = header.indexOf('Weekly cost (£)') + 1;
    const checkedColumn = header.indexOf('Waiting time checked on') + 1;
    expect(sheet.getRow(2).getCell(costColumn).value).toBe(600);
    expect(sheet.getRow(2).getCell(checkedColumn).value).toEqual(new Date(Date.UTC(2026, 10, 1)));
  });

  it('sends a download with a bad value back to the search page to show the problem', async () => {
    const response = await lead.get('/services/export.csv?kind=hotel');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/services?kind=hotel');
    const xlsx = await lead.get('/services/export.xlsx?maxCost=lots');
    expect(xlsx.headers.location).toBe('/services?maxCost=lots');
  });
});

describe('outcomes on a service page come from the pathway tracker', () => {
  it('counts finished placements, completions and early drop-outs across partnerships', async () => {
    const { db } = context.database;
    const service = await db.selectFrom('services').select(['id']).executeTakeFirstOrThrow();
    const base = {
      identified_via: 'presentation' as const, age_band: '25-34' as const, sex: 'female' as const, ethnicity_group: 'white' as const,
      disability: 'no' as const, pregnant: 'no' as const, parental_responsibility: 'no' as const, main_substance: 'alcohol' as const,
      identified_on: '2026-01-01', stage: 'discharged' as const, service_id: service.id, admitted_on: '2026-02-01',
    };
    const rows = Array.from({ length: 12 }, (_, index) => ({
      ...base,
      partnership_id: index % 2 ? context.demo.partnershipIds.northmoor : context.demo.partnershipIds.eastfield,
      local_reference: `OUT-${index}`,
      discharge_outcome: index < 5 ? ('completed' as const) : index < 7 ? ('left_early' as const) : ('transferred' as const),
      discharged_on: index === 5 ? '2026-02-10' : '2026-05-01',
    }));
    await db.insertInto('referrals').values(rows).execute();
    const visitor = await signedInVisitor(context, 'lead@northmoor.example');
    const page = await visitor.get(`/services/${service.id}`);
    expect(page.statusCode).toBe(200);
    // 12 placements: 5 completed (42%), 1 left within 28 days (8%).
    expect(page.body).toContain('42%');
    expect(page.body).toContain('8%');
    await db.deleteFrom('referrals').where('local_reference', 'like', 'OUT-%').execute();
  });
});

describe('the services import', () => {
  it('is linked from the administrator’s home page and the directory, for administrators only', async () => {
    const admin = await signedInVisitor(context, 'admin@residential-pathways.example');
    expect((await admin.get('/services')).body).toContain('href="/admin/services/import"');
    expect((await admin.get('/')).body).toContain('href="/admin/services/import"');
    expect((await lead.get('/services')).body).not.toContain('href="/admin/services/import"');
  });
});
