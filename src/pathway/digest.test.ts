import { describe, expect, it } from 'vitest';
import { digestItems, weeklyDigestDue, weekStartingOf } from './digest.js';

const queue = (count: number) => ({ count, rows: [] });

describe('the weekly digest’s rules', () => {
  it('counts a week from its Monday, in UK time', () => {
    expect(weekStartingOf(new Date('2026-11-23T00:30:00Z'))).toBe('2026-11-23');
    expect(weekStartingOf(new Date('2026-11-29T23:59:00Z'))).toBe('2026-11-23');
    // 23:30 UTC on Sunday 28 June is 00:30 on Monday 29 June in the UK (summer time).
    expect(weekStartingOf(new Date('2026-06-28T23:30:00Z'))).toBe('2026-06-29');
    expect(weekStartingOf(new Date('2026-06-28T22:30:00Z'))).toBe('2026-06-22');
  });

  it('is due from its day and time (UK time) until the week ends', () => {
    const mondayAtSeven = { weekday: 1, hour: 7, minute: 0 };
    expect(weeklyDigestDue(new Date('2026-11-23T06:59:00Z'), mondayAtSeven)).toBe(false);
    expect(weeklyDigestDue(new Date('2026-11-23T07:00:00Z'), mondayAtSeven)).toBe(true);
    expect(weeklyDigestDue(new Date('2026-11-29T23:00:00Z'), mondayAtSeven)).toBe(true);
    // In summer 06:30 UTC is 07:30 in the UK.
    expect(weeklyDigestDue(new Date('2026-06-29T06:30:00Z'), mondayAtSeven)).toBe(true);
    const fridayNoon = { weekday: 5, hour: 12, minute: 0 };
    expect(weeklyDigestDue(new Date('2026-11-26T12:00:00Z'), fridayNoon)).toBe(false);
    expect(weeklyDigestDue(new Date('2026-11-27T12:00:00Z'), fridayNoon)).toBe(true);
  });

  it('lists one line per queue with its count, and adds them up', () => {
    const digest = digestItems({
      unplannedDischarges: queue(1),
      fundingDecisionOverdue: queue(2),
      fundingDecisionTargetDays: 10,
      reviewsDue: queue(1234),
      admittedWithoutAftercare: queue(0),
    });
    expect(digest).toEqual({
      items: [
        'Unplanned discharges whose referrer was not told, or was told late: 1',
        'Funding decisions taking longer than 10 working days: 2',
        'Reviews and follow-ups overdue or due within 7 days: 1,234',
        'People admitted without an aftercare plan: 0',
      ],
      total: 1237,
    });
  });
});
