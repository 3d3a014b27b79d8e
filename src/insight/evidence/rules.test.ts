import { describe, expect, it } from 'vitest';
import { evidenceMeasure, evidenceMeasures, isEvidenceMeasureKey } from './catalogue.js';
import { actionProgress, combinedSuggestion, differsFromSuggestion, evidencePeriod, suggestedRating, thresholdProblem, thresholdText, valueText } from './rules.js';

describe('the period a round’s figures cover', () => {
  it('is the four financial quarters up to the due date, ending on the due date', () => {
    const period = evidencePeriod('2026-11-20', '2026-12-02');
    expect(period.from).toBe('2026-01-01');
    expect(period.to).toBe('2026-11-20');
    expect(period.quarters.map((quarter) => quarter.key)).toEqual(['2025-26 Q4', '2026-27 Q1', '2026-27 Q2', '2026-27 Q3']);
  });

  it('stops at today while the due date is still ahead', () => {
    expect(evidencePeriod('2027-02-01', '2026-12-02').to).toBe('2026-12-02');
  });
});

describe('the rating a figure suggests', () => {
  const days = { inPlace: 10, partly: 20 };
  it('follows thresholds where a lower figure is better', () => {
    expect(suggestedRating(10, false, days, 'lower')).toBe('in_place');
    expect(suggestedRating(15, false, days, 'lower')).toBe('partly');
    expect(suggestedRating(20.5, false, days, 'lower')).toBe('not_in_place');
  });

  it('follows thresholds where a higher figure is better', () => {
    const percent = { inPlace: 80, partly: 50 };
    expect(suggestedRating(80, false, percent, 'higher')).toBe('in_place');
    expect(suggestedRating(79.9, false, percent, 'higher')).toBe('partly');
    expect(suggestedRating(49, false, percent, 'higher')).toBe('not_in_place');
  });

  it('suggests nothing without a figure or with too few people', () => {
    expect(suggestedRating(null, false, days, 'lower')).toBeNull();
    expect(suggestedRating(5, true, days, 'lower')).toBeNull();
  });

  it('takes the weakest of several figures', () => {
    expect(combinedSuggestion(['in_place', null, 'partly'])).toBe('partly');
    expect(combinedSuggestion(['in_place', 'not_in_place'])).toBe('not_in_place');
    expect(combinedSuggestion([null])).toBeNull();
  });

  it('asks for a reason only when the agreed rating differs from a suggestion', () => {
    expect(differsFromSuggestion('partly', 'in_place')).toBe(true);
    expect(differsFromSuggestion('in_place', 'in_place')).toBe(false);
    expect(differsFromSuggestion('partly', null)).toBe(false);
  });

  it('refuses thresholds the wrong way round for the measure', () => {
    expect(thresholdProblem({ inPlace: 30, partly: 10 }, 'lower')).toMatch(/no more than/);
    expect(thresholdProblem({ inPlace: 10, partly: 30 }, 'higher')).toMatch(/at least/);
    expect(thresholdProblem({ inPlace: 10, partly: 10 }, 'lower')).toBeNull();
  });
});

describe('figures in words', () => {
  it('gives each unit its words', () => {
    expect(valueText(1.14, 'percent')).toBe('1.1%');
    expect(valueText(62.5, 'percent')).toBe('63%');
    expect(valueText(1, 'days')).toBe('1 day');
    expect(valueText(12.5, 'days')).toBe('12.5 days');
    expect(valueText(6.4, 'points')).toBe('6.4 percentage points');
    expect(valueText(12, 'points')).toBe('12 percentage points');
    expect(valueText(null, 'days')).toBe('No figure');
    expect(thresholdText(14, 'days', 'lower')).toBe('at most 14 days');
    expect(thresholdText(60, 'percent', 'higher')).toBe('at least 60%');
  });

  it('knows every measure in the catalogue by its key', () => {
    for (const measure of evidenceMeasures) expect(evidenceMeasure(measure.key)).toBe(measure);
    expect(isEvidenceMeasureKey('access_rate')).toBe(true);
    expect(isEvidenceMeasureKey('happiness')).toBe(false);
  });
});

describe('an action’s progress to its target', () => {
  const measure = { unit: 'days' as const, better: 'lower' as const };
  const base = { baseline: 30, baselineOn: '2026-01-01', target: 10, targetOn: '2027-01-01', measure };

  it('is met once the figure reaches the target', () => {
    expect(actionProgress({ ...base, current: 9, today: '2026-03-01' }).status).toBe('met');
  });

  it('is on track when the figure keeps pace with steady progress', () => {
    const progress = actionProgress({ ...base, current: 20, today: '2026-07-02' });
    expect(progress.status).toBe('on_track');
    expect(progress.fractionDone).toBeCloseTo(0.5);
  });

  it('is off track when it falls behind steady progress by more than the tolerance', () => {
    const progress = actionProgress({ ...base, current: 28, today: '2026-07-02' });
    expect(progress.status).toBe('off_track');
    expect(progress.sentence).toMatch(/^Off track/);
  });

  it('is off track once the date has passed unmet, and has no status without a figure', () => {
    expect(actionProgress({ ...base, current: 11, today: '2027-01-02' }).status).toBe('off_track');
    expect(actionProgress({ ...base, current: null, today: '2026-07-02' }).status).toBe('no_figure');
  });

  it('works the same way where a higher figure is better', () => {
    const higher = { baseline: 40, baselineOn: '2026-01-01', target: 80, targetOn: '2027-01-01', measure: { unit: 'percent' as const, better: 'higher' as const } };
    expect(actionProgress({ ...higher, current: 45, today: '2026-10-01' }).status).toBe('off_track');
    expect(actionProgress({ ...higher, current: 75, today: '2026-10-01' }).status).toBe('on_track');
  });
});

describe('a figure’s movement between rounds', () => {
  it('is better or worse by the direction that counts as better', async () => {
    const { figureMovement } = await import('./rules.js');
    expect(figureMovement(20, 12, 'lower')).toBe('better');
    expect(figureMovement(20, 30, 'lower')).toBe('worse');
    expect(figureMovement(40, 60, 'higher')).toBe('better');
    expect(figureMovement(40, 39, 'higher')).toBe('same');
    expect(figureMovement(null, 39, 'higher')).toBe('not_comparable');
  });
});
