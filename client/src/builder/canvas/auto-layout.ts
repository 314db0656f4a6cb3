// Auto-layout with elkjs: layered, left to right, each node's outputs kept in the order it draws them
// (so branch 1's successor lands above branch 2's). Returns new positions; the store applies them.
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { NodeType } from '@parley/shared';
import { drawnOutputs } from './node-outputs';

interface LayoutNode {
  id: string;
  type: NodeType;
  data: Record<string, unknown>;
  measured?: { width?: number; height?: number };
}
interface LayoutEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
}

/** Used until React Flow has measured a node (a node never rendered, e.g. in tests). */
const DEFAULT_SIZE = { width: 240, height: 120 };

// elkjs is most of the app's weight and only this button needs it: loaded on first use, its own chunk.
let elk: Promise<ELK> | null = null;
function elkInstance(): Promise<ELK> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((module) => new module.default());
  return elk;
}

export async function layeredPositions(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Promise<Map<string, { x: number; y: number }>> {
  const known = new Set(nodes.map((node) => node.id));
  const portId = (nodeId: string, handle: string) => `${nodeId}\u0000${handle}`;
  const inPort = (nodeId: string) => `${nodeId}\u0000(in)`;
  const ports = new Set<string>();
  const children: ElkNode[] = nodes.map((node) => {
    const outputs = drawnOutputs(node, edges).map((handle, index) => {
      ports.add(portId(node.id, handle));
      return { id: portId(node.id, handle), layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(index) } };
    });
    return {
      id: node.id,
      width: node.measured?.width ?? DEFAULT_SIZE.width,
      height: node.measured?.height ?? DEFAULT_SIZE.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [{ id: inPort(node.id), layoutOptions: { 'elk.port.side': 'WEST' } }, ...outputs],
    };
  });
  const elkEdges: ElkExtendedEdge[] = edges
    .filter((edge) => known.has(edge.source) && known.has(edge.target))
    .map((edge) => {
      const from = portId(edge.source, edge.sourceHandle);
      return { id: edge.id, sources: [ports.has(from) ? from : edge.source], targets: [inPort(edge.target)] };
    });
  const laidOut = await (await elkInstance()).layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.spacing.nodeNode': '40',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children,
    edges: elkEdges,
  });
  return new Map((laidOut.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
}
