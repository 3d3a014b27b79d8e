import { partnerTypes } from '../accounts/index.js';
import type { ActionStatus, Judgement, Rating, Role, RoundStatus } from '../platform/db/schema.js';

// Round life cycle ---------------------------------------------------------------------------

export interface RoundTransition {
  to: RoundStatus;
  /** The words on the button that makes the move. */
  label: string;
  by: 'lead_commissioner' | 'peer_reviewer';
}

const transitions: Record<RoundStatus, RoundTransition[]> = {
  draft: [{ to: 'open', label: 'Open for responses', by: 'lead_commissioner' }],
  open: [{ to: 'agreeing', label: 'Close responses and start agreeing answers', by: 'lead_commissioner' }],
  agreeing: [
    { to: 'peer_review', label: 'Send for peer review', by: 'lead_commissioner' },
    { to: 'open', label: 'Reopen for responses', by: 'lead_commissioner' },
  ],
  peer_review: [
    { to: 'signed_off', label: 'Sign off', by: 'peer_reviewer' },
    { to: 'agreeing', label: 'Ask for changes', by: 'peer_reviewer' },
  ],
  signed_off: [],
};

export function availableTransitions(status: RoundStatus, role: Role): RoundTransition[] {
  return transitions[status].filter((transition) => transition.by === role);
}

export interface RoundReadiness {
  statementCount: number;
  agreedCount: number;
}

/** Why a move is not allowed yet, or null when it is. */
export function transitionProblem(from: RoundStatus, to: RoundStatus, role: Role, readiness: RoundReadiness): string | null {
  if (!availableTransitions(from, role).some((transition) => transition.to === to)) {
    return 'This change of status is not possible now';
  }
  if (to === 'peer_review' && readiness.agreedCount < readiness.statementCount) {
    const missing = readiness.statementCount - readiness.agreedCount;
    return `Agree an answer for every statement before sending for peer review (${missing} still to agree)`;
  }
  return null;
}

export interface PartnerAnswers {
  name: string;
  organisation: string;
  answered: number;
}

/** Who has not answered every statement yet, and how many answers are missing in all. */
export function missingAnswers(statementCount: number, partners: readonly PartnerAnswers[]) {
  const behind = partners
    .map((partner) => ({ ...partner, missing: Math.max(0, statementCount - partner.answered) }))
    .filter((partner) => partner.missing > 0);
  return { total: behind.reduce((sum, partner) => sum + partner.missing, 0), partners: behind, partnerCount: partners.length };
}

/** Moves that lock people out (partners can no longer answer; answers can no longer be agreed) are confirmed on a page of their own first. */
export function needsConfirmation(from: RoundStatus, to: RoundStatus): boolean {
  return (from === 'open' && to === 'agreeing') || (from === 'agreeing' && to === 'peer_review');
}

export function canRespond(status: RoundStatus, role: Role): boolean {
  return status === 'open' && (role === 'contributor' || role === 'lead_commissioner');
}

export function canAgree(status: RoundStatus, role: Role): boolean {
  return status === 'agreeing' && role === 'lead_commissioner';
}

/** The action plan and review meetings stay open after sign-off: that is when the work happens. */
export function canManagePlan(status: RoundStatus, role: Role): boolean {
  return role === 'lead_commissioner' && status !== 'draft';
}

export function canPeerReview(status: RoundStatus, role: Role): boolean {
  return status === 'peer_review' && role === 'peer_reviewer';
}

// Dates --------------------------------------------------------------------------------------

export interface RoundDates {
  startsOn: string;
  responsesDueOn: string;
  reEvaluateOn: string | null;
}

/** ISO dates compare correctly as strings. */
export function roundDateProblems(dates: RoundDates): Array<[field: string, message: string]> {
  const problems: Array<[string, string]> = [];
  if (dates.responsesDueOn < dates.startsOn) {
    problems.push(['responsesDueOn', 'The date responses are due must be the same as or after the start date']);
  }
  if (dates.reEvaluateOn && dates.reEvaluateOn <= dates.responsesDueOn) {
    problems.push(['reEvaluateOn', 'The re-evaluation date must be after the date responses are due']);
  }
  return problems;
}

// Responses ----------------------------------------------------------------------------------

export type ProgressStatus = 'not_started' | 'in_progress' | 'completed';

export function themeProgress(statementIds: readonly string[], answeredStatementIds: ReadonlySet<string>) {
  const answered = statementIds.filter((id) => answeredStatementIds.has(id)).length;
  const status: ProgressStatus = answered === 0 ? 'not_started' : answered === statementIds.length ? 'completed' : 'in_progress';
  return { answered, total: statementIds.length, status };
}

const substantive: ReadonlySet<Rating> = new Set(['in_place', 'partly', 'not_in_place']);

export type Agreement = 'none_yet' | 'agree' | 'differ' | 'opposed';

/**
 * How far partners' ratings of one statement differ. "Don't know" and "not applicable" do not
 * count as disagreement; "in place" against "not in place" is the strongest kind.
 */
export function agreementAmong(ratings: ReadonlyArray<Rating | null>): Agreement {
  const given = new Set(ratings.filter((rating): rating is Rating => rating !== null && substantive.has(rating)));
  if (given.size === 0) return 'none_yet';
  if (given.size === 1) return 'agree';
  if (given.has('in_place') && given.has('not_in_place')) return 'opposed';
  return 'differ';
}

/** The most common substantive rating, offered to the lead as a starting point; ties go to the more cautious rating. */
export function mostCommonRating(ratings: ReadonlyArray<Rating | null>): Rating | null {
  const order: Rating[] = ['not_in_place', 'partly', 'in_place'];
  let best: Rating | null = null;
  let bestCount = 0;
  for (const rating of order) {
    const count = ratings.filter((candidate) => candidate === rating).length;
    if (count > bestCount) {
      best = rating;
      bestCount = count;
    }
  }
  return best;
}

/** The substantive ratings that share the highest count when two or more do: partners are split between them. */
export function tiedRatings(ratings: ReadonlyArray<Rating | null>): Rating[] {
  const counts = (['not_in_place', 'partly', 'in_place'] as const).map((rating) => ({ rating, count: ratings.filter((candidate) => candidate === rating).length }));
  const top = Math.max(...counts.map((entry) => entry.count));
  const leaders = counts.filter((entry) => entry.count === top && top > 0).map((entry) => entry.rating);
  return leaders.length > 1 ? leaders : [];
}

// Partner coverage ---------------------------------------------------------------------------

export interface CoverageParticipant {
  partnerType: string;
  hasAuthority: boolean;
  knowsPathway: boolean;
}

export function partnerCoverage(participants: readonly CoverageParticipant[]) {
  const rows = partnerTypes.map((type) => {
    const matching = participants.filter((participant) => participant.partnerType === type.value);
    return { value: type.value, label: type.label, required: type.required, count: matching.length, represented: matching.length > 0 };
  });
  return {
    rows,
    missingRequired: rows.filter((row) => row.required && !row.represented),
    withAuthority: participants.filter((participant) => participant.hasAuthority).length,
    knowingPathway: participants.filter((participant) => participant.knowsPathway).length,
  };
}

// Action plan --------------------------------------------------------------------------------

export function isOverdue(action: { due_on: string; status: ActionStatus }, today: string): boolean {
  return action.status !== 'done' && action.due_on < today;
}

export function nextMeeting<T extends { meets_on: string }>(meetings: readonly T[], today: string): T | null {
  return [...meetings].filter((meeting) => meeting.meets_on >= today).sort((a, b) => a.meets_on.localeCompare(b.meets_on))[0] ?? null;
}

/** Moves one item up or down a ranked list, returning the new order of ids. */
export function moveInRanking(ids: readonly string[], id: string, direction: 'up' | 'down'): string[] {
  const order = [...ids];
  const index = order.indexOf(id);
  const target = direction === 'up' ? index - 1 : index + 1;
  if (index < 0 || target < 0 || target >= order.length) return order;
  [order[index], order[target]] = [order[target] as string, order[index] as string];
  return order;
}

// Results ------------------------------------------------------------------------------------

export function ratingCounts(ratings: ReadonlyArray<Rating>): Record<Rating, number> {
  const counts: Record<Rating, number> = { in_place: 0, partly: 0, not_in_place: 0, dont_know: 0, not_applicable: 0 };
  for (const rating of ratings) counts[rating] += 1;
  return counts;
}

export function themeSummary(answers: ReadonlyArray<{ rating: Rating; judgement: Judgement }>, statementCount: number) {
  return {
    counts: ratingCounts(answers.map((answer) => answer.rating)),
    strengths: answers.filter((answer) => answer.judgement === 'strength').length,
    concerns: answers.filter((answer) => answer.judgement === 'concern').length,
    notAgreed: statementCount - answers.length,
  };
}

const ratingScore: Partial<Record<Rating, number>> = { not_in_place: 0, partly: 1, in_place: 2 };

export type Change = 'better' | 'same' | 'worse' | 'not_comparable' | 'new';

/** Compares one statement's agreed rating with the previous round's. */
export function compareRatings(previous: Rating | null | undefined, current: Rating | null | undefined): Change {
  if (previous === undefined) return 'new';
  const before = previous === null ? undefined : ratingScore[previous];
  const now = current == null ? undefined : ratingScore[current];
  if (before === undefined || now === undefined) return 'not_comparable';
  if (now > before) return 'better';
  if (now < before) return 'worse';
  return 'same';
}

export const changeTags: Record<Change, { text: string; classes: string }> = {
  better: { text: 'Better', classes: 'govuk-tag--green' },
  same: { text: 'Same', classes: 'govuk-tag--grey' },
  worse: { text: 'Worse', classes: 'govuk-tag--red' },
  not_comparable: { text: 'Cannot compare', classes: 'govuk-tag--grey' },
  new: { text: 'New statement', classes: 'govuk-tag--blue' },
};
