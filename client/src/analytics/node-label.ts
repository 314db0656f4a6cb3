// How the analytics name a node in lists (exits, funnel steps): its kind and the first line of its card.
import { nodeRegistry } from '../nodes/node-registry';
import type { BuilderNode } from '../builder/store/builder-state';

export function nodeLabel(node: Pick<BuilderNode, 'type' | 'data'>): string {
  const kind = nodeRegistry[node.type];
  const line = kind.summary(node.data)?.lines[0];
  return line === undefined ? kind.label : `${kind.label}: ${line}`;
}
