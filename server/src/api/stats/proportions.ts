// Confidence intervals for completion rates: Wilson's score interval for one proportion and Newcombe's
// hybrid score interval (his method 10) for the difference of two, both at 95%. They behave at small
// counts and near 0 or 1, where the textbook normal interval leaves [0, 1] or collapses to a point.
import type { Proportion } from '@parley/shared';

const Z = 1.959963984540054;

export function wilson(successes: number, trials: number): Proportion {
  if (trials <= 0) return { rate: null, low: null, high: null };
  const p = successes / trials;
  const z2 = Z * Z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (Z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // The interval always holds p; at 0 or 1 rounding would leave p a hair outside (5.6e-17 > 0), so clamp to it.
  return { rate: p, low: Math.max(0, Math.min(p, centre - half)), high: Math.min(1, Math.max(p, centre + half)) };
}

export interface Difference {
  /** variant − baseline, in rate units (−1..1). */
  difference: number;
  low: number;
  high: number;
}

/** The variant's rate minus the baseline's with its 95% interval; null when either has no trials. */
export function newcombeDifference(baseline: { successes: number; trials: number }, variant: { successes: number; trials: number }): Difference | null {
  const a = wilson(baseline.successes, baseline.trials);
  const b = wilson(variant.successes, variant.trials);
  if (a.rate === null || a.low === null || a.high === null || b.rate === null || b.low === null || b.high === null) return null;
  const difference = b.rate - a.rate;
  return {
    difference,
    low: difference - Math.sqrt((b.rate - b.low) ** 2 + (a.high - a.rate) ** 2),
    high: difference + Math.sqrt((b.high - b.rate) ** 2 + (a.rate - a.low) ** 2),
  };
}
