import { describe, expect, it } from 'vitest';
import type { ComparedArea } from '../dashboard.js';
import type { PublishedMeasure } from '../published/catalogue.js';
import type { PublishedSeriesRow } from '../published/repository.js';
import { comparedMeasures, comparisonSection, funnelPositionWords, funnelSection, intervalWords, type FunnelService } from './comparisons.js';
import { figureText } from './figure-text.js';

/** The comparisons page's words and numbers, without a database. */

const areas: ComparedArea[] = [
  { areaCode: 'E06999901', name: 'Northmoor (demo)', kind: 'own' },
  { areaCode: 'E06999903', name: 'Westmere (demo)', kind: 'comparator' },
  { areaCode: 'E06999904', name: 'Smalldale (demo)', kind: 'comparator' },
  { areaCode: 'E06999905', name: 'Quietmere (demo)', kind: 'comparator' },
  { areaCode: 'E12000002', name: 'the North West', kind: 'region' },
  { areaCode: 'E92000001', name: 'England', kind: 'england' },
];

function published(areaCode: string, figures: Partial<Record<PublishedMeasure, number | null>>): PublishedSeriesRow[] {
  return Object.entries(figures).map(([measure, value]) => ({
    areaCode,
    areaName: areaCode,
    areaLevel: areaCode === 'E92000001' ? 'england' : areaCode.startsWith('E12') ? 'region' : 'local_authority',
    periodUnit: 'year',
    periodStart: '2025-04-01',
    measure: measure as PublishedMeasure,
    breakdown: 'all',
    breakdownValue: 'all',
    value: value ?? null,
    qualifier: null,
    dataAsOf: areaCode === 'E92000001' ? '2026-10-01' : '2026-10-15',
    source: 'Test figures',
  }));
}

// Quietmere has nothing published; Smalldale has 3 starts, small enough to point to someone.
const figures: PublishedSeriesRow[] = [
  ...published('E06999901', { residential_rehab_starts: 28, inpatient_detox_starts: 34, successful_completions: 446, adults_in_treatment: 2_400 }),
  ...published('E06999903', { residential_rehab_starts: 5, inpatient_detox_starts: 3, successful_completions: 380, adults_in_treatment: 2_000 }),
  ...published('E06999904', { residential_rehab_starts: 3, inpatient_detox_starts: null, successful_completions: 170, adults_in_treatment: 900 }),
  ...published('E12000002', { residential_rehab_starts: 700, inpatient_detox_starts: 710, successful_completions: 9_300, adults_in_treatment: 50_000 }),
  ...published('E92000001', { residential_rehab_starts: 3_420, inpatient_detox_starts: 4_400, successful_completions: 57_820, adults_in_treatment: 310_863 }),
];

const measure = (key: string) => comparedMeasures.find((each) => each.key === key)!;
const rowOf = (section: ReturnType<typeof comparisonSection>, code: string) => section.rows.find((row) => row.area.areaCode === code)!;

describe('comparing published figures with England', () => {
  const access = comparisonSection(measure('access'), areas, figures, figureText('own_staff'));

  it('calls 28 of 2,400 similar to England’s 3,420 of 310,863, and 5 of 2,000 worse with strong evidence', () => {
    const own = rowOf(access, 'E06999901');
    expect(own.comparison?.judgement).toBe('similar');
    expect(own.cells).toEqual(['Northmoor (demo)', '1.2%', '28 of 2,400 adults in treatment', '0.8% to 1.7%', '0.7% to 2.1%', 'Similar to England: any difference could be chance.']);
    const westmere = rowOf(access, 'E06999903');
    expect(westmere.comparison?.judgement).toBe('worse');
    expect(westmere.comparison?.strongEvidence).toBe(true);
    expect(westmere.cells[5]).toBe('Worse than England, with strong evidence that the difference is not chance.');
    expect(westmere.shortJudgement).toBe('Worse than England');
  });

  it('calls the region better, names England the benchmark, and says when an area has no published figure', () => {
    expect(rowOf(access, 'E12000002').cells[0]).toBe('North West');
    expect(rowOf(access, 'E12000002').comparison?.judgement).toBe('better');
    expect(rowOf(access, 'E92000001').cells[5]).toBe('This is the benchmark');
    expect(rowOf(access, 'E92000001').comparison).toBeNull();
    const quiet = rowOf(access, 'E06999905');
    expect(quiet.status).toBe('not_published');
    expect(quiet.cells[1]).toBe('not published');
    expect(quiet.cells[5]).toBe('Not compared: no published figure for this period');
  });

  it('sums the plain sentence for the partnership and lists every source with its date', () => {
    expect(access.summary).toBe('Northmoor (demo): 1.2% (28 of 2,400 adults in treatment). Similar to England: any difference could be chance.');
    expect(access.sources).toEqual(['Test figures (data as of 1 October 2026)', 'Test figures (data as of 15 October 2026)']);
    expect(access.table.head).toEqual(['Area', 'Access rate', 'Based on', '95% interval', '99.8% interval', 'Compared with England']);
    expect(access.chart?.svg).toContain('England 1.1%');
  });

  it('uses exact Poisson limits below 10 events and Byar’s from 10, per 1,000', () => {
    const rate = comparisonSection(measure('starts-rate'), areas, figures, figureText('own_staff'));
    // 8 events: exact limits 3.45 to 15.76, per 2,000 adults, so 1.7 to 7.9 per 1,000.
    expect(rowOf(rate, 'E06999903').cells.slice(1, 4)).toEqual(['4.0 per 1,000', '8 starts among 2,000 adults in treatment', '1.7 to 7.9']);
    // 62 events by Byar's method: 47.5 to 79.5, per 2,400 adults.
    expect(rowOf(rate, 'E06999901').cells[3]).toBe('19.8 to 33.1');
    expect(rowOf(rate, 'E06999901').comparison?.judgement).toBe('similar');
    // Smalldale's inpatient detox starts were suppressed by the publisher, so its rate cannot be worked out.
    expect(rowOf(rate, 'E06999904').status).toBe('not_published');
  });

  it('says an area cannot be compared when England has no figure', () => {
    const withoutEngland = comparisonSection(measure('access'), areas, figures.filter((row) => row.areaCode !== 'E92000001'), figureText('own_staff'));
    expect(rowOf(withoutEngland, 'E06999901').cells[5]).toBe('Not compared with England: there is no figure for England.');
    expect(withoutEngland.chart?.svg).not.toContain('England 1.1%');
  });

  it('writes narrow intervals with enough decimals to tell their ends apart', () => {
    expect(intervalWords(measure('access'), { lower: 0.010641, upper: 0.011374 })).toBe('1.06% to 1.14%');
    expect(intervalWords(measure('access'), { lower: 0.008084, upper: 0.01681 })).toBe('0.8% to 1.7%');
    expect(intervalWords(measure('starts-rate'), { lower: 25.01, upper: 25.04 })).toBe('25.01 to 25.04');
  });

  it('withholds a figure built on fewer than 5 people from a peer reviewer, and leaves its dot off the chart', () => {
    const shared = comparisonSection(measure('access'), areas, figures, figureText('shared'));
    const small = rowOf(shared, 'E06999904');
    expect(small.status).toBe('withheld');
    expect(small.value).toBeNull();
    expect(small.comparison).toBeNull();
    expect(small.cells).toEqual(['Smalldale (demo)', 'withheld (fewer than 5)', 'fewer than 5 of 900 adults in treatment', 'withheld', 'withheld', 'Withheld: built on fewer than 5 people']);
    expect(shared.chart?.svg).toContain('not shown');
    // 5 is not small: Westmere is shown as it is to the partnership's own staff.
    expect(rowOf(shared, 'E06999903').cells).toEqual(rowOf(comparisonSection(measure('access'), areas, figures, figureText('own_staff')), 'E06999903').cells);
    // Own staff see Smalldale's 3 of 900, judged.
    expect(rowOf(comparisonSection(measure('access'), areas, figures, figureText('own_staff')), 'E06999904').cells[2]).toBe('3 of 900 adults in treatment');
  });
});

describe('the funnel plot of completion by service', () => {
  const services: FunnelService[] = [
    { key: 'fellside', name: 'Fellside House', completed: 6, discharged: 20 },
    { key: 'brook', name: 'Brook Lodge', completed: 9, discharged: 10 },
    { key: 'moss', name: 'Moss Hall', completed: 0, discharged: 3 },
    { key: 'new', name: 'New Place', completed: 0, discharged: 0 },
  ];

  it('places each service against the limits around the partnership’s 15 of 33, in words', () => {
    const funnel = funnelSection(services, figureText('own_staff'));
    expect(funnel.benchmark).toBeCloseTo(15 / 33, 10);
    expect(funnel.benchmarkText).toBe('45.5% (15 of 33 discharges were completed as planned)');
    const byKey = new Map(funnel.rows.map((row) => [row.service.key, row]));
    expect(byKey.get('brook')?.position95).toBe('above');
    expect(byKey.get('brook')?.position998).toBe('inside');
    expect(byKey.get('brook')?.cells).toEqual(['Brook Lodge', '90%', '9 of 10', '14.6% to 76.3%', '0.0% to 94.1%', 'Above the 95% limits: higher than the partnership overall']);
    expect(byKey.get('fellside')?.position95).toBe('inside');
    expect(byKey.get('new')?.status).toBe('no_discharges');
    expect(byKey.get('new')?.cells[5]).toBe('Not plotted: no discharges');
    // Services in name order.
    expect(funnel.rows.map((row) => row.service.name)).toEqual(['Brook Lodge', 'Fellside House', 'Moss Hall', 'New Place']);
    expect(funnel.chart?.svg).toContain('Completion by service');
    expect(funnel.nothingToPlot).toBeNull();
  });

  it('says when a service is beyond the 99.8% limits, with strong evidence', () => {
    const funnel = funnelSection(
      [
        { key: 'a', name: 'A', completed: 2, discharged: 40 },
        { key: 'b', name: 'B', completed: 38, discharged: 40 },
      ],
      figureText('own_staff'),
    );
    expect(funnel.rows.map((row) => row.cells[5])).toEqual([
      'Below the 99.8% limits: lower than the partnership overall, with strong evidence that the difference is not chance',
      'Above the 99.8% limits: higher than the partnership overall, with strong evidence that the difference is not chance',
    ]);
    expect(funnelPositionWords('below', 'inside')).toBe('Below the 95% limits: lower than the partnership overall');
  });

  it('explains that there is nothing to plot with fewer than 2 services or no discharges', () => {
    expect(funnelSection([], figureText('own_staff')).nothingToPlot).toBe('Nobody counted in this period was placed with a service, so there is nothing to plot.');
    expect(funnelSection([{ key: 'a', name: 'A', completed: 0, discharged: 0 }], figureText('own_staff')).nothingToPlot).toContain('has been discharged from a service yet');
    const one = funnelSection([{ key: 'a', name: 'A', completed: 3, discharged: 12 }], figureText('own_staff'));
    expect(one.chart).toBeNull();
    expect(one.nothingToPlot).toBe('There is nothing to plot: a funnel plot needs at least 2 services with discharges in the period.');
    expect(one.table?.rows).toHaveLength(1);
  });

  it('withholds services a peer reviewer may not see, and one more so neither can be worked out from the total', () => {
    const funnel = funnelSection(services, figureText('shared'));
    const byKey = new Map(funnel.rows.map((row) => [row.service.key, row]));
    expect(byKey.get('moss')?.status).toBe('withheld');
    expect(byKey.get('moss')?.cells).toEqual(['Moss Hall', 'withheld', 'withheld', 'withheld', 'withheld', 'Withheld, and not plotted, to protect small numbers']);
    expect(byKey.get('brook')?.status).toBe('withheld');
    expect(byKey.get('fellside')?.status).toBe('shown');
    // One service left to plot is not a funnel.
    expect(funnel.chart).toBeNull();
    expect(funnel.nothingToPlot).toContain('There is nothing to plot');
    expect(funnel.rows.flatMap((row) => row.cells).join(' ')).not.toMatch(/(^|[^\d,.])[1-4] of\b/);
  });

  it('withholds the whole plot from a peer reviewer when the partnership’s total is fewer than 5', () => {
    const funnel = funnelSection(
      [
        { key: 'a', name: 'A', completed: 1, discharged: 2 },
        { key: 'b', name: 'B', completed: 1, discharged: 2 },
      ],
      figureText('shared'),
    );
    expect(funnel.table).toBeNull();
    expect(funnel.benchmarkText).toBeNull();
    expect(funnel.nothingToPlot).toBe('The funnel plot is withheld: it is built on fewer than 5 people.');
  });
});
