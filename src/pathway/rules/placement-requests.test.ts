import { describe, expect, it } from 'vitest';
import { addDays } from '../../platform/values/calendar.js';
import {
  answerProblems,
  isUnansweredTooLong,
  placementRequestRefusal,
  sharedDetailFields,
  sharedDetailsOf,
  statusAfter,
  unansweredSentOnOrBefore,
  type PlacementReferral,
} from './placement-requests.js';

const referral = {
  stage: 'waiting',
  funding_decision: 'approved',
  funding_route: 'fast_track_detox',
  age_band: '35-44',
  sex: 'female',
  main_substance: 'alcohol',
  pregnant: 'no',
  parental_responsibility: 'yes',
  complexity: ['mental_health'],
  ethnicity_group: 'white',
  disability: 'yes',
  referring_service: 'Northmoor Community Recovery Service (demo)',
  keyworker_role: 'Alcohol team keyworker',
  eligibility_reasons: 'Clinical detail that must stay in the partnership',
  local_reference: 'NM-2026-0001',
} as unknown as PlacementReferral;

describe('when a placement request may be sent', () => {
  it('is from funding asked for, funding in place or waiting', () => {
    expect(placementRequestRefusal({ stage: 'funding_requested', funding_decision: null, funding_route: 'standard' })).toBeNull();
    expect(placementRequestRefusal({ stage: 'funding_decided', funding_decision: 'approved', funding_route: 'standard' })).toBeNull();
    expect(placementRequestRefusal({ stage: 'waiting', funding_decision: 'approved', funding_route: 'standard' })).toBeNull();
  });

  it('is refused at other stages and after funding was declined', () => {
    for (const stage of ['identified', 'referred', 'assessed', 'preparing', 'admitted', 'discharged', 'closed', 'withdrawn'] as const) {
      expect(placementRequestRefusal({ stage, funding_decision: null, funding_route: null })).toMatch(/only while funding/);
    }
    expect(placementRequestRefusal({ stage: 'funding_decided', funding_decision: 'declined', funding_route: 'standard' })).toMatch(/declined/);
  });
});

describe('what the provider sees', () => {
  it('is exactly the listed details, never the rest of the record', () => {
    const shared = sharedDetailsOf(referral);
    expect(Object.keys(shared).sort()).toEqual([...sharedDetailFields].sort());
    expect(shared).toEqual({
      ageBand: '35-44',
      sex: 'female',
      mainSubstance: 'alcohol',
      pregnant: 'no',
      parentalResponsibility: 'yes',
      complexity: ['mental_health'],
      funding: 'approved',
      fundingRoute: 'fast_track_detox',
    });
    const text = JSON.stringify(shared);
    for (const secret of ['white', 'Northmoor Community', 'keyworker', 'Clinical detail', 'NM-2026-0001']) expect(text).not.toContain(secret);
  });

  it('says funding is only asked for while it is', () => {
    expect(sharedDetailsOf({ ...referral, stage: 'funding_requested' } as PlacementReferral).funding).toBe('requested');
  });
});

describe('answers', () => {
  const today = '2026-11-23';
  it('asks for a visit once, then accepts or declines', () => {
    expect(answerProblems('sent', { kind: 'visit', note: '' }, today)).toEqual([]);
    expect(answerProblems('visit_requested', { kind: 'visit', note: '' }, today)[0]?.[1]).toMatch(/already asked for a pre-admission visit/);
    expect(answerProblems('visit_requested', { kind: 'accept', admissionOn: today }, today)).toEqual([]);
    expect(answerProblems('visit_requested', { kind: 'decline', reason: 'No female beds' }, today)).toEqual([]);
  });

  it('refuses any answer once accepted or declined', () => {
    for (const status of ['accepted', 'declined'] as const) {
      expect(answerProblems(status, { kind: 'accept', admissionOn: today }, today)).toEqual([['answer', 'This request has already been answered']]);
    }
  });

  it('needs an admission date from today to a year ahead, and a reason to decline', () => {
    expect(answerProblems('sent', { kind: 'accept', admissionOn: '2026-11-22' }, today)).toEqual([['admissionOn', 'The admission date must be today or in the future']]);
    expect(answerProblems('sent', { kind: 'accept', admissionOn: addDays(today, 367) }, today)[0]?.[0]).toBe('admissionOn');
    expect(answerProblems('sent', { kind: 'decline', reason: '  ' }, today)).toEqual([['reason', 'Enter why you cannot offer a place']]);
  });

  it('moves the request to the answer’s status', () => {
    expect(statusAfter({ kind: 'visit', note: '' })).toBe('visit_requested');
    expect(statusAfter({ kind: 'accept', admissionOn: today })).toBe('accepted');
    expect(statusAfter({ kind: 'decline', reason: 'x' })).toBe('declined');
  });
});

describe('ageing on the queue', () => {
  it('lists a request unanswered for 3 or more working days', () => {
    // Monday 23 November 2026: sent the Wednesday before is 3 working days; Thursday is 2.
    expect(isUnansweredTooLong('sent', '2026-11-18', '2026-11-23')).toBe(true);
    expect(isUnansweredTooLong('sent', '2026-11-19', '2026-11-23')).toBe(false);
    expect(isUnansweredTooLong('visit_requested', '2026-11-01', '2026-11-23')).toBe(false);
  });

  it('gives the queue’s SQL the same answer as the rule, day by day', () => {
    for (let offset = 0; offset < 28; offset += 1) {
      const today = addDays('2026-11-02', offset);
      const cutoff = unansweredSentOnOrBefore(today);
      for (let back = 0; back < 12; back += 1) {
        const sentOn = addDays(today, -back);
        expect(sentOn <= cutoff, `${sentOn} seen on ${today}`).toBe(isUnansweredTooLong('sent', sentOn, today));
      }
    }
  });
});
