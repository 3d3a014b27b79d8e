import { agreedRatingCounts } from '../assessment/index.js';
import { latestAdultsInTreatment, overallOf, pathwayFigures, residentialStarts, residentialTarget } from '../insight/index.js';
import type { Executor } from '../platform/db/executor.js';
import type { AreaFigures, FinancialYear } from './league-rules.js';
import { type SharingPartnership, sharingPartnerships } from '../insight/index.js';

/**
 * What the analysts' pages read, and only ever for the partnerships that share their figures
 * within the analyst's scope. Each figure is counted by the database through insight's and the
 * self-assessment's own reads; no record is loaded.
 */

export interface AnalystScope {
  /** One region, or null for England. */
  region: string | null;
}

export function scopeName(scope: AnalystScope): string {
  return scope.region ?? 'England';
}

export function partnershipsInScope(db: Executor, scope: AnalystScope): Promise<SharingPartnership[]> {
  return sharingPartnerships(db, scope.region);
}

/** One area's figures for a financial year: people counted by the date they were admitted. */
export async function areaFigures(db: Executor, partnership: SharingPartnership, year: FinancialYear, now: Date): Promise<AreaFigures> {
  const [starts, adults, target, groups] = await Promise.all([
    residentialStarts(db, partnership.id, year.from, year.to),
    partnership.areaCode ? latestAdultsInTreatment(db, partnership.areaCode, year.startYear) : Promise.resolve(null),
    residentialTarget(db, partnership.id, year.startYear),
    pathwayFigures(db, partnership.id, { from: year.from, to: year.to, basis: 'admission', unit: 'year', now }),
  ]);
  const overall = overallOf(groups);
  return {
    id: partnership.id,
    name: partnership.name,
    region: partnership.region,
    starts,
    adults: adults?.value ?? null,
    adultsYear: adults?.financialYear ?? null,
    target: target?.targetEpisodes ?? null,
    decisions: { count: overall.daysToFundingDecision.count, median: overall.daysToFundingDecision.median },
    completion: { numerator: overall.completion.numerator, denominator: overall.completion.denominator },
    earlyDropOut: { numerator: overall.earlyDropOut.numerator, denominator: overall.earlyDropOut.denominator },
  };
}

export async function allAreaFigures(db: Executor, partnerships: readonly SharingPartnership[], year: FinancialYear, now: Date): Promise<AreaFigures[]> {
  const figures: AreaFigures[] = [];
  // One area at a time: a pool connection each, not one per area at once.
  for (const partnership of partnerships) figures.push(await areaFigures(db, partnership, year, now));
  return figures;
}

export function selfAssessmentCounts(db: Executor, partnerships: readonly SharingPartnership[]) {
  return agreedRatingCounts(
    db,
    partnerships.map((partnership) => partnership.id),
  );
}
