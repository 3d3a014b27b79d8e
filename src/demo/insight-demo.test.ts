import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.js';
import { areaOf, areasInRegion, englandAreaCode, publishedSeries, regionAreaCodes } from '../insight/index.js';
import type { DatabaseHandle } from '../platform/db/connect.js';
import { demoAreaCodes, demoComparatorAreas, demoFiguresSource } from './insight-demo.js';
import { demoSharingPartnership } from './regional-demo.js';
import { seedDemo } from './seed.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { sampleWork: true, today: new Date('2026-12-07T12:00:00Z') });
});
afterAll(async () => database.close());

const yearOf = (start: number) => `${start}-04-01`;

describe('the demo published figures', () => {
  it('gives every demo partnership its invented area code, with figures for it', async () => {
    const partnerships = await database.db.selectFrom('partnerships').select(['name', 'ons_code']).execute();
    expect(partnerships.every((partnership) => partnership.ons_code !== null)).toBe(true);
    // Harrowdale, one of the comparator areas, is also a (sharing) partnership for the analysts' demo.
    expect(partnerships.map((partnership) => partnership.ons_code).sort()).toEqual([demoAreaCodes.northmoor, demoAreaCodes.eastfield, demoSharingPartnership.onsCode].sort());
    expect(await areaOf(database.db, demoAreaCodes.northmoor)).toEqual({ areaCode: 'E06999901', areaName: 'Northmoor (demo)', areaLevel: 'local_authority', regionCode: 'E12000002' });
  });

  it('has England’s published 2023-24 totals, marked as demo figures', async () => {
    const rows = await publishedSeries(database.db, {
      areaCodes: [englandAreaCode],
      measures: ['adults_in_treatment', 'new_presentations'],
      periodUnit: 'year',
      from: yearOf(2023),
      to: yearOf(2023),
    });
    expect(rows.map((row) => [row.measure, row.value])).toEqual([
      ['adults_in_treatment', 310_863],
      ['new_presentations', 158_991],
    ]);
    expect(rows[0]?.source).toBe(demoFiguresSource);
    expect(rows[0]?.areaName).toBe('England');
  });

  it('has years 2023-24 to 2025-26 and all four quarters of each, and 2026-27 so far (Q1 and Q2)', async () => {
    const years = await publishedSeries(database.db, { areaCodes: [demoAreaCodes.northmoor], measures: ['adults_in_treatment'], periodUnit: 'year', from: '2000-01-01', to: '2100-01-01' });
    expect(years.map((row) => row.periodStart)).toEqual(['2023-04-01', '2024-04-01', '2025-04-01']);
    const quarters = await publishedSeries(database.db, { areaCodes: [englandAreaCode], measures: ['residential_rehab_starts'], periodUnit: 'quarter', from: '2023-04-01', to: '2027-03-31' });
    expect(quarters).toHaveLength(14);
    expect(quarters.at(-1)).toMatchObject({ periodStart: '2026-07-01', qualifier: 'provisional' });
  });

  it('has plausible local access to residential rehabilitation, with comparators well below and near 2%', async () => {
    const codes = [demoAreaCodes.northmoor, demoAreaCodes.eastfield, ...demoComparatorAreas.map((area) => area.code), englandAreaCode];
    const rows = await publishedSeries(database.db, { areaCodes: codes, measures: ['adults_in_treatment', 'residential_rehab_starts'], periodUnit: 'year', from: yearOf(2025), to: yearOf(2025) });
    const access = new Map<string, number>();
    for (const code of codes) {
      const inTreatment = rows.find((row) => row.areaCode === code && row.measure === 'adults_in_treatment')?.value as number;
      const starts = rows.find((row) => row.areaCode === code && row.measure === 'residential_rehab_starts')?.value as number;
      access.set(code, starts / inTreatment);
      if (code.startsWith('E06') || code.startsWith('E08')) expect(inTreatment, code).toBeGreaterThan(1000);
    }
    for (const code of [demoAreaCodes.northmoor, demoAreaCodes.eastfield]) {
      expect(access.get(code), code).toBeGreaterThan(0.008);
      expect(access.get(code), code).toBeLessThan(0.016);
    }
    const comparators = demoComparatorAreas.map((area) => access.get(area.code) as number);
    expect(Math.min(...comparators)).toBeLessThan(0.005);
    expect(Math.max(...comparators)).toBeGreaterThan(0.018);
    expect(access.get(englandAreaCode)).toBeCloseTo(0.011, 3);
  });

  it('breaks down each partnership’s treatment population, the groups adding up to the whole', async () => {
    const whole = await publishedSeries(database.db, { areaCodes: [demoAreaCodes.eastfield], measures: ['adults_in_treatment'], periodUnit: 'year', from: yearOf(2024), to: yearOf(2024) });
    const byAge = await publishedSeries(database.db, { areaCodes: [demoAreaCodes.eastfield], measures: ['adults_in_treatment'], periodUnit: 'year', from: yearOf(2024), to: yearOf(2024), breakdown: 'age_band' });
    expect(byAge).toHaveLength(6);
    expect(byAge.reduce((sum, row) => sum + (row.value ?? 0), 0)).toBe(whole[0]?.value);
    const bySex = await publishedSeries(database.db, { areaCodes: [demoAreaCodes.eastfield], measures: ['adults_in_treatment'], periodUnit: 'year', from: yearOf(2024), to: yearOf(2024), breakdown: 'sex' });
    expect(bySex.some((row) => row.value === null && row.qualifier === 'suppressed')).toBe(true);
  });

  it('lists the North West’s areas for comparison, and keeps imports with revisions', async () => {
    const areas = await areasInRegion(database.db, regionAreaCodes['North West']);
    expect(areas.map((area) => area.areaName)).toEqual(['Copperton (demo)', 'Fellbrook (demo)', 'Harrowdale (demo)', 'Northmoor (demo)', 'Saltmoor (demo)', 'Westmere (demo)']);
    const imports = await database.db.selectFrom('aggregate_imports').select(['partnership_id', 'added', 'changed', 'removed']).orderBy('created_at').execute();
    expect(imports).toHaveLength(4);
    expect(imports[0]?.partnership_id).toBeNull();
    // The re-import confirms Q1: every provisional figure loses its qualifier, one is revised.
    expect(imports[3]).toMatchObject({ added: 0, removed: 0 });
    expect(imports[3]?.changed).toBeGreaterThan(5);
  });
});

describe('the demo for regional and national analysts', () => {
  it('has three partnerships sharing their figures, two of them in the North West, each choice audited', async () => {
    const sharing = await database.db
      .selectFrom('figure_sharing')
      .innerJoin('partnerships', 'partnerships.id', 'figure_sharing.partnership_id')
      .select(['partnerships.region', 'figure_sharing.shares_figures'])
      .execute();
    expect(sharing.filter((row) => row.shares_figures).map((row) => row.region).sort()).toEqual(['East Midlands', 'North West', 'North West']);
    const audited = await database.db.selectFrom('audit_events').select('id').where('action', '=', 'figure_sharing_changed').execute();
    expect(audited).toHaveLength(3);
    const analysts = await database.db.selectFrom('analyst_scopes').innerJoin('users', 'users.id', 'analyst_scopes.user_id').select(['users.email', 'analyst_scopes.region']).orderBy('users.email').execute();
    expect(analysts).toEqual([
      { email: 'analyst@england.example', region: null },
      { email: 'analyst@north-west.example', region: 'North West' },
    ]);
  });
});
