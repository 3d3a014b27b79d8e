import { describe, expect, it } from 'vitest';
import { type AreaFigures, ambitionFunnel, compareChoice, intervalText, leagueRow, leagueTable, percentText, ratingCells, yearChoice, yearsUpTo } from './league-rules.js';
import { sharingForm, sharingSummary } from './sharing-rules.js';

const area = (name: string, starts: number, adults: number | null, extra: Partial<AreaFigures> = {}): AreaFigures => ({
  id: name,
  name,
  region: 'North West',
  starts,
  adults,
  adultsYear: adults === null ? null : 2026,
  target: null,
  decisions: { count: 0, median: null },
  completion: { numerator: 0, denominator: 0 },
  earlyDropOut: { numerator: 0, denominator: 0 },
  ...extra,
});

describe('a league row for an audience outside the partnership', () => {
  it('shows the access rate, its 95% interval and a judgement against the 2% ambition', () => {
    const row = leagueRow(area('Near', 24, 1200));
    expect(row.status).toBe('shown');
    expect(row.rateText).toBe('2.0%');
    expect(row.interval95!.lower).toBeLessThan(0.02);
    expect(row.interval95!.upper).toBeGreaterThan(0.02);
    expect(row.judgement).toBe('Similar to the 2% ambition: any difference could be chance.');
    expect(leagueRow(area('Low', 10, 2000)).judgement).toBe('Worse than the 2% ambition, with strong evidence that the difference is not chance.');
  });

  it('withholds starts of 1 to 4 and everything built on them, but shows none at all', () => {
    const small = leagueRow(area('Small', 3, 2580, { target: 40 }));
    expect(small.status).toBe('withheld');
    expect(small.startsText).toBe('fewer than 5');
    expect(small.rateText).toBe('withheld');
    expect(small.intervalText).toBe('withheld');
    expect(small.targetText).toBe('fewer than 5 of 40');
    expect(small.proportion).toBeNull();
    const none = leagueRow(area('None', 0, 2580));
    expect(none.status).toBe('shown');
    expect(none.startsText).toBe('0');
    expect(none.rateText).toBe('0.0%');
  });

  it('withholds a median built on fewer than 5 decisions, and completion built on a small count', () => {
    const row = leagueRow(area('A', 20, 1000, { decisions: { count: 4, median: 12 }, completion: { numerator: 3, denominator: 12 }, earlyDropOut: { numerator: 0, denominator: 12 } }));
    expect(row.decisionText).toBe('withheld (fewer than 5 decisions)');
    expect(row.completionText).toBe('withheld (fewer than 5)');
    expect(row.earlyDropOutText).toBe('0%');
    expect(leagueRow(area('B', 20, 1000, { decisions: { count: 9, median: 12.5 } })).decisionText).toBe('12.5 days');
  });

  it('does not compare an area with no published adults in treatment', () => {
    const row = leagueRow(area('Unpublished', 12, null));
    expect(row.status).toBe('not_published');
    expect(row.rateText).toBe('not published');
  });
});

describe('the league table', () => {
  it('puts the highest access first, shares places for equal rates, and leaves withheld rows unranked at the end', () => {
    const rows = leagueTable([area('Withheld', 2, 1000), area('Low', 10, 2000), area('High', 30, 1000), area('Also high', 60, 2000)]);
    expect(rows.map((row) => [row.area.name, row.rank])).toEqual([
      ['Also high', 1],
      ['High', 1],
      ['Low', 3],
      ['Withheld', null],
    ]);
  });
});

describe('words and limits', () => {
  it('writes small percentages with one decimal place and interval ends with two', () => {
    expect(percentText(0.0124)).toBe('1.2%');
    expect(percentText(0.25)).toBe('25%');
    expect(intervalText({ lower: 0.009, upper: 0.0161 })).toBe('0.90% to 1.61%');
  });

  it('draws the funnel around 2%, narrowing as areas grow', () => {
    const curve = ambitionFunnel(4000);
    const first = curve[0]!;
    const last = curve[curve.length - 1]!;
    expect(last.trials).toBe(4000);
    expect(last.upper95 - last.lower95).toBeLessThan(first.upper95 - first.lower95);
    expect(last.lower95).toBeLessThan(2);
    expect(last.upper95).toBeGreaterThan(2);
    expect(last.upper998).toBeGreaterThan(last.upper95);
  });
});

describe('choosing a financial year', () => {
  it('offers the current year and the four before it, and refuses any other', () => {
    expect(yearsUpTo('2026-11-23').map((year) => year.key)).toEqual(['2026-27', '2025-26', '2024-25', '2023-24', '2022-23']);
    expect(yearChoice(undefined, '2026-11-23')).toMatchObject({ year: { key: '2026-27', from: '2026-04-01', to: '2027-03-31' }, problem: null });
    expect(yearChoice('2025-26', '2026-03-31').year.key).toBe('2025-26');
    expect(yearChoice('2027-28', '2026-11-23').problem).toBe('Select a financial year from the list');
    expect(yearChoice(['2026-27'], '2026-11-23').problem).toBe('Select a financial year from the list');
  });
});

describe('choosing areas to compare', () => {
  const offered = ['a', 'b', 'c'];
  it('needs at least two of the areas offered', () => {
    expect(compareChoice(['a', 'b'], offered)).toEqual({ ids: ['a', 'b'], problem: null });
    expect(compareChoice(['a', 'a'], offered).problem).toBe('Select at least 2 areas to compare');
    expect(compareChoice('a', offered).problem).toBe('Select at least 2 areas to compare');
    expect(compareChoice(undefined, offered).problem).toBe('Select at least 2 areas to compare');
  });

  it('refuses any area not offered, such as one that does not share', () => {
    expect(compareChoice(['a', 'hidden'], offered)).toEqual({ ids: [], problem: 'Select areas from the list' });
  });
});

describe('self-assessment counts for a shared audience', () => {
  it('hides counts of 1 to 4, and a second count when one alone would be hidden', () => {
    expect(ratingCells({ areas: 12, inPlace: 6, partly: 6, notInPlace: 0, other: 0 })).toEqual({ areas: '12', inPlace: '6', partly: '6', notInPlace: '0', other: '0' });
    expect(ratingCells({ areas: 9, inPlace: 3, partly: 6, notInPlace: 0, other: 0 })).toEqual({ areas: '9', inPlace: 'withheld', partly: 'withheld', notInPlace: '0', other: '0' });
    expect(ratingCells({ areas: 6, inPlace: 4, partly: 2, notInPlace: 0, other: 0 })).toEqual({ areas: '6', inPlace: 'fewer than 5', partly: 'fewer than 5', notInPlace: '0', other: '0' });
    expect(ratingCells({ areas: 3, inPlace: 3, partly: 0, notInPlace: 0, other: 0 }).areas).toBe('fewer than 5');
  });
});

describe('the sharing setting', () => {
  it('reads yes or no and the version seen, and says what changed', () => {
    expect(sharingForm.parse({ sharesFigures: 'yes', version: '3' })).toEqual({ sharesFigures: true, version: 3 });
    expect(sharingForm.safeParse({ sharesFigures: 'maybe', version: '0' }).success).toBe(false);
    expect(sharingForm.safeParse({ sharesFigures: 'no' }).success).toBe(false);
    expect(sharingSummary(false, true)).toBe('Started sharing figures with regional and national analysts');
    expect(sharingSummary(true, false)).toBe('Stopped sharing figures with regional and national analysts');
    expect(sharingSummary(true, true)).toBe('Kept sharing figures with regional and national analysts');
  });
});
