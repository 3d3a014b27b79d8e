import { describe, expect, it } from 'vitest';
import { addDays, ukDateOf, workingDaysBetween } from '../platform/values/calendar.js';
import {
  accessByGroup,
  aftercareAgreedBeforeAdmissionRate,
  completionRate,
  daysToAdmission,
  daysToFundingDecision,
  decisionsWithinTargetRate,
  distribution,
  earlyDropOutRate,
  lengthOfStay,
  type MeasureRecord,
  measuresByEqualityGroup,
  measuresByPeriod,
  measuresByService,
  median,
  noService,
  pathwayMeasures,
  percentile,
  periodKey,
  placementCost,
  rate,
  unplannedNotifiedOnTimeRate,
} from './measures.js';

/** Hand-made cases. Today is Monday 23 November 2026 (the test clock). */
const now = new Date('2026-11-23T09:00:00Z');
const today = '2026-11-23';

function record(overrides: Partial<MeasureRecord> = {}): MeasureRecord {
  return {
    stage: 'referred',
    service_id: null,
    referred_on: '2026-01-05',
    funding_requested_on: null,
    funding_decided_on: null,
    funding_decision_target_days: 10,
    admitted_on: null,
    aftercare_plan_agreed_on: null,
    planned_weeks: null,
    weekly_cost_pence: null,
    discharged_on: null,
    discharge_outcome: null,
    referrer_notified_at: null,
    age_band: '25-34',
    sex: 'male',
    ethnicity_group: 'white',
    disability: 'no',
    main_substance: 'drugs',
    ...overrides,
  };
}

/** Admitted on `admittedOn`, discharged `stayDays` later with `outcome`. */
function stay(admittedOn: string, stayDays: number, outcome: MeasureRecord['discharge_outcome'], overrides: Partial<MeasureRecord> = {}): MeasureRecord {
  return record({
    stage: 'discharged',
    referred_on: addDays(admittedOn, -30),
    funding_decided_on: addDays(admittedOn, -10),
    admitted_on: admittedOn,
    discharged_on: addDays(admittedOn, stayDays),
    discharge_outcome: outcome,
    ...overrides,
  });
}

describe('the NTA 2012 flow: of every ten people who go to rehab', () => {
  // Three overcome dependence there, one drops out in the first weeks, six move on to support in the community.
  const ten = [
    stay('2026-01-05', 84, 'completed'),
    stay('2026-01-12', 90, 'completed'),
    stay('2026-02-02', 120, 'completed'),
    stay('2026-02-09', 10, 'left_early'),
    ...[0, 1, 2, 3, 4, 5].map((index) => stay(addDays('2026-03-02', index * 7), 60 + index, 'transferred')),
  ];

  it('gives completion of 30% (three of ten discharges)', () => {
    expect(completionRate(ten)).toEqual({ numerator: 3, denominator: 10, percent: 30, tooFewToCompare: false });
  });

  it('gives early drop-out of 10% (one of ten admissions, within 28 days)', () => {
    expect(earlyDropOutRate(ten, today)).toEqual({ numerator: 1, denominator: 10, percent: 10, tooFewToCompare: false });
  });

  it('counts each way the stays ended', () => {
    expect(pathwayMeasures(ten, now).dischargeOutcomes).toEqual({ completed: 3, left_early: 1, asked_to_leave: 0, transferred: 6, other: 0 });
  });
});

describe('rates', () => {
  it('give the numbers behind the percentage', () => {
    expect(rate(1, 3).percent).toBeCloseTo(33.333, 2);
    expect(rate(12, 12)).toEqual({ numerator: 12, denominator: 12, percent: 100, tooFewToCompare: false });
  });

  it('have no percentage when there is nothing to divide by', () => {
    expect(rate(0, 0)).toEqual({ numerator: 0, denominator: 0, percent: null, tooFewToCompare: true });
  });

  it('are flagged as too few to compare below ten cases', () => {
    expect(rate(3, 9).tooFewToCompare).toBe(true);
    expect(rate(3, 10).tooFewToCompare).toBe(false);
    expect(rate(3, 5, 5).tooFewToCompare).toBe(false);
  });
});

describe('medians and percentiles', () => {
  it('take the middle value of an odd count', () => {
    expect(median([7, 1, 3])).toBe(3);
    expect(median([4])).toBe(4);
  });

  it('take the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, 20])).toBe(15);
  });

  it('interpolate the 90th percentile as PostgreSQL percentile_cont does', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(percentile([5, 1, 3], 0.9)).toBeCloseTo(4.6, 10);
    expect(percentile([42], 0.9)).toBe(42);
    expect(percentile([0, 100], 0.9)).toBeCloseTo(90, 10);
  });

  it('are empty for no values', () => {
    expect(median([])).toBeNull();
    expect(percentile([], 0.9)).toBeNull();
    expect(distribution([])).toEqual({ count: 0, median: null, p90: null, tooFewToCompare: true });
  });

  it('keep the count behind each figure', () => {
    expect(distribution([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ count: 10, median: 5.5, p90: expect.closeTo(9.1, 10), tooFewToCompare: false });
  });
});

describe('dates', () => {
  it('count working days after the first date up to and including the second (the stage rules’ count, used by the queue)', () => {
    expect(workingDaysBetween('2026-11-16', '2026-11-23')).toBe(5); // Monday to Monday
    expect(workingDaysBetween('2026-11-20', '2026-11-23')).toBe(1); // Friday to Monday
    expect(workingDaysBetween('2026-11-21', '2026-11-22')).toBe(0); // Saturday to Sunday
    expect(workingDaysBetween('2026-11-23', '2026-11-23')).toBe(0);
    expect(workingDaysBetween('2026-11-23', '2026-11-02')).toBe(0);
    expect(workingDaysBetween('2026-10-01', '2026-11-23')).toBe(37);
  });

  it('read the UK date of a moment, in winter and in summer time', () => {
    expect(ukDateOf(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-23');
    expect(ukDateOf(new Date('2026-06-23T23:30:00Z'))).toBe('2026-06-24');
  });
});

describe('waiting times and length of stay', () => {
  const records = [
    record({ referred_on: '2026-01-01', funding_decided_on: '2026-01-11' }), // 10
    record({ referred_on: '2026-01-01', funding_decided_on: '2026-01-21', admitted_on: '2026-02-01' }), // 20, admitted after 31
    record({ referred_on: '2026-01-01', funding_decided_on: '2026-01-31', admitted_on: '2026-02-10', discharged_on: '2026-05-11', discharge_outcome: 'completed' }), // 30, 40, stay 90
    record({ referred_on: '2026-01-01' }), // no decision yet
    record({ referred_on: null, funding_decided_on: '2026-01-31' }), // no referral date: left out
  ];

  it('measure days from referral to funding decision for each decision', () => {
    expect(daysToFundingDecision(records)).toEqual({ count: 3, median: 20, p90: 28, tooFewToCompare: true });
  });

  it('measure days from referral to admission for each admission', () => {
    expect(daysToAdmission(records)).toEqual({ count: 2, median: 35.5, p90: 39.1, tooFewToCompare: true });
  });

  it('measure length of stay only for stays that have ended', () => {
    expect(lengthOfStay(records)).toEqual({ count: 1, median: 90, p90: 90, tooFewToCompare: true });
  });
});

describe('early drop-out', () => {
  it('counts unplanned endings on or before day 28 only', () => {
    const records = [
      stay('2026-01-05', 28, 'asked_to_leave'),
      stay('2026-01-05', 29, 'left_early'),
      stay('2026-01-05', 5, 'transferred'),
      stay('2026-01-05', 3, 'other'),
    ];
    expect(earlyDropOutRate(records, today)).toMatchObject({ numerator: 1, denominator: 4 });
  });

  it('counts people still in after 28 days, and waits for those admitted more recently', () => {
    const records = [
      record({ stage: 'admitted', admitted_on: addDays(today, -29) }),
      record({ stage: 'admitted', admitted_on: addDays(today, -28) }),
      record({ stage: 'admitted', admitted_on: addDays(today, -3) }),
      stay(addDays(today, -10), 2, 'left_early'),
    ];
    expect(earlyDropOutRate(records, today)).toMatchObject({ numerator: 1, denominator: 2, percent: 50 });
  });
});

describe('unplanned discharges notified on time', () => {
  const discharge = (notifiedAt: string | null, dischargedOn = '2026-11-02', outcome: MeasureRecord['discharge_outcome'] = 'left_early') =>
    stay(addDays(dischargedOn, -20), 20, outcome, { referrer_notified_at: notifiedAt === null ? null : new Date(notifiedAt) });

  it('divides those told on time by unplanned discharges, counting any not told as late once the day has passed', () => {
    const records = [
      discharge('2026-11-02T15:00:00Z'), // on time
      discharge('2026-11-05T09:00:00Z'), // late
      discharge(null), // never told: late
      discharge(null, '2026-11-22'), // yesterday, not told yet: not known yet
      discharge(null, '2026-11-10', 'completed'), // planned: not counted
      discharge(null, '2026-11-10', 'transferred'), // planned: not counted
    ];
    expect(unplannedNotifiedOnTimeRate(records, now)).toMatchObject({ numerator: 1, denominator: 3 });
  });
});

describe('aftercare agreed before admission', () => {
  it('counts plans agreed on or before the day of admission', () => {
    const records = [
      record({ admitted_on: '2026-03-10', aftercare_plan_agreed_on: '2026-03-01' }),
      record({ admitted_on: '2026-03-10', aftercare_plan_agreed_on: '2026-03-10' }),
      record({ admitted_on: '2026-03-10', aftercare_plan_agreed_on: '2026-03-11' }),
      record({ admitted_on: '2026-03-10' }),
      record({ aftercare_plan_agreed_on: '2026-03-01' }), // not admitted
    ];
    expect(aftercareAgreedBeforeAdmissionRate(records)).toMatchObject({ numerator: 2, denominator: 4, percent: 50 });
  });
});

describe('cost of placements', () => {
  it('is weekly cost × weeks stayed, or weeks planned while still in, or the days so far once past the planned length', () => {
    const records = [
      stay('2026-01-05', 14, 'completed', { weekly_cost_pence: 60_000 }), // 2 weeks: £1,200
      stay('2026-01-05', 10, 'left_early', { weekly_cost_pence: 70_000 }), // 10/7 weeks: £1,000
      record({ stage: 'admitted', admitted_on: '2026-11-02', planned_weeks: 12, weekly_cost_pence: 50_000 }), // planned: £6,000
      record({ stage: 'admitted', admitted_on: addDays(today, -21), weekly_cost_pence: 100_000 }), // no plan: 3 weeks so far, £3,000
      record({ stage: 'admitted', admitted_on: '2026-08-24', planned_weeks: 12, weekly_cost_pence: 70_000 }), // 12 planned, 13 so far: £9,100
      record({ stage: 'admitted', admitted_on: '2026-08-31', planned_weeks: 12, weekly_cost_pence: 10_000 }), // ends today: planned, £1,200
      record({ stage: 'admitted', admitted_on: '2026-11-02', planned_weeks: 12 }), // no cost recorded
      record({ weekly_cost_pence: 99_999 }), // not admitted
    ];
    expect(placementCost(records, today)).toEqual({
      placements: 7,
      costed: 6,
      notCosted: 1,
      estimated: 4,
      estimatedFromDaysSoFar: 2,
      totalPence: 2_150_000,
      averagePence: 358_333,
      completions: 1,
      perCompletionPence: 2_150_000,
      tooFewToCompare: true,
    });
  });

  it('is nothing for no placements', () => {
    expect(placementCost([], today)).toMatchObject({ placements: 0, totalPence: 0, averagePence: null, perCompletionPence: null });
  });
});

describe('funding decisions made within the target', () => {
  it('count working days from the request to the decision against each record’s target', () => {
    const requested = (decidedOn: string | null, overrides: Partial<MeasureRecord> = {}) =>
      record({ stage: 'funding_decided', funding_requested_on: '2026-11-06', funding_decided_on: decidedOn, ...overrides }); // a Friday
    const records = [
      requested('2026-11-20'), // 10 working days: within a target of 10
      requested('2026-11-23'), // 11 working days (calendar days: 17)
      requested('2026-11-23', { funding_decision_target_days: 15 }), // within a target of 15
      requested('2026-11-09'), // the Monday after: 1 working day
      requested(null, { stage: 'funding_requested' }), // not decided yet: left out
      record({ funding_decided_on: '2026-11-20' }), // no request recorded: left out
    ];
    expect(decisionsWithinTargetRate(records)).toEqual({ numerator: 3, denominator: 4, percent: 75, tooFewToCompare: true });
    expect(pathwayMeasures(records, now).decisionsWithinTarget.numerator).toBe(3);
  });
});

describe('empty inputs', () => {
  it('give zero counts and no figures', () => {
    const measures = pathwayMeasures([], now);
    expect(measures).toMatchObject({ people: 0, admitted: 0, discharged: 0 });
    expect(measures.daysToFundingDecision).toEqual({ count: 0, median: null, p90: null, tooFewToCompare: true });
    expect(measures.daysToAdmission.median).toBeNull();
    expect(measures.lengthOfStay.p90).toBeNull();
    for (const figure of [measures.completion, measures.earlyDropOut, measures.unplannedNotifiedOnTime, measures.aftercareBeforeAdmission]) {
      expect(figure).toEqual({ numerator: 0, denominator: 0, percent: null, tooFewToCompare: true });
    }
    expect(measuresByPeriod([], 'month', 'referral', now)).toEqual([]);
    expect(measuresByService([], now)).toEqual([]);
    expect(accessByGroup([], 'sex').every((row) => row.people === 0 && row.shareOfPeople.percent === null)).toBe(true);
  });
});

describe('groups', () => {
  it('name months, quarters and years', () => {
    expect(periodKey('2026-11-23', 'month')).toBe('2026-11');
    expect(periodKey('2026-11-23', 'quarter')).toBe('2026-Q4');
    expect(periodKey('2026-03-31', 'quarter')).toBe('2026-Q1');
    expect(periodKey('2026-04-01', 'quarter')).toBe('2026-Q2');
    expect(periodKey('2026-11-23', 'year')).toBe('2026');
  });

  const records = [
    stay('2026-02-10', 90, 'completed', { referred_on: '2025-12-20', service_id: 'service-a', sex: 'female' }),
    stay('2026-04-10', 20, 'left_early', { referred_on: '2026-03-01', service_id: 'service-a' }),
    stay('2026-05-10', 60, 'transferred', { referred_on: '2026-03-15', service_id: 'service-b', sex: 'female', ethnicity_group: 'black' }),
    record({ referred_on: '2026-03-20', sex: 'not_stated' }),
  ];

  it('by period of referral or of admission, earliest first', () => {
    const byReferral = measuresByPeriod(records, 'quarter', 'referral', now);
    expect(byReferral.map((group) => [group.key, group.measures.people])).toEqual([
      ['2025-Q4', 1],
      ['2026-Q1', 3],
    ]);
    const byAdmission = measuresByPeriod(records, 'month', 'admission', now);
    expect(byAdmission.map((group) => [group.key, group.measures.admitted, group.measures.completion.numerator])).toEqual([
      ['2026-02', 1, 1],
      ['2026-04', 1, 0],
      ['2026-05', 1, 0],
    ]);
    expect(measuresByPeriod(records, 'year', 'referral', now).map((group) => group.key)).toEqual(['2025', '2026']);
  });

  it('by service, with people not placed anywhere together', () => {
    const byService = measuresByService(records, now);
    expect(byService.map((group) => [group.key, group.measures.people, group.measures.completion.numerator, group.measures.completion.denominator])).toEqual([
      ['service-a', 2, 1, 2],
      ['service-b', 1, 0, 1],
      [noService, 1, 0, 0],
    ]);
  });

  it('by equality group, listing groups with nobody in them too', () => {
    const bySex = measuresByEqualityGroup(records, 'sex', now);
    expect(bySex.map((group) => [group.key, group.measures.people])).toEqual([
      ['female', 2],
      ['male', 1],
      ['other', 0],
      ['not_stated', 1],
    ]);
    expect(measuresByEqualityGroup(records, 'age_band', now)).toHaveLength(6);
  });

  it('show access by equality group as counts and rates', () => {
    const bySex = accessByGroup(records, 'sex');
    expect(bySex.find((row) => row.group === 'female')).toEqual({
      group: 'female',
      people: 2,
      shareOfPeople: { numerator: 2, denominator: 4, percent: 50, tooFewToCompare: true },
      admitted: 2,
      shareOfAdmissions: { numerator: 2, denominator: 3, percent: expect.closeTo(66.667, 2), tooFewToCompare: true },
      admissionRate: { numerator: 2, denominator: 2, percent: 100, tooFewToCompare: true },
      completion: { numerator: 1, denominator: 2, percent: 50, tooFewToCompare: true },
    });
    expect(bySex.find((row) => row.group === 'not_stated')).toMatchObject({ people: 1, admitted: 0, admissionRate: { percent: 0 } });
    expect(accessByGroup(records, 'ethnicity_group').find((row) => row.group === 'black')).toMatchObject({ people: 1, admitted: 1 });
  });
});
