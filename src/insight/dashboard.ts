import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.js';
import { ukDateOf } from '../platform/values/calendar.js';
import { englandAreaCode, regionCodeOf } from './areas.js';
import {
  type AccessFigure,
  accessFigures,
  comparatorAreas,
  latestAdultsInTreatment,
  type PartnershipArea,
  partnershipArea,
  type PublishedValue,
  type ResidentialTarget,
  residentialStarts,
  residentialTarget,
  treatmentPopulation,
} from './dashboard-repository.js';
import { type TargetProgress, targetProgress } from './dashboard-rules.js';
import type { PathwayMeasures, PeriodBasis } from './measures.js';
import { type FigureGroup, groupsOf, pathwayFigures } from './pathway-figures.js';
import { financialYearOf, type Period, recentPeriods, trendLength } from './periods.js';

/**
 * Everything the dashboard shows for one partnership and period, gathered in a handful of
 * statements: the target and starts so far this financial year, the pathway figures for the
 * period (one GROUPING SETS statement), the same by period for the trend (another), and the
 * published figures for the partnership's area, its region, England and its comparators.
 */

export interface HeadlineData {
  partnership: PartnershipArea;
  today: string;
  target: ResidentialTarget | null;
  adultsInTreatment: (PublishedValue & { financialYear: number }) | null;
  progress: TargetProgress;
}

/** The always-visible headline: this financial year's starts against the local target and the 2% ambition. */
export async function loadHeadline(db: Kysely<Database>, partnershipId: string, now: Date): Promise<HeadlineData> {
  const today = ukDateOf(now);
  const financialYear = financialYearOf(today);
  const partnership = await partnershipArea(db, partnershipId);
  const target = await residentialTarget(db, partnershipId, financialYear);
  const startsSoFar = await residentialStarts(db, partnershipId, `${financialYear}-04-01`, today);
  const adultsInTreatment = partnership.areaCode ? await latestAdultsInTreatment(db, partnership.areaCode, financialYear) : null;
  return {
    partnership,
    today,
    target,
    adultsInTreatment,
    progress: targetProgress({ financialYear, today, startsSoFar, target: target?.targetEpisodes ?? null, adultsInTreatment: adultsInTreatment?.value ?? null }),
  };
}

export interface ComparedArea {
  areaCode: string;
  name: string;
  kind: 'own' | 'comparator' | 'region' | 'england';
}

export interface DashboardData {
  headline: HeadlineData;
  period: Period;
  basis: PeriodBasis;
  figures: FigureGroup[];
  trend: { periods: Period[]; measures: Array<{ key: string; measures: PathwayMeasures }>; access: AccessFigure[] };
  areas: ComparedArea[];
  population: Awaited<ReturnType<typeof treatmentPopulation>>;
}

/** The areas the partnership is compared with: its own, those it chose, its region and England. */
export async function comparedAreas(db: Kysely<Database>, partnershipId: string, partnership: PartnershipArea): Promise<ComparedArea[]> {
  const areas: ComparedArea[] = [];
  if (partnership.areaCode) areas.push({ areaCode: partnership.areaCode, name: partnership.name, kind: 'own' });
  for (const area of await comparatorAreas(db, partnershipId)) areas.push({ areaCode: area.areaCode, name: area.areaName, kind: 'comparator' });
  const region = regionCodeOf(partnership.region);
  if (region) areas.push({ areaCode: region, name: `the ${partnership.region}`.replace('the London', 'London'), kind: 'region' });
  areas.push({ areaCode: englandAreaCode, name: 'England', kind: 'england' });
  return areas;
}

export async function loadDashboard(
  db: Kysely<Database>,
  partnershipId: string,
  options: { period: Period; basis: PeriodBasis; now: Date },
): Promise<DashboardData> {
  const { period, basis, now } = options;
  const headline = await loadHeadline(db, partnershipId, now);
  const figures = await pathwayFigures(db, partnershipId, { from: period.from, to: period.to, basis, unit: period.unit, now });
  const periods = recentPeriods(period.unit, period.from, trendLength[period.unit]);
  const first = periods[0] as Period;
  const trendGroups = await pathwayFigures(db, partnershipId, { from: first.from, to: period.to, basis, unit: period.unit, now, only: 'period' });
  const areas = await comparedAreas(db, partnershipId, headline.partnership);
  const access = await accessFigures(db, { areaCodes: areas.map((area) => area.areaCode), unit: period.unit, from: first.from, to: period.to });
  const population = headline.partnership.areaCode ? await treatmentPopulation(db, headline.partnership.areaCode, financialYearOf(period.from)) : null;
  return {
    headline,
    period,
    basis,
    figures,
    trend: {
      periods,
      measures: groupsOf(
        trendGroups,
        'period',
        periods.map((each) => each.key),
      ),
      access,
    },
    areas,
    population,
  };
}

