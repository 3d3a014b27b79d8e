import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.js';
import { referralRow } from '../../test/referrals.js';
import type { DatabaseHandle } from '../platform/db/connect.js';
import {
  ageBands,
  dischargeOutcomes,
  ethnicityGroups,
  mainSubstances,
  type PeriodUnit,
  periodUnits,
  sexes,
  yesNoNotStated,
} from '../platform/db/schema.js';
import { addDays } from '../platform/values/calendar.js';
import { basisDate, equalityDimensions, groupRecords, type MeasureRecord, noService, type PathwayMeasures, type PeriodBasis, pathwayMeasures } from './measures.js';
import { type FigureGroup, pathwayFigures } from './pathway-figures.js';
import { periodKeyOf, periodKeySql } from './periods.js';
import { fetchMeasureRecords } from './repository.js';

/**
 * The SQL figures must be the measures that measures.ts defines. fast-check makes random sets
 * of referrals (dates before, during and after the period, people still in, within or past their
 * planned length, unplanned endings told late, on time or not yet, costs with and without plans,
 * funding decisions either side of a random target in working days), stores them, and checks that
 * every group the SQL returns equals the plain functions run on the same records.
 */

let database: DatabaseHandle;
let partnershipId: string;
let serviceIds: string[];
const now = new Date('2026-11-23T10:00:00Z');
const period = { from: '2026-01-01', to: '2026-10-31' };

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  partnershipId = (await db.insertInto('partnerships').values({ name: 'Property Partnership (fictional)', ons_code: null, region: 'London' }).returning('id').executeTakeFirstOrThrow()).id;
  const provider = await db.insertInto('providers').values({ name: 'Random Provider (fictional)', updated_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  serviceIds = [];
  for (const name of ['Alder House (fictional)', 'Birch Lodge (fictional)']) {
    const service = await db
      .insertInto('services')
      .values({ provider_id: provider.id, name, kind: 'residential_rehab', region: 'London', town: 'Testford', updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    serviceIds.push(service.id);
  }
});

afterAll(async () => {
  await database?.close();
});

const day = (offset: number) => addDays('2025-11-01', offset);

/** Integers in a range, drawn often from the edges of the measures' day limits, where off-by-one mistakes hide. */
const nearBoundaries = (min: number, max: number, edges: number[]) => fc.oneof(fc.integer({ min, max }), fc.constantFrom(...edges));

const referralArbitrary = fc
  .record({
    referredOffset: fc.option(nearBoundaries(0, 420, [240, 280, 295, 296, 297, 298, 355, 356, 357, 358, 369, 370, 371, 372, 373]), { freq: 8 }),
    decisionAfter: fc.option(fc.integer({ min: -3, max: 60 }), { freq: 2 }),
    requestedBeforeDecision: fc.option(nearBoundaries(0, 40, [9, 10, 11, 13, 14, 15, 16]), { freq: 4 }),
    admittedAfter: fc.option(nearBoundaries(-2, 90, [0, 1, 2]), { freq: 2 }),
    aftercareBefore: fc.option(fc.integer({ min: -10, max: 10 })),
    stayDays: fc.option(nearBoundaries(0, 150, [13, 14, 15, 27, 28, 29, 89, 90, 91]), { freq: 2 }),
    outcome: fc.option(fc.constantFrom(...dischargeOutcomes), { freq: 6 }),
    notifiedHoursAfter: fc.option(fc.integer({ min: 0, max: 80 })),
    plannedWeeks: fc.option(fc.integer({ min: 1, max: 26 })),
    weeklyCost: fc.option(fc.integer({ min: 0, max: 150_000 })),
    service: fc.option(fc.constantFrom(0, 1)),
    age_band: fc.constantFrom(...ageBands),
    sex: fc.constantFrom(...sexes),
    ethnicity_group: fc.constantFrom(...ethnicityGroups),
    disability: fc.constantFrom(...yesNoNotStated),
    main_substance: fc.constantFrom(...mainSubstances),
  })
  .map((drawn) => {
    const referred = drawn.referredOffset === null ? null : day(drawn.referredOffset);
    const decided = referred && drawn.decisionAfter !== null ? addDays(referred, drawn.decisionAfter) : null;
    const admitted = referred && drawn.admittedAfter !== null ? addDays(referred, drawn.admittedAfter) : null;
    const discharged = admitted && drawn.stayDays !== null ? addDays(admitted, drawn.stayDays) : null;
    const notified = discharged && drawn.notifiedHoursAfter !== null ? new Date(new Date(`${discharged}T08:00:00Z`).getTime() + drawn.notifiedHoursAfter * 3_600_000) : null;
    return {
      referred_on: referred,
      funding_decided_on: decided,
      funding_requested_on: decided && drawn.requestedBeforeDecision !== null ? addDays(decided, -drawn.requestedBeforeDecision) : null,
      admitted_on: admitted,
      aftercare_plan_agreed_on: admitted && drawn.aftercareBefore !== null ? addDays(admitted, drawn.aftercareBefore) : null,
      discharged_on: discharged,
      discharge_outcome: discharged ? drawn.outcome : null,
      referrer_notified_at: notified,
      planned_weeks: admitted ? drawn.plannedWeeks : null,
      weekly_cost_pence: admitted ? drawn.weeklyCost : null,
      service_id: drawn.service === null ? null : (serviceIds[drawn.service] as string),
      age_band: drawn.age_band,
      sex: drawn.sex,
      ethnicity_group: drawn.ethnicity_group,
      disability: drawn.disability,
      main_substance: drawn.main_substance,
    };
  });

/** Rounds the percentiles, which PostgreSQL and JavaScript interpolate in floating point. */
function comparable(measures: PathwayMeasures) {
  const round = (value: number | null) => (value === null ? null : Math.round(value * 1e6) / 1e6);
  const distributionOf = (value: PathwayMeasures['daysToAdmission']) => ({ ...value, median: round(value.median), p90: round(value.p90) });
  return {
    ...measures,
    daysToFundingDecision: distributionOf(measures.daysToFundingDecision),
    daysToAdmission: distributionOf(measures.daysToAdmission),
    lengthOfStay: distributionOf(measures.lengthOfStay),
  };
}

function expectedGroups(records: readonly MeasureRecord[], basis: PeriodBasis, unit: PeriodUnit): Map<string, PathwayMeasures> {
  const expected = new Map<string, PathwayMeasures>([['all:', pathwayMeasures(records, now)]]);
  const add = (grouping: string, keyOf: (record: MeasureRecord) => string | null) => {
    for (const [key, group] of groupRecords(records, keyOf)) expected.set(`${grouping}:${key}`, pathwayMeasures(group, now));
  };
  add('period', (record) => periodKeyOf(basisDate(record, basis) as string, unit));
  add('service', (record) => record.service_id ?? noService);
  for (const dimension of equalityDimensions) add(dimension, (record) => record[dimension]);
  return expected;
}

const asMap = (groups: FigureGroup[]) => new Map(groups.map((group) => [`${group.grouping}:${group.key}`, group.measures]));

describe('the SQL figures', () => {
  it('equal the measure functions on random referrals, for every group, basis and unit', async () => {
    const { db } = database;
    await fc.assert(
      fc.asyncProperty(
        fc.array(referralArbitrary, { minLength: 0, maxLength: 40 }),
        fc.constantFrom<PeriodBasis>('referral', 'admission'),
        fc.constantFrom(...periodUnits),
        fc.integer({ min: 1, max: 20 }),
        async (referrals, basis, unit, targetDays) => {
          await db.deleteFrom('referrals').where('partnership_id', '=', partnershipId).execute();
          await db.updateTable('partnerships').set({ funding_decision_target_days: targetDays }).where('id', '=', partnershipId).execute();
          if (referrals.length) {
            await db
              .insertInto('referrals')
              .values(referrals.map((values, index) => referralRow(partnershipId, `PROP-${index}`, { ...values, identified_on: '2025-10-01', updated_at: new Date() })))
              .execute();
          }
          const records = await fetchMeasureRecords(db, partnershipId, period, basis);
          const groups = await pathwayFigures(db, partnershipId, { ...period, basis, unit, now });
          const actual = asMap(groups);
          const expected = expectedGroups(records, basis, unit);
          expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
          for (const [key, measures] of expected) expect(comparable(actual.get(key) as PathwayMeasures), key).toEqual(comparable(measures));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('group by the same month, financial quarter and financial year as periodKeyOf', async () => {
    const dates = Array.from({ length: 120 }, (_, index) => addDays('2024-12-15', index * 7));
    for (const unit of periodUnits) {
      const column = periodKeySql('d', unit);
      const result = await sql<{ d: string; key: string }>`SELECT d::text AS d, ${sql.raw(column)} AS key FROM unnest(${dates}::date[]) AS d`.execute(database.db);
      expect(result.rows.map((row) => row.key)).toEqual(dates.map((date) => periodKeyOf(date, unit)));
    }
  });
});
