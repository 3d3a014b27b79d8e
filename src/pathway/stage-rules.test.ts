import { describe, expect, it } from 'vitest';
import type { ReferralStage } from '../platform/db/schema.js';
import { addDays } from '../platform/values/calendar.js';
import {
  aftercarePlanProblems,
  allowedNextStages,
  applyTransition,
  contactProblems,
  currentStageDate,
  flags,
  followUpDates,
  fundingInPlace,
  fundingWaitWorkingDays,
  isReviewOverdue,
  newReferralState,
  nextStages,
  type ReferralState,
  referrerNotificationDeadline,
  referrerToldProblems,
  reviewCompletionProblems,
  reviewSchedule,
  type StageDetails,
  stageOrder,
  transitionProblems,
  withChanges,
} from './stage-rules.js';

const today = '2026-11-23'; // a Monday
const now = new Date('2026-11-23T09:00:00Z');

function referral(overrides: Partial<ReferralState> = {}): ReferralState {
  return { ...newReferralState('2026-09-01'), ...overrides };
}

const serviceId = '00000000-0000-4000-8000-000000000001';

/** Moves the referral on, failing the test if the rules refuse. */
function move(current: ReferralState, to: ReferralStage, details: StageDetails): ReferralState {
  expect(transitionProblems(current, to, details, today)).toEqual([]);
  return withChanges(current, applyTransition(current, to, details));
}

describe('nextStages', () => {
  it('follows the pathway in order, with withdrawal from every open stage but a placement', () => {
    expect(nextStages('identified')).toEqual(['referred', 'withdrawn']);
    expect(nextStages('referred')).toEqual(['assessed', 'withdrawn']);
    expect(nextStages('assessed')).toEqual(['preparing', 'funding_requested', 'closed', 'withdrawn']);
    expect(nextStages('preparing')).toEqual(['funding_requested', 'withdrawn']);
    expect(nextStages('funding_requested')).toEqual(['funding_decided', 'withdrawn']);
    expect(nextStages('funding_decided')).toEqual(['waiting', 'admitted', 'preparing', 'closed', 'withdrawn']);
    expect(nextStages('waiting')).toEqual(['admitted', 'withdrawn']);
    expect(nextStages('admitted')).toEqual(['discharged']);
    expect(nextStages('discharged')).toEqual(['aftercare', 'closed', 'withdrawn']);
    expect(nextStages('aftercare')).toEqual(['closed', 'withdrawn']);
    expect(nextStages('closed')).toEqual([]);
    expect(nextStages('withdrawn')).toEqual([]);
  });

  it('never moves backwards except from a declined funding decision to preparing', () => {
    for (const stage of stageOrder) {
      for (const next of nextStages(stage)) {
        if (next === 'withdrawn') continue;
        const backwards = stageOrder.indexOf(next) < stageOrder.indexOf(stage);
        expect(backwards ? `${stage}→${next}` : 'forwards').toBe(stage === 'funding_decided' && next === 'preparing' ? `${stage}→${next}` : 'forwards');
      }
    }
  });
});

describe('allowedNextStages', () => {
  it('sends a not-eligible assessment only to closed (or withdrawn), and an eligible one on', () => {
    expect(allowedNextStages(referral({ stage: 'assessed', eligibility_decision: 'not_eligible' }))).toEqual(['closed', 'withdrawn']);
    expect(allowedNextStages(referral({ stage: 'assessed', eligibility_decision: 'eligible' }))).toEqual(['preparing', 'funding_requested', 'withdrawn']);
  });

  it('lets an approved decision go on to waiting or admission, and a declined one back to preparing or to closed', () => {
    expect(allowedNextStages(referral({ stage: 'funding_decided', funding_decision: 'approved', funding_route: 'standard' }))).toEqual(['waiting', 'admitted', 'withdrawn']);
    expect(allowedNextStages(referral({ stage: 'funding_decided', funding_decision: 'declined', funding_route: 'standard' }))).toEqual(['preparing', 'closed', 'withdrawn']);
  });

  it('treats another agreed funding route as funding in place', () => {
    expect(fundingInPlace({ funding_decision: 'declined', funding_route: 'other_route' })).toBe(true);
    expect(fundingInPlace({ funding_decision: null, funding_route: 'other_route' })).toBe(false);
    expect(fundingInPlace({ funding_decision: 'declined', funding_route: 'standard' })).toBe(false);
    expect(allowedNextStages(referral({ stage: 'funding_decided', funding_decision: 'declined', funding_route: 'other_route' }))).toEqual([
      'waiting',
      'admitted',
      'preparing',
      'closed',
      'withdrawn',
    ]);
  });
});

describe('transitionProblems: moves the pathway does not allow', () => {
  it('refuses moves that skip stages, with the stages that are possible', () => {
    expect(transitionProblems(referral(), 'assessed', { date: today }, today)).toEqual([
      ['stage', 'A referral that is identified cannot be moved to assessed. It can be moved to referred or withdrawn.'],
    ]);
  });

  it('refuses an admission before funding is decided or approved', () => {
    expect(transitionProblems(referral({ stage: 'preparing', preparing_on: '2026-10-01' }), 'admitted', { date: today }, today)).toEqual([
      ['stage', 'You cannot record an admission until funding has been decided.'],
    ]);
    const declined = referral({ stage: 'funding_decided', funding_decision: 'declined', funding_route: 'standard', funding_decided_on: '2026-11-01' });
    expect(transitionProblems(declined, 'admitted', { date: today }, today)[0]?.[1]).toContain('until funding has been approved or another funding route has been agreed');
    expect(transitionProblems(declined, 'waiting', { date: today }, today)[0]?.[0]).toBe('stage');
  });

  it('refuses a discharge for someone not admitted', () => {
    expect(transitionProblems(referral({ stage: 'waiting', waiting_since: '2026-11-01' }), 'discharged', { date: today }, today)).toEqual([
      ['stage', 'You cannot record a discharge for someone who has not been admitted.'],
    ]);
  });

  it('refuses withdrawing someone in a placement, and any move from a closed or withdrawn referral', () => {
    expect(transitionProblems(referral({ stage: 'admitted', admitted_on: '2026-11-01' }), 'withdrawn', { date: today, withdrawnReason: 'x' }, today)).toEqual([
      ['stage', 'Someone in a placement cannot be withdrawn. Record their discharge instead.'],
    ]);
    for (const stage of ['closed', 'withdrawn'] as const) {
      expect(transitionProblems(referral({ stage }), 'referred', { date: today }, today)).toEqual([['stage', 'This referral is closed. It cannot move to another stage.']]);
    }
  });

  it('refuses closing an eligible assessment, and going on from a not-eligible one', () => {
    const eligible = referral({ stage: 'assessed', assessed_on: '2026-10-01', eligibility_decision: 'eligible' });
    expect(transitionProblems(eligible, 'closed', { date: today }, today)[0]?.[1]).toContain('withdraw it and give the reason');
    const notEligible = referral({ stage: 'assessed', assessed_on: '2026-10-01', eligibility_decision: 'not_eligible' });
    expect(transitionProblems(notEligible, 'preparing', { date: today }, today)[0]?.[1]).toContain('assessed as not eligible');
  });
});

describe('transitionProblems: dates', () => {
  const referred = referral({ stage: 'referred', referred_on: '2026-10-05' });

  it('asks for the date', () => {
    expect(transitionProblems(referred, 'assessed', { date: null, eligibilityDecision: 'eligible' }, today)).toEqual([['date', 'Enter the date of the assessment']]);
  });

  it('refuses a date in the future', () => {
    expect(transitionProblems(referred, 'assessed', { date: '2026-11-24', eligibilityDecision: 'eligible' }, today)).toEqual([
      ['date', 'Date of the assessment must be today or in the past'],
    ]);
  });

  it('refuses a date before the previous stage’s, naming it', () => {
    expect(transitionProblems(referred, 'assessed', { date: '2026-10-04', eligibilityDecision: 'eligible' }, today)).toEqual([
      ['date', 'Date of the assessment must be the same as or after the date of the referral (5 October 2026)'],
    ]);
  });

  it('accepts the same day as the previous stage, and today', () => {
    expect(transitionProblems(referred, 'assessed', { date: '2026-10-05', eligibilityDecision: 'eligible' }, today)).toEqual([]);
    expect(transitionProblems(referred, 'assessed', { date: today, eligibilityDecision: 'eligible' }, today)).toEqual([]);
  });

  it('compares a withdrawal with the current stage’s date', () => {
    const waiting = referral({ stage: 'waiting', waiting_since: '2026-11-10' });
    expect(transitionProblems(waiting, 'withdrawn', { date: '2026-11-09', withdrawnReason: 'Moved away' }, today)).toEqual([
      ['date', 'Date the referral was withdrawn must be the same as or after the date they started waiting (10 November 2026)'],
    ]);
    expect(transitionProblems(waiting, 'withdrawn', { date: '2026-11-10', withdrawnReason: '' }, today)).toEqual([
      ['withdrawnReason', 'Enter the reason the referral is being withdrawn'],
    ]);
  });

  it('falls back to the latest known date when the current stage has none (imported histories)', () => {
    expect(currentStageDate(referral({ stage: 'waiting', funding_decided_on: '2026-11-02', referred_on: '2026-10-01' }))).toEqual({
      stage: 'funding_decided',
      date: '2026-11-02',
    });
    expect(currentStageDate(referral())).toEqual({ stage: 'identified', date: '2026-09-01' });
  });
});

describe('transitionProblems: what each stage asks for', () => {
  it('assessment: a decision, and reasons when not eligible', () => {
    const referred = referral({ stage: 'referred', referred_on: '2026-10-05' });
    expect(transitionProblems(referred, 'assessed', { date: today }, today)).toEqual([['eligibilityDecision', 'Select whether the person is eligible for residential treatment']]);
    expect(transitionProblems(referred, 'assessed', { date: today, eligibilityDecision: 'not_eligible', eligibilityReasons: ' ' }, today)).toEqual([
      ['eligibilityReasons', 'Enter the reasons the person is not eligible'],
    ]);
  });

  it('funding request: a route', () => {
    const preparing = referral({ stage: 'preparing', preparing_on: '2026-10-05' });
    expect(transitionProblems(preparing, 'funding_requested', { date: today }, today)).toEqual([['fundingRoute', 'Select the funding route']]);
  });

  it('funding decision: the decision, who made it, and a reason for a decline', () => {
    const requested = referral({ stage: 'funding_requested', funding_requested_on: '2026-11-02', funding_route: 'standard' });
    expect(transitionProblems(requested, 'funding_decided', { date: today }, today)).toEqual([
      ['fundingDecision', 'Select whether funding was approved or declined'],
      ['fundingDecidedBy', 'Select who made the decision'],
    ]);
    expect(transitionProblems(requested, 'funding_decided', { date: today, fundingDecision: 'declined', fundingDecidedBy: 'panel' }, today)).toEqual([
      ['fundingDecisionReason', 'Enter the reason funding was declined'],
    ]);
  });

  const waiting = referral({
    stage: 'waiting',
    funding_decision: 'approved',
    funding_route: 'standard',
    funding_decided_on: '2026-11-02',
    waiting_since: '2026-11-03',
  });

  it('admission: service, planned weeks, and an aftercare plan agreed by then or a reason', () => {
    expect(transitionProblems(waiting, 'admitted', { date: today }, today)).toEqual([
      ['serviceId', 'Select the service the person was admitted to'],
      ['plannedWeeks', 'Enter the planned length of stay in weeks'],
      ['aftercarePlanAgreedOn', 'Enter the date the aftercare plan was agreed, or the reason there is no agreed plan'],
    ]);
    expect(transitionProblems(waiting, 'admitted', { date: today, serviceId, plannedWeeks: 0, aftercarePlanAgreedOn: '2026-11-24' }, today)).toEqual([
      ['plannedWeeks', 'Planned length of stay must be a whole number of weeks from 1 to 104'],
      ['aftercarePlanAgreedOn', 'Date the aftercare plan was agreed must be today or in the past'],
    ]);
    expect(transitionProblems(waiting, 'admitted', { date: '2026-11-20', serviceId, plannedWeeks: 12, aftercarePlanAgreedOn: '2026-11-21' }, today)).toEqual([
      ['aftercarePlanAgreedOn', 'Date the aftercare plan was agreed must be the same as or before the date of admission'],
    ]);
    expect(transitionProblems(waiting, 'admitted', { date: '2026-11-20', serviceId, plannedWeeks: 12, aftercarePlanAgreedOn: '2026-11-18' }, today)).toEqual([]);
    expect(transitionProblems(waiting, 'admitted', { date: '2026-11-20', serviceId, plannedWeeks: 12, noAftercarePlanReason: 'Bed came up at short notice' }, today)).toEqual([]);
  });

  it('admission straight from an approved decision, skipping the wait', () => {
    const decided = referral({ stage: 'funding_decided', funding_decision: 'approved', funding_route: 'fast_track_detox', funding_decided_on: '2026-11-02' });
    expect(transitionProblems(decided, 'admitted', { date: '2026-11-02', serviceId, plannedWeeks: 2, aftercarePlanAgreedOn: '2026-11-01' }, today)).toEqual([]);
  });

  const admitted = referral({ stage: 'admitted', admitted_on: '2026-10-01', planned_weeks: 12, service_id: serviceId });

  it('discharge: the outcome; for a planned ending nothing more', () => {
    expect(transitionProblems(admitted, 'discharged', { date: today }, today)).toEqual([['dischargeOutcome', 'Select how the placement ended']]);
    expect(transitionProblems(admitted, 'discharged', { date: today, dischargeOutcome: 'completed' }, today)).toEqual([]);
    expect(transitionProblems(admitted, 'discharged', { date: '2026-09-30', dischargeOutcome: 'completed' }, today)).toEqual([
      ['date', 'Date of discharge must be the same as or after the date of admission (1 October 2026)'],
    ]);
  });

  it('unplanned discharge: a risk assessment summary and when the referrer was told', () => {
    for (const outcome of ['left_early', 'asked_to_leave'] as const) {
      expect(transitionProblems(admitted, 'discharged', { date: '2026-11-20', dischargeOutcome: outcome }, today)).toEqual([
        ['riskAssessmentSummary', 'Enter a summary of the risk assessment made when the person left'],
        ['referrerNotifiedOn', 'Enter the date and time the referrer was told, or say that they have not been told yet'],
      ]);
    }
    const base: StageDetails = { date: '2026-11-20', dischargeOutcome: 'left_early', riskAssessmentSummary: 'High overdose risk; naloxone given' };
    expect(transitionProblems(admitted, 'discharged', { ...base, referrerNotifiedAt: new Date('2026-11-20T15:00:00Z') }, today)).toEqual([]);
    expect(transitionProblems(admitted, 'discharged', { ...base, referrerNotYetTold: true }, today)).toEqual([]);
    expect(transitionProblems(admitted, 'discharged', { ...base, referrerNotifiedAt: new Date('2026-11-19T15:00:00Z') }, today)).toEqual([
      ['referrerNotifiedOn', 'Date the referrer was told must be the same as or after the date of discharge'],
    ]);
    expect(transitionProblems(admitted, 'discharged', { ...base, referrerNotifiedAt: new Date('2026-11-25T15:00:00Z') }, today)).toEqual([
      ['referrerNotifiedOn', 'Date the referrer was told must be today or in the past'],
    ]);
  });

  it('a transfer or other ending does not need the unplanned-discharge steps', () => {
    expect(transitionProblems(admitted, 'discharged', { date: today, dischargeOutcome: 'transferred' }, today)).toEqual([]);
    expect(transitionProblems(admitted, 'discharged', { date: today, dischargeOutcome: 'other' }, today)).toEqual([]);
  });
});

describe('applyTransition', () => {
  it('walks a referral through every stage to closed, recording each date', () => {
    let current = referral();
    current = move(current, 'referred', { date: '2026-09-02' });
    current = move(current, 'assessed', { date: '2026-09-10', eligibilityDecision: 'eligible', eligibilityReasons: 'Community treatment has not worked' });
    current = move(current, 'preparing', { date: '2026-09-15', preparationGroup: true, informationPackGiven: true, serviceVisit: false, detoxArranged: true, serviceId: null });
    current = move(current, 'funding_requested', { date: '2026-09-20', fundingRoute: 'standard', serviceId });
    current = move(current, 'funding_decided', { date: '2026-10-01', fundingDecision: 'approved', fundingDecidedBy: 'panel' });
    current = move(current, 'waiting', { date: '2026-10-01' });
    current = move(current, 'admitted', { date: '2026-10-10', serviceId, plannedWeeks: 12, detoxIncluded: true, weeklyCostPence: 65000, aftercarePlanAgreedOn: '2026-10-08' });
    current = move(current, 'discharged', { date: '2026-11-01', dischargeOutcome: 'completed' });
    current = move(current, 'aftercare', { date: '2026-11-02' });
    current = move(current, 'closed', { date: '2026-11-20' });
    expect(current).toMatchObject({
      stage: 'closed',
      referred_on: '2026-09-02',
      assessed_on: '2026-09-10',
      eligibility_decision: 'eligible',
      preparing_on: '2026-09-15',
      funding_requested_on: '2026-09-20',
      funding_route: 'standard',
      service_id: serviceId,
      funding_decision: 'approved',
      funding_decided_on: '2026-10-01',
      waiting_since: '2026-10-01',
      admitted_on: '2026-10-10',
      planned_weeks: 12,
      aftercare_plan_agreed_on: '2026-10-08',
      discharged_on: '2026-11-01',
      discharge_outcome: 'completed',
      aftercare_started_on: '2026-11-02',
      closed_on: '2026-11-20',
    });
  });

  it('keeps the chosen service when a later stage does not name one', () => {
    const preparing = referral({ stage: 'preparing', preparing_on: '2026-10-01', service_id: serviceId });
    expect(applyTransition(preparing, 'funding_requested', { date: today, fundingRoute: 'standard', serviceId: null })).not.toHaveProperty('service_id');
  });

  it('clears the declined request and decision when going back to preparation', () => {
    const declined = referral({
      stage: 'funding_decided',
      funding_requested_on: '2026-10-01',
      funding_route: 'standard',
      funding_decision: 'declined',
      funding_decided_on: '2026-10-10',
    });
    const changes = applyTransition(declined, 'preparing', { date: '2026-10-11' });
    expect(changes).toMatchObject({
      stage: 'preparing',
      preparing_on: '2026-10-11',
      funding_requested_on: null,
      funding_route: null,
      funding_decision: null,
      funding_decided_by: null,
      funding_decided_on: null,
    });
    const again = withChanges(declined, changes);
    expect(allowedNextStages(again)).toEqual(['funding_requested', 'withdrawn']);
    expect(transitionProblems(again, 'admitted', { date: today }, today)[0]?.[0]).toBe('stage');
  });

  it('records the stage a referral was withdrawn from, and the reason', () => {
    expect(applyTransition(referral({ stage: 'waiting' }), 'withdrawn', { date: today, withdrawnReason: '  Chose community treatment ' })).toEqual({
      stage: 'withdrawn',
      withdrawn_on: today,
      withdrawn_from_stage: 'waiting',
      withdrawn_reason: 'Chose community treatment',
    });
  });

  it('keeps a reason for admitting without an aftercare plan only when there is no plan date', () => {
    const waiting = referral({ stage: 'waiting', funding_decision: 'approved', waiting_since: '2026-11-01' });
    expect(
      applyTransition(waiting, 'admitted', { date: today, serviceId, plannedWeeks: 6, aftercarePlanAgreedOn: '2026-11-20', noAftercarePlanReason: 'ignored' }),
    ).toMatchObject({ aftercare_plan_agreed_on: '2026-11-20', admitted_without_aftercare_reason: '' });
    expect(applyTransition(waiting, 'admitted', { date: today, serviceId, plannedWeeks: 6, noAftercarePlanReason: 'Emergency admission' })).toMatchObject({
      aftercare_plan_agreed_on: null,
      admitted_without_aftercare_reason: 'Emergency admission',
    });
  });
});

describe('flags', () => {
  it('flags an admission without an agreed aftercare plan while in the placement and after discharge', () => {
    const admitted = referral({ stage: 'admitted', admitted_on: '2026-11-01' });
    expect(flags(admitted, now).map((flag) => flag.code)).toEqual(['admitted_without_aftercare_plan']);
    expect(flags({ ...admitted, stage: 'discharged', discharged_on: '2026-11-20', discharge_outcome: 'completed' }, now).map((flag) => flag.code)).toEqual([
      'admitted_without_aftercare_plan',
    ]);
    expect(flags({ ...admitted, aftercare_plan_agreed_on: '2026-10-30' }, now)).toEqual([]);
    expect(flags({ ...admitted, stage: 'aftercare' }, now)).toEqual([]);
  });

  describe('an unplanned discharge', () => {
    const discharged = referral({ stage: 'discharged', admitted_on: '2026-11-01', aftercare_plan_agreed_on: '2026-10-30', discharged_on: '2026-11-22', discharge_outcome: 'left_early' });

    it('is flagged until the referrer is told, saying when the 24 hours have passed', () => {
      const [pending] = flags(discharged, new Date('2026-11-23T12:00:00Z'));
      expect(pending).toEqual({ code: 'referrer_not_told', text: expect.stringContaining('has not been told yet') });
      const [late] = flags(discharged, new Date('2026-11-24T00:00:00Z'));
      expect(late).toEqual({ code: 'referrer_not_told', text: expect.stringContaining('24 hours to tell them have passed') });
    });

    it('is not flagged when the referrer was told in time, and is flagged when told late', () => {
      expect(flags({ ...discharged, referrer_notified_at: new Date('2026-11-23T23:59:00Z') }, now)).toEqual([]);
      expect(flags({ ...discharged, referrer_notified_at: '2026-11-24T00:00:00.000Z' }, now).map((flag) => flag.code)).toEqual(['referrer_told_late']);
    });

    it('counts the deadline in UK time, in summer too', () => {
      expect(referrerNotificationDeadline('2026-11-22').toISOString()).toBe('2026-11-24T00:00:00.000Z');
      expect(referrerNotificationDeadline('2026-07-01').toISOString()).toBe('2026-07-02T23:00:00.000Z');
    });

    it('does not flag planned endings', () => {
      expect(flags({ ...discharged, discharge_outcome: 'completed' }, now)).toEqual([]);
      expect(flags({ ...discharged, discharge_outcome: 'transferred' }, now)).toEqual([]);
    });
  });

  describe('a funding decision', () => {
    const requested = referral({ stage: 'funding_requested', funding_requested_on: '2026-11-09', funding_route: 'standard' });

    it('is flagged when waited for longer than the target in working days (10 by default)', () => {
      expect(flags(requested, now)).toEqual([]); // exactly 10 working days
      const overdue = flags({ ...requested, funding_requested_on: '2026-11-06' }, now);
      expect(overdue).toEqual([{ code: 'funding_decision_overdue', text: 'Waiting 11 working days for a funding decision. The partnership’s target is 10 working days.' }]);
    });

    it('uses the partnership’s own target', () => {
      expect(flags(requested, now, { fundingDecisionTargetDays: 5 }).map((flag) => flag.code)).toEqual(['funding_decision_overdue']);
      expect(flags(requested, now, { fundingDecisionTargetDays: 15 })).toEqual([]);
    });

    it('stops once the decision is made', () => {
      expect(flags({ ...requested, funding_requested_on: '2026-10-01', stage: 'funding_decided', funding_decided_on: '2026-11-20' }, now)).toEqual([]);
      expect(fundingWaitWorkingDays({ funding_requested_on: '2026-11-09', funding_decided_on: '2026-11-16' }, today)).toBe(5);
      expect(fundingWaitWorkingDays({ funding_requested_on: '2026-11-09', funding_decided_on: null }, today)).toBe(10);
      expect(fundingWaitWorkingDays({ funding_requested_on: null, funding_decided_on: null }, today)).toBeNull();
    });
  });

  it('has no flags for an ordinary referral', () => {
    expect(flags(referral({ stage: 'waiting', waiting_since: '2026-11-01' }), now)).toEqual([]);
  });
});

describe('reviewSchedule', () => {
  it('plans risk reviews from week 1 and care-plan reviews from week 2, every 4 weeks, in a 12-week stay', () => {
    expect(reviewSchedule('2026-11-02', 12)).toEqual([
      { kind: 'risk', dueOn: '2026-11-09' },
      { kind: 'care_plan', dueOn: '2026-11-16' },
      { kind: 'risk', dueOn: '2026-12-07' },
      { kind: 'care_plan', dueOn: '2026-12-14' },
      { kind: 'risk', dueOn: '2027-01-04' },
      { kind: 'care_plan', dueOn: '2027-01-11' }, // 2 weeks before the planned end on 25 January
    ]);
  });

  it('adds a discharge-planning review 2 weeks before the end of a long stay', () => {
    const schedule = reviewSchedule('2026-01-05', 26);
    const carePlan = schedule.filter((review) => review.kind === 'care_plan').map((review) => review.dueOn);
    expect(carePlan).toEqual(['2026-01-19', '2026-02-16', '2026-03-16', '2026-04-13', '2026-05-11', '2026-06-08', '2026-06-22']);
    expect(schedule.every((review) => review.dueOn < '2026-07-06')).toBe(true);
  });

  it('gives a short detox stay one review of each half-way through', () => {
    expect(reviewSchedule('2026-11-02', 1)).toEqual([
      { kind: 'risk', dueOn: '2026-11-05' },
      { kind: 'care_plan', dueOn: '2026-11-05' },
    ]);
    expect(reviewSchedule('2026-11-02', 2)).toEqual([
      { kind: 'risk', dueOn: '2026-11-09' },
      { kind: 'care_plan', dueOn: '2026-11-09' },
    ]);
  });

  it('keeps every review inside the stay, for every planned length', () => {
    for (let weeks = 1; weeks <= 104; weeks += 1) {
      const schedule = reviewSchedule('2026-11-02', weeks);
      const end = addDays('2026-11-02', weeks * 7);
      expect(schedule.length).toBeGreaterThanOrEqual(2);
      expect(schedule.every((review) => review.dueOn > '2026-11-02' && review.dueOn < end)).toBe(true);
      expect(schedule.some((review) => review.kind === 'risk') && schedule.some((review) => review.kind === 'care_plan')).toBe(true);
      const dates = schedule.map((review) => review.dueOn);
      expect([...dates].sort()).toEqual(dates);
    }
  });
});

describe('followUpDates', () => {
  it('is 3, 6 and 12 months after discharge', () => {
    expect(followUpDates('2026-11-23')).toEqual([
      { kind: 'follow_up_3_months', dueOn: '2027-02-23' },
      { kind: 'follow_up_6_months', dueOn: '2027-05-23' },
      { kind: 'follow_up_12_months', dueOn: '2027-11-23' },
    ]);
  });

  it('keeps to the end of shorter months', () => {
    expect(followUpDates('2026-11-30').map((review) => review.dueOn)).toEqual(['2027-02-28', '2027-05-30', '2027-11-30']);
    expect(followUpDates('2027-08-31').map((review) => review.dueOn)).toEqual(['2027-11-30', '2028-02-29', '2028-08-31']);
  });
});

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

