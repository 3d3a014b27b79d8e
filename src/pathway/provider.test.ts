import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, demoPassword, hiddenFieldsIn, signedInVisitor, type TestContext, Visitor } from '../../test/app.js';
import { demoProviderAccount } from '../demo/provider-demo.js';
import { textArray } from '../platform/db/arrays.js';
import type { ReferralTable } from '../platform/db/schema.js';

/**
 * The provider view: the demo provider account (Hillside) sees only referrals to its own services,
 * from any partnership, and records admission, reviews and discharge through the stage rules.
 */

let context: TestContext;
let provider: Visitor;
const ids: Record<string, string> = {};
const services: Record<string, string> = {};

const list = '/your-placements';
const page = (key: string) => `/your-placements/${ids[key]}`;

async function addReferral(key: string, partnershipId: string, values: Partial<Insertable<ReferralTable>>) {
  const row = await context.database.db
    .insertInto('referrals')
    .values({
      partnership_id: partnershipId,
      local_reference: key,
      identified_via: 'care_plan_review',
      age_band: '35-44',
      sex: 'female',
      ethnicity_group: 'white',
      disability: 'no',
      pregnant: 'no',
      parental_responsibility: 'yes',
      main_substance: 'alcohol',
      complexity: textArray(['mental_health']),
      identified_on: '2026-06-01',
      referred_on: '2026-06-05',
      assessed_on: '2026-06-20',
      eligibility_decision: 'eligible',
      eligibility_reasons: 'Secret clinical detail about liver function',
      keyworker_role: 'Alcohol team keyworker',
      referring_service: 'Northmoor Community Recovery Service (demo)',
      ...values,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[key] = row.id;
}

const approved = (serviceId: string) =>
  ({
    stage: 'waiting',
    service_id: serviceId,
    funding_requested_on: '2026-07-01',
    funding_route: 'standard',
    funding_decision: 'approved',
    funding_decided_by: 'panel',
    funding_decided_on: '2026-07-10',
    waiting_since: '2026-07-10',
    aftercare_plan_agreed_on: '2026-07-15',
  }) as const;

beforeAll(async () => {
  context = await createTestContext();
  const db = context.database.db;
  const hillside = await db.selectFrom('providers').select('id').where('name', '=', demoProviderAccount.providerName).executeTakeFirstOrThrow();
  const other = await db.insertInto('providers').values({ name: 'Brackenrigg Test Provider (demo)' }).returning('id').executeTakeFirstOrThrow();
  for (const [key, providerId, name] of [
    ['hillside', hillside.id, 'Hillside Test House'],
    ['hillsideDetox', hillside.id, 'Hillside Test Detox'],
    ['other', other.id, 'Brackenrigg Test House'],
  ] as const) {
    const service = await db.insertInto('services').values({ provider_id: providerId, name, kind: 'residential_rehab', region: 'North West', weekly_cost_pence: 120_000 }).returning('id').executeTakeFirstOrThrow();
    services[key] = service.id;
  }
  const { northmoor, eastfield } = context.demo.partnershipIds;
  await addReferral('NM-2026-0001', northmoor, approved(services.hillside as string));
  await addReferral('NM-2026-0002', northmoor, { ...approved(services.hillsideDetox as string), stage: 'admitted', admitted_on: '2026-10-01', planned_weeks: 12 });
  await addReferral('EF-2026-0001', eastfield, { ...approved(services.hillside as string), stage: 'admitted', admitted_on: '2026-09-01', planned_weeks: 16 });
  await addReferral('NM-2026-0003', northmoor, approved(services.other as string));
  await addReferral('NM-2026-0004', northmoor, { stage: 'assessed' });
  await addReferral('NM-2026-0005', northmoor, { stage: 'funding_requested', service_id: services.hillside as string, funding_requested_on: '2026-07-01', funding_route: 'standard' });
  await addReferral('NM-2026-0006', northmoor, { ...approved(services.hillside as string), aftercare_plan_agreed_on: null });
  await addReferral('NM-2025-0099', northmoor, {
    ...approved(services.hillside as string),
    stage: 'closed',
    admitted_on: '2026-01-10',
    planned_weeks: 12,
    discharged_on: '2026-04-03',
    discharge_outcome: 'completed',
    closed_on: '2026-05-01',
  });
  await db
    .insertInto('referral_reviews')
    .values({ partnership_id: northmoor, referral_id: ids['NM-2026-0002'] as string, kind: 'risk', due_on: '2026-10-08' })
    .execute();
  await db
    .insertInto('referral_reviews')
    .values({ partnership_id: northmoor, referral_id: ids['NM-2026-0002'] as string, kind: 'follow_up_3_months', due_on: '2026-10-09' })
    .execute();
  provider = await signedInVisitor(context, demoProviderAccount.email);
});
afterAll(async () => context.close());

describe('who may see placements', () => {
  it('is for provider accounts only', async () => {
    for (const email of ['lead@northmoor.example', 'admin@residential-pathways.example', 'viewer@northmoor.example']) {
      const visitor = await signedInVisitor(context, email);
      expect((await visitor.get(list)).statusCode).toBe(403);
      expect((await visitor.get(page('NM-2026-0001'))).statusCode).toBe(403);
    }
    const anonymous = await new Visitor(context.app).get(list);
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
  });

  it('lists only referrals to the provider’s own services, from every partnership, by reference only', async () => {
    const response = await provider.get(list);
    expect(response.statusCode).toBe(200);
    for (const reference of ['NM-2026-0001', 'NM-2026-0002', 'EF-2026-0001', 'NM-2026-0005', 'NM-2026-0006']) expect(response.body).toContain(reference);
    for (const reference of ['NM-2026-0003', 'NM-2026-0004', 'NM-2025-0099']) expect(response.body).not.toContain(reference);
    expect(response.body).toContain('Eastfield Recovery Partnership (demo)');
    expect(response.body).toContain('Northmoor Drug and Alcohol Partnership (demo)');
    // Nothing about the person beyond the reference, stage, service and dates.
    for (const detail of ['Secret clinical detail', 'Alcohol team keyworker', 'Northmoor Community Recovery Service', 'Brackenrigg Test House']) {
      expect(response.body).not.toContain(detail);
    }
    // People staying now come first.
    expect(response.body.indexOf('EF-2026-0001')).toBeLessThan(response.body.indexOf('NM-2026-0001'));
    expect(response.body).toContain('<caption class="govuk-table__caption govuk-table__caption--s">Placements: showing 1 to 5 of 5</caption>');
    expect(response.body).not.toContain('style="');

    const past = await provider.get(`${list}?show=past`);
    expect(past.body).toContain('NM-2025-0099');
    expect(past.body).not.toContain('NM-2026-0001');
  });

  it('finds no referral at another provider’s service, or with no service, whatever the address', async () => {
    for (const key of ['NM-2026-0003', 'NM-2026-0004']) {
      expect((await provider.get(page(key))).statusCode).toBe(404);
      expect((await provider.get(`${page(key)}/admission`)).statusCode).toBe(404);
      const refused = await provider.submitWithHidden(page('NM-2026-0001') + '/admission', `${page(key)}/admission`, {
        'admittedOn-day': '20',
        'admittedOn-month': '11',
        'admittedOn-year': '2026',
        plannedWeeks: '12',
        detoxIncluded: 'no',
      });
      expect(refused.statusCode).toBe(404);
    }
    const stored = await context.database.db.selectFrom('referrals').select('stage').where('id', '=', ids['NM-2026-0003'] as string).executeTakeFirstOrThrow();
    expect(stored.stage).toBe('waiting');
    expect((await provider.get('/your-placements/not-an-id')).statusCode).toBe(404);
    expect((await provider.get('/your-placements/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('shows a placement’s stage, service and dates, but not the person’s details', async () => {
    const response = await provider.get(page('NM-2026-0001'));
    expect(response.statusCode).toBe(200);
    for (const text of ['Placement NM-2026-0001', 'Hillside Test House', 'Waiting for admission', 'Approved on 10 July 2026', 'Agreed on 15 July 2026', 'Record the admission']) {
      expect(response.body).toContain(text);
    }
    for (const detail of ['Secret clinical detail', 'Alcohol team keyworker', '35 to 44', 'Mental health problems']) expect(response.body).not.toContain(detail);
    const notYet = await provider.get(page('NM-2026-0005'));
    expect(notYet.body).toContain('Funding for this placement has not been approved yet');
    expect(notYet.body).not.toContain('Record the admission');
  });
});

describe('recording the stay', () => {
  it('records an admission through the stage rules, in the referral’s partnership, with the provider as the actor', async () => {
    const form = page('NM-2026-0001') + '/admission';
    const refused = await provider.submitWithHidden(form, form, {
      'admittedOn-day': '1',
      'admittedOn-month': '7',
      'admittedOn-year': '2026',
      plannedWeeks: '12',
      detoxIncluded: 'no',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Date of admission must be the same as or after the date they started waiting (10 July 2026)');
    expect(refused.body).toContain('href="#admittedOn-day"');

    const missing = await provider.submitWithHidden(form, form, { plannedWeeks: 'twelve' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter the date of admission');
    expect(missing.body).toContain('Planned length of stay must be a whole number of weeks, like 12');
    expect(missing.body).toContain('Select yes if the stay starts with a detox');

    const saved = await provider.submitWithHidden(form, form, {
      'admittedOn-day': '20',
      'admittedOn-month': '11',
      'admittedOn-year': '2026',
      plannedWeeks: '12',
      detoxIncluded: 'yes',
    });
    if (saved.statusCode !== 302) console.log(/govuk-error-summary__list[\s\S]*?<\/ul>/.exec(saved.body)?.[0]);
    expect(saved.statusCode).toBe(302);
    expect(saved.headers.location).toBe(page('NM-2026-0001'));
    const after = await provider.get(page('NM-2026-0001'));
    expect(after.body).toContain('The admission of NM-2026-0001 on 20 November 2026 has been recorded.');
    expect(after.body).toContain('Record the discharge');
    expect(after.body).toContain('Reviews during the stay');

    const db = context.database.db;
    const referral = await db.selectFrom('referrals').selectAll().where('id', '=', ids['NM-2026-0001'] as string).executeTakeFirstOrThrow();
    expect(referral).toMatchObject({ stage: 'admitted', admitted_on: '2026-11-20', planned_weeks: 12, detox_included: true, weekly_cost_pence: 120_000, aftercare_plan_agreed_on: '2026-07-15' });
    const providerUserId = context.demo.userIds[demoProviderAccount.email];
    const event = await db.selectFrom('referral_events').selectAll().where('referral_id', '=', referral.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ event_type: 'stage_changed', stage: 'admitted', actor_user_id: providerUserId, partnership_id: context.demo.partnershipIds.northmoor });
    const audit = await db.selectFrom('audit_events').selectAll().where('record_id', '=', referral.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'referral_stage_changed', actor_user_id: providerUserId, partnership_id: context.demo.partnershipIds.northmoor });
    const reviews = await db.selectFrom('referral_reviews').select('kind').where('referral_id', '=', referral.id).execute();
    expect(reviews.length).toBeGreaterThan(2);
  });

  it('asks for the aftercare plan when none is recorded, and admits without one only with a reason', async () => {
    const form = page('NM-2026-0006') + '/admission';
    const blank = await provider.get(form);
    expect(blank.body).toContain('No plan has been recorded for this person yet');
    expect(blank.body).toContain('name="aftercarePlanAgreedOn-day"');
    const fields = { 'admittedOn-day': '20', 'admittedOn-month': '11', 'admittedOn-year': '2026', plannedWeeks: '16', detoxIncluded: 'no' };
    const refused = await provider.submitWithHidden(form, form, fields);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Enter the date the aftercare plan was agreed, or the reason there is no agreed plan');
    const saved = await provider.submitWithHidden(form, form, { ...fields, noAftercarePlanReason: 'Bed came up at short notice.' });
    expect(saved.statusCode).toBe(302);
    const referral = await context.database.db.selectFrom('referrals').selectAll().where('id', '=', ids['NM-2026-0006'] as string).executeTakeFirstOrThrow();
    expect(referral).toMatchObject({ stage: 'admitted', aftercare_plan_agreed_on: null, admitted_without_aftercare_reason: 'Bed came up at short notice.' });
    expect((await provider.get(page('NM-2026-0006'))).body).toContain('Not recorded as agreed');
  });

  it('does not let a stale form overwrite someone else’s change', async () => {
    const form = page('EF-2026-0001') + '/discharge';
    const stale = hiddenFieldsIn((await provider.get(form)).body);
    // Pathway staff record something in the meantime.
    await context.database.db.updateTable('referrals').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', ids['EF-2026-0001'] as string).execute();
    const response = await provider.post(form, {
      ...stale,
      'dischargedOn-day': '10',
      'dischargedOn-month': '11',
      'dischargedOn-year': '2026',
      dischargeOutcome: 'completed',
    });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('Someone else changed this referral while you were editing it');
    const stored = await context.database.db.selectFrom('referrals').select('stage').where('id', '=', ids['EF-2026-0001'] as string).executeTakeFirstOrThrow();
    expect(stored.stage).toBe('admitted');
  });

  it('records an unplanned discharge only with a risk assessment, and then when the referrer was told', async () => {
    const form = page('EF-2026-0001') + '/discharge';
    const base = { 'dischargedOn-day': '21', 'dischargedOn-month': '11', 'dischargedOn-year': '2026', dischargeOutcome: 'left_early' };
    const refused = await provider.submitWithHidden(form, form, base);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Enter a summary of the risk assessment made when the person left');
    expect(refused.body).toContain('Enter the date and time the referrer was told, or say that they have not been told yet');

    const badTime = await provider.submitWithHidden(form, form, { ...base, riskAssessmentSummary: 'Naloxone given.', 'toldOn-day': '21', 'toldOn-month': '11', 'toldOn-year': '2026', toldTime: 'teatime' });
    expect(badTime.statusCode).toBe(400);
    expect(badTime.body).toContain('Enter the time as hours and minutes on the 24-hour clock, like 14:30');

    const saved = await provider.submitWithHidden(form, form, { ...base, riskAssessmentSummary: 'Left after a row. Naloxone given; community team to follow up.', notToldYet: 'yes' });
    expect(saved.statusCode).toBe(302);
    const after = await provider.get(page('EF-2026-0001'));
    expect(after.body).toContain('Left early (their choice)');
    expect(after.body).toContain('Record when the referrer was told');

    const toldForm = page('EF-2026-0001') + '/referrer-told';
    const told = await provider.submitWithHidden(toldForm, toldForm, { 'toldOn-day': '22', 'toldOn-month': '11', 'toldOn-year': '2026', toldTime: '9:30am' });
    expect(told.statusCode).toBe(302);
    const referral = await context.database.db.selectFrom('referrals').selectAll().where('id', '=', ids['EF-2026-0001'] as string).executeTakeFirstOrThrow();
    expect(referral).toMatchObject({ stage: 'discharged', discharged_on: '2026-11-21', discharge_outcome: 'left_early' });
    expect(new Date(referral.referrer_notified_at as Date).toISOString()).toBe('2026-11-22T09:30:00.000Z');
    const audit = await context.database.db.selectFrom('audit_events').selectAll().where('record_id', '=', referral.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.partnership_id).toBe(context.demo.partnershipIds.eastfield);
    expect((await provider.get(page('EF-2026-0001'))).body).not.toContain('Record when the referrer was told');
  });

  it('records a review during the stay, but not a follow-up after it', async () => {
    const detail = await provider.get(page('NM-2026-0002'));
    expect(detail.body).toContain('Risk review');
    expect(detail.body).toContain('Overdue');
    expect(detail.body).not.toContain('Follow-up at 3 months');
    const link = /href="(\/your-placements\/[^"]+\/reviews\/[^"]+)"/.exec(detail.body)?.[1] as string;
    expect(link).toBeDefined();
    const early = await provider.submitWithHidden(link, link, { 'completedOn-day': '1', 'completedOn-month': '9', 'completedOn-year': '2026' });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('Date the review was done must be the same as or after the date of admission (1 October 2026)');
    const saved = await provider.submitWithHidden(link, link, { 'completedOn-day': '9', 'completedOn-month': '10', 'completedOn-year': '2026', notes: 'Settled in well.' });
    expect(saved.statusCode).toBe(302);
    const after = await provider.get(page('NM-2026-0002'));
    expect(after.body).toContain('Done on 9 October 2026');
    const followUp = await context.database.db.selectFrom('referral_reviews').select('id').where('kind', '=', 'follow_up_3_months').executeTakeFirstOrThrow();
    expect((await provider.get(`${page('NM-2026-0002')}/reviews/${followUp.id}`)).statusCode).toBe(404);
  });

  it('lets another provider’s account see none of it', async () => {
    const db = context.database.db;
    const other = await db.selectFrom('providers').select('id').where('name', '=', 'Brackenrigg Test Provider (demo)').executeTakeFirstOrThrow();
    await db.insertInto('provider_users').values({ provider_id: other.id, user_id: context.demo.userIds['lead@northmoor.example'] as string }).execute();
    const visitor = await signedInVisitor(context, 'lead@northmoor.example');
    const response = await visitor.get(list);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('NM-2026-0003');
    expect(response.body).not.toContain('NM-2026-0001');
    expect((await visitor.get(page('NM-2026-0001'))).statusCode).toBe(404);
    void demoPassword;
  });
});
