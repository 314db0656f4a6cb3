// A stats answer indexed the way the canvas reads it: a node's numbers by node id, an edge's by
// (source, handle, target), every output of a node, and the largest edge count (edge widths scale to it).
import type { EdgeStats, FlowStats, NodeStats, SplitStats } from '@parley/shared';

export interface StatsIndex {
  nodes: ReadonlyMap<string, NodeStats>;
  edges: ReadonlyMap<string, EdgeStats>;
  /** Every output of a node the answer lists, those that lead nowhere (`target` null) included. */
  outputs: ReadonlyMap<string, readonly EdgeStats[]>;
  splits: ReadonlyMap<string, SplitStats>;
  /** The largest count of an output that leads to a node. */
  maxEdgeCount: number;
}

const edgeKey = (source: string, sourceHandle: string, target: string | null) => JSON.stringify([source, sourceHandle, target]);

export function indexStats(stats: FlowStats): StatsIndex {
  const outputs = new Map<string, EdgeStats[]>();
  for (const edge of stats.edges) outputs.set(edge.source, [...(outputs.get(edge.source) ?? []), edge]);
  return {
    nodes: new Map(stats.nodes.map((node) => [node.nodeId, node])),
    edges: new Map(stats.edges.map((edge) => [edgeKey(edge.source, edge.sourceHandle, edge.target), edge])),
    outputs,
    splits: new Map(stats.splits.map((split) => [split.nodeId, split])),
    maxEdgeCount: Math.max(0, ...stats.edges.filter((edge) => edge.target !== null).map((edge) => edge.count)),
  };
}

/** A node nothing reached in the range: the server may leave it out, the canvas shows its zeros. */
export function zeroNodeStats(nodeId: string): NodeStats {
  return { nodeId, nodeType: null, entered: 0, exited: 0, exits: {}, droppedByReason: {}, dropped: 0, waitingNow: 0, completionRate: null };
}

/** The sessions that took one edge of the graph; an edge the answer does not list was not taken. */
export function edgeStatsOf(index: StatsIndex, source: string, sourceHandle: string, target: string): { count: number; share: number | null } {
  const listed = index.edges.get(edgeKey(source, sourceHandle, target));
  if (listed !== undefined) return listed;
  const exited = index.nodes.get(source)?.exited ?? 0;
  return { count: 0, share: exited === 0 ? null : 0 };
}
