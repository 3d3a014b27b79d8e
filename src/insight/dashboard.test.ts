import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInVisitor, type TestContext, type Visitor } from '../../test/app.js';
import { referralRow } from '../../test/referrals.js';
import type { InsertObject } from 'kysely';
import type { Database } from '../platform/db/schema.js';
import { addDays } from '../platform/values/calendar.js';

/**
 * The dashboard: the "done when" figures of the NTA 2012 flow and the cost example through the
 * database and the page, the headline against the target, downloads, the target form, and what
 * a peer reviewer from another area may see. Today is Monday 23 November 2026.
 */

let context: TestContext;
let lead: Visitor;
let viewer: Visitor;
let peer: Visitor;
let northmoor: string;
let eastfield: string;
let serviceId: string;

const db = () => context.database.db;
const areaCode = 'E06999901';

type Values = Partial<InsertObject<Database, 'referrals'>>;

/** A stay with a service at £600 a week, referred 40 days and funded 14 days before admission. */
function stay(admittedOn: string, stayDays: number, outcome: 'completed' | 'left_early' | 'transferred', extra: Values = {}): Values {
  return {
    stage: 'discharged',
    service_id: serviceId,
    referred_on: addDays(admittedOn, -40),
    funding_requested_on: addDays(admittedOn, -30),
    funding_decision: 'approved',
    funding_decided_on: addDays(admittedOn, -14),
    aftercare_plan_agreed_on: addDays(admittedOn, -3),
    admitted_on: admittedOn,
    planned_weeks: 12,
    weekly_cost_pence: 60_000,
    discharged_on: addDays(admittedOn, stayDays),
    discharge_outcome: outcome,
    updated_at: new Date(),
    ...extra,
  };
}

async function insert(partnershipId: string, reference: string, values: Values) {
  await db().insertInto('referrals').values(referralRow(partnershipId, reference, values)).execute();
}

async function publish(code: string, name: string, level: 'local_authority' | 'region' | 'england', figures: Array<[periodStart: string, starts: number, adults: number]>) {
  const admin = await db().selectFrom('users').select('id').where('is_admin', '=', true).executeTakeFirstOrThrow();
  const imported = await db()
    .insertInto('aggregate_imports')
    .values({ imported_by: admin.id, source: 'Test figures (fictional)', data_as_of: '2026-10-15' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db().insertInto('aggregate_areas').values({ area_code: code, area_name: name, area_level: level, region_code: level === 'local_authority' ? 'E12000002' : null }).execute();
  for (const [periodStart, starts, adults] of figures) {
    for (const [measure, value] of [
      ['residential_rehab_starts', starts],
      ['adults_in_treatment', adults],
    ] as const) {
      await db()
        .insertInto('aggregate_figures')
        .values({ area_code: code, area_level: level, period_unit: 'year', period_start: periodStart, measure, value, import_id: imported.id })
        .execute();
    }
  }
}

beforeAll(async () => {
  context = await createTestContext();
  northmoor = context.demo.partnershipIds.northmoor;
  eastfield = context.demo.partnershipIds.eastfield;
  for (const table of ['referral_reviews', 'referral_contacts', 'referral_events', 'referrals', 'aggregate_figure_revisions', 'aggregate_figures', 'aggregate_imports', 'comparator_areas', 'residential_targets'] as const) {
    await db().deleteFrom(table).execute();
  }
  await db().deleteFrom('aggregate_areas').execute();
  await db().updateTable('partnerships').set({ ons_code: areaCode }).where('id', '=', northmoor).execute();
  const provider = await db().insertInto('providers').values({ name: 'Dashboard Provider (fictional)', updated_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  serviceId = (
    await db()
      .insertInto('services')
      .values({ provider_id: provider.id, name: 'Fellside House (fictional)', kind: 'residential_rehab', region: 'North West', town: 'Northmoor', updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  // July to September 2026 (the second quarter of 2026-27): ten admissions; three complete,
  // one leaves unplanned in week 2, six move on to community treatment.
  for (let index = 0; index < 10; index += 1) {
    const outcome = index < 3 ? 'completed' : index === 3 ? 'left_early' : 'transferred';
    await insert(northmoor, `NTA-${index}`, stay(addDays('2026-07-01', index * 7), outcome === 'left_early' ? 10 : 84, outcome));
  }
  // April to June 2026: ten 12-week placements at £600 a week, three completed.
  for (let index = 0; index < 10; index += 1) {
    await insert(northmoor, `COST-${index}`, stay(addDays('2026-04-01', index * 5), 84, index < 3 ? 'completed' : 'transferred'));
  }
  // Two people withdrawn while waiting for a place, for the same reason.
  for (const reference of ['WD-1', 'WD-2']) {
    await insert(northmoor, reference, { stage: 'withdrawn', referred_on: '2026-06-02', withdrawn_on: '2026-07-01', withdrawn_from_stage: 'waiting', withdrawn_reason: 'Chose to stay in community treatment', updated_at: new Date() });
  }
  // Another partnership's people never count here.
  await insert(eastfield, 'EF-1', stay('2026-07-10', 5, 'left_early'));

  await publish(areaCode, 'Northmoor (fictional area)', 'local_authority', [
    ['2025-04-01', 28, 2_400],
    ['2026-04-01', 12, 2_500],
  ]);
  await publish('E12000002', 'North West', 'region', [['2025-04-01', 700, 50_000]]);
  await publish('E92000001', 'England', 'england', [['2025-04-01', 3_420, 310_863]]);

  lead = await signedInVisitor(context, 'lead@northmoor.example');
  viewer = await signedInVisitor(context, 'viewer@northmoor.example');
  peer = await signedInVisitor(context, 'peer@eastfield.example');
  expect((await peer.submit('/partnerships/switch', '/partnerships/switch', { partnershipId: northmoor })).statusCode).toBe(302);
});

afterAll(async () => {
  await context?.close();
});

/** The text of a table row whose first cell starts with `label`, cells joined by " | ". */
function row(html: string, label: string): string {
  const rows = [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((match) =>
    [...(match[1] as string).matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => (cell[1] as string).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()).join(' | '),
  );
  const found = rows.find((text) => text.startsWith(label));
  if (!found) throw new Error(`No row starting "${label}"`);
  return found;
}

describe('the pathway funnel', () => {
  it('follows the people identified in the period through each stage, and says where and why others left', async () => {
    const response = await viewer.get('/insight/funnel?unit=year&period=2026-27');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(row(html, 'Identified as possibly')).toBe('Identified as possibly needing residential treatment | 22 |  | 100%');
    expect(row(html, 'Referred')).toBe('Referred | 22 | 100% | 100%');
    expect(row(html, 'Admitted')).toBe('Admitted | 20 | 100% | 91%');
    expect(row(html, 'Completed their stay')).toBe('Completed their stay | 6 | 30% | 27%');
    expect(row(html, 'Withdrawn: while waiting for a place')).toBe('Withdrawn: while waiting for a place | 2');
    expect(row(html, 'chose to stay')).toBe('chose to stay in community treatment | While waiting for a place | 2');
    expect(html).toContain('<title id="funnel-chart-title">The pathway funnel</title>');
    expect(html).toContain('The funnel by sex');
  });

  it('hides small counts and the reasons from a peer reviewer', async () => {
    const html = (await peer.get('/insight/funnel?unit=year&period=2026-27')).body;
    expect(row(html, 'Withdrawn: while waiting for a place')).toBe('Withdrawn: while waiting for a place | fewer than 5');
    expect(html).not.toContain('chose to stay');
    expect((await peer.get('/insight/funnel/data/reasons/csv?unit=year&period=2026-27')).statusCode).toBe(404);
  });
});

describe('the dashboard', () => {
  it('shows completion 30%, early drop-out 10% and the 3 / 1 / 6 picture beside the national one for ten admissions in a quarter', async () => {
    const response = await viewer.get('/insight?unit=quarter&period=2026-27+Q2&basis=admission');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('July to September 2026');
    expect(row(html, 'Completed as planned')).toBe('Completed as planned | 30% | 3 of 10');
    expect(row(html, 'Left in the first 28 days')).toBe('Left in the first 28 days (unplanned) | 10% | 1 of 10');
    expect(row(html, 'Left in the first 14 days')).toBe('Left in the first 14 days (unplanned) | 10% | 1 of 10');
    expect(row(html, 'Completed and overcame')).toBe('Completed and overcame their dependency | 3 | 3 | 3');
    expect(row(html, 'Dropped out')).toBe('Dropped out (left early or asked to leave) | 1 | 1 | 1');
    expect(row(html, 'Moved on')).toBe('Moved on to further support in the community | 6 | 6 | 6');
  });

  it('shows £72,000 and £24,000 per completion for ten 12-week placements at £600 a week with 3 completions', async () => {
    const html = (await viewer.get('/insight?unit=quarter&period=2026-27+Q1&basis=admission')).body;
    expect(row(html, 'Total cost')).toBe('Total cost | £72,000 | 10 placements with a weekly cost');
    expect(row(html, 'Cost per placement')).toBe('Cost per placement | £7,200 | 10 placements');
    expect(row(html, 'Cost per completion')).toBe('Cost per completion | £24,000 | 3 completed as planned');
  });

  it('always shows starts so far this year against the target and the 2% ambition, with the trajectory in words', async () => {
    expect((await lead.submitWithHidden('/insight/target', '/insight/target', { targetEpisodes: '60' })).statusCode).toBe(302);
    const html = (await lead.get('/insight')).body;
    // 20 admissions from 1 April to 23 November 2026 (237 of 365 days) run on to 31.
    expect(html).toContain('This financial year: April 2026 to March 2027');
    expect(html).toMatch(/Residential starts so far<\/dt>\s*<dd class="app-headline__value">20<\/dd>/);
    expect(html).toContain('Local target: 60');
    expect(html).toContain('20 of 2,500 adults in treatment');
    expect(html).toContain('0.8%');
    expect(html).toContain('Local target: 2.4%');
    expect(html).toContain('National ambition: 2% (50 starts)');
    expect(html).toContain('On current trajectory, 29 short of the target of 60.');
    expect(html).toContain('Test figures (fictional) (data as of 15 October 2026)');
  });

  it('compares access with the region and England from the published figures, with a chart and its table', async () => {
    const html = (await viewer.get('/insight?unit=year&period=2025-26')).body;
    expect(row(html, 'April 2025 to March 2026')).toBe('April 2025 to March 2026 | 1.2% (28 of 2,400) | 1.4% (700 of 50,000) | 1.1% (3,420 of 310,863)');
    expect(html).toContain('<title id="access-chart-title">Access rate over time</title>');
    expect(html).not.toContain('<style');
  });

  it('downloads each table as CSV and xlsx with the same figures', async () => {
    const csv = await viewer.get('/insight/data/stays/csv?unit=quarter&period=2026-27+Q2&basis=admission');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Completed as planned,30%,3 of 10');
    const xlsx = await viewer.get('/insight/data/cost/xlsx?unit=quarter&period=2026-27+Q1&basis=admission');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((await viewer.get('/insight/data/nothing/csv')).statusCode).toBe(404);
  });

  it('explains a period it does not understand, and moves a period to a new unit', async () => {
    const bad = await viewer.get('/insight?unit=quarter&period=2031-32+Q1');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select a period from the list');
    const moved = await viewer.get('/insight?unit=month&period=2026-27+Q2');
    expect(moved.statusCode).toBe(200);
    expect(moved.body).toContain('<option value="2026-07" selected>July 2026</option>');
  });

  it('never shows a peer reviewer a count below 5', async () => {
    const response = await peer.get('/insight?unit=quarter&period=2026-27+Q2&basis=admission');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('as a peer reviewer from another area');
    expect(row(html, 'Left in the first 28 days')).toBe('Left in the first 28 days (unplanned) | withheld (fewer than 5) | fewer than 5 of 10');
    // Per ten is withheld (fewer than 10 discharges would reveal the counts); the last column is the national picture.
    expect(row(html, 'Dropped out')).toBe('Dropped out (left early or asked to leave) | withheld | fewer than 5 | 1');
    expect(row(html, 'Completed and overcame')).toBe('Completed and overcame their dependency | withheld | fewer than 5 | 3');
    expect(html).not.toContain('detailed tables');
    const csv = await peer.get('/insight/data/ten-people/csv?unit=quarter&period=2026-27+Q2&basis=admission');
    expect(csv.body).toContain('withheld');
    expect(csv.body).not.toMatch(/,1,/);
    expect((await peer.get('/insight/target')).statusCode).toBe(403);
  });

  it('lets only the lead commissioner set the target, and detects a change made meanwhile', async () => {
    expect((await viewer.get('/insight/target')).statusCode).toBe(403);
    const form = await lead.get('/insight/target');
    expect(form.body).toContain('How many residential episodes is your target for 2026-27?');
    const bad = await lead.submitWithHidden('/insight/target', '/insight/target', { targetEpisodes: 'thirty' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The target must be a whole number, like 30');
    expect(bad.body).toContain('value="thirty"');
    const stale = await lead.submitWithHidden('/insight/target', '/insight/target', { targetEpisodes: '45', version: '0' });
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain('Someone else changed the target to 60 while you were editing');
    const audit = await db().selectFrom('audit_events').select('summary').where('action', '=', 'residential_target_set').execute();
    expect(audit.map((event) => event.summary)).toContain('Residential target for 2026-27 set to 60 episodes');
  });
});
