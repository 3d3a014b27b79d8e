import { longDate } from '../../platform/values/calendar.js';
import { type Chart, chartFormat, comparisonChart, type ComparisonRow, type FunnelLimits, funnelPlotChart } from '../charts/index.js';
import type { ComparedArea } from '../dashboard.js';
import { countText, disclosureThreshold, isSmallCount, showGroups, type ShownCount } from '../disclosure.js';
import { minimumToCompare, rate } from '../measures.js';
import type { PublishedMeasure } from '../published/catalogue.js';
import type { PublishedSeriesRow } from '../published/repository.js';
import {
  byarFromEvents,
  type Comparison,
  compareProportion,
  compareRate,
  type FunnelPosition,
  funnelCurve,
  funnelLimits,
  funnelPlotPoints,
  type Interval,
  judgementWords,
} from '../statistics.js';
import { areaLabel, type FigureTable } from './dashboard.js';
import type { FigureText } from './figure-text.js';

/**
 * The comparisons page in words, tables and charts: the partnership's published figures beside
 * its comparator areas, its region and England, each with its 95% and 99.8% intervals and a
 * judgement in words against England; and a funnel plot of completion by service from the
 * partnership's own referrals. Every figure is written through `FigureText`, so a peer reviewer
 * sees counts of 1 to 4 as "fewer than 5" and nothing built on them.
 */

/** A figure table whose cells are numbers (right-aligned) or words (left-aligned), column by column. */
export interface ComparisonTable extends FigureTable {
  numeric: boolean[];
}

const benchmarkName = 'England';
const withheldText = `withheld (fewer than ${disclosureThreshold})`;
const oneDecimal = (value: number) => value.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const grouped = (value: number) => value.toLocaleString('en-GB');

// Published figures -----------------------------------------------------------------------------------

type MeasureKind = 'proportion' | 'rate';

export interface ComparedMeasure {
  /** The table's key, for its download. */
  key: string;
  heading: string;
  kind: MeasureKind;
  /** Added together: the events, or the successes. */
  numerator: readonly PublishedMeasure[];
  denominator: PublishedMeasure;
  /** 'Access rate', the column heading of the figure. */
  figureName: string;
  /** What the numerator counts, for "28 starts", and the denominator, for "of 2,400 adults in treatment". */
  numeratorWords: string;
  denominatorWords: string;
  caption: string;
  intro: string;
  higherIsBetter: true;
  /** For a rate: per how many of the denominator. */
  per?: number;
}

export const comparedMeasures: readonly ComparedMeasure[] = [
  {
    key: 'access',
    heading: 'Access to residential rehabilitation',
    kind: 'proportion',
    numerator: ['residential_rehab_starts'],
    denominator: 'adults_in_treatment',
    figureName: 'Access rate',
    numeratorWords: 'starts',
    denominatorWords: 'adults in treatment',
    caption: 'Access rate: residential rehabilitation starts as a percentage of adults in treatment, compared with England',
    intro: 'Residential rehabilitation starts as a percentage of adults in treatment. A higher rate is better: more people who need residential treatment get it.',
    higherIsBetter: true,
  },
  {
    key: 'starts-rate',
    heading: 'Residential and inpatient detox starts per 1,000 adults in treatment',
    kind: 'rate',
    numerator: ['residential_rehab_starts', 'inpatient_detox_starts'],
    denominator: 'adults_in_treatment',
    figureName: 'Starts per 1,000 adults in treatment',
    numeratorWords: 'starts',
    denominatorWords: 'adults in treatment',
    caption: 'Residential rehabilitation and inpatient detox starts per 1,000 adults in treatment, compared with England',
    intro: 'Residential rehabilitation starts and inpatient detox starts together, for every 1,000 adults in treatment. A higher rate is better: more people reach inpatient and residential care.',
    higherIsBetter: true,
    per: 1000,
  },
  {
    key: 'completions',
    heading: 'Successful completions',
    kind: 'proportion',
    numerator: ['successful_completions'],
    denominator: 'adults_in_treatment',
    figureName: 'Successful completions',
    numeratorWords: 'completions',
    denominatorWords: 'adults in treatment',
    caption: 'Successful completions as a percentage of adults in treatment, compared with England',
    intro: 'Adults who left treatment free of dependence, as a percentage of adults in treatment. A higher percentage is better.',
    higherIsBetter: true,
  },
];

export type RowStatus = 'shown' | 'withheld' | 'not_published';

export interface ComparedRow {
  area: ComparedArea;
  label: string;
  status: RowStatus;
  /** The figure as a proportion (0 to 1) or a rate per `per`; null unless shown. */
  value: number | null;
  interval95: Interval | null;
  interval998: Interval | null;
  /** Against England; null for England itself and for rows not shown. */
  comparison: Comparison | null;
  cells: string[];
  /** A few words for beside the chart's dot. */
  shortJudgement: string | undefined;
}

export interface ComparisonSection {
  measure: ComparedMeasure;
  rows: ComparedRow[];
  table: ComparisonTable;
  chart: Chart | null;
  /** The partnership's own figure and judgement in a sentence, when there is one. */
  summary: string | null;
  /** Every source and date the section's figures come from. */
  sources: string[];
  /** Whether any area has a published figure for the period. */
  anyPublished: boolean;
}

/** Where published figures came from, one line for each source and date. */
export function sourcesOf(rows: readonly PublishedSeriesRow[]): string[] {
  return [...new Set(rows.map((row) => `${row.source} (data as of ${longDate(row.dataAsOf)})`))].sort();
}

interface AreaNumbers {
  numerator: number;
  denominator: number;
  rows: PublishedSeriesRow[];
}

/** The area's numerator and denominator, when every measure they need is published with a value. */
function numbersFor(measure: ComparedMeasure, areaCode: string, published: readonly PublishedSeriesRow[]): AreaNumbers | null {
  const find = (key: PublishedMeasure) => published.find((row) => row.areaCode === areaCode && row.measure === key && row.breakdown === 'all');
  const parts = measure.numerator.map(find);
  const denominator = find(measure.denominator);
  if (!denominator || denominator.value === null || parts.some((part) => !part || part.value === null)) return null;
  const numeratorRows = parts as PublishedSeriesRow[];
  return {
    numerator: numeratorRows.reduce((sum, part) => sum + (part.value as number), 0),
    denominator: denominator.value,
    rows: [...numeratorRows, denominator],
  };
}

function valueOf(measure: ComparedMeasure, numbers: AreaNumbers): number {
  return measure.kind === 'proportion' ? numbers.numerator / numbers.denominator : (numbers.numerator / numbers.denominator) * (measure.per ?? 1);
}

/** A percentage to one decimal place at most: '1.2%', '18.6%', '90%'. */
export function percentText(proportion: number): string {
  return `${(proportion * 100).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;
}

/** A percentage to exactly so many decimal places, for the ends of an interval: '1.0%'. */
function fixedPercent(proportion: number, digits: number): string {
  return `${(proportion * 100).toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })}%`;
}

/** '1.2%' for a proportion, '25.8 per 1,000' for a rate. */
export function figureWords(measure: ComparedMeasure, value: number): string {
  return measure.kind === 'proportion' ? percentText(value) : `${oneDecimal(value)} per ${grouped(measure.per ?? 1)}`;
}

/**
 * '0.8% to 1.7%', or '24.6 to 25.7' for a rate: to one decimal place, or two when one would
 * write both ends the same (England's narrow interval, 1.06% to 1.14%).
 */
export function intervalWords(measure: ComparedMeasure, interval: Interval | null): string {
  if (!interval) return 'none';
  const write = (value: number, digits: number) =>
    measure.kind === 'proportion' ? fixedPercent(value, digits) : value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return limitsText(interval, write);
}

function limitsText(interval: Interval, write: (value: number, digits: number) => string): string {
  let digits = 1;
  while (digits < 3 && write(interval.lower, digits) === write(interval.upper, digits)) digits += 1;
  return `${write(interval.lower, digits)} to ${write(interval.upper, digits)}`;
}

function basisWords(measure: ComparedMeasure, numbers: AreaNumbers, text: FigureText): string {
  if (measure.kind === 'proportion') return `${text.basis(rate(numbers.numerator, numbers.denominator))} ${measure.denominatorWords}`;
  return `${text.count(numbers.numerator)} ${measure.numeratorWords} among ${text.count(numbers.denominator)} ${measure.denominatorWords}`;
}

function intervalsOf(measure: ComparedMeasure, numbers: AreaNumbers, benchmark: number | null): Comparison {
  const options = { higherIsBetter: measure.higherIsBetter, comparator: benchmarkName };
  return measure.kind === 'proportion'
    ? compareProportion({ successes: numbers.numerator, trials: numbers.denominator }, benchmark, options)
    : compareRate({ events: numbers.numerator, denominator: numbers.denominator }, benchmark, { ...options, per: measure.per ?? 1 });
}

/** Unique chart labels: a partnership named like an area it compares with gets its code added. */
function labelsFor(areas: readonly ComparedArea[]): string[] {
  const labels = areas.map(areaLabel);
  return labels.map((label, index) => (labels.indexOf(label) !== index || labels.lastIndexOf(label) !== index ? `${label} (${areas[index]?.areaCode})` : label));
}

export function comparisonSection(measure: ComparedMeasure, areas: readonly ComparedArea[], published: readonly PublishedSeriesRow[], text: FigureText): ComparisonSection {
  const labels = labelsFor(areas);
  const england = areas.find((area) => area.kind === 'england');
  const englandNumbers = england ? numbersFor(measure, england.areaCode, published) : null;
  const benchmark = englandNumbers && englandNumbers.denominator > 0 ? valueOf(measure, englandNumbers) : null;
  const usedRows: PublishedSeriesRow[] = [];

  const rows = areas.map((area, index): ComparedRow => {
    const label = labels[index] as string;
    const numbers = numbersFor(measure, area.areaCode, published);
    if (!numbers || numbers.denominator === 0) {
      return {
        area,
        label,
        status: 'not_published',
        value: null,
        interval95: null,
        interval998: null,
        comparison: null,
        cells: [label, 'not published', 'not published', '', '', 'Not compared: no published figure for this period'],
        shortJudgement: 'Not published',
      };
    }
    usedRows.push(...numbers.rows);
    const hidden = text.audience === 'shared' && (isSmallCount(numbers.numerator) || isSmallCount(numbers.denominator));
    if (hidden) {
      return {
        area,
        label,
        status: 'withheld',
        value: null,
        interval95: null,
        interval998: null,
        comparison: null,
        cells: [label, withheldText, basisWords(measure, numbers, text), 'withheld', 'withheld', `Withheld: built on fewer than ${disclosureThreshold} people`],
        shortJudgement: undefined,
      };
    }
    const isBenchmark = area.kind === 'england';
    const compared = intervalsOf(measure, numbers, isBenchmark ? null : benchmark);
    const value = valueOf(measure, numbers);
    return {
      area,
      label,
      status: 'shown',
      value,
      interval95: compared.interval95,
      interval998: compared.interval998,
      comparison: isBenchmark ? null : compared,
      cells: [
        label,
        figureWords(measure, value),
        basisWords(measure, numbers, text),
        intervalWords(measure, compared.interval95),
        intervalWords(measure, compared.interval998),
        isBenchmark ? 'This is the benchmark' : compared.sentence,
      ],
      shortJudgement: isBenchmark ? 'The benchmark' : judgementWords[compared.judgement](benchmarkName),
    };
  });

  const anyPublished = rows.some((row) => row.status !== 'not_published');
  const scale = measure.kind === 'proportion' ? 100 : 1;
  const format = measure.kind === 'proportion' ? 'percent' : 'number';
  const chartRows: ComparisonRow[] = rows.map((row) => ({
    label: row.label,
    value: row.value === null ? null : row.value * scale,
    ...(row.interval95 ? { lower95: row.interval95.lower * scale, upper95: row.interval95.upper * scale } : {}),
    ...(row.interval998 ? { lower998: row.interval998.lower * scale, upper998: row.interval998.upper * scale } : {}),
    ...(row.shortJudgement ? { judgement: row.shortJudgement } : {}),
  }));
  const chart = anyPublished
    ? comparisonChart({
        id: `${measure.key}-chart`,
        title: measure.caption.replace(/, compared with England$/, ''),
        description: `Each area’s ${measure.kind === 'proportion' ? 'percentage' : 'rate'} as a dot, with its 95% interval as a thick line and its 99.8% interval as a thin line${
          benchmark === null ? '' : '; the dashed line is England’s figure'
        }. The table below gives the same figures and judgements.`,
        rows: chartRows,
        ...(benchmark === null ? {} : { benchmark: { value: benchmark * scale, label: `England ${chartFormat(format)(benchmark * scale)}` } }),
        format,
      })
    : null;

  const own = rows.find((row) => row.area.kind === 'own');
  let summary: string | null = null;
  if (own?.status === 'shown' && own.comparison) summary = `${own.label}: ${own.cells[1]} (${own.cells[2]}). ${own.comparison.sentence}`;
  else if (own?.status === 'withheld') summary = `${own.label}: withheld, because it is built on fewer than ${disclosureThreshold} people.`;

  return {
    measure,
    rows,
    table: {
      key: measure.key,
      caption: measure.caption,
      head: ['Area', measure.figureName, 'Based on', '95% interval', '99.8% interval', 'Compared with England'],
      rows: rows.map((row) => row.cells),
      numeric: [false, true, true, true, true, false],
    },
    chart,
    summary,
    sources: sourcesOf(usedRows),
    anyPublished,
  };
}

export function comparisonSections(areas: readonly ComparedArea[], published: readonly PublishedSeriesRow[], text: FigureText): ComparisonSection[] {
  return comparedMeasures.map((measure) => comparisonSection(measure, areas, published, text));
}

/** How the page compares, in a few sentences. */
export const howWeCompare: readonly string[] = [
  'Percentages (proportions) have 95% and 99.8% intervals worked out by the Wilson score method. Rates per 1,000 have intervals from Byar’s method, or from the exact Poisson method when there are fewer than ' +
    `${byarFromEvents} events. These are the methods Public Health England’s Fingertips profiles use.`,
  'An interval shows how far the figure could move by chance alone. A figure is only called better or worse than England when England’s figure lies outside its 95% interval; otherwise it is similar, and any difference could be chance.',
  'When England’s figure lies outside the 99.8% interval too, there is strong evidence that the difference is not chance. That means more certain, not a bigger difference.',
  `A figure built on fewer than ${minimumToCompare} cases is not compared.`,
];

// Funnel plot ------------------------------------------------------------------------------------------

export interface FunnelService {
  key: string;
  name: string;
  /** Completed as planned. */
  completed: number;
  /** Discharged with a recorded outcome. */
  discharged: number;
}

export interface FunnelRow {
  service: FunnelService;
  status: 'shown' | 'withheld' | 'no_discharges';
  proportion: number | null;
  position95: FunnelPosition | null;
  position998: FunnelPosition | null;
  cells: string[];
}

export interface FunnelSection {
  rows: FunnelRow[];
  table: ComparisonTable | null;
  chart: Chart | null;
  /** The partnership's completion across its services, the line the limits are drawn around. */
  benchmark: number | null;
  benchmarkText: string | null;
  /** Why there is no chart, when there is none. */
  nothingToPlot: string | null;
}

/** Where a service lies against the limits, in words. */
export function funnelPositionWords(position95: FunnelPosition, position998: FunnelPosition): string {
  if (position95 === 'inside') return 'Inside the 95% limits: no different from the partnership overall beyond what chance would give';
  const direction = position95 === 'above' ? 'Above' : 'Below';
  const comparison = position95 === 'above' ? 'higher' : 'lower';
  if (position998 === position95) return `${direction} the 99.8% limits: ${comparison} than the partnership overall, with strong evidence that the difference is not chance`;
  return `${direction} the 95% limits: ${comparison} than the partnership overall`;
}

function limitWords(interval: Interval | null): string {
  return interval ? limitsText(interval, fixedPercent) : '';
}

const hiddenCount = (shown: ShownCount | undefined) => shown?.kind === 'suppressed';

/**
 * Completion by service against the partnership's completion across its services: each service's
 * completion, its discharges, the 95% and 99.8% limits at its size, and whether it lies inside,
 * above or below them. For a shared audience a service whose count of completions or discharges
 * is hidden (including to protect another) is withheld and left off the plot.
 */
export function funnelSection(services: readonly FunnelService[], text: FigureText): FunnelSection {
  const sorted = [...services].sort((a, b) => a.name.localeCompare(b.name));
  const completed = sorted.reduce((sum, service) => sum + service.completed, 0);
  const discharged = sorted.reduce((sum, service) => sum + service.discharged, 0);
  const none: FunnelSection = { rows: [], table: null, chart: null, benchmark: null, benchmarkText: null, nothingToPlot: null };
  if (discharged === 0) {
    return {
      ...none,
      nothingToPlot: sorted.length
        ? 'Nobody counted in this period has been discharged from a service yet, so there is nothing to plot.'
        : 'Nobody counted in this period was placed with a service, so there is nothing to plot.',
    };
  }
  const shared = text.audience === 'shared';
  if (shared && (isSmallCount(completed) || isSmallCount(discharged))) {
    return { ...none, nothingToPlot: `The funnel plot is withheld: it is built on fewer than ${disclosureThreshold} people.` };
  }
  const benchmark = completed / discharged;
  const shownCompleted = showGroups(sorted.map((service) => service.completed), text.audience);
  const shownDischarged = showGroups(sorted.map((service) => service.discharged), text.audience);
  const points = funnelPlotPoints(sorted.map((service) => ({ key: service.key, successes: service.completed, trials: service.discharged })), benchmark);

  const rows = sorted.map((service, index): FunnelRow => {
    const point = points[index]!;
    const completedText = countText(shownCompleted[index]!);
    const dischargedText = countText(shownDischarged[index]!);
    const basis = `${completedText} of ${dischargedText}`;
    if (service.discharged === 0) {
      return { service, status: 'no_discharges', proportion: null, position95: null, position998: null, cells: [service.name, 'no discharges', basis, '', '', 'Not plotted: no discharges'] };
    }
    if (hiddenCount(shownCompleted[index]) || hiddenCount(shownDischarged[index])) {
      return {
        service,
        status: 'withheld',
        proportion: null,
        position95: null,
        position998: null,
        cells: [service.name, 'withheld', 'withheld', 'withheld', 'withheld', 'Withheld, and not plotted, to protect small numbers'],
      };
    }
    return {
      service,
      status: 'shown',
      proportion: point.proportion,
      position95: point.position95,
      position998: point.position998,
      cells: [
        service.name,
        percentText(point.proportion as number),
        basis,
        limitWords(point.limits95),
        limitWords(point.limits998),
        funnelPositionWords(point.position95 as FunnelPosition, point.position998 as FunnelPosition),
      ],
    };
  });

  const benchmarkText = `${percentText(benchmark)} (${text.basis(rate(completed, discharged))} discharges were completed as planned)`;
  const table: ComparisonTable = {
    key: 'funnel',
    caption: 'Completion by service against the partnership’s completion across its services, with 95% and 99.8% limits',
    head: ['Service', 'Completed as planned', 'Completed of discharges', '95% limits', '99.8% limits', 'Where it lies'],
    rows: rows.map((row) => row.cells),
    numeric: [false, true, true, true, true, false],
  };

  const plotted = rows.filter((row) => row.status === 'shown');
  if (plotted.length < 2) {
    return {
      rows,
      table,
      chart: null,
      benchmark,
      benchmarkText,
      nothingToPlot:
        plotted.length === 0 || shared
          ? 'There is nothing to plot: a funnel plot needs at least 2 services with discharges in the period that can be shown.'
          : 'There is nothing to plot: a funnel plot needs at least 2 services with discharges in the period.',
    };
  }
  const largest = Math.max(...plotted.map((row) => row.service.discharged));
  const curve = funnelCurveWithPoints(benchmark, Math.max(2, Math.ceil(largest * 1.2)), plotted.map((row) => row.service.discharged));
  const chart = funnelPlotChart({
    id: 'funnel-chart',
    title: 'Completion by service',
    description: `Each service’s percentage of discharges completed as planned against its number of discharges, around the partnership’s ${percentText(benchmark)} across all services, with dashed 95% and dotted 99.8% limits. The table below gives the same figures and where each service lies, in words.`,
    points: plotted.map((row) => ({ label: row.service.name, trials: row.service.discharged, proportion: (row.proportion as number) * 100 })),
    curve,
    benchmark: { value: benchmark * 100, label: `All services ${chartFormat('percent')(benchmark * 100)}` },
    trialsLabel: 'Number of discharges',
    proportionLabel: 'Percentage completed as planned',
  });
  return { rows, table, chart, benchmark, benchmarkText, nothingToPlot: null };
}

/**
 * The limit curves as percentages, with points at each service's own size too, so the chart's
 * straight lines between curve points place every marker exactly where the table says it lies.
 */
function funnelCurveWithPoints(benchmark: number, maxTrials: number, sizes: readonly number[]): FunnelLimits[] {
  const bySize = new Map<number, FunnelLimits>();
  for (const point of funnelCurve(benchmark, maxTrials)) {
    bySize.set(point.trials, { trials: point.trials, lower95: point.lower95 * 100, upper95: point.upper95 * 100, lower998: point.lower998 * 100, upper998: point.upper998 * 100 });
  }
  for (const trials of sizes) {
    const at95 = funnelLimits(benchmark, trials, 95);
    const at998 = funnelLimits(benchmark, trials, 99.8);
    bySize.set(trials, { trials, lower95: at95.lower * 100, upper95: at95.upper * 100, lower998: at998.lower * 100, upper998: at998.upper * 100 });
  }
  return [...bySize.values()].sort((a, b) => a.trials - b.trials);
}
