import { describe, expect, it } from 'vitest';
import { ukLocalToInstant } from '../platform/values/calendar.js';
import { bedAvailabilityOutOfDate, bedsFreshFrom, hasBedsAvailableNow, nextAdmissionPassed } from './bed-rules.js';

const at = (date: string, time = '12:00') => ukLocalToInstant(date, time);

describe('when a bed figure goes out of date', () => {
  it('stays current for 14 days after it was changed and is out of date from the 15th', () => {
    expect(bedAvailabilityOutOfDate(at('2026-11-09'), '2026-11-23')).toBe(false);
    expect(bedAvailabilityOutOfDate(at('2026-11-08'), '2026-11-23')).toBe(true);
    expect(bedAvailabilityOutOfDate(at('2026-11-23'), '2026-11-23')).toBe(false);
  });

  it('counts UK dates, so a change late in the evening counts on that UK day', () => {
    // 23:30 in London on 9 November in winter is 23:30 UTC; in summer 23:30 BST is 22:30 UTC the same day.
    expect(bedAvailabilityOutOfDate(at('2026-11-09', '23:30'), '2026-11-23')).toBe(false);
    expect(bedAvailabilityOutOfDate(at('2026-07-01', '00:30'), '2026-07-15')).toBe(false);
    expect(bedAvailabilityOutOfDate(at('2026-06-30', '23:59'), '2026-07-15')).toBe(true);
  });

  it('treats a figure never recorded as out of date', () => {
    expect(bedAvailabilityOutOfDate(null, '2026-11-23')).toBe(true);
  });
});

describe('who has a bed now', () => {
  it('needs a free bed in a figure that is not out of date', () => {
    expect(hasBedsAvailableNow({ bedsAvailable: 2, updatedAt: at('2026-11-20') }, '2026-11-23')).toBe(true);
    expect(hasBedsAvailableNow({ bedsAvailable: 0, updatedAt: at('2026-11-20') }, '2026-11-23')).toBe(false);
    expect(hasBedsAvailableNow({ bedsAvailable: 3, updatedAt: at('2026-11-01') }, '2026-11-23')).toBe(false);
    expect(hasBedsAvailableNow(null, '2026-11-23')).toBe(false);
  });

  it('agrees with the moment the filter’s SQL compares with', () => {
    const now = at('2026-11-23', '09:00');
    const from = bedsFreshFrom(now);
    expect(from.toISOString()).toBe('2026-11-09T00:00:00.000Z');
    // Just before that moment is out of date, the moment itself is not.
    expect(bedAvailabilityOutOfDate(new Date(from.getTime() - 1), '2026-11-23')).toBe(true);
    expect(bedAvailabilityOutOfDate(from, '2026-11-23')).toBe(false);
    // In summer the UK day starts at 23:00 UTC the day before.
    expect(bedsFreshFrom(at('2026-07-15', '09:00')).toISOString()).toBe('2026-06-30T23:00:00.000Z');
  });
});

describe('next admission date', () => {
  it('has passed only when it is before today', () => {
    expect(nextAdmissionPassed('2026-11-22', '2026-11-23')).toBe(true);
    expect(nextAdmissionPassed('2026-11-23', '2026-11-23')).toBe(false);
    expect(nextAdmissionPassed(null, '2026-11-23')).toBe(false);
  });
});
