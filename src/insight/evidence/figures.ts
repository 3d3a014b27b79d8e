import type { Executor } from '../../platform/db/executor.js';
import { ukDateOf } from '../../platform/values/calendar.js';
import { englandAreaCode, regionCodeOf } from '../areas.js';
import { accessFigures, latestAdultsInTreatment, partnershipArea, type PopulationShare, sharingPartnerships, treatmentPopulation } from '../dashboard-repository.js';
import { fairAccessGap } from '../dashboard-rules.js';
import { type EqualityDimension, equalityDimensions, minimumToCompare, type PathwayMeasures, type PeriodBasis } from '../measures.js';
import { type FigureGroup, groupsOf, overallOf, pathwayFigures } from '../pathway-figures.js';
import { financialYearKey, financialYearOf, type Period, shortPeriodLabel } from '../periods.js';
import { breakdownText } from '../published/catalogue.js';
import { type EvidenceMeasureKey, evidenceMeasure } from './catalogue.js';
import { evidencePeriod } from './rules.js';

/**
 * The live value of each linked measure for one partnership: worked out by PostgreSQL from the
 * partnership's referrals (one GROUPING SETS statement per date basis gives the period, its
 * quarters and its equality groups) and, for access, from the published figures. What is
 * returned is plain data, so that a page can show it and an agreed answer can keep it as it
 * stood.
 */

export interface EvidenceComparison {
  name: string;
  value: number | null;
}

export interface EvidenceFigure {
  measure: EvidenceMeasureKey;
  value: number | null;
  /** How many people or cases the figure rests on. */
  base: number;
  /** Too few to go on: no rating is suggested from it. */
  tooFew: boolean;
  /** A sentence about what lies behind the number, for example which group the widest gap is in. */
  detail: string | null;
  trend: Array<{ label: string; value: number | null }>;
  comparisons: EvidenceComparison[];
  from: string;
  to: string;
  /** When the figure was worked out (an ISO moment). */
  calculatedAt: string;
}

interface MeasureValue {
  value: number | null;
  base: number;
  tooFew: boolean;
  detail?: string | null;
}

const percentOf = (numerator: number, denominator: number | null | undefined) => (denominator ? (numerator / denominator) * 100 : null);

/** The value of a measure that comes from the pathway's records alone. */
export function recordMeasureValue(key: EvidenceMeasureKey, measures: PathwayMeasures): MeasureValue | null {
  const distribution = (value: PathwayMeasures['daysToFundingDecision']) => ({ value: value.median, base: value.count, tooFew: value.tooFewToCompare });
  const fromRate = (value: PathwayMeasures['completion']) => ({ value: value.percent, base: value.denominator, tooFew: value.tooFewToCompare });
  switch (key) {
    case 'days_to_funding_decision':
      return distribution(measures.daysToFundingDecision);
    case 'funding_decisions_within_target':
      return fromRate(measures.decisionsWithinTarget);
    case 'days_to_admission':
      return distribution(measures.daysToAdmission);
    case 'completion':
      return fromRate(measures.completion);
    case 'early_drop_out':
      return fromRate(measures.earlyDropOut);
    case 'stayed_ninety_days':
      return fromRate(measures.stayedNinetyDays);
    case 'referrer_told_within_24_hours':
      return fromRate(measures.unplannedNotifiedOnTime);
    case 'aftercare_before_admission':
      return fromRate(measures.aftercareBeforeAdmission);
    default:
      return null;
  }
}

/** Residential starts as a percentage of adults in treatment. */
export function accessValue(starts: number, adultsInTreatment: number | null): MeasureValue {
  return { value: percentOf(starts, adultsInTreatment), base: starts, tooFew: adultsInTreatment === null };
}

/**
 * The widest gap between an equality group's share of residential starts and its share of the
 * local treatment population, across the dimensions given. Too few when fewer starts than can be
 * compared, or no population published.
 */
export function widestFairAccessGap(
  groups: readonly FigureGroup[],
  population: readonly PopulationShare[],
  dimensions: readonly EqualityDimension[],
): MeasureValue {
  const everyone = overallOf(groups);
  let widest: { points: number; sentence: string } | null = null;
  for (const dimension of dimensions) {
    const shares = population.filter((share) => share.breakdown === dimension);
    const total = shares.reduce((sum, share) => sum + (share.adults ?? 0), 0);
    if (!total) continue;
    const keys = shares.map((share) => share.value);
    for (const group of groupsOf(groups, dimension, keys)) {
      const adults = shares.find((share) => share.value === group.key)?.adults ?? null;
      if (adults === null) continue;
      const gap = fairAccessGap(breakdownText(dimension, group.key), percentOf(group.measures.admitted, everyone.admitted), (adults / total) * 100);
      if (gap.points !== null && (!widest || Math.abs(gap.points) > widest.points)) widest = { points: Math.abs(gap.points), sentence: gap.sentence };
    }
  }
  return { value: widest?.points ?? null, base: everyone.admitted, tooFew: everyone.admitted < minimumToCompare || !widest, detail: widest?.sentence ?? null };
}

export interface EvidenceQuery {
  keys: readonly EvidenceMeasureKey[];
  /** The last day the figures may cover (a round's responses due date); today if that is sooner. */
  endsOn: string;
  now: Date;
}

/** Every requested measure's live figure for the partnership, in the order asked. */
export async function evidenceFigures(db: Executor, partnershipId: string, query: EvidenceQuery): Promise<EvidenceFigure[]> {
  const keys = [...new Set(query.keys)];
  if (!keys.length) return [];
  const today = ukDateOf(query.now);
  const period = evidencePeriod(query.endsOn, today);
  const quarterKeys = period.quarters.map((quarter) => quarter.key);

  const bases = [...new Set(keys.map((key) => evidenceMeasure(key).basis))];
  const groupsByBasis = new Map<PeriodBasis, FigureGroup[]>();
  for (const basis of bases) {
    groupsByBasis.set(basis, await pathwayFigures(db, partnershipId, { from: period.from, to: period.to, basis, unit: 'quarter', now: query.now }));
  }

  const needsArea = keys.some((key) => key === 'access_rate' || key === 'fair_access_gap' || key === 'substance_access_gap');
  const area = needsArea ? await partnershipArea(db, partnershipId) : null;
  const financialYear = financialYearOf(period.to);
  const adults = area?.areaCode ? await latestAdultsInTreatment(db, area.areaCode, financialYear) : null;
  const needsPopulation = keys.some((key) => key === 'fair_access_gap' || key === 'substance_access_gap');
  const population = needsPopulation && area?.areaCode ? await treatmentPopulation(db, area.areaCode, financialYear) : null;

  const published = keys.includes('access_rate') && area ? await publishedAccess(db, area.region, period.to) : [];
  const calculatedAt = query.now.toISOString();

  // Record-based measures have no published equivalent: they are compared with the other
  // partnerships that share their figures, pooled, in the region and in England.
  const recordBases = [...new Set(keys.filter((key) => recordMeasureValue(key, overallOf([])) !== null).map((key) => evidenceMeasure(key).basis))];
  const pools = recordBases.length ? await comparisonPools(db, partnershipId, area ?? (await partnershipArea(db, partnershipId))) : [];
  const pooled = new Map<string, PathwayMeasures>();
  for (const pool of pools) {
    for (const basis of recordBases) {
      const groups = await pathwayFigures(db, pool.partnershipIds, { from: period.from, to: period.to, basis, unit: 'quarter', now: query.now, only: 'all' });
      pooled.set(`${pool.name}/${basis}`, overallOf(groups));
    }
  }

  return keys.map((key) => {
    const groups = groupsByBasis.get(evidenceMeasure(key).basis) ?? [];
    const byQuarter = groupsOf(groups, 'period', quarterKeys);
    let measured: MeasureValue;
    let trend: EvidenceFigure['trend'];
    let comparisons: EvidenceComparison[] = [];
    if (key === 'access_rate') {
      measured = accessValue(overallOf(groups).admitted, adults?.value ?? null);
      // A quarter's starts at a year's pace, so that each point reads against the yearly rate.
      trend = byQuarter.map((quarter, index) => ({ label: labelOf(period.quarters[index]), value: percentOf(quarter.measures.admitted * 4, adults?.value ?? null) }));
      comparisons = published;
    } else if (key === 'fair_access_gap' || key === 'substance_access_gap') {
      const dimensions = key === 'fair_access_gap' ? equalityDimensions : (['main_substance'] as const);
      measured = widestFairAccessGap(groups, population?.shares ?? [], dimensions);
      trend = [];
    } else {
      measured = recordMeasureValue(key, overallOf(groups)) as MeasureValue;
      trend = byQuarter.map((quarter, index) => ({ label: labelOf(period.quarters[index]), value: recordMeasureValue(key, quarter.measures)?.value ?? null }));
      comparisons = pools.flatMap((pool) => {
        const value = recordMeasureValue(key, pooled.get(`${pool.name}/${evidenceMeasure(key).basis}`) ?? overallOf([]));
        return value && !value.tooFew ? [{ name: pool.name, value: value.value }] : [];
      });
    }
    return {
      measure: key,
      value: measured.value,
      base: measured.base,
      tooFew: measured.tooFew,
      detail: measured.detail ?? null,
      trend,
      comparisons,
      from: period.from,
      to: period.to,
      calculatedAt,
    };
  });
}

/** Fewer other partnerships than this sharing their figures, and no pooled comparison is shown, so none of them can be singled out. */
export const minimumPartnershipsToPool = 3;

interface ComparisonPool {
  name: string;
  partnershipIds: string[];
}

/**
 * The other partnerships that share their figures (through the regional sharing setting), in
 * the partnership's region and in England, each kept only when there are enough of them.
 */
async function comparisonPools(db: Executor, partnershipId: string, area: { region: string }): Promise<ComparisonPool[]> {
  const sharing = (await sharingPartnerships(db, null)).filter((partnership) => partnership.id !== partnershipId);
  const inRegion = sharing.filter((row) => row.region === area.region).map((row) => row.id);
  const pools: ComparisonPool[] = [];
  if (inRegion.length >= minimumPartnershipsToPool) pools.push({ name: `Other sharing partnerships in ${area.region === 'London' ? 'London' : `the ${area.region}`} (${inRegion.length})`, partnershipIds: inRegion });
  if (sharing.length >= minimumPartnershipsToPool) pools.push({ name: `Other sharing partnerships in England (${sharing.length})`, partnershipIds: sharing.map((row) => row.id) });
  return pools;
}

const labelOf = (quarter: Period | undefined) => (quarter ? shortPeriodLabel(quarter) : '');

/** The region's and England's access rates for the latest published financial year up to the date. */
async function publishedAccess(db: Executor, region: string, onOrBefore: string): Promise<EvidenceComparison[]> {
  const regionCode = regionCodeOf(region);
  const areaCodes = [...(regionCode ? [regionCode] : []), englandAreaCode];
  const financialYear = financialYearOf(onOrBefore);
  const figures = await accessFigures(db, { areaCodes, unit: 'year', from: `${financialYear - 2}-04-01`, to: `${financialYear}-04-01` });
  return areaCodes.flatMap((areaCode) => {
    const latest = figures.filter((figure) => figure.areaCode === areaCode && figure.starts?.value != null && figure.adults?.value).at(-1);
    if (!latest) return [];
    const name = areaCode === englandAreaCode ? 'England' : latest.areaName;
    return [{ name: `${name} (${financialYearKey(financialYearOf(latest.periodStart))})`, value: percentOf(latest.starts?.value ?? 0, latest.adults?.value) }];
  });
}
