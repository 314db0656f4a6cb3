// Why a connection drawn on the canvas would break the flow's rules, said so the user knows what to do
// instead. The shared validateGraph reports the same rules on a whole graph; refusing them here keeps
// the mistake from being drawn at all.
import { WAITING_NODE_TYPES, type NodeType } from '@parley/shared';

interface ConnectNode {
  id: string;
  type: NodeType;
}
interface ConnectEdge {
  source: string;
  sourceHandle: string;
  target: string;
}
export interface ConnectAttempt {
  source: string;
  sourceHandle: string;
  target: string;
}

/** The reason the connection is refused, or null when it may be drawn. */
export function connectionRefusal(graph: { nodes: readonly ConnectNode[]; edges: readonly ConnectEdge[] }, attempt: ConnectAttempt): string | null {
  const typeOf = new Map(graph.nodes.map((node) => [node.id, node.type]));
  const sourceType = typeOf.get(attempt.source);
  const targetType = typeOf.get(attempt.target);
  if (sourceType === undefined || targetType === undefined) return 'Both ends of a connection must be nodes of this flow.';
  if (targetType === 'trigger') return 'A trigger only starts the flow: no connection can lead into it.';
  const taken = graph.edges.some((edge) => edge.source === attempt.source && edge.sourceHandle === attempt.sourceHandle);
  if (taken) {
    return `Output “${attempt.sourceHandle}” is already connected: an output leads to one node only. Delete its connection first, or use a Split or Condition to branch.`;
  }
  if (closesLoopWithoutWait(graph.edges, typeOf, attempt.source, attempt.target)) {
    return attempt.source === attempt.target
      ? 'This node would lead straight back to itself without waiting, so a conversation would loop forever. Put an Ask, Wait, Handoff or HTTP step in the loop.'
      : 'This would close a loop with no waiting step in it, so a conversation would go round forever. Put an Ask, Wait, Handoff or HTTP step in the loop.';
  }
  return null;
}

/** Whether source → target closes a cycle all of whose nodes run without waiting. */
function closesLoopWithoutWait(edges: readonly ConnectEdge[], typeOf: ReadonlyMap<string, NodeType>, source: string, target: string): boolean {
  const runsThrough = (id: string) => {
    const type = typeOf.get(id);
    return type !== undefined && !WAITING_NODE_TYPES.has(type);
  };
  if (!runsThrough(source) || !runsThrough(target)) return false;
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  // Is there a path target ⇝ source through nodes that do not wait?
  const seen = new Set([target]);
  const queue = [target];
  for (let head = 0; head < queue.length; head += 1) {
    const current = queue[head];
    if (current === source) return true;
    for (const following of (current === undefined ? undefined : next.get(current)) ?? []) {
      if (seen.has(following) || !runsThrough(following)) continue;
      seen.add(following);
      queue.push(following);
    }
  }
  return false;
}
