import { financialYearOf } from '../insight/index.js';
import type { Transaction } from 'kysely';
import {
  type Breakdown,
  breakdowns,
  englandAreaCode,
  englandAreaName,
  type Period,
  type PublishedArea,
  type PublishedFigure,
  type PublishedMeasure,
  regionAreaCodes,
  storePublishedFigures,
} from '../insight/index.js';
import type { Database } from '../platform/db/schema.js';
import { addDays, isoDateOfUtcMoment } from '../platform/values/calendar.js';
import { seededRandom } from './random.js';

/**
 * Published figures for the demo: England, the North West and East Midlands, the two demo
 * partnerships' own areas and five invented North West areas to compare with. Every figure is
 * invented. England's are built around the published national totals (310,863 adults in
 * treatment in 2023-24, with 158,991 new entrants; residential access about 1.1% in 2025); the
 * local ones are plausible for areas of their size. The area codes E06999901 to E08999907 belong
 * to no real area.
 */

export const demoAreaCodes = {
  northmoor: 'E06999901',
  eastfield: 'E06999902',
} as const;

export const demoFiguresSource = 'Demo figures: fictional, built around published national totals';

interface DemoArea extends PublishedArea {
  /** Adults in treatment in 2023-24. */
  inTreatment: number;
  /** Residential rehabilitation starts as a share of adults in treatment. */
  access: number;
}

/** The comparators: one well under 0.5% access and one near 2%, as real areas differ this much. */
export const demoComparatorAreas: DemoArea[] = [
  { code: 'E06999903', name: 'Westmere (demo)', level: 'local_authority', regionCode: regionAreaCodes['North West'], inTreatment: 2310, access: 0.0042 },
  { code: 'E06999904', name: 'Harrowdale (demo)', level: 'local_authority', regionCode: regionAreaCodes['North West'], inTreatment: 1840, access: 0.0196 },
  { code: 'E06999905', name: 'Fellbrook (demo)', level: 'local_authority', regionCode: regionAreaCodes['North West'], inTreatment: 2720, access: 0.011 },
  { code: 'E08999906', name: 'Copperton (demo)', level: 'local_authority', regionCode: regionAreaCodes['North West'], inTreatment: 3950, access: 0.0135 },
  { code: 'E06999907', name: 'Saltmoor (demo)', level: 'local_authority', regionCode: regionAreaCodes['North West'], inTreatment: 1460, access: 0.0078 },
];

const partnershipAreas: Record<keyof typeof demoAreaCodes, DemoArea> = {
  northmoor: { code: demoAreaCodes.northmoor, name: 'Northmoor (demo)', level: 'local_authority', regionCode: regionAreaCodes['North West'], inTreatment: 2580, access: 0.0124 },
  eastfield: { code: demoAreaCodes.eastfield, name: 'Eastfield (demo)', level: 'local_authority', regionCode: regionAreaCodes['East Midlands'], inTreatment: 2140, access: 0.0091 },
};

const england: PublishedArea = { code: englandAreaCode, name: englandAreaName, level: 'england', regionCode: null };
const northWest: PublishedArea = { code: regionAreaCodes['North West'], name: 'North West', level: 'region', regionCode: englandAreaCode };
const eastMidlands: PublishedArea = { code: regionAreaCodes['East Midlands'], name: 'East Midlands', level: 'region', regionCode: englandAreaCode };

/** The financial years shown, by the year they start in; 2026-27 so far has its first 2 quarters. */
const years = [2023, 2024, 2025, 2026] as const;
const currentYear = 2026;
const quartersSoFar = 2;

/** Each measure in a year, as a share of adults in treatment (residential starts come from the area's access). */
const flowShares: Record<Exclude<PublishedMeasure, 'adults_in_treatment' | 'residential_rehab_starts'>, number> = {
  new_presentations: 158_991 / 310_863,
  inpatient_detox_starts: 0.0142,
  successful_completions: 0.186,
};
/** Adults in contact with treatment in one quarter, against the whole year. */
const quarterInTreatmentShare = 0.74;
/** How a year's starts and completions fall across its quarters. */
const quarterShares = [0.255, 0.248, 0.236, 0.261];

/** England's adults in treatment and new entrants; 2023-24 is the published figure, the later years invented. */
const englandYears: Record<(typeof years)[number], { inTreatment: number; newPresentations: number; access: number }> = {
  2023: { inTreatment: 310_863, newPresentations: 158_991, access: 0.0098 },
  2024: { inTreatment: 323_420, newPresentations: 163_870, access: 0.0104 },
  2025: { inTreatment: 331_905, newPresentations: 167_240, access: 0.011 },
  2026: { inTreatment: 336_800, newPresentations: 169_100, access: 0.0112 },
};

const start = (year: number, monthsIn = 0): string => {
  const month = 4 + monthsIn;
  return month > 12 ? `${year + 1}-${String(month - 12).padStart(2, '0')}-01` : `${year}-${String(month).padStart(2, '0')}-01`;
};

/** The periods of a financial year with figures so far: the year itself once it is over, and its quarters. */
function periodsOf(year: number): Array<{ period: Period; quarter: number | null }> {
  const quarters = year === currentYear ? quartersSoFar : 4;
  const list: Array<{ period: Period; quarter: number | null }> = [];
  if (year !== currentYear) list.push({ period: { unit: 'year', start: start(year) }, quarter: null });
  for (let quarter = 0; quarter < quarters; quarter += 1) list.push({ period: { unit: 'quarter', start: start(year, quarter * 3) }, quarter });
  return list;
}

/** The year's totals of each measure for an area. */
type YearTotals = Record<PublishedMeasure, number>;

function localYears(area: DemoArea, seed: number): Record<number, YearTotals> {
  const random = seededRandom(seed);
  const totals: Record<number, YearTotals> = {};
  let inTreatment = area.inTreatment;
  for (const year of years) {
    if (year !== years[0]) inTreatment = Math.round(inTreatment * (1.02 + random() * 0.04));
    const wobble = () => 0.94 + random() * 0.12;
    totals[year] = {
      adults_in_treatment: inTreatment,
      new_presentations: Math.round(inTreatment * flowShares.new_presentations * wobble()),
      residential_rehab_starts: Math.round(inTreatment * area.access * wobble()),
      inpatient_detox_starts: Math.round(inTreatment * flowShares.inpatient_detox_starts * wobble()),
      successful_completions: Math.round(inTreatment * flowShares.successful_completions * wobble()),
    };
  }
  return totals;
}

function englandTotals(year: (typeof years)[number], share = 1): YearTotals {
  const figures = englandYears[year];
  const scale = (value: number) => Math.round(value * share);
  return {
    adults_in_treatment: scale(figures.inTreatment),
    new_presentations: scale(figures.newPresentations),
    residential_rehab_starts: scale(figures.inTreatment * figures.access),
    inpatient_detox_starts: scale(figures.inTreatment * flowShares.inpatient_detox_starts),
    successful_completions: scale(figures.inTreatment * flowShares.successful_completions),
  };
}

/** A year's flow split across its quarters so the 4 add up to the year. */
function quarterOf(total: number, quarter: number): number {
  const before = quarterShares.slice(0, quarter).reduce((sum, share) => sum + share, 0);
  return Math.round(total * (before + (quarterShares[quarter] as number))) - Math.round(total * before);
}

/** Splits a total into groups by share, the rounding given to the largest remainders so the groups add up. */
function byShares(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((share) => (total * share) / sum);
  const counts = exact.map(Math.floor);
  const order = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  const left = total - counts.reduce((a, b) => a + b, 0);
  for (const { index } of order.slice(0, left)) counts[index] = (counts[index] as number) + 1;
  return counts;
}

/** The treatment population's make-up, in the order of each breakdown's groups. */
const populationShares: Record<Exclude<Breakdown, 'all'>, number[]> = {
  age_band: [0.058, 0.176, 0.301, 0.262, 0.155, 0.048],
  sex: [0.334, 0.662, 0.0015, 0.0025],
  ethnicity_group: [0.052, 0.031, 0.029, 0.842, 0.013, 0.033],
  disability: [0.284, 0.618, 0.098],
  main_substance: [0.455, 0.382, 0.163],
};

/** Publishers hide counts this small, so people cannot be recognised. */
const suppressBelow = 5;

function figuresFor(area: PublishedArea, totalsByYear: Record<number, YearTotals>, withBreakdowns: boolean): PublishedFigure[] {
  const figures: PublishedFigure[] = [];
  for (const year of years) {
    const totals = totalsByYear[year] as YearTotals;
    for (const { period, quarter } of periodsOf(year)) {
      const qualifier = year === currentYear ? ('provisional' as const) : null;
      const valueOf = (measure: PublishedMeasure) =>
        quarter === null ? totals[measure] : measure === 'adults_in_treatment' ? Math.round(totals[measure] * quarterInTreatmentShare) : quarterOf(totals[measure], quarter);
      for (const measure of Object.keys(totals) as PublishedMeasure[]) {
        figures.push({ areaCode: area.code, areaLevel: area.level, period, measure, breakdown: 'all', breakdownValue: 'all', value: valueOf(measure), qualifier });
      }
      if (!withBreakdowns) continue;
      for (const breakdown of breakdowns) {
        if (breakdown.key === 'all') continue;
        const counts = byShares(valueOf('adults_in_treatment'), populationShares[breakdown.key]);
        breakdown.values.forEach((group, index) => {
          const count = counts[index] as number;
          const hidden = count < suppressBelow;
          figures.push({
            areaCode: area.code,
            areaLevel: area.level,
            period,
            measure: 'adults_in_treatment',
            breakdown: breakdown.key,
            breakdownValue: group,
            value: hidden ? null : count,
            qualifier: hidden ? 'suppressed' : qualifier,
          });
        });
      }
    }
  }
  return figures;
}

export interface InsightDemoPeople {
  adminUserId: string;
  partnerships: Record<keyof typeof demoAreaCodes, { partnershipId: string; leadUserId: string }>;
}

/**
 * Imports the demo figures through the published figures service, so the imports and their
 * revisions exist as they would after real uploads: an administrator's national, regional and
 * comparator figures, each lead's own area with the treatment population's make-up, and a later
 * re-import that confirms Northmoor's provisional first quarter of 2026-27, revising one figure.
 */
export async function seedDemoInsight(trx: Transaction<Database>, people: InsightDemoPeople, today: Date): Promise<void> {
  const todayIso = isoDateOfUtcMoment(today);
  const daysAgo = (days: number) => new Date(today.getTime() - days * 24 * 60 * 60 * 1000);

  const national = [
    ...figuresFor(england, Object.fromEntries(years.map((year) => [year, englandTotals(year)])), false),
    ...figuresFor(northWest, Object.fromEntries(years.map((year) => [year, englandTotals(year, 0.138)])), false),
    ...figuresFor(eastMidlands, Object.fromEntries(years.map((year) => [year, englandTotals(year, 0.074)])), false),
    ...demoComparatorAreas.flatMap((area, index) => figuresFor(area, localYears(area, 101 + index), false)),
  ];
  await storePublishedFigures(trx, { userId: people.adminUserId }, {
    partnershipId: null,
    source: demoFiguresSource,
    dataAsOf: addDays(todayIso, -40),
    fileName: 'demo-national-and-regional-figures.csv',
    figures: national,
    areas: [england, northWest, eastMidlands, ...demoComparatorAreas.map(({ inTreatment: _n, access: _a, ...area }) => area)],
    importedAt: daysAgo(30),
  });

  const local = {} as Record<keyof typeof demoAreaCodes, PublishedFigure[]>;
  for (const [key, seed] of [['northmoor', 201], ['eastfield', 202]] as const) {
    const { inTreatment: _n, access: _a, ...area } = partnershipAreas[key];
    local[key] = figuresFor(area, localYears(partnershipAreas[key], seed), true);
    await storePublishedFigures(trx, { userId: people.partnerships[key].leadUserId }, {
      partnershipId: people.partnerships[key].partnershipId,
      source: `Demo figures: fictional local figures for ${area.name}`,
      dataAsOf: addDays(todayIso, -35),
      fileName: `demo-${key}-figures.csv`,
      figures: local[key],
      areas: [area],
      importedAt: daysAgo(key === 'northmoor' ? 25 : 24),
    });
  }

  // The first quarter of 2026-27 confirmed: no longer provisional, with new presentations revised up by 3.
  const firstQuarter = start(currentYear);
  const confirmed = local.northmoor
    .filter((figure) => figure.period.unit === 'quarter' && figure.period.start === firstQuarter)
    .map((figure) => ({
      ...figure,
      qualifier: figure.qualifier === 'provisional' ? null : figure.qualifier,
      value: figure.measure === 'new_presentations' && figure.breakdown === 'all' && figure.value !== null ? figure.value + 3 : figure.value,
    }));
  const { inTreatment: _n, access: _a, ...northmoorArea } = partnershipAreas.northmoor;
  await storePublishedFigures(trx, { userId: people.partnerships.northmoor.leadUserId }, {
    partnershipId: people.partnerships.northmoor.partnershipId,
    source: 'Demo figures: fictional local figures for Northmoor (demo), 2026-27 Q1 confirmed',
    dataAsOf: addDays(todayIso, -10),
    fileName: 'demo-northmoor-2026-27-q1.csv',
    figures: confirmed,
    areas: [northmoorArea],
    importedAt: daysAgo(7),
  });

  // Northmoor's local target for this financial year, set high enough to show a shortfall on the
  // dashboard; Eastfield has not set one yet.
  await trx
    .insertInto('residential_targets')
    .values({ partnership_id: people.partnerships.northmoor.partnershipId, financial_year: financialYearOf(todayIso), target_episodes: 110, set_by: people.partnerships.northmoor.leadUserId, updated_at: daysAgo(60) })
    .execute();
  // And two neighbours it compares itself with: one with low access, one near the ambition.
  await trx
    .insertInto('comparator_areas')
    .values(['E06999903', 'E06999904'].map((areaCode) => ({ partnership_id: people.partnerships.northmoor.partnershipId, area_code: areaCode, added_by: people.partnerships.northmoor.leadUserId })))
    .execute();
}
