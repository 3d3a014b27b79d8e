import { type Kysely, sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import type { Database, FigureQualifier, PeriodUnit } from '../platform/db/schema.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/values/outcome.js';

/**
 * The dashboard's reads beyond the pathway figures: the partnership's target, its residential
 * starts so far, and the published aggregate figures (access rates, the treatment population)
 * for its area, its region, England and the areas it compares with. Every query takes the
 * partnership id or works only on published, area-level figures.
 */

export interface ResidentialTarget {
  financialYear: number;
  targetEpisodes: number;
  version: number;
  updatedAt: Date;
}

export async function residentialTarget(db: Executor, partnershipId: string, financialYear: number): Promise<ResidentialTarget | null> {
  const row = await db
    .selectFrom('residential_targets')
    .select(['financial_year', 'target_episodes', 'version', 'updated_at'])
    .where('partnership_id', '=', partnershipId)
    .where('financial_year', '=', financialYear)
    .executeTakeFirst();
  return row ? { financialYear: row.financial_year, targetEpisodes: row.target_episodes, version: row.version, updatedAt: row.updated_at } : null;
}

/**
 * Sets the target for one financial year, with its audit record in the same transaction.
 * `expectedVersion` is the version the person saw (0 for no target yet); a different one
 * means someone else changed it meanwhile, and nothing is saved.
 */
export async function saveResidentialTarget(
  db: Kysely<Database>,
  partnershipId: string,
  actor: Actor,
  change: { financialYear: number; targetEpisodes: number; expectedVersion: number },
  now: Date,
): Promise<{ ok: true; previous: number | null } | { ok: false; conflict: true }> {
  const run = async (trx: Executor) => {
    const current = await trx
      .selectFrom('residential_targets')
      .select(['target_episodes', 'version'])
      .where('partnership_id', '=', partnershipId)
      .where('financial_year', '=', change.financialYear)
      .forUpdate()
      .executeTakeFirst();
    if ((current?.version ?? 0) !== change.expectedVersion) return { ok: false as const, conflict: true as const };
    if (current?.target_episodes === change.targetEpisodes) return { ok: true as const, previous: current.target_episodes };
    if (current) {
      await trx
        .updateTable('residential_targets')
        .set({ target_episodes: change.targetEpisodes, set_by: actor.userId, updated_at: now, version: current.version + 1 })
        .where('partnership_id', '=', partnershipId)
        .where('financial_year', '=', change.financialYear)
        .execute();
    } else {
      await trx
        .insertInto('residential_targets')
        .values({ partnership_id: partnershipId, financial_year: change.financialYear, target_episodes: change.targetEpisodes, set_by: actor.userId, updated_at: now })
        .execute();
    }
    const year = `${change.financialYear}-${String((change.financialYear + 1) % 100).padStart(2, '0')}`;
    await recordAudit(trx, {
      partnershipId,
      actorUserId: actor.userId,
      action: 'residential_target_set',
      recordType: 'partnership',
      recordId: partnershipId,
      summary: current
        ? `Residential target for ${year} changed from ${current.target_episodes} to ${change.targetEpisodes} episodes`
        : `Residential target for ${year} set to ${change.targetEpisodes} episodes`,
      requestId: actor.requestId ?? null,
    });
    return { ok: true as const, previous: current?.target_episodes ?? null };
  };
  return db.transaction().execute(run);
}

/** Admissions recorded between two dates, inclusive: the partnership's residential starts. */
export async function residentialStarts(db: Executor, partnershipId: string, from: string, to: string): Promise<number> {
  const row = await db
    .selectFrom('referrals')
    .select(sql<string>`count(*)`.as('starts'))
    .where('partnership_id', '=', partnershipId)
    .where('admitted_on', '>=', from)
    .where('admitted_on', '<=', to)
    .executeTakeFirstOrThrow();
  return Number(row.starts);
}

export interface PartnershipArea {
  name: string;
  areaCode: string | null;
  region: string;
  fundingDecisionTargetDays: number;
}

export async function partnershipArea(db: Executor, partnershipId: string): Promise<PartnershipArea> {
  const row = await db
    .selectFrom('partnerships')
    .select(['name', 'ons_code', 'region', 'funding_decision_target_days'])
    .where('id', '=', partnershipId)
    .executeTakeFirstOrThrow();
  return { name: row.name, areaCode: row.ons_code, region: row.region, fundingDecisionTargetDays: row.funding_decision_target_days };
}

// Published figures -------------------------------------------------------------------------------

export interface PublishedValue {
  value: number | null;
  qualifier: FigureQualifier | null;
  dataAsOf: string;
  source: string;
}

export interface AccessFigure {
  areaCode: string;
  areaName: string;
  periodStart: string;
  starts: PublishedValue | null;
  adults: PublishedValue | null;
}

const publishedValue = (value: unknown, qualifier: unknown, dataAsOf: unknown, source: unknown): PublishedValue | null =>
  dataAsOf === null || dataAsOf === undefined
    ? null
    : { value: value === null ? null : Number(value), qualifier: (qualifier as FigureQualifier | null) ?? null, dataAsOf: String(dataAsOf), source: String(source) };

/**
 * Residential rehabilitation starts and adults in treatment, per area and period, from the
 * published figures: what the access rate of each area is built from.
 */
export async function accessFigures(db: Executor, query: { areaCodes: readonly string[]; unit: PeriodUnit; from: string; to: string }): Promise<AccessFigure[]> {
  if (!query.areaCodes.length) return [];
  const result = await sql<Record<string, unknown>>`
    SELECT a.area_code, a.area_name, p.period_start::text AS period_start,
      s.value AS starts, s.qualifier AS starts_qualifier, si.data_as_of::text AS starts_as_of, si.source AS starts_source,
      t.value AS adults, t.qualifier AS adults_qualifier, ti.data_as_of::text AS adults_as_of, ti.source AS adults_source
    FROM aggregate_areas a
    JOIN (
      SELECT DISTINCT area_code, period_start FROM aggregate_figures
      WHERE area_code IN (${sql.join(query.areaCodes)}) AND period_unit = ${query.unit} AND breakdown = 'all'
        AND measure IN ('residential_rehab_starts', 'adults_in_treatment') AND period_start BETWEEN ${query.from}::date AND ${query.to}::date
    ) p ON p.area_code = a.area_code
    LEFT JOIN aggregate_figures s ON s.area_code = p.area_code AND s.period_unit = ${query.unit} AND s.period_start = p.period_start
      AND s.measure = 'residential_rehab_starts' AND s.breakdown = 'all'
    LEFT JOIN aggregate_imports si ON si.id = s.import_id
    LEFT JOIN aggregate_figures t ON t.area_code = p.area_code AND t.period_unit = ${query.unit} AND t.period_start = p.period_start
      AND t.measure = 'adults_in_treatment' AND t.breakdown = 'all'
    LEFT JOIN aggregate_imports ti ON ti.id = t.import_id
    ORDER BY p.period_start, a.area_code
  `.execute(db);
  return result.rows.map((row) => ({
    areaCode: String(row.area_code),
    areaName: String(row.area_name),
    periodStart: String(row.period_start),
    starts: publishedValue(row.starts, row.starts_qualifier, row.starts_as_of, row.starts_source),
    adults: publishedValue(row.adults, row.adults_qualifier, row.adults_as_of, row.adults_source),
  }));
}

/** Adults in treatment in an area for the latest financial year up to the one given. */
export async function latestAdultsInTreatment(db: Executor, areaCode: string, financialYear: number): Promise<(PublishedValue & { financialYear: number }) | null> {
  const row = await db
    .selectFrom('aggregate_figures')
    .innerJoin('aggregate_imports', 'aggregate_imports.id', 'aggregate_figures.import_id')
    .select(['aggregate_figures.value', 'aggregate_figures.qualifier', 'aggregate_figures.period_start', 'aggregate_imports.data_as_of', 'aggregate_imports.source'])
    .where('aggregate_figures.area_code', '=', areaCode)
    .where('aggregate_figures.measure', '=', 'adults_in_treatment')
    .where('aggregate_figures.period_unit', '=', 'year')
    .where('aggregate_figures.breakdown', '=', 'all')
    .where('aggregate_figures.period_start', '<=', `${financialYear}-04-01`)
    .where('aggregate_figures.value', 'is not', null)
    .orderBy('aggregate_figures.period_start', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    value: row.value === null ? null : Number(row.value),
    qualifier: row.qualifier,
    dataAsOf: String(row.data_as_of),
    source: row.source,
    financialYear: Number(String(row.period_start).slice(0, 4)),
  };
}

export interface PopulationShare {
  breakdown: string;
  value: string;
  adults: number | null;
}

/** The treatment population of an area by each equality breakdown, for the latest year up to the one given. */
export async function treatmentPopulation(db: Executor, areaCode: string, financialYear: number): Promise<{ financialYear: number; dataAsOf: string; source: string; shares: PopulationShare[] } | null> {
  const latest = await db
    .selectFrom('aggregate_figures')
    .select(sql<string>`max(period_start)::text`.as('period_start'))
    .where('area_code', '=', areaCode)
    .where('measure', '=', 'adults_in_treatment')
    .where('period_unit', '=', 'year')
    .where('breakdown', '<>', 'all')
    .where('period_start', '<=', `${financialYear}-04-01`)
    .executeTakeFirst();
  if (!latest?.period_start) return null;
  const rows = await db
    .selectFrom('aggregate_figures')
    .innerJoin('aggregate_imports', 'aggregate_imports.id', 'aggregate_figures.import_id')
    .select(['aggregate_figures.breakdown', 'aggregate_figures.breakdown_value', 'aggregate_figures.value', 'aggregate_imports.data_as_of', 'aggregate_imports.source'])
    .where('aggregate_figures.area_code', '=', areaCode)
    .where('aggregate_figures.measure', '=', 'adults_in_treatment')
    .where('aggregate_figures.period_unit', '=', 'year')
    .where('aggregate_figures.period_start', '=', latest.period_start)
    .where('aggregate_figures.breakdown', '<>', 'all')
    .execute();
  const first = rows[0];
  if (!first) return null;
  return {
    financialYear: Number(latest.period_start.slice(0, 4)),
    dataAsOf: String(first.data_as_of),
    source: first.source,
    shares: rows.map((row) => ({ breakdown: row.breakdown, value: row.breakdown_value, adults: row.value === null ? null : Number(row.value) })),
  };
}

/** The areas the partnership chose to compare with. */
export async function comparatorAreas(db: Executor, partnershipId: string): Promise<Array<{ areaCode: string; areaName: string }>> {
  const rows = await db
    .selectFrom('comparator_areas')
    .innerJoin('aggregate_areas', 'aggregate_areas.area_code', 'comparator_areas.area_code')
    .select(['comparator_areas.area_code', 'aggregate_areas.area_name'])
    .where('comparator_areas.partnership_id', '=', partnershipId)
    .orderBy('aggregate_areas.area_name')
    .execute();
  return rows.map((row) => ({ areaCode: row.area_code, areaName: row.area_name }));
}

/** Local authority areas with published figures that could be compared with, by name. */
export async function comparableAreas(db: Executor, excluding: string | null): Promise<Array<{ areaCode: string; areaName: string; regionCode: string | null }>> {
  let query = db.selectFrom('aggregate_areas').select(['area_code', 'area_name', 'region_code']).where('area_level', '=', 'local_authority');
  if (excluding) query = query.where('area_code', '<>', excluding);
  const rows = await query.orderBy('area_name').execute();
  return rows.map((row) => ({ areaCode: row.area_code, areaName: row.area_name, regionCode: row.region_code }));
}

/** Replaces the partnership's comparator areas, with its audit record, in one transaction. */
export async function saveComparatorAreas(db: Kysely<Database>, partnershipId: string, actor: Actor, areaCodes: readonly string[]): Promise<void> {
  const run = async (trx: Executor) => {
    await trx.deleteFrom('comparator_areas').where('partnership_id', '=', partnershipId).execute();
    if (areaCodes.length) {
      await trx
        .insertInto('comparator_areas')
        .values(areaCodes.map((areaCode) => ({ partnership_id: partnershipId, area_code: areaCode, added_by: actor.userId })))
        .execute();
    }
    await recordAudit(trx, {
      partnershipId,
      actorUserId: actor.userId,
      action: 'comparator_areas_changed',
      recordType: 'partnership',
      recordId: partnershipId,
      summary: areaCodes.length ? `Areas to compare with set to ${areaCodes.join(', ')}` : 'Areas to compare with cleared',
      requestId: actor.requestId ?? null,
    });
  };
  return db.transaction().execute(run);
}

/**
 * The first day of the latest period of a unit, on or before `onOrBefore`, with a published
 * count of adults in treatment for an area: where the comparisons page points when the chosen
 * period has no published figures yet.
 */
export async function latestPublishedPeriodStart(db: Executor, areaCode: string, unit: PeriodUnit, onOrBefore: string): Promise<string | null> {
  const row = await db
    .selectFrom('aggregate_figures')
    .select(sql<string | null>`max(period_start)::text`.as('period_start'))
    .where('area_code', '=', areaCode)
    .where('measure', '=', 'adults_in_treatment')
    .where('period_unit', '=', unit)
    .where('breakdown', '=', 'all')
    .where('value', 'is not', null)
    .where('period_start', '<=', onOrBefore)
    .executeTakeFirst();
  return row?.period_start ?? null;
}

// Sharing --------------------------------------------------------------------------------------

export interface SharingPartnership {
  id: string;
  name: string;
  areaCode: string | null;
  region: string;
}

/** The partnerships that share their figures, in one region or (null) all of England, by name. */
export async function sharingPartnerships(db: Executor, region: string | null): Promise<SharingPartnership[]> {
  let query = db
    .selectFrom('partnerships')
    .innerJoin('figure_sharing', 'figure_sharing.partnership_id', 'partnerships.id')
    .select(['partnerships.id', 'partnerships.name', 'partnerships.ons_code', 'partnerships.region'])
    .where('figure_sharing.shares_figures', '=', true);
  if (region !== null) query = query.where('partnerships.region', '=', region);
  const rows = await query.orderBy('partnerships.name').execute();
  return rows.map((row) => ({ id: row.id, name: row.name, areaCode: row.ons_code, region: row.region }));
}
