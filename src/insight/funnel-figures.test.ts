import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.js';
import { referralRow } from '../../test/referrals.js';
import type { DatabaseHandle } from '../platform/db/connect.js';
import { ageBands, dischargeOutcomes, ethnicityGroups, mainSubstances, referralStages, sexes, yesNoNotStated } from '../platform/db/schema.js';
import { addDays } from '../platform/values/calendar.js';
import { type FunnelRecord, funnelCounts, funnelFigures, withdrawableStages, withdrawalReasons } from './funnel-figures.js';
import { equalityDimensions, groupRecords } from './measures.js';

/** The funnel's SQL against its plain definition, on random referrals; and the reasons people left. */

let database: DatabaseHandle;
let partnershipId: string;
let otherPartnershipId: string;
const period = { from: '2026-04-01', to: '2026-09-30' };

beforeAll(async () => {
  database = await createTestDatabase();
  const insert = (name: string) => database.db.insertInto('partnerships').values({ name, ons_code: null, region: 'London' }).returning('id').executeTakeFirstOrThrow();
  partnershipId = (await insert('Funnel Partnership (fictional)')).id;
  otherPartnershipId = (await insert('Other Partnership (fictional)')).id;
});

afterAll(async () => {
  await database?.close();
});

const maybeDate = fc.option(fc.integer({ min: 0, max: 200 }).map((offset) => addDays('2026-03-01', offset)));

const recordArbitrary = fc.record({
  identified_on: fc.integer({ min: 0, max: 240 }).map((offset) => addDays('2026-03-01', offset)),
  stage: fc.constantFrom(...referralStages),
  referred_on: maybeDate,
  assessed_on: maybeDate,
  eligibility_decision: fc.option(fc.constantFrom('eligible' as const, 'not_eligible' as const)),
  funding_decision: fc.option(fc.constantFrom('approved' as const, 'declined' as const)),
  funding_decided_on: maybeDate,
  admitted_on: maybeDate,
  discharged_on: maybeDate,
  discharge_outcome: fc.option(fc.constantFrom(...dischargeOutcomes)),
  aftercare_started_on: maybeDate,
  withdrawn_from_stage: fc.option(fc.constantFrom(...withdrawableStages)),
  age_band: fc.constantFrom(...ageBands),
  sex: fc.constantFrom(...sexes),
  ethnicity_group: fc.constantFrom(...ethnicityGroups),
  disability: fc.constantFrom(...yesNoNotStated),
  main_substance: fc.constantFrom(...mainSubstances),
});

describe('the funnel figures', () => {
  it('equal funnelCounts on random referrals, for everyone and each equality group', async () => {
    const { db } = database;
    await fc.assert(
      fc.asyncProperty(fc.array(recordArbitrary, { maxLength: 30 }), async (records) => {
        await db.deleteFrom('referrals').execute();
        if (records.length) await db.insertInto('referrals').values(records.map((values, index) => referralRow(partnershipId, `F-${index}`, { ...values, updated_at: new Date() }))).execute();
        const inPeriod = records.filter((record) => record.identified_on >= period.from && record.identified_on <= period.to) as unknown as FunnelRecord[];
        const groups = await funnelFigures(db, partnershipId, period);
        const expected = new Map<string, ReturnType<typeof funnelCounts>>();
        if (inPeriod.length) expected.set('all:', funnelCounts(inPeriod));
        for (const dimension of equalityDimensions) {
          for (const [key, members] of groupRecords(inPeriod, (record) => record[dimension])) expected.set(`${dimension}:${key}`, funnelCounts(members));
        }
        const actual = new Map(groups.filter((group) => group.counts.reached.identified > 0).map((group) => [`${group.grouping}:${group.key}`, group.counts]));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('counts only the partnership’s own people, and lists why people were withdrawn, most common first', async () => {
    const { db } = database;
    await db.deleteFrom('referrals').execute();
    const withdrawn = (reference: string, stage: 'referred' | 'waiting', reason: string, partnership = partnershipId) =>
      referralRow(partnership, reference, { identified_on: '2026-05-01', stage: 'withdrawn', withdrawn_on: '2026-06-01', withdrawn_from_stage: stage, withdrawn_reason: reason, updated_at: new Date() });
    await db
      .insertInto('referrals')
      .values([
        withdrawn('W-1', 'referred', 'Chose community treatment'),
        withdrawn('W-2', 'referred', ' chose community treatment '),
        withdrawn('W-3', 'waiting', 'Moved out of the area'),
        withdrawn('W-4', 'waiting', 'Moved out of the area', otherPartnershipId),
      ])
      .execute();
    const everyone = (await funnelFigures(db, partnershipId, period)).find((group) => group.grouping === 'all');
    expect(everyone?.counts).toMatchObject({ withdrawn: 3, withdrawnFrom: { referred: 2, waiting: 1 } });
    expect(await withdrawalReasons(db, partnershipId, period)).toEqual([
      { stage: 'referred', reason: 'chose community treatment', people: 2 },
      { stage: 'waiting', reason: 'moved out of the area', people: 1 },
    ]);
  });
});
