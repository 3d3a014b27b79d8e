import { describe, expect, it } from 'vitest';
import { notifiedOnTime } from './referrer-notification.js';

describe('telling the referrer about an unplanned discharge', () => {
  it('allows until the end of the day after the discharge, in UK time', () => {
    expect(notifiedOnTime('2026-11-02', new Date('2026-11-02T10:00:00Z'))).toBe(true);
    expect(notifiedOnTime('2026-11-02', new Date('2026-11-03T23:59:00Z'))).toBe(true);
    expect(notifiedOnTime('2026-11-02', new Date('2026-11-04T00:01:00Z'))).toBe(false);
    // 23:30 UTC on 3 July is 00:30 on 4 July in the UK (summer time): late.
    expect(notifiedOnTime('2026-07-02', new Date('2026-07-03T23:30:00Z'))).toBe(false);
    expect(notifiedOnTime('2026-07-02', '2026-07-03T22:30:00Z')).toBe(true);
    expect(notifiedOnTime('2026-11-02', null)).toBe(false);
  });
});
