import { newcombeDifference, wilson } from './proportions';

/** The papers print four decimals. */
const fourPlaces = (x: number | null): number | null => (x === null ? null : Math.round(x * 10_000) / 10_000);

describe('wilson', () => {
  // Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven methods.
  // Statistics in Medicine 1998;17:857-872, Table I, method 3 (score interval without continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('gives the published interval for %i/%i', (successes, trials, low, high) => {
    const interval = wilson(successes, trials);
    expect(interval.rate).toBe(successes / trials);
    expect([fourPlaces(interval.low), fourPlaces(interval.high)]).toEqual([low, high]);
  });

  it('holds the rate even at 0 and 1, where rounding would leave it a hair outside', () => {
    for (const trials of [1, 3, 7, 13, 20, 29, 100, 263]) {
      expect(wilson(0, trials).low).toBe(0);
      expect(wilson(trials, trials).high).toBe(1);
      for (const successes of [0, Math.floor(trials / 3), trials]) {
        const { rate, low, high } = wilson(successes, trials);
        expect({ successes, trials, inside: low !== null && high !== null && rate !== null && low <= rate && rate <= high }).toEqual({ successes, trials, inside: true });
      }
    }
  });

  it('has no rate and no interval without trials', () => {
    expect(wilson(0, 0)).toEqual({ rate: null, low: null, high: null });
  });
});

describe('newcombeDifference', () => {
  // Newcombe RG. Interval estimation for the difference between independent proportions: comparison of
  // eleven methods. Statistics in Medicine 1998;17:873-890, Table II, method 10 (hybrid score, no
  // continuity correction). Each example is m/n (here the variant) minus the other (the baseline).
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ])('gives the published interval for %i/%i − %i/%i', (a, m, b, n, low, high) => {
    const d = newcombeDifference({ successes: b, trials: n }, { successes: a, trials: m });
    expect(d?.difference).toBeCloseTo(a / m - b / n, 12);
    expect([fourPlaces(d?.low ?? null), fourPlaces(d?.high ?? null)]).toEqual([low, high]);
  });

  it('is the mirror image with baseline and variant swapped', () => {
    const forward = newcombeDifference({ successes: 48, trials: 80 }, { successes: 56, trials: 70 });
    const backward = newcombeDifference({ successes: 56, trials: 70 }, { successes: 48, trials: 80 });
    expect(backward?.difference).toBeCloseTo(-(forward?.difference ?? NaN), 12);
    expect(backward?.low).toBeCloseTo(-(forward?.high ?? NaN), 12);
    expect(backward?.high).toBeCloseTo(-(forward?.low ?? NaN), 12);
  });

  it('is null when either side has no trials', () => {
    expect(newcombeDifference({ successes: 0, trials: 0 }, { successes: 3, trials: 10 })).toBeNull();
    expect(newcombeDifference({ successes: 3, trials: 10 }, { successes: 0, trials: 0 })).toBeNull();
  });
});
