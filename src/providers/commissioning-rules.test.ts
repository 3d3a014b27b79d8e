import { describe, expect, it } from 'vitest';
import {
  alertCounts,
  bedNightUsePercent,
  contractDateProblems,
  contractStatus,
  filterContracts,
  isContractEndingSoon,
  isContractReviewOverdue,
  isOnPreferredList,
  isPreferredReviewDue,
  latestReview,
  preferredReviewDueOn,
  reviewDateProblems,
} from './commissioning-rules.js';

const today = '2026-11-23';
const contract = (overrides: Partial<{ starts_on: string; ends_on: string; next_review_on: string | null; contract_type: 'spot' | 'block' }> = {}) => ({
  starts_on: '2026-04-01',
  ends_on: '2027-03-31',
  next_review_on: null as string | null,
  contract_type: 'block' as 'spot' | 'block',
  ...overrides,
});
const review = (reviewed_on: string, decision: 'keep' | 'keep_with_conditions' | 'remove' = 'keep', next_review_on: string | null = null, created_at = new Date('2026-01-01T10:00:00Z')) => ({
  reviewed_on,
  decision,
  next_review_on,
  created_at,
});

describe('contracts', () => {
  it('says whether a contract has started, is current or has ended', () => {
    expect(contractStatus(contract({ starts_on: '2026-12-01' }), today)).toBe('not_started');
    expect(contractStatus(contract({ starts_on: today }), today)).toBe('current');
    expect(contractStatus(contract({ ends_on: today }), today)).toBe('current');
    expect(contractStatus(contract({ ends_on: '2026-11-22' }), today)).toBe('ended');
  });

  it('flags a review as overdue only when the next review date is before today', () => {
    expect(isContractReviewOverdue(contract({ next_review_on: '2026-11-22' }), today)).toBe(true);
    expect(isContractReviewOverdue(contract({ next_review_on: today }), today)).toBe(false);
    expect(isContractReviewOverdue(contract({ next_review_on: '2027-01-01' }), today)).toBe(false);
    expect(isContractReviewOverdue(contract({ next_review_on: null }), today)).toBe(false);
  });

  it('does not flag the review of a contract that has ended', () => {
    expect(isContractReviewOverdue(contract({ ends_on: '2026-11-22', next_review_on: '2026-06-01' }), today)).toBe(false);
    expect(isContractReviewOverdue(contract({ ends_on: today, next_review_on: '2026-06-01' }), today)).toBe(true);
  });

  it('flags contracts ending within 90 days, today and the 90th day included', () => {
    expect(isContractEndingSoon(contract({ ends_on: today }), today)).toBe(true);
    expect(isContractEndingSoon(contract({ ends_on: '2027-02-21' }), today)).toBe(true);
    expect(isContractEndingSoon(contract({ ends_on: '2027-02-22' }), today)).toBe(false);
    expect(isContractEndingSoon(contract({ ends_on: '2026-11-22' }), today)).toBe(false);
    expect(isContractEndingSoon(contract({ ends_on: '2026-12-01' }), today, 7)).toBe(false);
  });

  it('works out the share of bed nights used', () => {
    expect(bedNightUsePercent(365, 240)).toBe(66);
    expect(bedNightUsePercent(200, 0)).toBe(0);
    expect(bedNightUsePercent(100, 120)).toBe(120);
    expect(bedNightUsePercent(3, 2)).toBe(67);
    expect(bedNightUsePercent(null, 10)).toBeNull();
    expect(bedNightUsePercent(100, null)).toBeNull();
    expect(bedNightUsePercent(0, 0)).toBeNull();
  });

  it('needs the end date to be the same as or after the start date', () => {
    expect(contractDateProblems({ startsOn: '2026-04-01', endsOn: '2026-03-31' })).toEqual([['endsOn', 'The end date must be the same as or after the start date']]);
    expect(contractDateProblems({ startsOn: '2026-04-01', endsOn: '2026-04-01' })).toEqual([]);
    expect(contractDateProblems({ startsOn: '2026-04-01', endsOn: '2027-03-31' })).toEqual([]);
  });

  it('filters by type, ending soon and overdue review together', () => {
    const contracts = [
      { id: 'a', ...contract({ contract_type: 'spot', ends_on: '2026-12-31' }) },
      { id: 'b', ...contract({ contract_type: 'block', ends_on: '2026-12-31', next_review_on: '2026-10-01' }) },
      { id: 'c', ...contract({ contract_type: 'block', ends_on: '2028-03-31', next_review_on: '2026-10-01' }) },
      { id: 'd', ...contract({ contract_type: 'block', ends_on: '2026-01-31', next_review_on: '2025-10-01' }) },
    ];
    const ids = (filter: Parameters<typeof filterContracts>[1]) => filterContracts(contracts, filter, today).map((item) => item.id);
    expect(ids({})).toEqual(['a', 'b', 'c', 'd']);
    expect(ids({ type: 'spot' })).toEqual(['a']);
    expect(ids({ endingSoon: true })).toEqual(['a', 'b']);
    expect(ids({ reviewOverdue: true })).toEqual(['b', 'c']);
    expect(ids({ type: 'block', endingSoon: true, reviewOverdue: true })).toEqual(['b']);
  });
});

describe('preferred-provider list', () => {
  it('takes the newest review, and of one day the one recorded last', () => {
    const older = review('2026-01-10');
    const newer = review('2026-06-01', 'keep_with_conditions');
    const sameDayLater = review('2026-06-01', 'remove', null, new Date('2026-06-01T15:00:00Z'));
    expect(latestReview([])).toBeNull();
    expect(latestReview([newer, older])).toBe(newer);
    expect(latestReview([sameDayLater, newer])).toBe(sameDayLater);
  });

  it('keeps a service on the list until a review decides to remove it', () => {
    expect(isOnPreferredList(null)).toBe(true);
    expect(isOnPreferredList(review('2026-01-10', 'keep_with_conditions'))).toBe(true);
    expect(isOnPreferredList(review('2026-01-10', 'remove'))).toBe(false);
  });

  it('works out when the next review is due', () => {
    expect(preferredReviewDueOn(null)).toBeNull();
    expect(preferredReviewDueOn(review('2026-01-10'))).toBe('2027-01-10');
    expect(preferredReviewDueOn(review('2026-01-10', 'keep_with_conditions', '2026-07-10'))).toBe('2026-07-10');
    expect(preferredReviewDueOn(review('2026-01-10', 'keep', '2027-06-01'))).toBe('2027-01-10');
  });

  it('flags a service never reviewed, reviewed more than a year ago, or past its next review date', () => {
    expect(isPreferredReviewDue(null, today)).toBe(true);
    expect(isPreferredReviewDue(review('2025-11-22'), today)).toBe(true);
    expect(isPreferredReviewDue(review('2025-11-23'), today)).toBe(false);
    expect(isPreferredReviewDue(review('2026-05-01', 'keep_with_conditions', '2026-11-22'), today)).toBe(true);
    expect(isPreferredReviewDue(review('2026-05-01', 'keep_with_conditions', today), today)).toBe(false);
    expect(isPreferredReviewDue(review('2024-01-01', 'remove'), today)).toBe(false);
  });

  it('checks the review dates', () => {
    expect(reviewDateProblems({ reviewedOn: today, nextReviewOn: '2027-11-23' }, today)).toEqual([]);
    expect(reviewDateProblems({ reviewedOn: '2026-11-24', nextReviewOn: null }, today)).toEqual([['reviewedOn', 'The date of the review must be today or in the past']]);
    expect(reviewDateProblems({ reviewedOn: '2026-10-01', nextReviewOn: '2026-10-01' }, today)).toEqual([
      ['nextReviewOn', 'The next review date must be after the date of the review'],
    ]);
  });
});

describe('home page alerts', () => {
  it('counts overdue contract reviews, contracts ending soon and preferred services due for review', () => {
    const counts = alertCounts(
      [
        contract({ ends_on: '2026-12-31', next_review_on: '2026-10-01' }),
        contract({ ends_on: '2028-12-31', next_review_on: '2026-10-01' }),
        contract({ ends_on: '2027-01-31' }),
        contract({ ends_on: '2026-01-31', next_review_on: '2025-10-01' }),
      ],
      [null, review('2025-01-01'), review('2026-10-01'), review('2024-01-01', 'remove')],
      today,
    );
    expect(counts).toEqual({ contractReviewsOverdue: 2, contractsEndingSoon: 2, preferredReviewsDue: 2 });
  });
});
