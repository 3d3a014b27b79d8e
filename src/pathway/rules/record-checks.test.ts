import { describe, expect, it } from 'vitest';
import { aftercarePlanProblems, contactProblems, referrerToldProblems, reviewCompletionProblems } from './record-checks.js';
import { isReviewOverdue } from './reviews.js';

const today = '2026-11-23'; // a Monday

describe('the smaller checks', () => {
  it('a review is overdue after its due date until done', () => {
    expect(isReviewOverdue({ due_on: '2026-11-22', completed_on: null }, today)).toBe(true);
    expect(isReviewOverdue({ due_on: today, completed_on: null }, today)).toBe(false);
    expect(isReviewOverdue({ due_on: '2026-11-01', completed_on: '2026-11-02' }, today)).toBe(false);
  });

  it('a review is done on a real date, not before admission nor in the future', () => {
    const admitted = { admitted_on: '2026-11-01', identified_on: '2026-09-01' };
    expect(reviewCompletionProblems(null, admitted, today)).toEqual([['completedOn', 'Enter the date the review was done']]);
    expect(reviewCompletionProblems('2026-11-24', admitted, today)[0]?.[1]).toContain('today or in the past');
    expect(reviewCompletionProblems('2026-10-31', admitted, today)[0]?.[1]).toContain('1 November 2026');
    expect(reviewCompletionProblems('2026-11-01', admitted, today)).toEqual([]);
  });

  it('a contact is recorded only while waiting, on or after the wait started', () => {
    expect(contactProblems({ stage: 'admitted', waiting_since: '2026-11-01' }, today, today)[0]?.[1]).toContain('only be added while the person is waiting');
    expect(contactProblems({ stage: 'waiting', waiting_since: '2026-11-01' }, '2026-10-31', today)[0]?.[1]).toContain('1 November 2026');
    expect(contactProblems({ stage: 'waiting', waiting_since: '2026-11-01' }, '2026-11-24', today)[0]?.[1]).toContain('today or in the past');
    expect(contactProblems({ stage: 'waiting', waiting_since: '2026-11-01' }, null, today)).toEqual([['contactedOn', 'Enter the date of the contact']]);
    expect(contactProblems({ stage: 'waiting', waiting_since: '2026-11-01' }, '2026-11-01', today)).toEqual([]);
  });

  it('an aftercare plan agreed after admission can be recorded once', () => {
    const admitted = { stage: 'admitted' as const, admitted_on: '2026-11-01', aftercare_plan_agreed_on: null, identified_on: '2026-09-01' };
    expect(aftercarePlanProblems(admitted, '2026-11-20', today)).toEqual([]);
    expect(aftercarePlanProblems({ ...admitted, aftercare_plan_agreed_on: '2026-11-20' }, '2026-11-21', today)[0]?.[1]).toContain('already been recorded');
    expect(aftercarePlanProblems({ ...admitted, stage: 'waiting', admitted_on: null }, '2026-11-20', today)[0]?.[1]).toContain('admission page');
    expect(aftercarePlanProblems(admitted, null, today)).toEqual([['agreedOn', 'Enter the date the aftercare plan was agreed']]);
  });

  it('the time the referrer was told can be recorded once, not before the discharge', () => {
    const discharged = { discharged_on: '2026-11-20', discharge_outcome: 'left_early' as const, referrer_notified_at: null };
    expect(referrerToldProblems(discharged, new Date('2026-11-21T10:00:00Z'), today)).toEqual([]);
    expect(referrerToldProblems(discharged, new Date('2026-11-19T10:00:00Z'), today)[0]?.[1]).toContain('20 November 2026');
    expect(referrerToldProblems(discharged, null, today)).toEqual([['toldOn', 'Enter the date and time the referrer was told']]);
    expect(referrerToldProblems({ ...discharged, referrer_notified_at: new Date() }, new Date(), today)[0]?.[1]).toContain('already been recorded');
  });
});
