import { describe, expect, it } from 'vitest';
import type { RoundHomeCounts } from './home-tasks-repository.js';
import { assessmentTasksFor, contributorAssessmentTasks, leadAssessmentTasks, peerReviewTasksFrom, viewerAssessmentTasks } from './home-tasks.js';

const today = '2026-11-23';
const round = (values: Partial<RoundHomeCounts>): RoundHomeCounts => ({
  id: 'r1',
  title: 'Round',
  status: 'open',
  responsesDueOn: '2026-12-18',
  statementCount: 10,
  agreedCount: 0,
  partnersAwaited: 0,
  commentsToAnswer: 0,
  actionsOverdue: 0,
  myAnswered: 0,
  myActionsOverdue: 0,
  myActionsDueSoon: 0,
  ...values,
});

describe('the self-assessment’s home page lines', () => {
  it('asks the lead for answers awaited only while a round is open, late once the due date has passed', () => {
    expect(leadAssessmentTasks([round({ partnersAwaited: 2 })], today)).toEqual([expect.objectContaining({ key: 'assessment.answers-awaited', count: 2, urgency: 'due' })]);
    expect(leadAssessmentTasks([round({ partnersAwaited: 2, responsesDueOn: '2026-11-20' })], today)[0]?.urgency).toBe('overdue');
    expect(leadAssessmentTasks([round({ status: 'agreeing', partnersAwaited: 2, agreedCount: 10 })], today)).toEqual([]);
  });

  it('counts the statements still to agree while agreeing, and comments to answer until sign-off', () => {
    const tasks = leadAssessmentTasks([round({ status: 'agreeing', agreedCount: 7, commentsToAnswer: 1 })], today);
    expect(tasks.map((task) => [task.key, task.count])).toEqual([
      ['assessment.statements-to-agree', 3],
      ['assessment.comments-to-answer', 1],
    ]);
    expect(leadAssessmentTasks([round({ status: 'signed_off', agreedCount: 10, commentsToAnswer: 1 })], today)).toEqual([]);
  });

  it('tells a contributor what is left to answer, by when, and what happens next', () => {
    const [line] = contributorAssessmentTasks([round({ myAnswered: 4, title: 'This year' })], today);
    expect(line).toMatchObject({ key: 'assessment.statements-to-answer', count: 6, label: '6 statements still to answer', href: '/assessments/r1' });
    expect(line?.hint).toContain('This year: responses are due by 18 December 2026.');
    expect(line?.hint).toContain('When responses close, the lead commissioner agrees one answer for each statement');
    expect(contributorAssessmentTasks([round({ myAnswered: 10 })], today)).toEqual([]);
    expect(contributorAssessmentTasks([round({ status: 'agreeing' })], today)).toEqual([]);
  });

  it('shows the viewer the latest signed-off round only, and gives each role only its own lines', () => {
    const rounds = [round({ id: 'new', status: 'open', partnersAwaited: 1 }), round({ id: 'last', status: 'signed_off', title: 'Last year', actionsOverdue: 2 }), round({ id: 'old', status: 'signed_off' })];
    expect(viewerAssessmentTasks(rounds)).toEqual([expect.objectContaining({ href: '/assessments/last/results', count: null })]);
    expect(assessmentTasksFor('viewer', rounds, today).map((task) => task.key)).toEqual(['assessment.latest-results']);
    expect(assessmentTasksFor('pathway_staff', rounds, today)).toEqual([]);
    expect(assessmentTasksFor('peer_reviewer', rounds, today)).toEqual([]);
    expect(assessmentTasksFor('lead_commissioner', rounds, today).map((task) => task.key)).toEqual(['assessment.answers-awaited', 'assessment.actions-overdue']);
  });

  it('gives a peer reviewer one line a partnership, straight to the review when there is one round', () => {
    const partnerships = [
      { id: 'north', name: 'Northmoor' },
      { id: 'west', name: 'Westvale' },
      { id: 'south', name: 'Southby' },
    ];
    const tasks = peerReviewTasksFrom(
      [
        { id: 'a', title: 'A', partnershipId: 'north' },
        { id: 'b', title: 'B', partnershipId: 'west' },
        { id: 'c', title: 'C', partnershipId: 'west' },
      ],
      partnerships,
    );
    expect(tasks.map((task) => [task.partnership?.id, task.count, task.href])).toEqual([
      ['north', 1, '/assessments/a/peer-review'],
      ['west', 2, '/assessments'],
    ]);
  });
});
