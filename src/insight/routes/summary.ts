import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { currentMembership } from '../../platform/auth/context.js';
import { type Database, type DischargeOutcome, dischargeOutcomes } from '../../platform/db/schema.js';
import { formatDate } from '../../platform/web/dates.js';
import { formErrors } from '../../platform/web/forms.js';
import { ageBandLabels, dischargeOutcomeLabels, ethnicityLabels, sexLabels, substanceLabels, yesNoLabels } from '../../pathway/index.js';
import {
  type Distribution,
  earlyDropOutDays,
  type EqualityDimension,
  minimumToCompare,
  type PathwayMeasures,
  type PeriodBasis,
  type Rate,
} from '../measures.js';
import { insightPaths as paths } from '../paths.js';
import { lastTwelveMonths, loadPathwaySummary, type PathwaySummary, periodChoices, periodKeyLabel, summaryPeriod } from '../repository.js';
import { ukDateOf } from '../../platform/values/calendar.js';
import { formatPounds } from '../../platform/values/money.js';

/**
 * The pathway summary: the measures for the partnership over a chosen period, with the numbers
 * behind each figure, by month, by service and by equality group, a chart of how stays ended
 * with the same figures in a table, and a plain explanation of each measure.
 */

const view = (name: string) => `insight/views/${name}.njk`;

// Words -----------------------------------------------------------------------------------------

const basisLabels: Record<PeriodBasis, { text: string; hint: string; people: string }> = {
  referral: {
    text: 'The date they were referred',
    hint: 'Follows everyone referred in the period, including what has happened to them since',
    people: 'referred',
  },
  admission: {
    text: 'The date they were admitted',
    hint: 'Follows everyone admitted in the period',
    people: 'admitted',
  },
};

const dimensionCaptions: Record<EqualityDimension, { caption: string; column: string; labels: Record<string, string> }> = {
  age_band: { caption: 'By age band', column: 'Age band', labels: ageBandLabels },
  sex: { caption: 'By sex', column: 'Sex', labels: sexLabels },
  ethnicity_group: { caption: 'By ethnic group', column: 'Ethnic group', labels: ethnicityLabels },
  disability: { caption: 'By disability', column: 'Disabled', labels: yesNoLabels },
  main_substance: { caption: 'By main substance', column: 'Main substance', labels: substanceLabels },
};

/** What each measure means, in plain words, shown under the figures. */
export const measureExplanations: Array<{ measure: string; explanation: string }> = [
  {
    measure: 'Calendar days from referral to funding decision',
    explanation:
      'Calendar days (weekends and bank holidays included) from the date of referral to the date funding was approved or declined. “Half within” is the median: half of the decisions took this long or less. “9 in 10 within” is the 90th percentile: it shows how long the slowest decisions took. This is the whole wait the person sees, so it is not counted on the clock of the funding decision target: that is the next measure.',
  },
  {
    measure: 'Funding decisions made within the target',
    explanation:
      'Funding decisions made within the partnership’s target, out of every decision whose request date is recorded. Counted in working days from the date funding was asked for to the date of the decision: the same clock as the target and the work queue of decisions waiting longer than it (Monday to Friday; bank holidays are not taken off). The target is the one set for the partnership now.',
  },
  {
    measure: 'Days from referral to admission',
    explanation: 'Calendar days from the date of referral to the day the person arrived at the service, for everyone admitted.',
  },
  {
    measure: 'Length of stay',
    explanation: 'Calendar days from admission to discharge, for stays that have ended. Staying at least 90 days is linked with better outcomes.',
  },
  {
    measure: 'Completed as planned',
    explanation:
      'Stays that ended as planned, out of every stay that has ended. People who moved on to support in the community (transferred) are counted as discharged but not as completed. Nationally, about 3 in 10 people complete their stay.',
  },
  {
    measure: `Left in the first ${earlyDropOutDays} days`,
    explanation: `People who left early or were asked to leave within ${earlyDropOutDays} days of arriving, out of every admission whose first ${earlyDropOutDays} days are known: everyone discharged, and everyone still in after ${earlyDropOutDays} days. Most people who drop out do so in the first few weeks, so this shows whether people arrive prepared.`,
  },
  {
    measure: 'Referrer told within 24 hours of an unplanned discharge',
    explanation:
      'After someone leaves early or is asked to leave, their risk of overdose is high, so the referrer must be told within 24 hours. Only the discharge date is recorded, so telling them by the end of the next day counts as on time. Discharges still within that time and not yet passed on are left out until it has passed.',
  },
  {
    measure: 'Aftercare plan agreed before admission',
    explanation: 'Admissions with an aftercare and transition plan agreed on or before the day of admission, out of every admission.',
  },
  {
    measure: 'Cost of placements',
    explanation:
      'The weekly cost of each placement multiplied by the weeks stayed. For people still in treatment the total is partly an estimate: the planned number of weeks is used while they are within it, and the days stayed so far once a stay has run past its planned length (or when no length is planned). “Based on” says how many stays were estimated each way. Placements with no weekly cost recorded are left out.',
  },
  {
    measure: 'Too few to compare',
    explanation: `A figure based on fewer than ${minimumToCompare} people can change a lot with one person, so it is marked as too few to compare. It is still shown so you can see the numbers behind it.`,
  },
];

// Formatting ---------------------------------------------------------------------------------------

const number = (value: number) => value.toLocaleString('en-GB', { maximumFractionDigits: 1 });
const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
const percentText = (value: Rate) => (value.percent === null ? 'No cases' : `${Math.round(value.percent)}%`);
const pounds = (pence: number) => formatPounds(pence, { roundToPounds: true });
const tooFewHtml = '<strong class="govuk-tag govuk-tag--grey app-tag--too-few">Too few<span class="govuk-visually-hidden"> to compare</span></strong>';

interface Cell {
  text?: string;
  html?: string;
  format?: 'numeric';
}

interface TableModel {
  caption: string;
  head: Cell[];
  rows: Cell[][];
}

const countCell = (value: number): Cell => ({ text: value.toLocaleString('en-GB'), format: 'numeric' });

/** "30%" over "3 of 10", flagged when too few to compare. */
function rateCell(value: Rate): Cell {
  if (value.denominator === 0) return { text: 'No cases', format: 'numeric' };
  return {
    html: `${percentText(value)}<br><span class="app-figure-basis">${value.numerator.toLocaleString('en-GB')} of ${value.denominator.toLocaleString('en-GB')}</span>${value.tooFewToCompare ? `<br>${tooFewHtml}` : ''}`,
    format: 'numeric',
  };
}

/** The median in days, and how many cases it is based on. */
function medianCell(value: Distribution): Cell {
  if (value.median === null) return { text: 'No cases', format: 'numeric' };
  return {
    html: `${number(value.median)}<br><span class="app-figure-basis">based on ${value.count.toLocaleString('en-GB')}</span>${value.tooFewToCompare ? `<br>${tooFewHtml}` : ''}`,
    format: 'numeric',
  };
}

function distributionText(value: Distribution, half: string, most: string, kind = ''): string {
  if (value.median === null || value.p90 === null) return 'No cases yet';
  const daysOf = (count: number) => `${number(count)} ${kind}${count === 1 ? 'day' : 'days'}`;
  return `${half} ${daysOf(value.median)}; ${most} ${daysOf(value.p90)}`;
}

// The headline table ------------------------------------------------------------------------------

interface HeadlineRow {
  measure: string;
  result: string;
  basis: string;
  tooFew: boolean;
}

export function headlineRows(measures: PathwayMeasures, fundingDecisionTargetDays: number): HeadlineRow[] {
  const { cost } = measures;
  const atPlannedLength = cost.estimated - cost.estimatedFromDaysSoFar;
  const costParts = [
    `${plural(cost.costed, 'placement')} with a weekly cost`,
    atPlannedLength ? `${atPlannedLength.toLocaleString('en-GB')} still under way, costed at the planned length` : '',
    cost.estimatedFromDaysSoFar
      ? `${cost.estimatedFromDaysSoFar.toLocaleString('en-GB')} still under way past the planned length (or with none planned), costed from the days stayed so far`
      : '',
    cost.notCosted ? `${plural(cost.notCosted, 'placement')} with no cost recorded, left out` : '',
  ].filter(Boolean);
  const withinTarget = measures.decisionsWithinTarget;
  const rateRow = (measure: string, value: Rate, of: string): HeadlineRow => ({
    measure,
    result: percentText(value),
    basis: `${value.numerator.toLocaleString('en-GB')} of ${plural(value.denominator, of)}`,
    tooFew: value.tooFewToCompare,
  });
  return [
    {
      measure: 'Calendar days from referral to funding decision',
      result: distributionText(measures.daysToFundingDecision, 'Half within', '9 in 10 within', 'calendar '),
      basis: `${plural(measures.daysToFundingDecision.count, 'funding decision')}; calendar days, weekends included`,
      tooFew: measures.daysToFundingDecision.tooFewToCompare,
    },
    {
      measure: 'Funding decisions made within the target',
      result: percentText(withinTarget),
      basis: `${withinTarget.numerator.toLocaleString('en-GB')} of ${plural(withinTarget.denominator, 'funding decision')} made within ${plural(fundingDecisionTargetDays, 'working day')} of the request, the partnership’s target`,
      tooFew: withinTarget.tooFewToCompare,
    },
    {
      measure: 'Days from referral to admission',
      result: distributionText(measures.daysToAdmission, 'Half within', '9 in 10 within'),
      basis: plural(measures.daysToAdmission.count, 'admission'),
      tooFew: measures.daysToAdmission.tooFewToCompare,
    },
    {
      measure: 'Length of stay',
      result: distributionText(measures.lengthOfStay, 'Half stayed up to', '9 in 10 stayed up to'),
      basis: plural(measures.lengthOfStay.count, 'stay that has ended', 'stays that have ended'),
      tooFew: measures.lengthOfStay.tooFewToCompare,
    },
    rateRow('Completed as planned', measures.completion, 'discharge'),
    rateRow(`Left in the first ${earlyDropOutDays} days (unplanned)`, measures.earlyDropOut, 'admission'),
    rateRow('Referrer told within 24 hours of an unplanned discharge', measures.unplannedNotifiedOnTime, 'unplanned discharge'),
    rateRow('Aftercare plan agreed before admission', measures.aftercareBeforeAdmission, 'admission'),
    {
      measure: 'Cost of placements',
      result: cost.costed
        ? [
            `${pounds(cost.totalPence)} in total`,
            cost.averagePence === null ? '' : `${pounds(cost.averagePence)} a placement on average`,
            cost.perCompletionPence === null ? '' : `${pounds(cost.perCompletionPence)} for each stay completed as planned`,
          ]
            .filter(Boolean)
            .join('; ')
        : 'No placements with a cost yet',
      basis: costParts.join('; '),
      tooFew: cost.tooFewToCompare,
    },
  ];
}

// The chart of how stays ended ------------------------------------------------------------------------

export interface OutcomeChart {
  width: number;
  height: number;
  title: string;
  description: string;
  barHeight: number;
  rows: Array<{ label: string; count: number; text: string; labelY: number; barY: number; barWidth: number; textX: number; textY: number }>;
  empty: boolean;
}

/** A horizontal bar for each way a stay can end, its count and share written beside it (no meaning carried by colour). */
export function outcomeChart(counts: Record<DischargeOutcome, number>): OutcomeChart {
  const width = 720;
  const labelHeight = 24;
  const barHeight = 28;
  const gap = 18;
  const textRoom = 130;
  const total = dischargeOutcomes.reduce((sum, outcome) => sum + counts[outcome], 0);
  const largest = Math.max(0, ...dischargeOutcomes.map((outcome) => counts[outcome]));
  const unit = largest ? (width - textRoom) / largest : 0;
  const rowHeight = labelHeight + barHeight + gap;
  const rows = dischargeOutcomes.map((outcome, index) => {
    const count = counts[outcome];
    const top = index * rowHeight;
    const barWidth = Math.round(count * unit * 100) / 100;
    const share = total ? Math.round((count / total) * 100) : 0;
    return {
      label: dischargeOutcomeLabels[outcome],
      count,
      text: `${count} (${share}%)`,
      labelY: top + labelHeight - 6,
      barY: top + labelHeight,
      barWidth,
      textX: barWidth + 8,
      textY: top + labelHeight + barHeight / 2,
    };
  });
  return {
    width,
    height: rowHeight * dischargeOutcomes.length - gap,
    title: 'How stays ended',
    description: `A bar for each way a stay can end, with the number of discharges and the share of all ${plural(total, 'discharge')}. The table below the chart gives the same figures.`,
    barHeight,
    rows,
    empty: total === 0,
  };
}

// Breakdown tables -------------------------------------------------------------------------------------

function breakdownTables(summary: PathwaySummary) {
  const people = basisLabels[summary.basis].people;
  const monthTable: TableModel = {
    caption: `By month ${people}`,
    head: [
      { text: 'Month' },
      { text: `People ${people}`, format: 'numeric' },
      { text: 'Admitted', format: 'numeric' },
      { text: 'Median calendar days to funding decision', format: 'numeric' },
      { text: 'Funding decisions within the target', format: 'numeric' },
      { text: 'Median days to admission', format: 'numeric' },
      { text: 'Completed as planned', format: 'numeric' },
      { text: `Left in first ${earlyDropOutDays} days`, format: 'numeric' },
    ],
    rows: summary.byPeriod.map((group) => [
      { text: periodKeyLabel(group.key) },
      countCell(group.measures.people),
      countCell(group.measures.admitted),
      medianCell(group.measures.daysToFundingDecision),
      rateCell(group.measures.decisionsWithinTarget),
      medianCell(group.measures.daysToAdmission),
      rateCell(group.measures.completion),
      rateCell(group.measures.earlyDropOut),
    ]),
  };

  const serviceTable: TableModel = {
    caption: 'By service',
    head: [
      { text: 'Service' },
      { text: 'People', format: 'numeric' },
      { text: 'Admitted', format: 'numeric' },
      { text: 'Median length of stay (days)', format: 'numeric' },
      { text: 'Completed as planned', format: 'numeric' },
      { text: `Left in first ${earlyDropOutDays} days`, format: 'numeric' },
      { text: 'Aftercare agreed before admission', format: 'numeric' },
      { text: 'Cost of placements', format: 'numeric' },
    ],
    rows: summary.byService.map((group) => [
      { text: group.name ?? 'No service chosen yet' },
      countCell(group.measures.people),
      countCell(group.measures.admitted),
      medianCell(group.measures.lengthOfStay),
      rateCell(group.measures.completion),
      rateCell(group.measures.earlyDropOut),
      rateCell(group.measures.aftercareBeforeAdmission),
      group.measures.cost.costed ? { text: pounds(group.measures.cost.totalPence), format: 'numeric' } : { text: 'Not known', format: 'numeric' },
    ]),
  };

  const equalityTables: TableModel[] = summary.byEquality.map((breakdown) => {
    const words = dimensionCaptions[breakdown.dimension];
    const measuresByGroup = new Map(breakdown.measures.map((group) => [group.key, group.measures]));
    return {
      caption: words.caption,
      head: [
        { text: words.column },
        { text: 'People', format: 'numeric' },
        { text: 'Share of people', format: 'numeric' },
        { text: 'Admitted', format: 'numeric' },
        { text: 'Admitted, of the group', format: 'numeric' },
        { text: 'Median days to admission', format: 'numeric' },
        { text: 'Completed as planned', format: 'numeric' },
        { text: `Left in first ${earlyDropOutDays} days`, format: 'numeric' },
      ],
      rows: breakdown.access.map((row) => {
        const measures = measuresByGroup.get(row.group);
        return [
          { text: words.labels[row.group] ?? row.group },
          countCell(row.people),
          row.shareOfPeople.percent === null ? { text: 'No cases', format: 'numeric' } : { text: percentText(row.shareOfPeople), format: 'numeric' },
          countCell(row.admitted),
          rateCell(row.admissionRate),
          measures ? medianCell(measures.daysToAdmission) : { text: 'No cases', format: 'numeric' },
          rateCell(row.completion),
          measures ? rateCell(measures.earlyDropOut) : { text: 'No cases', format: 'numeric' },
        ] as Cell[];
      }),
    };
  });

  return { monthTable, serviceTable, equalityTables };
}

// Route ---------------------------------------------------------------------------------------------

const summaryQuery = z.object({
  period: z.string().trim().optional(),
  basis: z.string().trim().optional(),
});

export function summaryRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  app.get(paths.summary(), async (request, reply) => {
    const membership = currentMembership(request);
    const today = ukDateOf(now());
    const query = summaryQuery.safeParse(request.query ?? {});
    const asked = query.success ? query.data : {};
    const problems: Array<[string, string]> = [];

    let period = summaryPeriod(lastTwelveMonths, today) as NonNullable<ReturnType<typeof summaryPeriod>>;
    if (asked.period) {
      const chosen = summaryPeriod(asked.period, today);
      if (chosen) period = chosen;
      else problems.push(['period', 'Select a period from the list']);
    }
    let basis: PeriodBasis = 'referral';
    if (asked.basis === 'referral' || asked.basis === 'admission') basis = asked.basis;
    else if (asked.basis) problems.push(['basis', 'Select whether to count people by the date they were referred or the date they were admitted']);
    if (!query.success) problems.push(['period', 'Select a period from the list']);

    const summary = await loadPathwaySummary(db, membership.partnershipId, { period, basis, now: now() });
    const tables = breakdownTables(summary);
    const counts = summary.overall.dischargeOutcomes;
    const dischargeTotal = summary.overall.discharged;

    return reply.code(problems.length ? 400 : 200).render(view('summary'), {
      pageTitle: 'Pathway summary',
      period,
      periodDates: `${formatDate(period.from)} to ${formatDate(period.to)}`,
      basis,
      basisPeople: basisLabels[basis].people,
      overall: summary.overall,
      headline: headlineRows(summary.overall, summary.fundingDecisionTargetDays),
      chart: outcomeChart(counts),
      outcomeTable: {
        caption: 'How stays ended',
        head: [{ text: 'How the stay ended' }, { text: 'Discharges', format: 'numeric' }, { text: 'Share of discharges', format: 'numeric' }],
        rows: [
          ...dischargeOutcomes.map((outcome) => [
            { text: dischargeOutcomeLabels[outcome] },
            countCell(counts[outcome]),
            { text: dischargeTotal ? `${Math.round((counts[outcome] / dischargeTotal) * 100)}%` : 'No cases', format: 'numeric' },
          ]),
          [{ html: '<strong>All discharges</strong>' }, { html: `<strong>${dischargeTotal.toLocaleString('en-GB')}</strong>`, format: 'numeric' }, { text: '', format: 'numeric' }],
        ],
      },
      ...tables,
      explanations: measureExplanations,
      minimumToCompare,
      periodOptions: periodChoices(today).map((choice) => ({ value: choice.key, text: choice.text, selected: choice.key === period.key })),
      basisOptions: (['referral', 'admission'] as const).map((value) => ({
        value,
        text: basisLabels[value].text,
        hint: { text: basisLabels[value].hint },
        checked: value === basis,
      })),
      ...(problems.length ? { errors: formErrors(problems) } : {}),
      paths,
    });
  });
}
