import {
  compareProportion,
  countText,
  disclosureThreshold,
  financialYearKey,
  financialYearOf,
  type FunnelLimits,
  funnelCurve,
  type Interval,
  nationalAmbitionPercent,
  rateText,
  showCount,
  showGroups,
  showRate,
} from '../insight/index.js';

/**
 * The rules of the analysts' pages as plain functions: which financial year is asked for, how
 * each sharing area's figures are shown to someone outside it (small counts withheld, with
 * everything built on them), the league table's order and judgement, the funnel plot's limits,
 * the choice of areas to compare, and the self-assessment counts.
 */

/** Every figure of one area for the year, as counted by the database. */
export interface AreaFigures {
  id: string;
  name: string;
  region: string;
  /** Admissions recorded in the year. */
  starts: number;
  /** Published adults in treatment, for the latest year up to the one chosen; null when none is published. */
  adults: number | null;
  adultsYear: number | null;
  target: number | null;
  decisions: { count: number; median: number | null };
  completion: { numerator: number; denominator: number };
  earlyDropOut: { numerator: number; denominator: number };
}

export type RowStatus = 'shown' | 'withheld' | 'not_published';

export interface LeagueRow {
  area: AreaFigures;
  status: RowStatus;
  /** Starts as a share of adults in treatment, when shown. */
  proportion: number | null;
  interval95: Interval | null;
  rank: number | null;
  /** The judgement against the national ambition, in words. */
  judgement: string;
  startsText: string;
  adultsText: string;
  rateText: string;
  intervalText: string;
  targetText: string;
  decisionText: string;
  completionText: string;
  earlyDropOutText: string;
}

/** The national ambition as a proportion: the line the judgement and the funnel are drawn against. */
export const ambition = nationalAmbitionPercent / 100;
export const ambitionName = `the ${nationalAmbitionPercent}% ambition`;

/** '1.2%': one decimal place under 10% (access rates are small), whole numbers above. */
export function percentText(proportion: number): string {
  const percent = proportion * 100;
  const digits = percent < 10 ? 1 : 0;
  return `${percent.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })}%`;
}

/** '0.9% to 1.6%'. Interval ends always show two decimal places, so narrow intervals do not look like a single value. */
export function intervalText(interval: Interval): string {
  const write = (value: number) => `${(value * 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;
  return `${write(interval.lower)} to ${write(interval.upper)}`;
}

function medianText(decisions: AreaFigures['decisions']): string {
  if (decisions.count === 0) return 'no decisions';
  if (decisions.count < disclosureThreshold || decisions.median === null) return `withheld (fewer than ${disclosureThreshold} decisions)`;
  return `${decisions.median.toLocaleString('en-GB', { maximumFractionDigits: 1 })} days`;
}

function targetText(starts: string, target: number | null): string {
  return target === null ? `${starts} (no local target set)` : `${starts} of ${target.toLocaleString('en-GB')}`;
}

/**
 * One area's row for an audience outside the partnership. Starts of 1 to 4 are "fewer than 5",
 * and the access rate, its interval, its judgement and the area's place in the table (all of
 * which would give the count back with the published adults in treatment) are withheld.
 */
export function leagueRow(area: AreaFigures): Omit<LeagueRow, 'rank'> {
  const starts = showCount(area.starts, 'shared');
  const startsText = countText(starts);
  const common = {
    area,
    startsText,
    adultsText: area.adults === null ? 'not published' : area.adults.toLocaleString('en-GB'),
    targetText: targetText(startsText, area.target),
    decisionText: medianText(area.decisions),
    completionText: rateText(showRate(area.completion.numerator, area.completion.denominator, 'shared')),
    earlyDropOutText: rateText(showRate(area.earlyDropOut.numerator, area.earlyDropOut.denominator, 'shared')),
  };
  if (area.adults === null || area.adults === 0 || area.starts > area.adults) {
    return { ...common, status: 'not_published', proportion: null, interval95: null, rateText: 'not published', intervalText: '', judgement: 'Not compared: no published adults in treatment' };
  }
  if (starts.kind === 'suppressed') {
    return { ...common, status: 'withheld', proportion: null, interval95: null, rateText: 'withheld', intervalText: 'withheld', judgement: `Withheld: fewer than ${disclosureThreshold} starts` };
  }
  const comparison = compareProportion({ successes: area.starts, trials: area.adults }, ambition, { higherIsBetter: true, comparator: ambitionName });
  return {
    ...common,
    status: 'shown',
    proportion: comparison.value,
    interval95: comparison.interval95,
    rateText: percentText(comparison.value as number),
    intervalText: comparison.interval95 ? intervalText(comparison.interval95) : '',
    judgement: comparison.sentence,
  };
}

/** Highest access first; areas whose rate is withheld or cannot be worked out follow, by name, unranked. */
export function leagueTable(areas: readonly AreaFigures[]): LeagueRow[] {
  const rows = areas.map(leagueRow);
  const shown = rows.filter((row) => row.status === 'shown').sort((a, b) => (b.proportion as number) - (a.proportion as number) || a.area.name.localeCompare(b.area.name));
  const others = rows.filter((row) => row.status !== 'shown').sort((a, b) => a.area.name.localeCompare(b.area.name));
  let rank = 0;
  let previous: number | null = null;
  const ranked = shown.map((row, index) => {
    // Equal rates share a place.
    if (row.proportion !== previous) rank = index + 1;
    previous = row.proportion;
    return { ...row, rank };
  });
  return [...ranked, ...others.map((row) => ({ ...row, rank: null }))];
}

// Funnel plot ------------------------------------------------------------------------------------

/** The 95% and 99.8% limits around the ambition, as percentages, from 1 to the largest area's adults in treatment. */
export function ambitionFunnel(maxTrials: number): FunnelLimits[] {
  return funnelCurve(ambition, maxTrials).map((point) => ({
    trials: point.trials,
    lower95: point.lower95 * 100,
    upper95: point.upper95 * 100,
    lower998: point.lower998 * 100,
    upper998: point.upper998 * 100,
  }));
}

/** Where an area lies against the funnel around the ambition, in words. */
export function funnelWords(position: 'inside' | 'above-95' | 'below-95' | 'above-99.8' | 'below-99.8'): string {
  switch (position) {
    case 'inside':
      return `Inside the 95% limits: no different from ${ambitionName} beyond what chance would give`;
    case 'above-95':
      return `Above the 95% limits: higher than ${ambitionName}`;
    case 'below-95':
      return `Below the 95% limits: lower than ${ambitionName}`;
    case 'above-99.8':
      return `Above the 99.8% limits: higher than ${ambitionName}, with strong evidence that the difference is not chance`;
    case 'below-99.8':
      return `Below the 99.8% limits: lower than ${ambitionName}, with strong evidence that the difference is not chance`;
  }
}

// The financial year -----------------------------------------------------------------------------

export interface FinancialYear {
  startYear: number;
  key: string;
  label: string;
  from: string;
  to: string;
}

export function financialYear(startYear: number): FinancialYear {
  return { startYear, key: financialYearKey(startYear), label: `April ${startYear} to March ${startYear + 1}`, from: `${startYear}-04-01`, to: `${startYear + 1}-03-31` };
}

/** How many financial years the analyst can choose from, the current one included. */
export const yearsOffered = 5;

/** The years offered, latest first. */
export function yearsUpTo(today: string): FinancialYear[] {
  const current = financialYearOf(today);
  return Array.from({ length: yearsOffered }, (_, index) => financialYear(current - index));
}

/** The year asked for ('2025-26'), or the current one; a year not offered is a problem. */
export function yearChoice(asked: unknown, today: string): { year: FinancialYear; problem: string | null } {
  const offered = yearsUpTo(today);
  const current = offered[0] as FinancialYear;
  if (asked === undefined || asked === '') return { year: current, problem: null };
  const found = typeof asked === 'string' ? offered.find((year) => year.key === asked) : undefined;
  return found ? { year: found, problem: null } : { year: current, problem: 'Select a financial year from the list' };
}

// Comparing areas side by side -------------------------------------------------------------------

/** The areas asked for, if they are at least two of those offered. */
export function compareChoice(asked: unknown, offered: readonly string[]): { ids: string[]; problem: string | null } {
  const list = (Array.isArray(asked) ? asked : asked === undefined ? [] : [asked]).filter((value): value is string => typeof value === 'string' && value !== '');
  const ids = [...new Set(list)];
  if (ids.some((id) => !offered.includes(id))) return { ids: [], problem: 'Select areas from the list' };
  if (ids.length < 2) return { ids, problem: 'Select at least 2 areas to compare' };
  return { ids, problem: null };
}

// The self-assessment -----------------------------------------------------------------------------

export interface RatingCounts {
  areas: number;
  inPlace: number;
  partly: number;
  notInPlace: number;
  other: number;
}

/**
 * A statement's counts of areas for a shared audience: counts of 1 to 4 are "fewer than 5", and
 * since the number of areas that answered is shown beside them, a second count is withheld
 * when only one would be hidden, so it cannot be worked out by subtraction.
 */
export function ratingCells(counts: RatingCounts): { areas: string; inPlace: string; partly: string; notInPlace: string; other: string } {
  const [inPlace, partly, notInPlace, other] = showGroups([counts.inPlace, counts.partly, counts.notInPlace, counts.other], 'shared', { totalShown: true }).map(countText) as [
    string,
    string,
    string,
    string,
  ];
  return { areas: countText(showCount(counts.areas, 'shared')), inPlace, partly, notInPlace, other };
}
