import { describe, expect, it } from 'vitest';
import { fairAccessGap, funnelSteps, nationalTenPeople, targetProgress, tenPeoplePicture } from './dashboard-rules.js';

describe('progress to the local target', () => {
  it('projects the run rate so far to 31 March and says how far short it falls', () => {
    // 1 April to 30 September 2026 is 183 of the year's 365 days: 12 starts so far run on to 24.
    const progress = targetProgress({ financialYear: 2026, today: '2026-09-30', startsSoFar: 12, target: 30, adultsInTreatment: 2_000 });
    expect(progress.daysGone).toBe(183);
    expect(progress.daysInYear).toBe(365);
    expect(progress.projected).toBe(24);
    expect(progress.trajectory).toBe('On current trajectory, 6 short of the target of 30.');
    expect(progress.accessRate?.percent).toBeCloseTo(0.6);
    expect(progress.targetRate?.percent).toBeCloseTo(1.5);
    expect(progress.ambitionStarts).toBe(40);
  });

  it('says when the target will be met, has been met, or was missed', () => {
    expect(targetProgress({ financialYear: 2026, today: '2026-09-30', startsSoFar: 20, target: 30, adultsInTreatment: null }).trajectory).toBe(
      'On current trajectory, the target of 30 will be met, with 10 to spare.',
    );
    expect(targetProgress({ financialYear: 2026, today: '2026-09-30', startsSoFar: 31, target: 30, adultsInTreatment: null }).trajectory).toBe('The target of 30 has already been reached.');
    expect(targetProgress({ financialYear: 2025, today: '2026-09-30', startsSoFar: 25, target: 30, adultsInTreatment: null }).trajectory).toBe('The year ended 5 short of the target of 30.');
    expect(targetProgress({ financialYear: 2026, today: '2026-04-01', startsSoFar: 0, target: null, adultsInTreatment: null }).trajectory).toContain('No local target is recorded');
  });

  it('has no access rate without adults in treatment to divide by', () => {
    const progress = targetProgress({ financialYear: 2026, today: '2026-09-30', startsSoFar: 12, target: 30, adultsInTreatment: null });
    expect(progress.accessRate).toBeNull();
    expect(progress.ambitionStarts).toBeNull();
  });
});

describe('the NTA 2012 picture', () => {
  it('gives 3 completed, 1 dropped out and 6 moved on for the national flow', () => {
    const picture = tenPeoplePicture({ completed: 3, left_early: 1, asked_to_leave: 0, transferred: 6, other: 0 });
    expect(picture.perTen).toEqual({ completed: 3, droppedOut: 1, movedOn: 6, other: 0 });
    expect(nationalTenPeople).toMatchObject({ completed: 3, droppedOut: 1, movedOn: 6 });
  });

  it('scales any number of discharges to ten, and has no picture without discharges', () => {
    expect(tenPeoplePicture({ completed: 8, left_early: 2, asked_to_leave: 2, transferred: 8, other: 0 }).perTen).toEqual({ completed: 4, droppedOut: 2, movedOn: 4, other: 0 });
    expect(tenPeoplePicture({ completed: 0, left_early: 0, asked_to_leave: 0, transferred: 0, other: 0 }).perTen).toBeNull();
  });
});

describe('the pathway funnel', () => {
  it('gives the conversion from the stage before and from the start', () => {
    const steps = funnelSteps({ identified: 40, referred: 30, assessed: 24, funding_decided: 20, admitted: 15, completed: 6, aftercare: 5 });
    expect(steps[0]?.fromPrevious).toBeNull();
    expect(steps[1]?.fromPrevious?.percent).toBe(75);
    expect(steps[4]?.fromStart.percent).toBe(37.5);
    expect(steps.map((step) => step.reached)).toEqual([40, 30, 24, 20, 15, 6, 5]);
  });
});

describe('the fair-access gap', () => {
  it('says a group is in line within 5 points, and how many points fewer or more otherwise', () => {
    expect(fairAccessGap('Women', 28, 30).sentence).toBe('Women: 28% of residential starts and 30% of adults in treatment, roughly in line.');
    expect(fairAccessGap('Women', 18, 30)).toEqual({ points: -12, sentence: 'Women: 18% of residential starts but 30% of adults in treatment, 12 percentage points fewer than their share.' });
    expect(fairAccessGap('Men', 82, 70).sentence).toContain('12 percentage points more');
    expect(fairAccessGap('Women', null, 30).points).toBeNull();
  });
});
