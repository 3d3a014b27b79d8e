import type { ContractType, PreferredDecision } from '../platform/db/schema.js';
import { addDays, addYears } from '../platform/values/calendar.js';

/**
 * Rules for a partnership's contracts and preferred-provider list. Plain functions over ISO
 * dates ('YYYY-MM-DD', which compare correctly as strings), tested in commissioning-rules.test.ts.
 */

// Contracts ----------------------------------------------------------------------------------

/** Contracts ending within this many days (from today, today included) are flagged. */
export const endingSoonDays = 90;

export interface ContractDates {
  starts_on: string;
  ends_on: string;
  next_review_on: string | null;
}

export type ContractStatus = 'not_started' | 'current' | 'ended';

export function contractStatus(contract: Pick<ContractDates, 'starts_on' | 'ends_on'>, today: string): ContractStatus {
  if (contract.starts_on > today) return 'not_started';
  return contract.ends_on < today ? 'ended' : 'current';
}

/**
 * A contract's review is overdue when its next review date is before today. A contract that has
 * already ended needs no more reviews, so it is never flagged.
 */
export function isContractReviewOverdue(contract: ContractDates, today: string): boolean {
  return contract.next_review_on !== null && contract.next_review_on < today && contract.ends_on >= today;
}

/** The contract has not ended and ends within the next 90 days (today counts as within). */
export function isContractEndingSoon(contract: Pick<ContractDates, 'ends_on'>, today: string, days = endingSoonDays): boolean {
  return contract.ends_on >= today && contract.ends_on <= addDays(today, days);
}

/** The share of purchased bed nights used, as a whole percentage; null when it cannot be worked out. */
export function bedNightUsePercent(purchased: number | null | undefined, used: number | null | undefined): number | null {
  if (purchased === null || purchased === undefined || used === null || used === undefined || purchased <= 0) return null;
  return Math.round((used / purchased) * 100);
}

/** Problems with a contract's dates, as [field, message] pairs for the error summary. */
export function contractDateProblems(dates: { startsOn: string; endsOn: string }): Array<[field: string, message: string]> {
  return dates.endsOn < dates.startsOn ? [['endsOn', 'The end date must be the same as or after the start date']] : [];
}

export interface ContractFilter {
  type?: ContractType | undefined;
  endingSoon?: boolean | undefined;
  reviewOverdue?: boolean | undefined;
}

/** The contracts matching every filter given; filters left out match everything. */
export function filterContracts<T extends ContractDates & { contract_type: ContractType }>(contracts: readonly T[], filter: ContractFilter, today: string): T[] {
  return contracts.filter(
    (contract) =>
      (!filter.type || contract.contract_type === filter.type) &&
      (!filter.endingSoon || isContractEndingSoon(contract, today)) &&
      (!filter.reviewOverdue || isContractReviewOverdue(contract, today)),
  );
}

// Preferred-provider list --------------------------------------------------------------------

export interface DatedReview {
  reviewed_on: string;
  created_at: Date;
  decision: PreferredDecision;
  next_review_on: string | null;
}

/** The newest review: the latest date, and of reviews on the same day the one recorded last. */
export function latestReview<T extends DatedReview>(reviews: readonly T[]): T | null {
  let latest: T | null = null;
  for (const review of reviews) {
    if (
      !latest ||
      review.reviewed_on > latest.reviewed_on ||
      (review.reviewed_on === latest.reviewed_on && review.created_at.getTime() > latest.created_at.getTime())
    ) {
      latest = review;
    }
  }
  return latest;
}

/**
 * A service stays on the preferred list until its latest review decides to remove it. The entry
 * and its reviews are kept, so the history stays; a later review deciding to keep it puts it back.
 */
export function isOnPreferredList(latest: Pick<DatedReview, 'decision'> | null): boolean {
  return latest?.decision !== 'remove';
}

/**
 * When the next review of a preferred service is due: the next review date the last review set,
 * or a year after the last review if that comes first. Null when it has never been reviewed,
 * which means a review is due now.
 */
export function preferredReviewDueOn(latest: Pick<DatedReview, 'reviewed_on' | 'next_review_on'> | null): string | null {
  if (!latest) return null;
  const yearLater = addYears(latest.reviewed_on, 1);
  return latest.next_review_on && latest.next_review_on < yearLater ? latest.next_review_on : yearLater;
}

/**
 * A service on the list is due for review when it has never been reviewed, its last review is
 * more than a year old, or the next review date set at its last review has passed.
 */
export function isPreferredReviewDue(latest: Pick<DatedReview, 'reviewed_on' | 'next_review_on' | 'decision'> | null, today: string): boolean {
  if (!isOnPreferredList(latest)) return false;
  const dueOn = preferredReviewDueOn(latest);
  return dueOn === null || dueOn < today;
}

/** Problems with a review's dates, as [field, message] pairs for the error summary. */
export function reviewDateProblems(dates: { reviewedOn: string; nextReviewOn: string | null }, today: string): Array<[field: string, message: string]> {
  const problems: Array<[string, string]> = [];
  if (dates.reviewedOn > today) problems.push(['reviewedOn', 'The date of the review must be today or in the past']);
  if (dates.nextReviewOn && dates.nextReviewOn <= dates.reviewedOn) {
    problems.push(['nextReviewOn', 'The next review date must be after the date of the review']);
  }
  return problems;
}

// Home page alerts ---------------------------------------------------------------------------

export interface CommissioningAlertCounts {
  contractReviewsOverdue: number;
  contractsEndingSoon: number;
  preferredReviewsDue: number;
}

export function alertCounts(
  contracts: readonly ContractDates[],
  preferredLatestReviews: ReadonlyArray<Pick<DatedReview, 'reviewed_on' | 'next_review_on' | 'decision'> | null>,
  today: string,
): CommissioningAlertCounts {
  return {
    contractReviewsOverdue: contracts.filter((contract) => isContractReviewOverdue(contract, today)).length,
    contractsEndingSoon: contracts.filter((contract) => isContractEndingSoon(contract, today)).length,
    preferredReviewsDue: preferredLatestReviews.filter((latest) => isPreferredReviewDue(latest, today)).length,
  };
}
