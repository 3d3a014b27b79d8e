import { describe, expect, it } from 'vitest';
import { poundsForInput } from '../platform/values/money.js';
import {
  canEditProviderServices,
  isFiltered,
  outcomeSummary,
  packReviewOverdue,
  parsePoundsToPence,
  parseSearchQuery,
  ratingsAtLeast,
  searchQueryString,
  waitingTimeOutOfDate,
} from './directory-rules.js';

describe('money', () => {
  it('reads pounds typed in many ordinary ways as pence', () => {
    expect(parsePoundsToPence('1250')).toBe(125_000);
    expect(parsePoundsToPence(' £1,250.50 ')).toBe(125_050);
    expect(parsePoundsToPence('£ 99.5')).toBe(9_950);
    expect(parsePoundsToPence('0')).toBe(0);
    expect(parsePoundsToPence('123,456')).toBe(12_345_600);
    expect(parsePoundsToPence('')).toBeNull();
    expect(parsePoundsToPence('   ')).toBeNull();
  });

  it('refuses what is not an amount of pounds, or is too large', () => {
    for (const bad of ['-5', '12.345', '1,25', 'ten', '1e3', '£', '12.', '.5', '1 250', '2000000']) {
      expect(parsePoundsToPence(bad), bad).toBeUndefined();
    }
    expect(parsePoundsToPence('1000000')).toBe(100_000_000);
  });

  it('reads back what the form box was filled with', () => {
    for (const pence of [0, 1, 99, 100, 123_456]) expect(parsePoundsToPence(poundsForInput(pence))).toBe(pence);
  });

});

describe('dates that go out of date', () => {
  it('treats a waiting time checked more than 4 weeks ago, or never, as out of date', () => {
    expect(waitingTimeOutOfDate('2026-11-23', '2026-11-23')).toBe(false);
    expect(waitingTimeOutOfDate('2026-10-26', '2026-11-23')).toBe(false);
    expect(waitingTimeOutOfDate('2026-10-25', '2026-11-23')).toBe(true);
    expect(waitingTimeOutOfDate(null, '2026-11-23')).toBe(true);
  });

  it('flags an information pack once its review date has passed', () => {
    expect(packReviewOverdue('2026-11-22', '2026-11-23')).toBe(true);
    expect(packReviewOverdue('2026-11-23', '2026-11-23')).toBe(false);
    expect(packReviewOverdue('2027-01-01', '2026-11-23')).toBe(false);
    expect(packReviewOverdue(null, '2026-11-23')).toBe(false);
  });
});

describe('ratings', () => {
  it('lists the ratings at or above a minimum, never services not yet rated', () => {
    expect(ratingsAtLeast('outstanding')).toEqual(['outstanding']);
    expect(ratingsAtLeast('good')).toEqual(['outstanding', 'good']);
    expect(ratingsAtLeast('requires_improvement')).toEqual(['outstanding', 'good', 'requires_improvement']);
  });
});

describe('outcome summary', () => {
  it('says nothing has been recorded when there are no placements', () => {
    expect(outcomeSummary(0, 0, 0)).toEqual({
      placements: 0,
      completed: 0,
      droppedOutEarly: 0,
      completionRate: null,
      earlyDropOutRate: null,
      status: 'none',
      minimumToCompare: 10,
    });
  });

  it('gives rates but marks them too few to compare below the minimum', () => {
    const summary = outcomeSummary(9, 4, 2);
    expect(summary.status).toBe('too_few');
    expect(summary.completionRate).toBe(44);
    expect(summary.earlyDropOutRate).toBe(22);
  });

  it('lets services be compared from the minimum number of placements', () => {
    expect(outcomeSummary(10, 3, 1).status).toBe('comparable');
    expect(outcomeSummary(10, 3, 1)).toMatchObject({ completionRate: 30, earlyDropOutRate: 10 });
    expect(outcomeSummary(19, 19, 0, 20).status).toBe('too_few');
    expect(outcomeSummary(3, 2, 1, 3)).toMatchObject({ status: 'comparable', completionRate: 67, earlyDropOutRate: 33 });
  });

  it('refuses counts that cannot be right', () => {
    expect(() => outcomeSummary(5, 4, 2)).toThrow(RangeError);
    expect(() => outcomeSummary(-1, 0, 0)).toThrow(RangeError);
    expect(() => outcomeSummary(2.5, 1, 0)).toThrow(RangeError);
    expect(() => outcomeSummary(5, 1, 1, -1)).toThrow(RangeError);
  });
});

describe('who may change a service', () => {
  it('allows administrators everywhere and provider accounts only for their own providers', () => {
    expect(canEditProviderServices({ isAdmin: true, providerIds: [] }, 'p1')).toBe(true);
    expect(canEditProviderServices({ isAdmin: false, providerIds: ['p1', 'p2'] }, 'p2')).toBe(true);
    expect(canEditProviderServices({ isAdmin: false, providerIds: ['p1'] }, 'p2')).toBe(false);
    expect(canEditProviderServices({ isAdmin: false, providerIds: [] }, 'p1')).toBe(false);
  });
});

describe('reading the search address', () => {
  it('gives an empty filter, name order and the first page for an empty address', () => {
    const parsed = parseSearchQuery({});
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.search).toEqual({ filter: {}, sort: 'name', page: 1 });
    expect(isFiltered(parsed.search.filter)).toBe(false);
    expect(searchQueryString(parsed.search)).toBe('');
  });

  it('reads every filter, with repeated boxes as lists', () => {
    const parsed = parseSearchQuery({
      kind: 'residential_rehab',
      approach: 'twelve_step',
      specialism: ['women_only', 'pregnant_women', 'women_only'],
      region: 'North East',
      maxCost: '£1,200.50',
      rating: 'good',
      maxWait: ' 4 ',
      detox: 'yes',
      access: ['step_free', 'adapted_rooms'],
      sort: 'cost',
      page: '3',
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.search).toEqual({
      filter: {
        kind: 'residential_rehab',
        approach: 'twelve_step',
        specialisms: ['women_only', 'pregnant_women'],
        region: 'North East',
        maxWeeklyCostPence: 120_050,
        minimumRating: 'good',
        maxWaitingWeeks: 4,
        detoxOnSite: true,
        stepFreeAccess: true,
        adaptedRooms: true,
      },
      sort: 'cost',
      page: 3,
    });
    expect(isFiltered(parsed.search.filter)).toBe(true);
    expect(parsed.values).toMatchObject({ maxCost: '1200.50', maxWait: '4', specialism: ['women_only', 'pregnant_women'], access: ['step_free', 'adapted_rooms'] });
    expect(searchQueryString(parsed.search)).toBe(
      'kind=residential_rehab&approach=twelve_step&specialism=women_only&specialism=pregnant_women&region=North+East&maxCost=1200.50&rating=good&maxWait=4&detox=yes&access=step_free&access=adapted_rooms&sort=cost',
    );
    expect(searchQueryString(parsed.search, { page: true })).toMatch(/&page=3$/);
  });

  it('treats empty boxes as no filter and keeps a zero', () => {
    const parsed = parseSearchQuery({ kind: '', specialism: '', maxCost: '', maxWait: '0', detox: '', sort: '' });
    expect(parsed.ok && parsed.search).toEqual({ filter: { maxWaitingWeeks: 0 }, sort: 'name', page: 1 });
  });

  it('refuses values the form does not offer, with a message for each box', () => {
    const parsed = parseSearchQuery({
      kind: 'hotel',
      approach: ['twelve_step', 'faith_based'],
      specialism: ['women_only', 'unicorns'],
      region: 'Wales',
      maxCost: 'cheap',
      rating: 'inadequate',
      maxWait: '-1',
      detox: 'maybe',
      access: 'lift',
      sort: 'price',
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.summary.map((item) => item.href)).toEqual([
      '#kind',
      '#approach',
      '#specialism',
      '#region',
      '#maxCost',
      '#rating',
      '#maxWait',
      '#detox',
      '#access',
      '#sort',
    ]);
    expect(parsed.errors.fields.maxCost?.text).toBe('Maximum weekly cost must be an amount in pounds, like 1200');
    expect(parsed.errors.fields.maxWait?.text).toBe('Maximum waiting time must be a whole number of weeks, from 0 to 520');
    expect(parsed.values.maxCost).toBe('cheap');
  });

  it('shows the first page for a page number that makes no sense', () => {
    for (const page of ['0', '-2', 'two', '1.5']) {
      const parsed = parseSearchQuery({ page });
      expect(parsed.ok && parsed.search.page, page).toBe(1);
    }
  });
});
