import { describe, expect, it } from 'vitest';
import { newReferralState, type ReferralState } from './referral-state.js';
import { flags, fundingWaitWorkingDays, referrerNotificationDeadline } from './safety-flags.js';

const today = '2026-11-23'; // a Monday
const now = new Date('2026-11-23T09:00:00Z');

function referral(overrides: Partial<ReferralState> = {}): ReferralState {
  return { ...newReferralState('2026-09-01'), ...overrides };
}

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

describe('a stay past its planned length', () => {
  const inPlacement = referral({ stage: 'admitted', admitted_on: '2026-08-24', planned_weeks: 12, aftercare_plan_agreed_on: '2026-08-20' });

  it('is flagged from the day after the planned end, saying by how much', () => {
    expect(flags(inPlacement, new Date('2026-11-16T09:00:00Z'))).toEqual([]);
    expect(flags(inPlacement, now)).toEqual([
      {
        code: 'stay_past_planned_length',
        text: 'Past the planned length of stay: planned for 12 weeks, to end on 16 November 2026, and 7 days longer so far. Agree the plan with the service, and record the discharge when the person leaves.',
      },
    ]);
  });

  it('is not flagged once the person has been discharged', () => {
    expect(flags({ ...inPlacement, stage: 'discharged', discharged_on: '2026-11-20', discharge_outcome: 'completed' }, now)).toEqual([]);
  });
});
