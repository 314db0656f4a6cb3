// The path one simulated event took, as the canvas lights it: node after node, each with the edge that
// led into it, plus the node the conversation now waits at.

export interface PathHop {
  nodeId: string;
  /** The edge followed into this node; null for the first node of the event. */
  viaEdgeId: string | null;
}

export interface SimPath {
  hops: PathHop[];
  waitingNodeId: string | null;
}

/** What the canvas draws: lit nodes and edges, and the waiting node marked apart. */
export interface Lit {
  nodeIds: string[];
  edgeIds: string[];
  waitingNodeId: string | null;
}

export const NO_LIT: Lit = { nodeIds: [], edgeIds: [], waitingNodeId: null };

/** The first `count` hops lit; the waiting node is marked once every hop is. */
export function litOf(path: SimPath, count = path.hops.length): Lit {
  const hops = path.hops.slice(0, count);
  return {
    nodeIds: [...new Set(hops.map((hop) => hop.nodeId))],
    edgeIds: [...new Set(hops.flatMap((hop) => (hop.viaEdgeId === null ? [] : [hop.viaEdgeId])))],
    waitingNodeId: count >= path.hops.length ? path.waitingNodeId : null,
  };
}
