import type { SplitData } from '@parley/shared';
import type { NodeSummary } from '../summary-text';

export function splitSummary(data: SplitData): NodeSummary {
  const total = data.variants.reduce((sum, v) => sum + v.weight, 0);
  const outputLabels: Record<string, string> = {};
  for (const variant of data.variants) {
    const share = total === 0 ? 0 : Math.round((variant.weight / total) * 100);
    outputLabels[variant.id] = `${variant.label === '' ? variant.id : variant.label} · ${share}%`;
  }
  return { lines: [`A/B split over ${data.variants.length} variants, sticky per contact`], outputLabels };
}
