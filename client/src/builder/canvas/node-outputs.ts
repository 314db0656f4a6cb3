// A node's output handles as the canvas draws them. Unfinished data declares no outputs, so the
// handles its existing edges leave from are kept (the edges stay drawn until the data is fixed).
import { flowNodeSchema, handlesOf, type NodeType } from '@parley/shared';

interface OutputNode {
  id: string;
  type: NodeType;
  data: Record<string, unknown>;
}

/** The handles the node's data declares, in order, or null while the data does not parse. */
export function declaredOutputs(node: OutputNode): string[] | null {
  const parsed = flowNodeSchema.safeParse({ id: node.id, type: node.type, data: node.data });
  return parsed.success ? [...new Set(handlesOf(parsed.data))] : null;
}

/** Declared handles, else the distinct handles edges leave the node by. */
export function drawnOutputs(node: OutputNode, edges: readonly { source: string; sourceHandle: string }[]): string[] {
  return declaredOutputs(node) ?? [...new Set(edges.filter((edge) => edge.source === node.id).map((edge) => edge.sourceHandle))];
}
