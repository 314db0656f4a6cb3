// What changed between two graphs, node by node: the versions panel's "diff with draft". Positions
// are the builder's business and never count; data is compared as the engine would run it.
import { flowNodeSchema, type DraftGraph, type NodeType } from '@parley/shared';

export type ChangedAspect = 'type' | 'data' | 'connections';

export interface DiffNode {
  id: string;
  type: NodeType;
  data: Record<string, unknown>;
}

export interface GraphDiff {
  /** In `after` but not in `before`, in `after`'s node order. */
  added: DiffNode[];
  /** In `before` but not in `after`, in `before`'s node order. */
  removed: DiffNode[];
  /** Same id in both, different type, data or outgoing edges; shown as it is in `after`. */
  changed: (DiffNode & { aspects: ChangedAspect[] })[];
}

/** A version's graph is a finished draft graph, so both sides share one shape. */
type AnyGraph = Pick<DraftGraph, 'nodes' | 'edges'>;

export function diffGraphs(before: AnyGraph, after: AnyGraph): GraphDiff {
  const beforeById = new Map(before.nodes.map((node) => [node.id, node]));
  const afterIds = new Set(after.nodes.map((node) => node.id));
  const beforeOut = outgoing(before);
  const afterOut = outgoing(after);
  const diff: GraphDiff = { added: [], removed: [], changed: [] };

  for (const node of after.nodes) {
    const old = beforeById.get(node.id);
    if (old === undefined) {
      diff.added.push(view(node));
      continue;
    }
    const aspects: ChangedAspect[] = [];
    if (old.type !== node.type) aspects.push('type');
    if (canonicalJson(runnableData(old)) !== canonicalJson(runnableData(node))) aspects.push('data');
    if ((beforeOut.get(node.id) ?? '') !== (afterOut.get(node.id) ?? '')) aspects.push('connections');
    if (aspects.length > 0) diff.changed.push({ ...view(node), aspects });
  }
  for (const node of before.nodes) if (!afterIds.has(node.id)) diff.removed.push(view(node));
  return diff;
}

function view(node: AnyGraph['nodes'][number]): DiffNode {
  return { id: node.id, type: node.type, data: node.data };
}

/** A draft's data with the defaults a publish fills in, so an untouched node matches its published self. */
function runnableData(node: AnyGraph['nodes'][number]): unknown {
  const parsed = flowNodeSchema.safeParse(node);
  return parsed.success ? parsed.data.data : node.data;
}

/** Each node's outgoing edges as one comparable string: handle → target, sorted. */
function outgoing(graph: AnyGraph): Map<string, string> {
  const bySource = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const list = bySource.get(edge.source) ?? [];
    list.push(`${edge.sourceHandle}\u0000${edge.target}`);
    bySource.set(edge.source, list);
  }
  return new Map([...bySource].map(([source, list]) => [source, list.sort().join('\u0001')]));
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : inner,
  );
}
