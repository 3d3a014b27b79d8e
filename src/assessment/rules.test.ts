import { describe, expect, it } from 'vitest';
import {
  agreementAmong,
  availableTransitions,
  canAgree,
  canManagePlan,
  canPeerReview,
  canRespond,
  compareRatings,
  isOverdue,
  mostCommonRating,
  tiedRatings,
  moveInRanking,
  nextMeeting,
  partnerCoverage,
  roundDateProblems,
  themeProgress,
  themeSummary,
  transitionProblem,
} from './rules.js';

describe('round life cycle', () => {
  it('lets the lead open, close and send for review, and only the peer reviewer sign off', () => {
    expect(availableTransitions('draft', 'lead_commissioner').map((t) => t.to)).toEqual(['open']);
    expect(availableTransitions('agreeing', 'lead_commissioner').map((t) => t.to)).toEqual(['peer_review', 'open']);
    expect(availableTransitions('peer_review', 'lead_commissioner')).toEqual([]);
    expect(availableTransitions('peer_review', 'peer_reviewer').map((t) => t.to)).toEqual(['signed_off', 'agreeing']);
    expect(availableTransitions('open', 'contributor')).toEqual([]);
    expect(availableTransitions('signed_off', 'lead_commissioner')).toEqual([]);
  });

  it('refuses a move that skips a stage or is made by the wrong role', () => {
    const ready = { statementCount: 3, agreedCount: 3 };
    expect(transitionProblem('draft', 'signed_off', 'lead_commissioner', ready)).toBe('This change of status is not possible now');
    expect(transitionProblem('peer_review', 'signed_off', 'lead_commissioner', ready)).not.toBeNull();
    expect(transitionProblem('peer_review', 'signed_off', 'peer_reviewer', ready)).toBeNull();
  });

  it('needs every statement agreed before peer review, saying how many are left', () => {
    expect(transitionProblem('agreeing', 'peer_review', 'lead_commissioner', { statementCount: 50, agreedCount: 47 })).toBe(
      'Agree an answer for every statement before sending for peer review (3 still to agree)',
    );
    expect(transitionProblem('agreeing', 'peer_review', 'lead_commissioner', { statementCount: 50, agreedCount: 50 })).toBeNull();
  });

  it('allows each kind of change only at its stage and for its role', () => {
    expect(canRespond('open', 'contributor')).toBe(true);
    expect(canRespond('open', 'viewer')).toBe(false);
    expect(canRespond('agreeing', 'contributor')).toBe(false);
    expect(canAgree('agreeing', 'lead_commissioner')).toBe(true);
    expect(canAgree('agreeing', 'contributor')).toBe(false);
    expect(canAgree('open', 'lead_commissioner')).toBe(false);
    expect(canManagePlan('signed_off', 'lead_commissioner')).toBe(true);
    expect(canManagePlan('draft', 'lead_commissioner')).toBe(false);
    expect(canPeerReview('peer_review', 'peer_reviewer')).toBe(true);
    expect(canPeerReview('agreeing', 'peer_reviewer')).toBe(false);
  });
});

describe('round dates', () => {
  it('accepts dates in order and refuses them out of order', () => {
    expect(roundDateProblems({ startsOn: '2027-01-04', responsesDueOn: '2027-01-04', reEvaluateOn: null })).toEqual([]);
    expect(roundDateProblems({ startsOn: '2027-01-04', responsesDueOn: '2027-01-03', reEvaluateOn: null })[0]?.[0]).toBe('responsesDueOn');
    expect(roundDateProblems({ startsOn: '2027-01-04', responsesDueOn: '2027-02-01', reEvaluateOn: '2027-02-01' })[0]?.[0]).toBe('reEvaluateOn');
  });
});

describe('responses and agreement', () => {
  it('reports each theme’s progress for the task list', () => {
    expect(themeProgress(['a', 'b'], new Set())).toEqual({ answered: 0, total: 2, status: 'not_started' });
    expect(themeProgress(['a', 'b'], new Set(['a', 'z']))).toEqual({ answered: 1, total: 2, status: 'in_progress' });
    expect(themeProgress(['a', 'b'], new Set(['a', 'b']))).toEqual({ answered: 2, total: 2, status: 'completed' });
  });

  it('marks how far partners differ, ignoring “don’t know” and “not applicable”', () => {
    expect(agreementAmong([])).toBe('none_yet');
    expect(agreementAmong([null, 'dont_know'])).toBe('none_yet');
    expect(agreementAmong(['partly', 'partly', 'dont_know', 'not_applicable'])).toBe('agree');
    expect(agreementAmong(['partly', 'in_place'])).toBe('differ');
    expect(agreementAmong(['in_place', 'partly', 'not_in_place'])).toBe('opposed');
  });

  it('suggests the most common rating, the more cautious one on a tie', () => {
    expect(mostCommonRating(['in_place', 'in_place', 'partly'])).toBe('in_place');
    expect(mostCommonRating(['in_place', 'not_in_place'])).toBe('not_in_place');
    expect(mostCommonRating(['dont_know', null])).toBeNull();
  });

  it('knows when partners are split evenly between ratings', () => {
    expect(tiedRatings(['in_place', 'not_in_place', 'dont_know'])).toEqual(['not_in_place', 'in_place']);
    expect(tiedRatings(['in_place', 'in_place', 'partly'])).toEqual([]);
    expect(tiedRatings(['partly'])).toEqual([]);
    expect(tiedRatings([null, 'dont_know'])).toEqual([]);
  });
});

describe('partner coverage', () => {
  it('lists the expected partner types that are missing', () => {
    const coverage = partnerCoverage([
      { partnerType: 'commissioner', hasAuthority: true, knowsPathway: false },
      { partnerType: 'community_treatment', hasAuthority: false, knowsPathway: true },
      { partnerType: 'community_treatment', hasAuthority: false, knowsPathway: true },
    ]);
    expect(coverage.rows.find((row) => row.value === 'community_treatment')?.count).toBe(2);
    expect(coverage.missingRequired.map((row) => row.value)).not.toContain('commissioner');
    expect(coverage.missingRequired.map((row) => row.value)).toContain('jobcentre_plus');
    expect(coverage.missingRequired.map((row) => row.value)).not.toContain('ndtms_team');
    expect(coverage.withAuthority).toBe(1);
    expect(coverage.knowingPathway).toBe(2);
  });
});

describe('action plan', () => {
  it('flags unfinished actions past their due date only', () => {
    expect(isOverdue({ due_on: '2026-11-22', status: 'in_progress' }, '2026-11-23')).toBe(true);
    expect(isOverdue({ due_on: '2026-11-23', status: 'in_progress' }, '2026-11-23')).toBe(false);
    expect(isOverdue({ due_on: '2026-11-01', status: 'done' }, '2026-11-23')).toBe(false);
  });

  it('finds the next meeting on or after today', () => {
    const meetings = [{ meets_on: '2026-12-10' }, { meets_on: '2026-11-01' }, { meets_on: '2026-11-23' }];
    expect(nextMeeting(meetings, '2026-11-23')).toEqual({ meets_on: '2026-11-23' });
    expect(nextMeeting(meetings, '2027-01-01')).toBeNull();
  });

  it('moves a priority up or down, staying put at the ends', () => {
    expect(moveInRanking(['a', 'b', 'c'], 'b', 'up')).toEqual(['b', 'a', 'c']);
    expect(moveInRanking(['a', 'b', 'c'], 'b', 'down')).toEqual(['a', 'c', 'b']);
    expect(moveInRanking(['a', 'b', 'c'], 'a', 'up')).toEqual(['a', 'b', 'c']);
    expect(moveInRanking(['a', 'b', 'c'], 'x', 'down')).toEqual(['a', 'b', 'c']);
  });
});

describe('results', () => {
  it('counts ratings, strengths and concerns per theme', () => {
    const summary = themeSummary(
      [
        { rating: 'in_place', judgement: 'strength' },
        { rating: 'not_in_place', judgement: 'concern' },
        { rating: 'partly', judgement: 'concern' },
      ],
      5,
    );
    expect(summary.counts).toEqual({ in_place: 1, partly: 1, not_in_place: 1, dont_know: 0, not_applicable: 0 });
    expect(summary.strengths).toBe(1);
    expect(summary.concerns).toBe(2);
    expect(summary.notAgreed).toBe(2);
  });

  it('compares a statement with the previous round', () => {
    expect(compareRatings('partly', 'in_place')).toBe('better');
    expect(compareRatings('partly', 'partly')).toBe('same');
    expect(compareRatings('in_place', 'not_in_place')).toBe('worse');
    expect(compareRatings('dont_know', 'in_place')).toBe('not_comparable');
    expect(compareRatings(null, 'in_place')).toBe('not_comparable');
    expect(compareRatings(undefined, 'in_place')).toBe('new');
  });
});
