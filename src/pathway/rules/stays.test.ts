import { describe, expect, it } from 'vitest';
import { addDays } from '../../platform/values/calendar.js';
import { daysPastPlannedLength, isStayPastPlannedLength, plannedEndDate, type StayState, stayWeeksToCost } from './stays.js';

const stay = (overrides: Partial<StayState> = {}): StayState => ({ stage: 'admitted', admitted_on: '2026-08-31', planned_weeks: 12, discharged_on: null, ...overrides });

describe('a stay past its planned length', () => {
  it('is planned to end the planned number of weeks after admission', () => {
    expect(plannedEndDate('2026-08-31', 12)).toBe('2026-11-23');
  });

  it('runs past it from the day after the planned end, while the person is still in', () => {
    expect(isStayPastPlannedLength(stay(), '2026-11-23')).toBe(false);
    expect(daysPastPlannedLength(stay(), '2026-11-24')).toBe(1);
    expect(daysPastPlannedLength(stay(), '2026-12-07')).toBe(14);
  });

  it('is not past it once discharged, with no planned length, or before admission', () => {
    expect(isStayPastPlannedLength(stay({ stage: 'discharged', discharged_on: '2026-12-01' }), '2026-12-07')).toBe(false);
    expect(isStayPastPlannedLength(stay({ planned_weeks: null }), '2026-12-07')).toBe(false);
    expect(isStayPastPlannedLength(stay({ stage: 'waiting', admitted_on: null }), '2026-12-07')).toBe(false);
  });
});

describe('the weeks to cost a stay still under way at', () => {
  it('are the planned weeks while within the planned length, up to its last day', () => {
    expect(stayWeeksToCost({ admitted_on: '2026-08-31', planned_weeks: 12 }, '2026-09-10')).toEqual({ weeks: 12, estimate: 'planned_length' });
    expect(stayWeeksToCost({ admitted_on: '2026-08-31', planned_weeks: 12 }, '2026-11-23')).toEqual({ weeks: 12, estimate: 'planned_length' });
  });

  it('are the days stayed so far once past it, or with no plan', () => {
    expect(stayWeeksToCost({ admitted_on: '2026-08-31', planned_weeks: 12 }, '2026-12-07')).toEqual({ weeks: 14, estimate: 'days_so_far' });
    expect(stayWeeksToCost({ admitted_on: '2026-08-31', planned_weeks: null }, '2026-09-10')).toEqual({ weeks: 10 / 7, estimate: 'days_so_far' });
  });

  it('agree with the overrun rule on which stays are past their planned length', () => {
    for (let day = 80; day <= 90; day += 1) {
      const today = addDays('2026-08-31', day);
      expect(stayWeeksToCost({ admitted_on: '2026-08-31', planned_weeks: 12 }, today).estimate === 'days_so_far').toBe(isStayPastPlannedLength(stay(), today));
    }
  });
});
