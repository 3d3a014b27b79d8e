import { describe, expect, it } from 'vitest';
import {
  byarInterval,
  compareProportion,
  compareRate,
  confidenceLevels,
  exactPoissonInterval,
  funnelCurve,
  funnelLimits,
  funnelPlotPoints,
  judgementWords,
  poissonCountInterval,
  rateInterval,
  wilsonInterval,
  zFor,
} from './statistics.js';

/** A small seeded generator (mulberry32), so the loops below check the same cases every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('zFor', () => {
  it('gives the two-sided normal values in every statistics table: 1.959964 for 95% and 3.090232 for 99.8%', () => {
    expect(zFor(95)).toBeCloseTo(1.959964, 6);
    expect(zFor(99.8)).toBeCloseTo(3.090232, 6);
    expect(confidenceLevels).toEqual([95, 99.8]);
  });
});

describe('wilsonInterval', () => {
  // Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
  // methods. Statistics in Medicine 1998;17:857-872, Table I, method 3 (score interval without
  // continuity correction), 95%.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('matches Newcombe (1998) Table I for %i/%i: %f to %f', (successes, trials, lower, upper) => {
    const interval = wilsonInterval(successes, trials, 95);
    expect(interval?.lower).toBeCloseTo(lower, 4);
    expect(interval?.upper).toBeCloseTo(upper, 4);
  });

  it('is exactly 0 at the bottom when nothing succeeded and exactly 1 at the top when everything did', () => {
    expect(wilsonInterval(0, 20)?.lower).toBe(0);
    expect(wilsonInterval(20, 20)?.upper).toBe(1);
  });

  it('is wider at 99.8% than at 95%, and both contain the observed proportion', () => {
    const at95 = wilsonInterval(30, 80, 95);
    const at998 = wilsonInterval(30, 80, 99.8);
    expect(at998!.lower).toBeLessThan(at95!.lower);
    expect(at998!.upper).toBeGreaterThan(at95!.upper);
    expect(at95!.lower).toBeLessThan(30 / 80);
    expect(at95!.upper).toBeGreaterThan(30 / 80);
  });

  it('is null with no cases', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it.each([
    [-1, 10],
    [1.5, 10],
    [3, -2],
    [3, 2.5],
    [11, 10],
    [Number.NaN, 10],
  ])('refuses %f successes of %f trials', (successes, trials) => {
    expect(() => wilsonInterval(successes, trials)).toThrow(RangeError);
  });
});

describe('exactPoissonInterval', () => {
  // Exact (Garwood) limits as tabulated in, for example, Daly L (1992) "Simple SAS macros for the
  // calculation of exact binomial and Poisson confidence limits", Comput Biol Med 22:351-361, and
  // given by epitools' pois.exact (whose documentation quotes 3.689 as the upper limit for 0).
  it.each([
    [0, 0, 3.6889],
    [1, 0.0253, 5.5716],
    [5, 1.6235, 11.6683],
    [10, 4.7954, 18.3904],
  ])('matches the published exact 95%% limits for %i events: %f to %f', (events, lower, upper) => {
    const interval = exactPoissonInterval(events, 95);
    expect(interval.lower).toBeCloseTo(lower, 4);
    expect(interval.upper).toBeCloseTo(upper, 4);
  });

  it('matches the exact rate in the DescTools PoissonCI documentation (horse kicks: 196 deaths in 280 corps-years, 0.6054271 to 0.8051570)', () => {
    const interval = exactPoissonInterval(196, 95);
    expect(interval.lower / 280).toBeCloseTo(0.6054271, 6);
    expect(interval.upper / 280).toBeCloseTo(0.805157, 6);
  });

  it('refuses a negative or fractional count', () => {
    expect(() => exactPoissonInterval(-1)).toThrow(RangeError);
    expect(() => exactPoissonInterval(2.5)).toThrow(RangeError);
  });
});

describe('byarInterval', () => {
  /** Byar's formulae written out separately from the module, with z typed in from tables. */
  const byarByHand = (observed: number, z: number) => ({
    lower: observed * (1 - 1 / (9 * observed) - z / (3 * Math.sqrt(observed))) ** 3,
    upper: (observed + 1) * (1 - 1 / (9 * (observed + 1)) + z / (3 * Math.sqrt(observed + 1))) ** 3,
  });

  // No published Byar figures for these counts were found in stored documentation, so these are
  // checked against the formula as PHE's technical guide prints it (Appendix 1), computed here.
  it.each([10, 20, 100])("agrees with Byar's formula worked by hand for %i events at 95%% and 99.8%%", (observed) => {
    for (const [level, z] of [
      [95, 1.959964],
      [99.8, 3.090232],
    ] as const) {
      const expected = byarByHand(observed, z);
      const interval = byarInterval(observed, level);
      expect(interval.lower).toBeCloseTo(expected.lower, 4);
      expect(interval.upper).toBeCloseTo(expected.upper, 4);
    }
  });

  // PHE, Technical Guide: Confidence Intervals (2018), on Byar's method: "For 95% confidence
  // intervals, Byar's method is within 0.2% of the exact value for numerators of 10 or more."
  it('is within 0.2% of the exact limits at 95% for every count from 10 to 1,000, as PHE\'s technical guide states', () => {
    for (let observed = 10; observed <= 1000; observed += 1) {
      const byar = byarInterval(observed, 95);
      const exact = exactPoissonInterval(observed, 95);
      expect(Math.abs(byar.lower / exact.lower - 1)).toBeLessThan(0.002);
      expect(Math.abs(byar.upper / exact.upper - 1)).toBeLessThan(0.002);
    }
  });
});

describe('poissonCountInterval', () => {
  it('is exact below 10 events and Byar from 10', () => {
    expect(poissonCountInterval(9, 95)).toEqual(exactPoissonInterval(9, 95));
    expect(poissonCountInterval(10, 95)).toEqual(byarInterval(10, 95));
    expect(poissonCountInterval(0, 99.8)).toEqual(exactPoissonInterval(0, 99.8));
  });

  it('has a lower limit of 0 for no events', () => {
    expect(poissonCountInterval(0).lower).toBe(0);
  });
});

describe('rateInterval', () => {
  it('scales the count limits to a rate per the given number', () => {
    // 5 events among 2,000 adults in treatment, per 1,000: 2.5 (exact 1.6235 to 11.6683 events).
    const result = rateInterval(5, 2000, 1000, 95);
    expect(result?.rate).toBe(2.5);
    expect(result?.lower).toBeCloseTo(1.6235 / 2, 4);
    expect(result?.upper).toBeCloseTo(11.6683 / 2, 4);
  });

  it('is null with nothing to divide by', () => {
    expect(rateInterval(0, 0, 1000)).toBeNull();
  });

  it('refuses a negative denominator or a per of 0', () => {
    expect(() => rateInterval(1, -5, 1000)).toThrow(RangeError);
    expect(() => rateInterval(1, 5, 0)).toThrow(RangeError);
    expect(() => rateInterval(-1, 5, 100)).toThrow(RangeError);
  });
});

describe('compareProportion', () => {
  const options = { higherIsBetter: true, comparator: 'England' };

  it('is better when higher is better and the benchmark is below the 95% interval', () => {
    // 60/100: Wilson 95% 0.502 to 0.691; England 45%.
    const result = compareProportion({ successes: 60, trials: 100 }, 0.45, options);
    expect(result.value).toBe(0.6);
    expect(result.judgement).toBe('better');
    expect(result.strongEvidence).toBe(false);
    expect(result.sentence).toBe('Better than England.');
  });

  it('is worse when lower is better and the benchmark is below the 95% interval', () => {
    const result = compareProportion({ successes: 60, trials: 100 }, 0.45, { ...options, higherIsBetter: false });
    expect(result.judgement).toBe('worse');
    expect(result.sentence).toBe('Worse than England.');
  });

  it('is worse when higher is better and the benchmark is above the 95% interval, and says so with strong evidence outside the 99.8% interval', () => {
    // 20/100: Wilson 99.8% about 0.11 to 0.35; England 50%.
    const result = compareProportion({ successes: 20, trials: 100 }, 0.5, { ...options, comparator: 'the North West' });
    expect(result.judgement).toBe('worse');
    expect(result.strongEvidence).toBe(true);
    expect(result.sentence).toBe('Worse than the North West, with strong evidence that the difference is not chance.');
  });

  it('is better when lower is better and the benchmark is above the interval', () => {
    expect(compareProportion({ successes: 20, trials: 100 }, 0.5, { ...options, higherIsBetter: false }).judgement).toBe('better');
  });

  it('is similar when the benchmark lies inside the 95% interval, whichever way is better', () => {
    for (const higherIsBetter of [true, false]) {
      const result = compareProportion({ successes: 52, trials: 100 }, 0.5, { ...options, higherIsBetter });
      expect(result.judgement).toBe('similar');
      expect(result.strongEvidence).toBe(false);
      expect(result.sentence).toBe('Similar to England: any difference could be chance.');
    }
  });

  it('judges on the 99.8% interval when asked to', () => {
    // 60/100 is outside at 95% but the 99.8% interval (about 0.446 to 0.736) reaches 0.46.
    expect(compareProportion({ successes: 60, trials: 100 }, 0.46, options).judgement).toBe('better');
    expect(compareProportion({ successes: 60, trials: 100 }, 0.46, { ...options, level: 99.8 }).judgement).toBe('similar');
  });

  it('is not compared with fewer than 10 cases, but still gives the figure and its intervals', () => {
    const result = compareProportion({ successes: 0, trials: 9 }, 0.9, { ...options, comparator: 'Westmere (demo)' });
    expect(result.judgement).toBe('not_compared');
    expect(result.notComparedBecause).toBe('too_few');
    expect(result.value).toBe(0);
    expect(result.interval95).not.toBeNull();
    expect(result.sentence).toBe('Not compared with Westmere (demo): fewer than 10 cases.');
  });

  it('takes a different minimum', () => {
    expect(compareProportion({ successes: 0, trials: 9 }, 0.9, { ...options, minimum: 5 }).judgement).toBe('worse');
    expect(compareProportion({ successes: 30, trials: 40 }, 0.1, { ...options, minimum: 50 }).judgement).toBe('not_compared');
  });

  it('is not compared with no cases or no benchmark', () => {
    const none = compareProportion({ successes: 0, trials: 0 }, 0.5, { ...options, minimum: 0 });
    expect(none.judgement).toBe('not_compared');
    expect(none.value).toBeNull();
    const noBenchmark = compareProportion({ successes: 30, trials: 40 }, null, options);
    expect(noBenchmark.judgement).toBe('not_compared');
    expect(noBenchmark.notComparedBecause).toBe('no_benchmark');
    expect(noBenchmark.sentence).toBe('Not compared with England: there is no figure for England.');
  });

  it('refuses a benchmark given as a percentage', () => {
    expect(() => compareProportion({ successes: 30, trials: 40 }, 45, options)).toThrow(RangeError);
  });
});

describe('compareRate', () => {
  const options = { higherIsBetter: false, comparator: 'England', per: 1000 };

  it('is better when lower is better and the rate is well below the benchmark', () => {
    // 20 events in 10,000 (2 per 1,000; Byar 95% about 1.22 to 3.09) against England's 5 per 1,000.
    const result = compareRate({ events: 20, denominator: 10_000 }, 5, options);
    expect(result.value).toBe(2);
    expect(result.judgement).toBe('better');
    expect(result.strongEvidence).toBe(true);
  });

  it('is worse when higher is better and the rate is below, and similar inside the interval', () => {
    expect(compareRate({ events: 20, denominator: 10_000 }, 5, { ...options, higherIsBetter: true }).judgement).toBe('worse');
    expect(compareRate({ events: 20, denominator: 10_000 }, 2.5, options).judgement).toBe('similar');
  });

  it('is worse when lower is better and the rate is above, using exact limits for few events', () => {
    // 9 events in 1,000 (9 per 1,000; exact 95% 4.12 to 17.08) against 2 per 1,000.
    const result = compareRate({ events: 9, denominator: 1000 }, 2, options);
    expect(result.judgement).toBe('worse');
    expect(result.interval95?.lower).toBeCloseTo(exactPoissonInterval(9).lower, 6);
  });

  it('is not compared with a denominator under the minimum, nothing to divide by, or no benchmark', () => {
    expect(compareRate({ events: 3, denominator: 8 }, 100, options).notComparedBecause).toBe('too_few');
    expect(compareRate({ events: 0, denominator: 0 }, 100, { ...options, minimum: 0 }).judgement).toBe('not_compared');
    expect(compareRate({ events: 3, denominator: 800 }, null, options).notComparedBecause).toBe('no_benchmark');
  });
});

describe('judgementWords', () => {
  it('names the comparator in plain words', () => {
    expect(judgementWords.better('England')).toBe('Better than England');
    expect(judgementWords.similar('the North West')).toBe('Similar to the North West');
    expect(judgementWords.worse('Westmere (demo)')).toBe('Worse than Westmere (demo)');
    expect(judgementWords.not_compared('England')).toBe('Not compared with England');
  });
});

describe('funnelLimits', () => {
  /**
   * PHE's own algebra for the same limits, copied in form from PHEindicatormethods'
   * sigma_adjustment (the quadratic for the proportion whose Wilson limit meets the average),
   * so the module's simpler closed form is checked against an independent derivation.
   */
  function pheSigmaAdjustment(z: number, population: number, average: number, side: 'low' | 'high'): number {
    const z2 = z * z;
    const first = average * (population / z2 + 1);
    const adjustment = Math.sqrt(
      (-8 * average * (population / z2 + 1)) ** 2 -
        64 * (1 / z2 + 1 / population) * average * (population * (average * (population / z2 + 2) - 1) + z2 * (average - 1)),
    );
    const last = 1 / z2 + 1 / population;
    return (side === 'low' ? first - adjustment / 8 : first + adjustment / 8) / last / population;
  }

  it.each([
    [0.5, 100],
    [0.3, 25],
    [0.72, 480],
    [0.05, 2000],
  ])('matches the PHE Fingertips funnel algebra for a benchmark of %f and %i cases', (benchmark, trials) => {
    for (const level of confidenceLevels) {
      const limits = funnelLimits(benchmark, trials, level);
      expect(limits.lower).toBeCloseTo(Math.max(0, pheSigmaAdjustment(zFor(level), trials, benchmark, 'low')), 9);
      expect(limits.upper).toBeCloseTo(Math.min(1, pheSigmaAdjustment(zFor(level), trials, benchmark, 'high')), 9);
    }
  });

  it('is 0.402 to 0.598 at 95% for a benchmark of 50% and 100 cases (0.5 ± 1.96 × 0.05)', () => {
    const limits = funnelLimits(0.5, 100, 95);
    expect(limits.lower).toBeCloseTo(0.402, 3);
    expect(limits.upper).toBeCloseTo(0.598, 3);
  });

  it('contains the benchmark, narrows as cases grow, and the 99.8% limits lie outside the 95% ones', () => {
    for (const benchmark of [0.02, 0.3, 0.5, 0.9]) {
      let previous = funnelLimits(benchmark, 1, 95);
      for (let trials = 2; trials <= 2000; trials += trials < 100 ? 1 : 7) {
        const at95 = funnelLimits(benchmark, trials, 95);
        const at998 = funnelLimits(benchmark, trials, 99.8);
        expect(at95.lower).toBeLessThanOrEqual(benchmark);
        expect(at95.upper).toBeGreaterThanOrEqual(benchmark);
        expect(at95.lower).toBeGreaterThanOrEqual(previous.lower);
        expect(at95.upper).toBeLessThanOrEqual(previous.upper);
        expect(at998.lower).toBeLessThanOrEqual(at95.lower);
        expect(at998.upper).toBeGreaterThanOrEqual(at95.upper);
        previous = at95;
      }
    }
  });

  it('stays within 0 to 1', () => {
    expect(funnelLimits(0.05, 3, 99.8).lower).toBe(0);
    expect(funnelLimits(0.95, 3, 99.8).upper).toBe(1);
  });

  it('refuses no cases and a benchmark outside 0 to 1', () => {
    expect(() => funnelLimits(0.5, 0)).toThrow(RangeError);
    expect(() => funnelLimits(1.2, 10)).toThrow(RangeError);
  });
});

describe('funnelPlotPoints', () => {
  it('places each unit inside, above or below the limits at its own size', () => {
    const points = funnelPlotPoints(
      [
        { key: 'a', successes: 50, trials: 100 },
        { key: 'b', successes: 62, trials: 100 },
        { key: 'c', successes: 10, trials: 100 },
        { key: 'd', successes: 0, trials: 0 },
      ],
      0.5,
    );
    expect(points.map((point) => [point.key, point.position95, point.position998])).toEqual([
      ['a', 'inside', 'inside'],
      ['b', 'above', 'inside'],
      ['c', 'below', 'below'],
      ['d', null, null],
    ]);
    expect(points[1]?.proportion).toBe(0.62);
    expect(points[1]?.limits95).toEqual(funnelLimits(0.5, 100, 95));
  });

  it('never disagrees with the Wilson interval: outside the funnel exactly when the benchmark is outside the interval', () => {
    const random = seeded(20_261_202);
    for (let round = 0; round < 2000; round += 1) {
      const trials = 1 + Math.floor(random() * 300);
      const successes = Math.floor(random() * (trials + 1));
      const benchmark = random();
      const [point] = funnelPlotPoints([{ key: round, successes, trials }], benchmark);
      for (const level of confidenceLevels) {
        const interval = wilsonInterval(successes, trials, level)!;
        const outsideInterval = benchmark < interval.lower || benchmark > interval.upper;
        const position = level === 95 ? point!.position95 : point!.position998;
        expect(position !== 'inside', `${successes}/${trials} against ${benchmark} at ${level}%`).toBe(outsideInterval);
      }
    }
  });
});

describe('funnelCurve', () => {
  it('runs from 1 case to the largest, in increasing whole numbers, with limits matching funnelLimits', () => {
    const curve = funnelCurve(0.4, 500, 50);
    expect(curve[0]?.trials).toBe(1);
    expect(curve.at(-1)?.trials).toBe(500);
    expect(curve.length).toBeLessThanOrEqual(50);
    for (let index = 1; index < curve.length; index += 1) expect(curve[index]!.trials).toBeGreaterThan(curve[index - 1]!.trials);
    for (const point of curve) {
      expect(Number.isInteger(point.trials)).toBe(true);
      expect(point.lower95).toBe(funnelLimits(0.4, point.trials, 95).lower);
      expect(point.upper998).toBe(funnelLimits(0.4, point.trials, 99.8).upper);
    }
  });

  it('is empty with no cases and refuses fewer than 2 steps', () => {
    expect(funnelCurve(0.4, 0)).toEqual([]);
    expect(() => funnelCurve(0.4, 100, 1)).toThrow(RangeError);
  });
});
