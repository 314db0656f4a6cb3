// An A/B split node's report: each variant's completion of the flow (sessions that took it and reached
// an end) with its 95% interval, and each variant compared with the first in a sentence an analyst reads.
import type { SplitStats } from '@parley/shared';
import { newcombeDifference, wilson, type Difference } from './proportions';

export interface SplitVariant {
  handle: string;
  /** The name the marketer gave the variant; empty when none. */
  label: string;
}

interface VariantCounts {
  name: string;
  exited: number;
  completion: { rate: number | null };
}

/**
 * `variants` in the split's order (the first is the baseline); handles that only the counters know (a
 * variant since removed) follow. Sentences name a variant by its label, else by its handle.
 */
export function splitStats(nodeId: string, variants: readonly SplitVariant[], exits: Record<string, number>, completedVia: Record<string, number>): SplitStats {
  const known = new Map(variants.map((variant) => [variant.handle, variant.label]));
  const handles = [...known.keys(), ...Object.keys(exits).filter((handle) => !known.has(handle))];
  const rows = handles.map((handle) => {
    const exited = exits[handle] ?? 0;
    const completed = completedVia[handle] ?? 0;
    const label = known.get(handle) ?? '';
    return { handle, name: label === '' ? `variant ${handle}` : `“${label}”`, exited, completed, completion: wilson(completed, exited) };
  });
  const [baseline, ...others] = rows;
  const comparisons =
    baseline === undefined
      ? []
      : others.map((variant) => {
          const d = newcombeDifference({ successes: baseline.completed, trials: baseline.exited }, { successes: variant.completed, trials: variant.exited });
          const significant = d !== null && (d.low > 0 || d.high < 0);
          return {
            baseline: baseline.handle,
            variant: variant.handle,
            difference: d?.difference ?? null,
            low: d?.low ?? null,
            high: d?.high ?? null,
            significant,
            sentence: comparisonSentence(baseline, variant, d, significant),
          };
        });
  return { nodeId, variants: rows.map(({ handle, exited, completed, completion }) => ({ handle, exited, completed, completion })), comparisons };
}

function comparisonSentence(baseline: VariantCounts, variant: VariantCounts, d: Difference | null, significant: boolean): string {
  if (d === null || baseline.completion.rate === null || variant.completion.rate === null) {
    const empty = [baseline, variant].filter((v) => v.exited === 0).map((v) => v.name);
    return `Not enough data: no session took ${empty.join(' or ')} in this range.`;
  }
  const points = Math.round(Math.abs(d.difference) * 100);
  const how = points === 0 ? `completes as often as ${baseline.name}` : `completes ${points} points ${d.difference > 0 ? 'more' : 'less'} than ${baseline.name}`;
  const interval = `95% CI ${signedPoints(d.low)} to ${signedPoints(d.high)} points`;
  const sentence = `${variant.name} ${how} (${percent(variant.completion.rate)} vs ${percent(baseline.completion.rate)}, ${interval}); ${significant ? 'significant' : 'not yet significant'}.`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

function signedPoints(value: number): string {
  const points = Math.round(value * 100);
  return points > 0 ? `+${points}` : String(points);
}
