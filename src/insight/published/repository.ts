import { type ExpressionBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.js';
import type { AreaLevel, Database, FigureQualifier, PeriodUnit } from '../../platform/db/schema.js';
import type { Breakdown, PublishedMeasure } from './catalogue.js';
import type { Period } from './periods.js';
import type { FigureRevision, PublishedArea, PublishedFigure, StoredFigure } from './rules.js';

/**
 * The SQL of published figures: their imports, the areas they are about, the figures as they
 * stand and what each import changed. Reads for the dashboards are at the end.
 */

/** Numbers come back from both drivers as numbers, but the column type allows strings. */
const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Rows per INSERT: well inside the 65,535 parameters a statement can have. */
const batchSize = 1000;

function batches<T>(items: readonly T[], size = batchSize): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

// The partnership's own area ------------------------------------------------------------------------

export interface PartnershipArea {
  name: string;
  onsCode: string | null;
  region: string;
}

export async function partnershipArea(db: Executor, partnershipId: string): Promise<PartnershipArea | undefined> {
  const row = await db.selectFrom('partnerships').select(['name', 'ons_code', 'region']).where('id', '=', partnershipId).executeTakeFirst();
  return row ? { name: row.name, onsCode: row.ons_code, region: row.region } : undefined;
}

// Writing an import ---------------------------------------------------------------------------------

export async function insertImport(
  trx: Executor,
  details: { partnershipId: string | null; importedBy: string; source: string; dataAsOf: string; fileName: string; createdAt?: Date },
): Promise<string> {
  const row = await trx
    .insertInto('aggregate_imports')
    .values({
      partnership_id: details.partnershipId,
      imported_by: details.importedBy,
      source: details.source,
      data_as_of: details.dataAsOf,
      file_name: details.fileName,
      ...(details.createdAt ? { created_at: details.createdAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Adds the areas or brings their names up to date, in code order. Each area's row stays locked
 * until the transaction ends, so two imports of the same area's figures take turns.
 */
export async function upsertAreas(trx: Executor, areas: readonly PublishedArea[]): Promise<void> {
  const sorted = [...areas].sort((a, b) => a.code.localeCompare(b.code));
  for (const batch of batches(sorted)) {
    await trx
      .insertInto('aggregate_areas')
      .values(batch.map((area) => ({ area_code: area.code, area_name: area.name, area_level: area.level, region_code: area.regionCode })))
      .onConflict((conflict) =>
        conflict.column('area_code').doUpdateSet((eb) => ({
          area_name: eb.ref('excluded.area_name'),
          area_level: eb.ref('excluded.area_level'),
          region_code: sql<string | null>`coalesce(excluded.region_code, aggregate_areas.region_code)`,
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
}

export interface AreaPeriod {
  areaCode: string;
  period: Period;
}

function inAreaPeriods(eb: ExpressionBuilder<Database, 'aggregate_figures'>, areaPeriods: readonly AreaPeriod[]) {
  return eb(
    eb.refTuple('aggregate_figures.area_code', 'aggregate_figures.period_unit', 'aggregate_figures.period_start'),
    'in',
    areaPeriods.map((entry) => eb.tuple(entry.areaCode, entry.period.unit, entry.period.start)),
  );
}

/** The figures stored now for these areas and periods. */
export async function storedFigures(trx: Executor, areaPeriods: readonly AreaPeriod[]): Promise<StoredFigure[]> {
  const found: StoredFigure[] = [];
  for (const batch of batches(areaPeriods)) {
    const rows = await trx
      .selectFrom('aggregate_figures')
      .select(['area_code', 'period_unit', 'period_start', 'measure', 'breakdown', 'breakdown_value', 'value', 'qualifier'])
      .where((eb) => inAreaPeriods(eb, batch))
      .execute();
    for (const row of rows) {
      found.push({
        areaCode: row.area_code,
        period: { unit: row.period_unit, start: row.period_start },
        measure: row.measure,
        breakdown: row.breakdown,
        breakdownValue: row.breakdown_value,
        value: numberOrNull(row.value),
        qualifier: row.qualifier,
      });
    }
  }
  return found;
}

/** Deletes every figure of these areas and periods and stores the import's in their place. */
export async function replaceFigures(trx: Executor, importId: string, areaPeriods: readonly AreaPeriod[], figures: readonly PublishedFigure[]): Promise<void> {
  for (const batch of batches(areaPeriods)) {
    await trx
      .deleteFrom('aggregate_figures')
      .where((eb) => inAreaPeriods(eb, batch))
      .execute();
  }
  for (const batch of batches(figures)) {
    await trx
      .insertInto('aggregate_figures')
      .values(
        batch.map((figure) => ({
          area_code: figure.areaCode,
          area_level: figure.areaLevel,
          period_unit: figure.period.unit,
          period_start: figure.period.start,
          measure: figure.measure,
          breakdown: figure.breakdown,
          breakdown_value: figure.breakdownValue,
          value: figure.value,
          qualifier: figure.qualifier,
          import_id: importId,
        })),
      )
      .execute();
  }
}

export async function insertRevisions(trx: Executor, importId: string, revisions: readonly FigureRevision[]): Promise<void> {
  for (const batch of batches(revisions)) {
    await trx
      .insertInto('aggregate_figure_revisions')
      .values(
        batch.map((revision) => ({
          import_id: importId,
          area_code: revision.areaCode,
          period_unit: revision.period.unit,
          period_start: revision.period.start,
          measure: revision.measure,
          breakdown: revision.breakdown,
          breakdown_value: revision.breakdownValue,
          change: revision.change,
          old_value: revision.oldValue,
          old_qualifier: revision.oldQualifier,
          new_value: revision.newValue,
          new_qualifier: revision.newQualifier,
        })),
      )
      .execute();
  }
}

export async function setImportCounts(trx: Executor, importId: string, counts: { figures: number; added: number; changed: number; removed: number }): Promise<void> {
  await trx.updateTable('aggregate_imports').set(counts).where('id', '=', importId).execute();
}

// Reading imports -----------------------------------------------------------------------------------

/**
 * Whose imports a person sees: every one (an administrator), or a partnership's: its own
 * uploads, and administrators' uploads that touched its area or any region or England. Another
 * partnership's own uploads are never among them.
 */
export type ImportVisibility = { kind: 'all' } | { kind: 'partnership'; partnershipId: string; areaCode: string | null };

function visibleTo(eb: ExpressionBuilder<Database, 'aggregate_imports'>, visibility: ImportVisibility) {
  if (visibility.kind === 'all') return eb.lit(true);
  const ownArea = visibility.areaCode;
  const condition = ownArea
    ? sql<boolean>`(area_level in ('region', 'england') or aggregate_areas.area_code = ${ownArea})`
    : sql<boolean>`area_level in ('region', 'england')`;
  // aggregate_figures has its own area_level and area_code; the revisions take them from the area.
  const figureCondition = ownArea
    ? sql<boolean>`(aggregate_figures.area_level in ('region', 'england') or aggregate_figures.area_code = ${ownArea})`
    : sql<boolean>`aggregate_figures.area_level in ('region', 'england')`;
  return eb.or([
    eb('aggregate_imports.partnership_id', '=', visibility.partnershipId),
    eb.and([
      eb('aggregate_imports.partnership_id', 'is', null),
      eb.or([
        eb.exists(
          eb
            .selectFrom('aggregate_figures')
            .select(sql.lit(1).as('one'))
            .whereRef('aggregate_figures.import_id', '=', 'aggregate_imports.id')
            .where(figureCondition),
        ),
        eb.exists(
          eb
            .selectFrom('aggregate_figure_revisions')
            .innerJoin('aggregate_areas', 'aggregate_areas.area_code', 'aggregate_figure_revisions.area_code')
            .select(sql.lit(1).as('one'))
            .whereRef('aggregate_figure_revisions.import_id', '=', 'aggregate_imports.id')
            .where(condition),
        ),
      ]),
    ]),
  ]);
}

export interface ImportSummary {
  id: string;
  partnershipId: string | null;
  partnershipName: string | null;
  source: string;
  dataAsOf: string;
  fileName: string;
  importedBy: string;
  createdAt: Date;
  figures: number;
  added: number;
  changed: number;
  removed: number;
}

function importsQuery(db: Executor, visibility: ImportVisibility) {
  return db
    .selectFrom('aggregate_imports')
    .innerJoin('users', 'users.id', 'aggregate_imports.imported_by')
    .leftJoin('partnerships', 'partnerships.id', 'aggregate_imports.partnership_id')
    .where((eb) => visibleTo(eb, visibility));
}

const importColumns = [
  'aggregate_imports.id',
  'aggregate_imports.partnership_id',
  'partnerships.name as partnership_name',
  'aggregate_imports.source',
  'aggregate_imports.data_as_of',
  'aggregate_imports.file_name',
  'users.display_name',
  'aggregate_imports.created_at',
  'aggregate_imports.figures',
  'aggregate_imports.added',
  'aggregate_imports.changed',
  'aggregate_imports.removed',
] as const;

type ImportRow = {
  id: string;
  partnership_id: string | null;
  partnership_name: string | null;
  source: string;
  data_as_of: string;
  file_name: string;
  display_name: string;
  created_at: Date;
  figures: number;
  added: number;
  changed: number;
  removed: number;
};

const importOf = (row: ImportRow): ImportSummary => ({
  id: row.id,
  partnershipId: row.partnership_id,
  partnershipName: row.partnership_name,
  source: row.source,
  dataAsOf: row.data_as_of,
  fileName: row.file_name,
  importedBy: row.display_name,
  createdAt: row.created_at,
  figures: row.figures,
  added: row.added,
  changed: row.changed,
  removed: row.removed,
});

/** The imports a person may see, newest first, a page at a time, with how many there are. */
export async function listImports(db: Executor, visibility: ImportVisibility, page: { limit: number; offset: number }): Promise<{ imports: ImportSummary[]; total: number }> {
  const [rows, count] = await Promise.all([
    importsQuery(db, visibility)
      .select([...importColumns])
      .orderBy('aggregate_imports.created_at', 'desc')
      .orderBy('aggregate_imports.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    importsQuery(db, visibility)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow(),
  ]);
  return { imports: rows.map(importOf), total: Number(count.count) };
}

/** One import, if the person may see it. */
export async function findImport(db: Executor, importId: string, visibility: ImportVisibility): Promise<ImportSummary | undefined> {
  const row = await importsQuery(db, visibility).select([...importColumns]).where('aggregate_imports.id', '=', importId).executeTakeFirst();
  return row ? importOf(row) : undefined;
}

export interface RevisionRow extends FigureRevision {
  areaName: string;
}

/** What an import changed, area by area and period by period, a page at a time. */
export async function importRevisions(db: Executor, importId: string, page: { limit: number; offset: number }): Promise<{ revisions: RevisionRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('aggregate_figure_revisions as r')
      .leftJoin('aggregate_areas', 'aggregate_areas.area_code', 'r.area_code')
      .select([
        'r.area_code',
        'aggregate_areas.area_name',
        'r.period_unit',
        'r.period_start',
        'r.measure',
        'r.breakdown',
        'r.breakdown_value',
        'r.change',
        'r.old_value',
        'r.old_qualifier',
        'r.new_value',
        'r.new_qualifier',
      ])
      .where('r.import_id', '=', importId)
      .orderBy('r.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('aggregate_figure_revisions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('import_id', '=', importId)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    revisions: rows.map((row) => ({
      change: row.change,
      areaCode: row.area_code,
      areaName: row.area_name ?? row.area_code,
      period: { unit: row.period_unit, start: row.period_start },
      measure: row.measure,
      breakdown: row.breakdown,
      breakdownValue: row.breakdown_value,
      oldValue: numberOrNull(row.old_value),
      oldQualifier: row.old_qualifier,
      newValue: numberOrNull(row.new_value),
      newQualifier: row.new_qualifier,
    })),
    total: Number(count.count),
  };
}

// Reads for the dashboards ------------------------------------------------------------------------

export interface PublishedSeriesQuery {
  areaCodes: readonly string[];
  measures: readonly PublishedMeasure[];
  periodUnit: PeriodUnit;
  /** First days of the first and last periods wanted, inclusive ('YYYY-MM-DD'). */
  from: string;
  to: string;
  /** The figures for everyone ('all', the default) or for the groups of one breakdown. */
  breakdown?: Breakdown;
}

export interface PublishedSeriesRow {
  areaCode: string;
  areaName: string;
  areaLevel: AreaLevel;
  periodUnit: PeriodUnit;
  periodStart: string;
  measure: PublishedMeasure;
  breakdown: Breakdown;
  breakdownValue: string;
  /** Null when the publisher suppressed it. */
  value: number | null;
  qualifier: FigureQualifier | null;
  /** From the import that last set the figure. */
  dataAsOf: string;
  source: string;
}

/**
 * The published figures for some areas and measures over a run of periods of one unit, ordered
 * by area, measure, breakdown group and period.
 */
export async function publishedSeries(db: Executor, query: PublishedSeriesQuery): Promise<PublishedSeriesRow[]> {
  if (query.areaCodes.length === 0 || query.measures.length === 0) return [];
  const rows = await db
    .selectFrom('aggregate_figures as f')
    .innerJoin('aggregate_areas as a', 'a.area_code', 'f.area_code')
    .innerJoin('aggregate_imports as i', 'i.id', 'f.import_id')
    .select([
      'f.area_code',
      'a.area_name',
      'f.area_level',
      'f.period_unit',
      'f.period_start',
      'f.measure',
      'f.breakdown',
      'f.breakdown_value',
      'f.value',
      'f.qualifier',
      'i.data_as_of',
      'i.source',
    ])
    .where('f.area_code', 'in', [...query.areaCodes])
    .where('f.measure', 'in', [...query.measures])
    .where('f.period_unit', '=', query.periodUnit)
    .where('f.period_start', '>=', query.from)
    .where('f.period_start', '<=', query.to)
    .where('f.breakdown', '=', query.breakdown ?? 'all')
    .orderBy('f.area_code')
    .orderBy('f.measure')
    .orderBy('f.breakdown_value')
    .orderBy('f.period_start')
    .execute();
  return rows.map((row) => ({
    areaCode: row.area_code,
    areaName: row.area_name,
    areaLevel: row.area_level,
    periodUnit: row.period_unit,
    periodStart: row.period_start,
    measure: row.measure as PublishedMeasure,
    breakdown: row.breakdown as Breakdown,
    breakdownValue: row.breakdown_value,
    value: numberOrNull(row.value),
    qualifier: row.qualifier,
    dataAsOf: row.data_as_of,
    source: row.source,
  }));
}

export interface AreaDetails {
  areaCode: string;
  areaName: string;
  areaLevel: AreaLevel;
  regionCode: string | null;
}

const areaDetailsOf = (row: { area_code: string; area_name: string; area_level: AreaLevel; region_code: string | null }): AreaDetails => ({
  areaCode: row.area_code,
  areaName: row.area_name,
  areaLevel: row.area_level,
  regionCode: row.region_code,
});

/** An area figures have been imported for, or undefined. */
export async function areaOf(db: Executor, areaCode: string): Promise<AreaDetails | undefined> {
  const row = await db.selectFrom('aggregate_areas').select(['area_code', 'area_name', 'area_level', 'region_code']).where('area_code', '=', areaCode).executeTakeFirst();
  return row ? areaDetailsOf(row) : undefined;
}

/** The local authority areas of a region that figures have been imported for, by name (for the comparator picker). */
export async function areasInRegion(db: Executor, regionCode: string): Promise<AreaDetails[]> {
  const rows = await db
    .selectFrom('aggregate_areas')
    .select(['area_code', 'area_name', 'area_level', 'region_code'])
    .where('region_code', '=', regionCode)
    .where('area_level', '=', 'local_authority')
    .orderBy('area_name')
    .orderBy('area_code')
    .execute();
  return rows.map(areaDetailsOf);
}
