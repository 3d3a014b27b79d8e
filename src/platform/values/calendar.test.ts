import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  daysBetween,
  isoDateOfParts,
  isWeekday,
  lastDayOfMonth,
  latestDateMoreWorkingDaysBefore,
  longDate,
  ukClock,
  ukDateOf,
  ukLocalToInstant,
  ukNumericDate,
  ukToday,
  workingDaysBetween,
} from './calendar.js';

describe('daysBetween', () => {
  it('counts whole days across month and clock changes', () => {
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2026-11-23', '2026-11-20')).toBe(-3);
  });

  it('counts calendar days, leap days included', () => {
    expect(daysBetween('2026-11-01', '2026-11-23')).toBe(22);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-11-23', '2026-11-22')).toBe(-1);
  });
});

describe('adding to dates', () => {
  it('adds days across months and years', () => {
    expect(addDays('2026-11-23', 90)).toBe('2027-02-21');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('adds months, keeping a day past the end of a shorter month to its last day', () => {
    expect(addMonths('2026-11-23', 3)).toBe('2027-02-23');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 3)).toBe('2026-11-30');
    expect(addMonths('2026-10-31', 12)).toBe('2027-10-31');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
  });

  it('adds years, moving 29 February to 1 March', () => {
    expect(addYears('2026-11-23', 1)).toBe('2027-11-23');
    expect(addYears('2028-02-29', 1)).toBe('2029-03-01');
  });

  it('knows the last day of each month', () => {
    expect(lastDayOfMonth(2026, 2)).toBe('2026-02-28');
    expect(lastDayOfMonth(2028, 2)).toBe('2028-02-29');
    expect(lastDayOfMonth(2026, 12)).toBe('2026-12-31');
  });

  it('writes dates the way people in the UK type them', () => {
    expect(ukNumericDate('2026-11-03')).toBe('03/11/2026');
    expect(ukNumericDate(addDays('2026-01-01', -1))).toBe('31/12/2025');
  });

  it('writes dates in words for messages', () => {
    expect(longDate('2026-11-23')).toBe('23 November 2026');
    expect(longDate('2027-01-05')).toBe('5 January 2027');
  });
});

describe('workingDaysBetween', () => {
  it('counts Monday to Friday after the first date, up to and including the second', () => {
    expect(workingDaysBetween('2026-11-23', '2026-11-23')).toBe(0); // same day
    expect(workingDaysBetween('2026-11-23', '2026-11-24')).toBe(1); // Mon → Tue
    expect(workingDaysBetween('2026-11-20', '2026-11-23')).toBe(1); // Fri → Mon
    expect(workingDaysBetween('2026-11-21', '2026-11-22')).toBe(0); // Sat → Sun
    expect(workingDaysBetween('2026-11-21', '2026-11-23')).toBe(1); // Sat → Mon
    expect(workingDaysBetween('2026-11-23', '2026-11-30')).toBe(5); // a week
    expect(workingDaysBetween('2026-11-09', '2026-11-23')).toBe(10); // two weeks
    expect(workingDaysBetween('2026-11-06', '2026-11-23')).toBe(11); // Fri, two weeks and a weekend later
    expect(workingDaysBetween('2026-11-24', '2026-11-23')).toBe(0); // backwards
    expect(workingDaysBetween('2026-10-01', '2026-11-23')).toBe(37);
  });

  it('does not take bank holidays off (25 and 28 December 2026 count)', () => {
    expect(workingDaysBetween('2026-12-24', '2026-12-29')).toBe(3);
  });

  it('agrees with counting day by day over a long span', () => {
    let counted = 0;
    let date = '2025-01-01';
    for (let day = 0; day < 400; day += 1) {
      const next = new Date(`${date}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      date = next.toISOString().slice(0, 10);
      if (next.getUTCDay() !== 0 && next.getUTCDay() !== 6) counted += 1;
      expect(workingDaysBetween('2025-01-01', date)).toBe(counted);
    }
  });

  it('tells weekdays from weekends', () => {
    expect(isWeekday('2026-11-23')).toBe(true); // Monday
    expect(isWeekday('2026-11-27')).toBe(true); // Friday
    expect(isWeekday('2026-11-28')).toBe(false); // Saturday
    expect(isWeekday('2026-11-29')).toBe(false); // Sunday
  });

  it('finds the latest date more than a number of working days back', () => {
    // 10 working days back from Monday 23 November is Monday 9 November: a request on the 9th is still within target.
    expect(latestDateMoreWorkingDaysBefore('2026-11-23', 10)).toBe('2026-11-08');
    expect(latestDateMoreWorkingDaysBefore('2026-11-23', 1)).toBe('2026-11-19');
    expect(latestDateMoreWorkingDaysBefore('2026-11-22', 1)).toBe('2026-11-18'); // on a Sunday only Friday counts from the 19th
  });

  it('agrees with working-day counting for every day and target', () => {
    for (let offset = 0; offset < 14; offset += 1) {
      const day = addDays('2026-11-16', offset);
      for (const target of [1, 2, 5, 10, 23, 100]) {
        const cutoff = latestDateMoreWorkingDaysBefore(day, target);
        expect(workingDaysBetween(cutoff, day)).toBeGreaterThan(target);
        expect(workingDaysBetween(addDays(cutoff, 1), day)).toBeLessThanOrEqual(target);
      }
    }
  });
});

describe('UK time', () => {
  it('turns UK wall-clock times into moments, in winter and summer', () => {
    expect(ukLocalToInstant('2026-11-23', '14:30').toISOString()).toBe('2026-11-23T14:30:00.000Z');
    expect(ukLocalToInstant('2026-07-01', '14:30').toISOString()).toBe('2026-07-01T13:30:00.000Z');
    expect(ukLocalToInstant('2026-07-01', '00:15').toISOString()).toBe('2026-06-30T23:15:00.000Z');
  });

  it('turns every UK time on the days the clocks change into the moment the clock showed it', () => {
    const pad = (value: number) => String(value).padStart(2, '0');
    let checked = 0;
    for (const day of ['2026-03-29', '2026-10-25', '2027-03-28']) {
      const start = Date.parse(`${day}T00:00:00Z`) - 2 * 3_600_000;
      for (let moment = start; moment < start + 28 * 3_600_000; moment += 15 * 60_000) {
        const clock = ukClock(new Date(moment));
        // In autumn the hour from 01:00 is shown twice; either moment could be meant.
        if (clock.hour === 1 && new Date(moment).getUTCMonth() === 9) continue;
        const wall = `${clock.year}-${pad(clock.month)}-${pad(clock.day)}`;
        expect(ukLocalToInstant(wall, `${pad(clock.hour)}:${pad(clock.minute)}`).getTime()).toBe(moment);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('reads the UK date of a moment, in winter and in summer time', () => {
    expect(ukDateOf(new Date('2026-06-30T23:15:00Z'))).toBe('2026-07-01');
    expect(ukDateOf(new Date('2026-11-23T23:15:00Z'))).toBe('2026-11-23');
    expect(ukDateOf('2026-06-23T23:30:00Z')).toBe('2026-06-24');
  });

  it('reads a UK clock to the minute, an hour ahead of UTC in summer', () => {
    expect(ukClock(new Date('2026-07-01T23:30:00Z'))).toEqual({ year: 2026, month: 7, day: 2, hour: 0, minute: 30 });
    expect(ukClock(new Date('2026-12-01T09:05:00Z'))).toEqual({ year: 2026, month: 12, day: 1, hour: 9, minute: 5 });
  });

  it('gives today in the UK, which is tomorrow in UTC terms shortly after midnight in summer', () => {
    expect(ukToday(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(ukToday(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});

describe('isoDateOfParts', () => {
  it('writes real dates with padding and refuses days that do not exist', () => {
    expect(isoDateOfParts(2026, 11, 3)).toBe('2026-11-03');
    expect(isoDateOfParts(2028, 2, 29)).toBe('2028-02-29');
    expect(isoDateOfParts(2027, 2, 29)).toBeNull();
    expect(isoDateOfParts(2026, 4, 31)).toBeNull();
    expect(isoDateOfParts(2026, 13, 1)).toBeNull();
  });
});
