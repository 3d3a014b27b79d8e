import { describe, expect, it } from 'vitest';
import { addDays } from '../../platform/values/calendar.js';
import { followUpDates, isReviewOverdue, reviewSchedule, splitByWhenRecorded } from './reviews.js';

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

describe('splitByWhenRecorded', () => {
  const schedule = reviewSchedule('2026-11-02', 12);

  it('schedules everything for a stage recorded on the day', () => {
    expect(splitByWhenRecorded(schedule, '2026-11-02')).toEqual({ toCome: schedule, notRecordedAtTheTime: [] });
  });

  it('keeps reviews already past when a backdated stage is recorded apart, and schedules one due that day', () => {
    const { toCome, notRecordedAtTheTime } = splitByWhenRecorded(schedule, '2026-11-16');
    expect(notRecordedAtTheTime).toEqual([{ kind: 'risk', dueOn: '2026-11-09' }]);
    expect(toCome[0]).toEqual({ kind: 'care_plan', dueOn: '2026-11-16' });
    expect(toCome).toHaveLength(schedule.length - 1);
  });

  it('keeps every follow-up apart for a discharge recorded more than a year late', () => {
    expect(splitByWhenRecorded(followUpDates('2025-06-30'), '2026-11-23')).toEqual({ toCome: [], notRecordedAtTheTime: followUpDates('2025-06-30') });
  });
});

describe('isReviewOverdue', () => {
  it('is never overdue when it was not recorded at the time', () => {
    expect(isReviewOverdue({ due_on: '2026-11-09', completed_on: null }, '2026-11-23')).toBe(true);
    expect(isReviewOverdue({ due_on: '2026-11-09', completed_on: null, not_recorded: true }, '2026-11-23')).toBe(false);
  });
});
