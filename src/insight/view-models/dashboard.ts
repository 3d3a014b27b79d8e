import { dischargeOutcomes } from '../../platform/db/schema.js';
import { longDate } from '../../platform/values/calendar.js';
import { ageBandLabels, ethnicityLabels, sexLabels, substanceLabels, yesNoLabels } from '../../pathway/index.js';
import type { ComparedArea, DashboardData, HeadlineData } from '../dashboard.js';
import type { AccessFigure } from '../dashboard-repository.js';
import { fairAccessGap, nationalAmbitionPercent, nationalTenPeople, tenPeoplePicture } from '../dashboard-rules.js';
import {
  earlyDropOutDays,
  type EqualityDimension,
  equalityDimensions,
  equalityGroupValues,
  firstFortnightDays,
  longStayDays,
  noService,
  type PathwayMeasures,
  type Rate,
  rate,
} from '../measures.js';
import { groupsOf, overallOf } from '../pathway-figures.js';
import { shortPeriodLabel } from '../periods.js';
import { type FigureText, percentWords } from './figure-text.js';

/**
 * What the dashboard pages show, in words and tables. Every table is also a download (CSV and
 * xlsx) with exactly the same cells, so a figure reads the same wherever it is taken.
 */

export interface FigureTable {
  key: string;
  caption: string;
  head: string[];
  rows: string[][];
}

export const dimensionWords: Record<EqualityDimension, { caption: string; column: string; labels: Record<string, string> }> = {
  age_band: { caption: 'By age band', column: 'Age band', labels: ageBandLabels },
  sex: { caption: 'By sex', column: 'Sex', labels: sexLabels },
  ethnicity_group: { caption: 'By ethnic group', column: 'Ethnic group', labels: ethnicityLabels },
  disability: { caption: 'By disability', column: 'Disabled', labels: yesNoLabels },
  main_substance: { caption: 'By main substance', column: 'Main substance', labels: substanceLabels },
};

const grouped = (value: number) => value.toLocaleString('en-GB');

// Headline --------------------------------------------------------------------------------------

export interface HeadlineModel {
  yearLabel: string;
  asOf: string;
  starts: string;
  target: string | null;
  accessRate: string | null;
  accessBasis: string | null;
  targetRate: string | null;
  ambition: string;
  trajectory: string;
  populationSource: string | null;
  missingPopulation: string | null;
}

export function headlineModel(headline: HeadlineData, text: FigureText): HeadlineModel {
  const { progress, adultsInTreatment, partnership } = headline;
  const year = progress.financialYear;
  const ambitionStarts = progress.ambitionStarts === null ? '' : ` (${grouped(progress.ambitionStarts)} starts)`;
  return {
    yearLabel: `April ${year} to March ${year + 1}`,
    asOf: longDate(headline.today),
    starts: text.count(progress.startsSoFar),
    target: progress.target === null ? null : grouped(progress.target),
    accessRate: progress.accessRate ? text.percent(progress.accessRate) : null,
    accessBasis: progress.accessRate && adultsInTreatment ? `${text.count(progress.startsSoFar)} of ${grouped(adultsInTreatment.value ?? 0)} adults in treatment` : null,
    targetRate: progress.targetRate?.percent != null ? percentWords(progress.targetRate.percent) : null,
    ambition: `${nationalAmbitionPercent}%${ambitionStarts}`,
    trajectory: progress.trajectory,
    populationSource: adultsInTreatment
      ? `Adults in treatment: ${grouped(adultsInTreatment.value ?? 0)} in ${adultsInTreatment.financialYear}-${String((adultsInTreatment.financialYear + 1) % 100).padStart(2, '0')}, from ${adultsInTreatment.source} (data as of ${longDate(adultsInTreatment.dataAsOf)}).`
      : null,
    missingPopulation: adultsInTreatment
      ? null
      : partnership.areaCode
        ? 'No published figure for adults in treatment has been imported for your area yet, so the access rate cannot be worked out.'
        : 'Your partnership has no area code yet, so published figures cannot be matched to it. An administrator can add it in the partnership’s settings.',
  };
}

// Access -------------------------------------------------------------------------------------------

/** An area's access rate in one period, from the published figures. */
export function accessRate(figure: AccessFigure | undefined): Rate | null {
  const starts = figure?.starts?.value;
  const adults = figure?.adults?.value;
  if (starts === null || starts === undefined || adults === null || adults === undefined || adults === 0) return null;
  return rate(starts, adults);
}

export function accessTable(data: DashboardData, text: FigureText): FigureTable {
  const byAreaAndPeriod = new Map(data.trend.access.map((figure) => [`${figure.areaCode}|${figure.periodStart}`, figure]));
  return {
    key: 'access',
    caption: 'Access rate: residential rehabilitation starts ÷ adults in treatment, from published figures',
    head: ['Period', ...data.areas.map((area) => areaLabel(area))],
    rows: data.trend.periods.map((period) => [
      period.label,
      ...data.areas.map((area) => {
        const value = accessRate(byAreaAndPeriod.get(`${area.areaCode}|${period.from}`));
        return value ? `${text.percent(value)} (${text.basis(value)})` : 'not published';
      }),
    ]),
  };
}

export function areaLabel(area: ComparedArea): string {
  if (area.kind === 'region') return area.name.replace(/^the /, '');
  return area.name;
}

/** Where the published figures came from, one line for each source and date. */
export function publishedSources(access: readonly AccessFigure[]): string[] {
  const sources = new Set<string>();
  for (const figure of access) {
    for (const value of [figure.starts, figure.adults]) if (value) sources.add(`${value.source} (data as of ${longDate(value.dataAsOf)})`);
  }
  return [...sources].sort();
}

// Pathway figures -----------------------------------------------------------------------------------

function rateRow(measure: string, value: Rate, text: FigureText): string[] {
  return [measure, text.percent(value), text.basis(value)];
}

export function waitingTable(measures: PathwayMeasures, targetDays: number, text: FigureText): FigureTable {
  const decision = measures.daysToFundingDecision;
  const admission = measures.daysToAdmission;
  return {
    key: 'waiting',
    caption: `Waiting: calendar days from referral (the funding decision target is ${targetDays} working days, about ${calendarDaysFor(targetDays)} calendar days)`,
    head: ['Measure', 'Half within (median)', '9 in 10 within (90th percentile)', 'Based on'],
    rows: [
      ['Days from referral to funding decision', text.days(decision, 'median'), text.days(decision, 'p90'), `${text.count(decision.count)} decisions`],
      ['Days from referral to admission', text.days(admission, 'median'), text.days(admission, 'p90'), `${text.count(admission.count)} admissions`],
    ],
  };
}

/** Working days as calendar days, ignoring bank holidays: 10 working days is 14 calendar days. */
export function calendarDaysFor(workingDays: number): number {
  return Math.floor(workingDays / 5) * 7 + (workingDays % 5);
}

export function staysTable(measures: PathwayMeasures, text: FigureText): FigureTable {
  return {
    key: 'stays',
    caption: 'How stays went',
    head: ['Measure', 'Result', 'Based on'],
    rows: [
      rateRow('Completed as planned', measures.completion, text),
      rateRow(`Left in the first ${firstFortnightDays} days (unplanned)`, measures.earlyDropOutFirstFortnight, text),
      rateRow(`Left in the first ${earlyDropOutDays} days (unplanned)`, measures.earlyDropOut, text),
      rateRow(`Stayed at least ${longStayDays} days`, measures.stayedNinetyDays, text),
    ],
  };
}

export function safetyTable(measures: PathwayMeasures, text: FigureText): FigureTable {
  return {
    key: 'safety',
    caption: 'Keeping people safe at the edges of their stay',
    head: ['Measure', 'Result', 'Based on'],
    rows: [
      rateRow('Referrer told within 24 hours of an unplanned discharge', measures.unplannedNotifiedOnTime, text),
      rateRow('Aftercare plan agreed before admission', measures.aftercareBeforeAdmission, text),
    ],
  };
}

export function costTable(measures: PathwayMeasures, text: FigureText): FigureTable {
  const { cost } = measures;
  return {
    key: 'cost',
    caption: 'Cost of placements',
    head: ['Measure', 'Result', 'Based on'],
    rows: [
      ['Total cost', cost.costed ? text.pounds(cost.totalPence, cost.costed) : 'not known', `${text.count(cost.costed)} placements with a weekly cost`],
      ['Cost per placement', text.pounds(cost.averagePence, cost.costed), `${text.count(cost.costed)} placements`],
      ['Cost per completion', text.pounds(cost.perCompletionPence, cost.costed), `${text.count(cost.completions)} completed as planned`],
    ],
  };
}

export function tenPeopleTable(measures: PathwayMeasures, text: FigureText): FigureTable {
  const picture = tenPeoplePicture(measures.dischargeOutcomes);
  const counts = text.counts([picture.completed, picture.droppedOut, picture.movedOn]);
  // A share of ten built on a hidden count would give the count back.
  const perTen = (value: number | undefined, shown: string) =>
    value === undefined ? 'no discharges' : /^\d/.test(shown) ? value.toLocaleString('en-GB', { maximumFractionDigits: 1 }) : 'withheld';
  const line = (label: string, value: number | undefined, index: number, national: number) => [label, perTen(value, counts[index] as string), counts[index] as string, String(national)];
  return {
    key: 'ten-people',
    caption: 'For every ten people who left residential treatment',
    head: ['How their stay ended', 'Your partnership (per ten)', 'Your partnership (people)', 'Nationally, NTA 2012 (per ten)'],
    rows: [
      line('Completed and overcame their dependency', picture.perTen?.completed, 0, nationalTenPeople.completed),
      line('Dropped out (left early or asked to leave)', picture.perTen?.droppedOut, 1, nationalTenPeople.droppedOut),
      line('Moved on to further support in the community', picture.perTen?.movedOn, 2, nationalTenPeople.movedOn),
    ],
  };
}

export function servicesTable(data: DashboardData, names: ReadonlyMap<string, string>, text: FigureText): FigureTable {
  const services = groupsOf(data.figures, 'service')
    .filter((group) => group.key !== noService)
    .map((group) => ({ name: names.get(group.key) ?? 'A service no longer listed', measures: group.measures }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    key: 'services',
    caption: 'By service',
    head: ['Service', 'Admitted', 'Completed as planned', `Left in the first ${earlyDropOutDays} days`, 'Cost per completion'],
    rows: services.map(({ name, measures }) => [
      name,
      text.count(measures.admitted),
      `${text.percent(measures.completion)} (${text.basis(measures.completion)})`,
      `${text.percent(measures.earlyDropOut)} (${text.basis(measures.earlyDropOut)})`,
      text.pounds(measures.cost.perCompletionPence, measures.cost.costed),
    ]),
  };
}

export function trendTable(data: DashboardData, text: FigureText): FigureTable {
  return {
    key: 'trend',
    caption: `The pathway over the last ${data.trend.periods.length} periods`,
    head: ['Period', 'People', 'Admitted', 'Median days to funding decision', 'Completed as planned', `Left in the first ${earlyDropOutDays} days`],
    rows: data.trend.measures.map((group, index) => {
      const period = data.trend.periods[index];
      return [
        period?.label ?? group.key,
        text.count(group.measures.people),
        text.count(group.measures.admitted),
        text.days(group.measures.daysToFundingDecision, 'median'),
        text.percent(group.measures.completion),
        text.percent(group.measures.earlyDropOut),
      ];
    }),
  };
}

// Fair access -----------------------------------------------------------------------------------------

export interface FairAccessModel {
  table: FigureTable;
  sentences: string[];
}

/**
 * For each group: its share of the local treatment population (published), of the people
 * referred and of residential starts, with the gap between starts and population in words.
 */
export function fairAccess(data: DashboardData, dimension: EqualityDimension, text: FigureText): FairAccessModel {
  const words = dimensionWords[dimension];
  const groups = groupsOf(data.figures, dimension, equalityGroupValues[dimension]);
  const everyone = overallOf(data.figures);
  const population = (data.population?.shares ?? []).filter((share) => share.breakdown === dimension);
  const populationTotal = population.reduce((sum, share) => sum + (share.adults ?? 0), 0);
  const people = text.counts(groups.map((group) => group.measures.people));
  const starts = text.counts(groups.map((group) => group.measures.admitted));
  const suppressed = (shown: string) => !/^\d/.test(shown);
  const sentences: string[] = [];
  const rows = groups.map((group, index) => {
    const label = words.labels[group.key] ?? group.key;
    const adults = population.find((share) => share.value === group.key)?.adults ?? null;
    const populationShare = adults !== null && populationTotal ? (adults / populationTotal) * 100 : null;
    const referralShare = rate(group.measures.people, everyone.people);
    const startShare = rate(group.measures.admitted, everyone.admitted);
    const referralsShown = people[index] as string;
    const startsShown = starts[index] as string;
    const startsHidden = suppressed(startsShown);
    if (!startsHidden && everyone.admitted >= 10 && populationShare !== null && group.measures.admitted + (adults ?? 0) > 0) {
      sentences.push(fairAccessGap(label, startShare.percent, populationShare).sentence);
    }
    return [
      label,
      populationShare === null ? 'not published' : percentWords(populationShare),
      suppressed(referralsShown) ? `withheld (${referralsShown})` : `${referralShare.percent === null ? 'no cases' : percentWords(referralShare.percent)} (${referralsShown})`,
      startsHidden ? `withheld (${startsShown})` : `${startShare.percent === null ? 'no cases' : percentWords(startShare.percent)} (${startsShown})`,
    ];
  });
  return {
    table: {
      key: `fair-access-${dimension.replace(/_/g, '-')}`,
      caption: `Fair access ${words.caption.toLowerCase()}`,
      head: [words.column, 'Share of adults in treatment', 'Share of people referred', 'Share of residential starts'],
      rows,
    },
    sentences,
  };
}

export function fairAccessModels(data: DashboardData, text: FigureText): Array<FairAccessModel & { dimension: EqualityDimension }> {
  return equalityDimensions.map((dimension) => ({ dimension, ...fairAccess(data, dimension, text) }));
}

/** How each stay ended, for the chart of outcomes. */
export function outcomeCounts(measures: PathwayMeasures) {
  return dischargeOutcomes.map((outcome) => ({ outcome, count: measures.dischargeOutcomes[outcome] }));
}

export function shortLabels(data: DashboardData): string[] {
  return data.trend.periods.map(shortPeriodLabel);
}
