import { describe, expect, it } from 'vitest';
import type { ReferralStage } from '../../platform/db/schema.js';
import { newReferralState, type ReferralState, type StageDetails } from './referral-state.js';
import { allowedNextStages, currentStageDate, fundingInPlace, nextStages, stageOrder } from './stages.js';
import { applyTransition, transitionProblems, withChanges } from './transitions.js';

const today = '2026-11-23'; // a Monday

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
