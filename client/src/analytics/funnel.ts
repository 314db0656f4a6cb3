// A funnel over a path of nodes the analyst picked, read from one stats answer: how many entered each
// step, the conversion from the step before (entered here / entered there) and how many took an edge
// straight from the step before (null when no edge joins them in that answer).
import type { StatsIndex } from './stats-index';

export interface FunnelStep {
  nodeId: string;
  /** Null when the answer does not list the node: it is not in that version. */
  entered: number | null;
  /** From the step before; null for the first step, or when either end is unknown or nothing entered before. */
  conversion: number | null;
  edgeCount: number | null;
}

export function funnelSteps(path: readonly string[], index: StatsIndex): FunnelStep[] {
  return path.map((nodeId, position) => {
    const entered = index.nodes.get(nodeId)?.entered ?? null;
    const previousId = position === 0 ? undefined : path[position - 1];
    if (previousId === undefined) return { nodeId, entered, conversion: null, edgeCount: null };
    const previous = index.nodes.get(previousId)?.entered ?? null;
    const joining = (index.outputs.get(previousId) ?? []).filter((output) => output.target === nodeId);
    return {
      nodeId,
      entered,
      conversion: entered === null || previous === null || previous === 0 ? null : entered / previous,
      edgeCount: joining.length === 0 ? null : joining.reduce((sum, output) => sum + output.count, 0),
    };
  });
}
