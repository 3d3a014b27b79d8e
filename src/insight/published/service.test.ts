import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/database.js';
import { type SeededDemo, seedDemo } from '../../demo/seed.js';
import type { DatabaseHandle } from '../../platform/db/connect.js';
import { areaOf, areasInRegion, findImport, importRevisions, listImports, publishedSeries } from './repository.js';
import type { PublishedArea, PublishedFigure } from './rules.js';
import { importPublishedFigures } from './service.js';

let database: DatabaseHandle;
let demo: SeededDemo;
beforeAll(async () => {
  database = await createTestDatabase();
  demo = await seedDemo(database.db);
});
afterAll(async () => database.close());

const northmoor: PublishedArea = { code: 'E06999901', name: 'Northmoor (demo)', level: 'local_authority', regionCode: 'E12000002' };
const year = { unit: 'year' as const, start: '2025-04-01' };
const figure = (measure: PublishedFigure['measure'], value: number | null, extra: Partial<PublishedFigure> = {}): PublishedFigure => ({
  areaCode: northmoor.code,
  areaLevel: 'local_authority',
  period: year,
  measure,
  breakdown: 'all',
  breakdownValue: 'all',
  value,
  qualifier: value === null ? 'suppressed' : null,
  ...extra,
});
const lead = () => ({ userId: demo.userIds['lead@northmoor.example'] as string });
const admin = () => ({ userId: demo.userIds['admin@residential-pathways.example'] as string });
const count = async (table: 'aggregate_imports' | 'aggregate_figures' | 'aggregate_figure_revisions' | 'audit_events') =>
  Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count);

describe('importing published figures', () => {
  let firstImportId = '';

  it('stores a first import as figures added, with its audit event', async () => {
    const audits = await count('audit_events');
    const result = await importPublishedFigures(database.db, lead(), {
      partnershipId: demo.partnershipIds.northmoor,
      source: 'NDTMS adult activity report, April 2026 (test)',
      dataAsOf: '2026-04-30',
      fileName: 'first.csv',
      areas: [northmoor],
      figures: [
        figure('adults_in_treatment', 2450),
        figure('new_presentations', 1200),
        figure('residential_rehab_starts', 29),
        figure('adults_in_treatment', null, { breakdown: 'sex', breakdownValue: 'other' }),
        // Another period, which the re-import below leaves alone.
        figure('adults_in_treatment', 1800, { period: { unit: 'quarter', start: '2025-04-01' } }),
      ],
    });
    firstImportId = result.importId;
    expect(result).toMatchObject({ figures: 5, added: 5, changed: 0, removed: 0 });
    expect(await count('audit_events')).toBe(audits + 1);
    const audit = await database.db.selectFrom('audit_events').selectAll().where('record_id', '=', result.importId).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'published_figures_imported', partnership_id: demo.partnershipIds.northmoor, actor_user_id: lead().userId });
    expect(audit.summary).toContain('NDTMS adult activity report, April 2026 (test)');
    expect(await areaOf(database.db, northmoor.code)).toEqual({ areaCode: 'E06999901', areaName: 'Northmoor (demo)', areaLevel: 'local_authority', regionCode: 'E12000002' });
  });

  it('replaces a period’s figures on re-import, recording exactly the figure changed, removed and added', async () => {
    const result = await importPublishedFigures(database.db, lead(), {
      partnershipId: demo.partnershipIds.northmoor,
      source: 'NDTMS adult activity report, October 2026 (test)',
      dataAsOf: '2026-10-31',
      fileName: 'second.csv',
      areas: [northmoor],
      figures: [
        figure('adults_in_treatment', 2450),
        figure('new_presentations', 1210),
        figure('adults_in_treatment', null, { breakdown: 'sex', breakdownValue: 'other' }),
        figure('successful_completions', 540, { qualifier: 'provisional' }),
      ],
    });
    expect(result).toMatchObject({ figures: 4, added: 1, changed: 1, removed: 1 });
    const { revisions, total } = await importRevisions(database.db, result.importId, { limit: 100, offset: 0 });
    expect(total).toBe(3);
    expect(revisions.map((revision) => [revision.change, revision.measure, revision.oldValue, revision.newValue, revision.newQualifier]).sort()).toEqual([
      ['added', 'successful_completions', null, 540, 'provisional'],
      ['changed', 'new_presentations', 1200, 1210, null],
      ['removed', 'residential_rehab_starts', 29, null, null],
    ]);

    // The figures now stand as the second file says, each from the import that last set it; the quarter is untouched.
    const series = await publishedSeries(database.db, {
      areaCodes: [northmoor.code],
      measures: ['adults_in_treatment', 'new_presentations', 'residential_rehab_starts', 'successful_completions'],
      periodUnit: 'year',
      from: '2025-04-01',
      to: '2025-04-01',
    });
    expect(series.map((row) => [row.measure, row.value, row.qualifier, row.dataAsOf])).toEqual([
      ['adults_in_treatment', 2450, null, '2026-10-31'],
      ['new_presentations', 1210, null, '2026-10-31'],
      ['successful_completions', 540, 'provisional', '2026-10-31'],
    ]);
    expect(series[0]).toMatchObject({ areaName: 'Northmoor (demo)', areaLevel: 'local_authority', periodUnit: 'year', breakdown: 'all', breakdownValue: 'all', source: 'NDTMS adult activity report, October 2026 (test)' });
    const bySex = await publishedSeries(database.db, { areaCodes: [northmoor.code], measures: ['adults_in_treatment'], periodUnit: 'year', from: '2025-04-01', to: '2025-04-01', breakdown: 'sex' });
    expect(bySex.map((row) => [row.breakdownValue, row.value, row.qualifier])).toEqual([['other', null, 'suppressed']]);
    const quarter = await publishedSeries(database.db, { areaCodes: [northmoor.code], measures: ['adults_in_treatment'], periodUnit: 'quarter', from: '2025-01-01', to: '2026-12-31' });
    expect(quarter.map((row) => [row.value, row.dataAsOf])).toEqual([[1800, '2026-04-30']]);
  });

  it('stores nothing at all when any figure cannot be stored', async () => {
    const before = await Promise.all([count('aggregate_imports'), count('aggregate_figures'), count('aggregate_figure_revisions')]);
    await expect(
      importPublishedFigures(database.db, lead(), {
        partnershipId: demo.partnershipIds.northmoor,
        source: 'Broken (test)',
        dataAsOf: '2026-11-01',
        fileName: 'broken.csv',
        areas: [northmoor],
        // Negative values never pass the file's checks; the database refuses them too.
        figures: [figure('adults_in_treatment', 1), figure('new_presentations', -5)],
      }),
    ).rejects.toThrow();
    expect(await Promise.all([count('aggregate_imports'), count('aggregate_figures'), count('aggregate_figure_revisions')])).toEqual(before);
    const series = await publishedSeries(database.db, { areaCodes: [northmoor.code], measures: ['adults_in_treatment'], periodUnit: 'year', from: '2025-04-01', to: '2025-04-01' });
    expect(series[0]?.value).toBe(2450);
  });

  it('shows a partnership its own imports and administrators’ national ones, never another partnership’s', async () => {
    const national = await importPublishedFigures(database.db, admin(), {
      partnershipId: null,
      source: 'NDTMS national (test)',
      dataAsOf: '2026-10-31',
      fileName: 'england.csv',
      areas: [
        { code: 'E92000001', name: 'England', level: 'england', regionCode: null },
        { code: 'E06999903', name: 'Westmere (demo)', level: 'local_authority', regionCode: 'E12000002' },
      ],
      figures: [
        figure('adults_in_treatment', 310_863, { areaCode: 'E92000001', areaLevel: 'england', period: { unit: 'year', start: '2023-04-01' } }),
        figure('adults_in_treatment', 2310, { areaCode: 'E06999903' }),
      ],
    });
    const otherArea = await importPublishedFigures(database.db, admin(), {
      partnershipId: null,
      source: 'One local authority (test)',
      dataAsOf: '2026-10-31',
      fileName: 'la.csv',
      areas: [{ code: 'E06999904', name: 'Harrowdale (demo)', level: 'local_authority', regionCode: null }],
      figures: [figure('adults_in_treatment', 1840, { areaCode: 'E06999904' })],
    });

    const northmoorSees = await listImports(database.db, { kind: 'partnership', partnershipId: demo.partnershipIds.northmoor, areaCode: northmoor.code }, { limit: 25, offset: 0 });
    expect(northmoorSees.imports.map((entry) => entry.source)).toEqual(['NDTMS national (test)', 'NDTMS adult activity report, October 2026 (test)', 'NDTMS adult activity report, April 2026 (test)']);
    const eastfieldSees = await listImports(database.db, { kind: 'partnership', partnershipId: demo.partnershipIds.eastfield, areaCode: 'E06999902' }, { limit: 25, offset: 0 });
    expect(eastfieldSees.imports.map((entry) => entry.source)).toEqual(['NDTMS national (test)']);
    expect(await findImport(database.db, firstImportId, { kind: 'partnership', partnershipId: demo.partnershipIds.eastfield, areaCode: 'E06999902' })).toBeUndefined();
    expect(await findImport(database.db, otherArea.importId, { kind: 'partnership', partnershipId: demo.partnershipIds.northmoor, areaCode: northmoor.code })).toBeUndefined();
    const everything = await listImports(database.db, { kind: 'all' }, { limit: 2, offset: 0 });
    expect(everything.total).toBe(4);
    expect(everything.imports).toHaveLength(2);
    expect(national.added).toBe(2);

    // The comparator picker: local authorities of the region, by name; an area without a region is not in it.
    expect((await areasInRegion(database.db, 'E12000002')).map((area) => area.areaName)).toEqual(['Northmoor (demo)', 'Westmere (demo)']);
  });
});
