import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.js';
import { referralRow } from '../../../test/referrals.js';
import { addDays } from '../../platform/values/calendar.js';
import { evidenceFigures } from './figures.js';

/** Linked figures from a partnership's referrals and published figures. Today is 2 December 2026. */

let context: TestContext;
let partnershipId: string;
const now = new Date('2026-12-02T12:00:00Z');
const db = () => context.database.db;
const areaCode = 'E06999951';

beforeAll(async () => {
  context = await createTestContext();
  partnershipId = context.demo.partnershipIds.eastfield;
  await db().deleteFrom('referral_reviews').where('partnership_id', '=', partnershipId).execute();
  await db().deleteFrom('referral_contacts').where('partnership_id', '=', partnershipId).execute();
  await db().deleteFrom('referral_events').where('partnership_id', '=', partnershipId).execute();
  await db().deleteFrom('referrals').where('partnership_id', '=', partnershipId).execute();
  await db().updateTable('partnerships').set({ ons_code: areaCode, region: 'North West' }).where('id', '=', partnershipId).execute();
  const admin = await db().selectFrom('users').select('id').where('is_admin', '=', true).executeTakeFirstOrThrow();
  const imported = await db()
    .insertInto('aggregate_imports')
    .values({ imported_by: admin.id, source: 'Test figures (fictional)', data_as_of: '2026-10-15' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db().insertInto('aggregate_areas').values({ area_code: areaCode, area_name: 'Testshire', area_level: 'local_authority', region_code: 'E12000002' }).execute();
  await db()
    .insertInto('aggregate_figures')
    .values({ area_code: areaCode, area_level: 'local_authority', period_unit: 'year', period_start: '2026-04-01', measure: 'adults_in_treatment', value: 1000, import_id: imported.id })
    .execute();
  // Twelve people referred in 2026: decisions in 4 to 15 days; admitted ten days after the decision.
  for (let index = 0; index < 12; index += 1) {
    const referredOn = addDays('2026-02-01', index * 20);
    const decidedOn = addDays(referredOn, 4 + index);
    await db()
      .insertInto('referrals')
      .values(
        referralRow(partnershipId, `EF-EV-${index}`, {
          stage: 'admitted',
          referred_on: referredOn,
          funding_requested_on: referredOn,
          funding_decision: 'approved',
          funding_decided_on: decidedOn,
          admitted_on: addDays(decidedOn, 10),
          aftercare_plan_agreed_on: index % 2 ? addDays(decidedOn, 1) : null,
        }),
      )
      .execute();
  }
});

afterAll(async () => {
  await context.close();
});

describe('linked figures', () => {
  it('give the median days to a funding decision, with one point per quarter', async () => {
    const [figure] = await evidenceFigures(db(), partnershipId, { keys: ['days_to_funding_decision'], endsOn: '2026-12-31', now });
    expect(figure?.value).toBe(9.5);
    expect(figure?.base).toBe(12);
    expect(figure?.tooFew).toBe(false);
    expect(figure?.from).toBe('2026-01-01');
    expect(figure?.to).toBe('2026-12-02');
    expect(figure?.trend).toHaveLength(4);
  });

  it('give the funding decisions made within the target, in working days from the request', async () => {
    // Requested on the day of referral, decided 4 to 15 calendar days later: 4 to 11 working days.
    // Only the last (Wednesday 9 September to Thursday 24 September) is over the target of 10.
    const [figure] = await evidenceFigures(db(), partnershipId, { keys: ['funding_decisions_within_target'], endsOn: '2026-12-31', now });
    expect(figure?.value).toBeCloseTo((11 / 12) * 100);
    expect(figure?.base).toBe(12);
    expect(figure?.trend).toHaveLength(4);
  });

  it('give residential starts as a share of adults in treatment', async () => {
    const [access, aftercare] = await evidenceFigures(db(), partnershipId, { keys: ['access_rate', 'aftercare_before_admission'], endsOn: '2026-12-31', now });
    expect(access?.value).toBeCloseTo(1.2);
    expect(aftercare?.value).toBeCloseTo(50);
  });

  it('leave out referrals after the period’s end', async () => {
    const [figure] = await evidenceFigures(db(), partnershipId, { keys: ['days_to_funding_decision'], endsOn: '2026-06-30', now });
    // Referred by the end of June: the first eight (1 Feb to 19 Jun), decided in 4 to 11 days.
    expect(figure?.base).toBe(8);
    expect(figure?.value).toBe(7.5);
  });

  it('compare record-based figures with other sharing partnerships, pooled, only when there are at least three', async () => {
    const admin = await db().selectFrom('users').select('id').where('is_admin', '=', true).executeTakeFirstOrThrow();
    const others: string[] = [];
    for (const name of ['Pool One', 'Pool Two', 'Pool Three']) {
      const row = await db()
        .insertInto('partnerships')
        .values({ name: `${name} Partnership (test)`, ons_code: null, region: 'North West', updated_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      others.push(row.id);
      // Each decides in 30 days, twice.
      for (const index of [0, 1]) {
        await db()
          .insertInto('referrals')
          .values(referralRow(row.id, `${name}-${index}`, { stage: 'funding_decided', referred_on: '2026-05-01', funding_requested_on: '2026-05-01', funding_decision: 'approved', funding_decided_on: '2026-05-31' }))
          .execute();
      }
    }
    const share = (ids: string[]) => db().insertInto('figure_sharing').values(ids.map((id) => ({ partnership_id: id, shares_figures: true, changed_by: admin.id }))).execute();
    await share(others.slice(0, 2));
    const [tooFewPartnerships] = await evidenceFigures(db(), partnershipId, { keys: ['days_to_funding_decision'], endsOn: '2026-12-31', now });
    expect(tooFewPartnerships?.comparisons).toEqual([]);
    await share(others.slice(2));
    // Three partnerships, but six decisions: too few people to compare.
    const [tooFewPeople] = await evidenceFigures(db(), partnershipId, { keys: ['days_to_funding_decision'], endsOn: '2026-12-31', now });
    expect(tooFewPeople?.comparisons).toEqual([]);
    for (const [index, id] of others.entries()) {
      for (const extra of [2, 3]) {
        await db()
          .insertInto('referrals')
          .values(referralRow(id, `extra-${index}-${extra}`, { stage: 'funding_decided', referred_on: '2026-06-01', funding_requested_on: '2026-06-01', funding_decision: 'approved', funding_decided_on: '2026-07-01' }))
          .execute();
      }
    }
    const [figure] = await evidenceFigures(db(), partnershipId, { keys: ['days_to_funding_decision'], endsOn: '2026-12-31', now });
    expect(figure?.comparisons).toEqual([
      { name: 'Other sharing partnerships in the North West (3)', value: 30 },
      { name: 'Other sharing partnerships in England (3)', value: 30 },
    ]);
    // The partnership's own figure is its own, not the pool's.
    expect(figure?.value).toBe(9.5);
  });
});
