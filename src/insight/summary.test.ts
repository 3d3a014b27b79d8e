import type { Insertable, InsertObject } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInVisitor, type TestContext, Visitor } from '../../test/app.js';
import { textArray } from '../platform/db/arrays.js';
import type { Database, ReferralTable } from '../platform/db/schema.js';
import { addDays } from '../platform/values/calendar.js';
import { type MeasureRecord, pathwayMeasures } from './measures.js';
import { fetchMeasureRecords, lastTwelveMonths, loadPathwaySummary, periodChoices, periodKeyLabel, summaryPeriod } from './repository.js';

/**
 * The pathway summary: its periods, its SQL (scoped to one partnership and period), the NTA
 * 2012 flow through the database and the page. Its speed at scale is measured by npm run bench.
 * Today is Monday 23 November 2026.
 */

let context: TestContext;
let viewer: Visitor;
let staff: Visitor;
let peer: Visitor;
let northmoor: string;
let eastfield: string;
let hillside: string;
let moorview: string;
let secretLodge: string;

const db = () => context.database.db;
const now = () => context.clock.now;
const today = '2026-11-23';

type ReferralValues = Partial<Omit<Insertable<ReferralTable>, 'complexity'>>;

function referralRow(partnershipId: string, reference: string, values: ReferralValues): InsertObject<Database, 'referrals'> {
  return {
    partnership_id: partnershipId,
    local_reference: reference,
    identified_via: 'care_plan_review',
    age_band: '35-44',
    sex: 'male',
    ethnicity_group: 'white',
    disability: 'no',
    pregnant: 'not_applicable',
    parental_responsibility: 'no',
    main_substance: 'drugs',
    complexity: textArray(['community_treatment_not_worked']),
    identified_on: '2026-01-02',
    referred_on: '2026-01-05',
    updated_at: new Date(),
    ...values,
  };
}

async function insertReferral(partnershipId: string, reference: string, values: ReferralValues): Promise<void> {
  await db().insertInto('referrals').values(referralRow(partnershipId, reference, values)).execute();
}

async function addService(name: string): Promise<string> {
  const provider = await db().insertInto('providers').values({ name: `${name} Provider (fictional)`, updated_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  const service = await db()
    .insertInto('services')
    .values({ provider_id: provider.id, name, kind: 'residential_rehab', region: 'North West', town: 'Northmoor', specialisms: textArray([]), updated_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return service.id;
}

/** A stay: referred 40 days and funded 14 days before admission, then discharged after `stayDays`. */
function stayValues(admittedOn: string, stayDays: number, outcome: 'completed' | 'left_early' | 'asked_to_leave' | 'transferred', extra: ReferralValues = {}): ReferralValues {
  return {
    stage: 'discharged',
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
    ...extra,
  };
}

beforeAll(async () => {
  context = await createTestContext();
  northmoor = context.demo.partnershipIds.northmoor;
  eastfield = context.demo.partnershipIds.eastfield;
  await db().deleteFrom('referral_reviews').execute();
  await db().deleteFrom('referral_contacts').execute();
  await db().deleteFrom('referral_events').execute();
  await db().deleteFrom('referrals').execute();
  hillside = await addService('Hillside House (fictional)');
  moorview = await addService('Moorview Lodge (fictional)');
  secretLodge = await addService('Eastfield Secret Lodge (fictional)');

  // The NTA 2012 flow: ten admissions in 2026, three complete, one drops out in the first weeks, six move on.
  await insertReferral(northmoor, 'NTA-1', stayValues('2026-02-02', 91, 'completed', { service_id: hillside, sex: 'female' }));
  await insertReferral(northmoor, 'NTA-2', stayValues('2026-03-02', 90, 'completed', { service_id: hillside, sex: 'female', ethnicity_group: 'black' }));
  await insertReferral(northmoor, 'NTA-3', stayValues('2026-04-06', 120, 'completed', { service_id: moorview, main_substance: 'alcohol' }));
  await insertReferral(
    northmoor,
    'NTA-4',
    stayValues('2026-05-04', 12, 'left_early', { service_id: moorview, age_band: '18-24', referrer_notified_at: new Date('2026-05-16T11:00:00Z') }),
  );
  for (let index = 0; index < 6; index += 1) {
    await insertReferral(
      northmoor,
      `NTA-${5 + index}`,
      stayValues(addDays('2026-06-01', index * 14), 60 + index, 'transferred', { service_id: index % 2 ? hillside : moorview, disability: index === 0 ? 'yes' : 'no' }),
    );
  }
  // Referred in the period but not admitted (yet).
  await insertReferral(northmoor, 'NM-WAIT', { stage: 'waiting', referred_on: '2026-10-01', funding_decision: 'approved', funding_decided_on: '2026-10-20', waiting_since: '2026-10-21' });
  await insertReferral(northmoor, 'NM-NEW', { stage: 'referred', referred_on: '2026-11-20', sex: 'not_stated' });
  // Outside the last 12 months.
  await insertReferral(northmoor, 'NM-OLD', stayValues('2025-07-01', 10, 'asked_to_leave', { referred_on: '2025-06-01' }));
  // Another partnership's referral in the same period, at a service only they use.
  await insertReferral(eastfield, 'EF-SECRET', stayValues('2026-03-02', 5, 'left_early', { service_id: secretLodge }));

  staff = await signedInVisitor(context, 'staff@northmoor.example');
  viewer = await signedInVisitor(context, 'viewer@northmoor.example');
  peer = await signedInVisitor(context, 'peer@eastfield.example');
  expect((await peer.submit('/partnerships/switch', '/partnerships/switch', { partnershipId: northmoor })).statusCode).toBe(302);
});

afterAll(async () => {
  await context?.close();
});

describe('periods', () => {
  it('run the last 12 months from the first day of the month a year ago to today', () => {
    expect(summaryPeriod(lastTwelveMonths, today)).toEqual({ key: lastTwelveMonths, from: '2025-12-01', to: today, label: 'the last 12 months (December 2025 to November 2026)' });
    expect(summaryPeriod(lastTwelveMonths, '2026-12-05')).toMatchObject({ from: '2026-01-01', to: '2026-12-05' });
  });

  it('cover whole calendar years and quarters that have started', () => {
    expect(summaryPeriod('2025', today)).toEqual({ key: '2025', from: '2025-01-01', to: '2025-12-31', label: '2025' });
    expect(summaryPeriod('2026-Q1', today)).toEqual({ key: '2026-Q1', from: '2026-01-01', to: '2026-03-31', label: 'January to March 2026' });
    expect(summaryPeriod('2024-Q4', today)).toMatchObject({ from: '2024-10-01', to: '2024-12-31' });
    expect(summaryPeriod('2027', today)).toBeNull();
    expect(summaryPeriod('2027-Q1', today)).toBeNull();
    expect(summaryPeriod('2026-Q5', today)).toBeNull();
    expect(summaryPeriod('last-year', today)).toBeNull();
  });

  it('are offered newest first, five years back', () => {
    const choices = periodChoices(today);
    expect(choices[0]).toEqual({ key: lastTwelveMonths, text: 'The last 12 months' });
    expect(choices.slice(1, 6).map((choice) => choice.key)).toEqual(['2026', '2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1']);
    expect(choices).toHaveLength(1 + 5 + 4 * 5);
    expect(periodKeyLabel('2026-11')).toBe('November 2026');
  });
});

describe('the summary loader', () => {
  const lastYear = () => summaryPeriod(lastTwelveMonths, today) as NonNullable<ReturnType<typeof summaryPeriod>>;

  it('fetches only the partnership’s referrals in the period, by referral or admission date', async () => {
    const byReferral = await fetchMeasureRecords(db(), northmoor, lastYear(), 'referral');
    expect(byReferral).toHaveLength(12);
    const byAdmission = await fetchMeasureRecords(db(), northmoor, lastYear(), 'admission');
    expect(byAdmission).toHaveLength(10);
    expect(byAdmission.every((record) => record.service_name !== 'Eastfield Secret Lodge (fictional)')).toBe(true);
    const older = await fetchMeasureRecords(db(), northmoor, { from: '2025-01-01', to: '2025-12-31' }, 'admission');
    expect(older).toHaveLength(1);
    expect(await fetchMeasureRecords(db(), eastfield, lastYear(), 'admission')).toHaveLength(1);
  });

  it('gives the NTA 2012 rates: completion 30% and early drop-out 10%', async () => {
    const summary = await loadPathwaySummary(db(), northmoor, { period: lastYear(), basis: 'admission', now: now() });
    expect(summary.overall.admitted).toBe(10);
    expect(summary.overall.completion).toEqual({ numerator: 3, denominator: 10, percent: 30, tooFewToCompare: false });
    expect(summary.overall.earlyDropOut).toEqual({ numerator: 1, denominator: 10, percent: 10, tooFewToCompare: false });
    expect(summary.overall.dischargeOutcomes).toEqual({ completed: 3, left_early: 1, asked_to_leave: 0, transferred: 6, other: 0 });
    expect(summary.overall.daysToAdmission).toMatchObject({ count: 10, median: 40, p90: 40 });
    expect(summary.overall.daysToFundingDecision).toMatchObject({ count: 10, median: 26 });
    expect(summary.overall.aftercareBeforeAdmission).toMatchObject({ numerator: 10, denominator: 10, percent: 100 });
    // Told on 16 May about a discharge on 16 May: on time.
    expect(summary.overall.unplannedNotifiedOnTime).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('gives the same figures as the plain measure functions on the same records', async () => {
    const records = await fetchMeasureRecords(db(), northmoor, lastYear(), 'referral');
    const summary = await loadPathwaySummary(db(), northmoor, { period: lastYear(), basis: 'referral', now: now() });
    const plain: MeasureRecord[] = records.map(({ service_name: _name, ...record }) => record);
    expect(summary.overall).toEqual(pathwayMeasures(plain, now()));
    expect(summary.overall.people).toBe(12);
  });

  it('breaks the figures down by month, by service and by equality group', async () => {
    const summary = await loadPathwaySummary(db(), northmoor, { period: lastYear(), basis: 'admission', now: now() });
    expect(summary.byPeriod.map((group) => group.key)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(summary.byPeriod.find((group) => group.key === '2026-06')?.measures.admitted).toBe(3);
    expect(summary.byPeriod.find((group) => group.key === '2026-01')?.measures.people).toBe(0);
    expect(summary.byService.map((group) => [group.name, group.measures.admitted, group.measures.completion.numerator])).toEqual([
      ['Hillside House (fictional)', 5, 2],
      ['Moorview Lodge (fictional)', 5, 1],
    ]);
    const bySex = summary.byEquality.find((breakdown) => breakdown.dimension === 'sex');
    expect(bySex?.access.find((row) => row.group === 'female')).toMatchObject({ people: 2, admitted: 2, completion: { numerator: 2, denominator: 2 } });
    expect(summary.byEquality.map((breakdown) => breakdown.dimension)).toEqual(['age_band', 'sex', 'ethnicity_group', 'disability', 'main_substance']);
  });
});

describe('the summary page', () => {
  it('shows the figures with the numbers behind them, a chart with its table, and what each measure means', async () => {
    const response = await viewer.get('/pathway/summary?period=last-12-months&basis=admission');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('Figures for the last 12 months (December 2025 to November 2026)');
    expect(html).toContain('3 of 10 discharges');
    expect(html).toContain('1 of 10 admissions');
    expect(html).toMatch(/<td class="govuk-table__cell">\s*30%\s*<\/td>/);
    expect(html).toContain('Half within 40 days; 9 in 10 within 40 days');
    expect(html).toContain('role="img"');
    expect(html).toContain('<title id="outcome-chart-title">How stays ended</title>');
    expect(html).toContain('Transferred to another service');
    for (const caption of ['Pathway measures, with the numbers behind them', 'How stays ended', 'By month admitted', 'By service', 'By age band', 'By sex', 'By ethnic group', 'By disability', 'By main substance']) {
      expect(html).toContain(`<caption class="govuk-table__caption govuk-table__caption--s">${caption}</caption>`);
    }
    expect(html).toContain('Hillside House (fictional)');
    expect(html).toContain('What the measures mean');
    expect(html).toContain('Too few to compare');
    expect(html).not.toContain('Eastfield Secret Lodge');
    expect(html).not.toContain('style=');
  });

  it('defaults to the last 12 months by referral date, and offers years and quarters', async () => {
    const response = await staff.get('/pathway/summary');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('12 people referred from 1 December 2025 to 23 November 2026');
    expect(response.body).toContain('<option value="2026-Q3">July to September 2026</option>');
    expect(response.body).toMatch(/<input class="govuk-radios__input" id="basis" name="basis" type="radio" value="referral" checked/);
  });

  it('shows a chosen quarter', async () => {
    const response = await viewer.get('/pathway/summary?period=2025-Q3&basis=admission');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Figures for July to September 2025');
    expect(response.body).toContain('<option value="2025-Q3" selected>July to September 2025</option>');
    expect(response.body).toContain('1 person admitted');
  });

  it('explains a period or count it does not understand', async () => {
    const period = await viewer.get('/pathway/summary?period=2031');
    expect(period.statusCode).toBe(400);
    expect(period.body).toContain('Select a period from the list');
    expect(period.body).toContain('Figures for the last 12 months');
    const basis = await viewer.get('/pathway/summary?basis=discharge');
    expect(basis.statusCode).toBe(400);
    expect(basis.body).toContain('Select whether to count people by the date they were referred or the date they were admitted');
  });

  it('says which clock each funding decision measure uses, and counts decisions within the target in working days from the request', async () => {
    // Every decision in the flow came 16 calendar days after a request on a Saturday: 11 working days.
    const page = await viewer.get('/pathway/summary?period=last-12-months&basis=admission');
    expect(page.body).toContain('Calendar days from referral to funding decision');
    expect(page.body).toContain('Half within 26 calendar days');
    expect(page.body).toContain('10 funding decisions; calendar days, weekends included');
    expect(page.body).toContain('Funding decisions made within the target');
    expect(page.body).toContain('0 of 10 funding decisions made within 10 working days of the request, the partnership’s target');
    expect(page.body).toContain('the same clock as the target and the work queue');
    await db().updateTable('partnerships').set({ funding_decision_target_days: 11 }).where('id', '=', northmoor).execute();
    try {
      const later = await viewer.get('/pathway/summary?period=last-12-months&basis=admission');
      expect(later.body).toContain('10 of 10 funding decisions made within 11 working days of the request, the partnership’s target');
      expect(later.body).toMatch(/<td class="govuk-table__cell">\s*100%\s*<\/td>/);
    } finally {
      await db().updateTable('partnerships').set({ funding_decision_target_days: 10 }).where('id', '=', northmoor).execute();
    }
  });

  it('says how the cost of stays still under way was estimated: at the planned length, or from the days so far once past it', async () => {
    await insertReferral(northmoor, 'NM-LONG', { stage: 'admitted', referred_on: '2026-07-01', admitted_on: '2026-08-24', planned_weeks: 12, weekly_cost_pence: 60_000 });
    await insertReferral(northmoor, 'NM-IN', { stage: 'admitted', referred_on: '2026-10-01', admitted_on: '2026-11-02', planned_weeks: 12, weekly_cost_pence: 60_000 });
    try {
      const summary = await loadPathwaySummary(db(), northmoor, { period: summaryPeriod('2026', today) as NonNullable<ReturnType<typeof summaryPeriod>>, basis: 'admission', now: now() });
      expect(summary.overall.cost).toMatchObject({ estimated: 2, estimatedFromDaysSoFar: 1 });
      const page = await viewer.get('/pathway/summary?period=2026&basis=admission');
      expect(page.body).toContain('1 still under way, costed at the planned length');
      expect(page.body).toContain('1 still under way past the planned length (or with none planned), costed from the days stayed so far');
      expect(page.body).toContain('the days stayed so far once a stay has run past its planned length');
    } finally {
      await db().deleteFrom('referrals').where('local_reference', 'in', ['NM-LONG', 'NM-IN']).execute();
    }
  });

  it('is closed to peer reviewers', async () => {
    expect((await peer.get('/pathway/summary')).statusCode).toBe(403);
  });
});
