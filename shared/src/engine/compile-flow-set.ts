// Prepares published versions for running: each version compiled once into lookup maps, the live
// ones' triggers indexed for matching. The server keeps one flow set per publish; the simulator one per run.
import type { FlowVersion } from '../flow/flow-schema';
import type { FlowNode } from '../node-types/registry';
import type { CompiledFlow, FlowSet } from './flow-set';
import { triggerIndexOf } from './trigger-index';

/**
 * `live` comes in the flows list order: between triggers of equal priority the flow listed first fires
 * (the server's store lists live versions in that order; reordering recompiles).
 */
export function compileFlowSet(live: FlowVersion[], pinned: FlowVersion[] = []): FlowSet {
  const set = new CompiledFlowSet(live, pinned);
  triggerIndexOf(set);
  return set;
}

/** The key of an edge in CompiledFlow.next. */
export function edgeKey(nodeId: string, handle: string): string {
  return `${nodeId}\u0000${handle}`;
}

class CompiledFlowSet implements FlowSet {
  readonly live: readonly CompiledFlow[];
  private readonly versions = new Map<string, CompiledFlow>();
  private readonly latestByFlow = new Map<string, CompiledFlow>();

  constructor(live: readonly FlowVersion[], pinned: readonly FlowVersion[]) {
    for (const version of live) {
      const compiled = this.compileOnce(version);
      const current = this.latestByFlow.get(version.flowId);
      // Two live versions of one flow would fire its triggers twice: the newer one is live.
      if (current === undefined || current.version.version < version.version) this.latestByFlow.set(version.flowId, compiled);
    }
    // A map keeps each flow where it first came, so `live` stays in the flows list order.
    this.live = [...this.latestByFlow.values()];
    for (const version of pinned) this.compileOnce(version);
  }

  get(flowId: string, version: number): CompiledFlow | undefined {
    return this.versions.get(versionKey(flowId, version));
  }

  latest(flowId: string): CompiledFlow | undefined {
    return this.latestByFlow.get(flowId);
  }

  add(version: FlowVersion): void {
    this.compileOnce(version);
  }

  private compileOnce(version: FlowVersion): CompiledFlow {
    const key = versionKey(version.flowId, version.version);
    let compiled = this.versions.get(key);
    if (compiled === undefined) {
      compiled = compileFlow(version);
      this.versions.set(key, compiled);
    }
    return compiled;
  }
}

function versionKey(flowId: string, version: number): string {
  return `${flowId}\u0000${version}`;
}

function compileFlow(version: FlowVersion): CompiledFlow {
  // Validation refuses duplicate ids and handles with several edges; should one slip through, the first wins.
  const nodes = new Map<string, FlowNode>();
  for (const node of version.graph.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  const next = new Map<string, string>();
  for (const edge of version.graph.edges) {
    const key = edgeKey(edge.source, edge.sourceHandle);
    if (!next.has(key)) next.set(key, edge.target);
  }
  // Where goto and the fallback enter: the flow's api trigger (its declared programmatic entry), else
  // its first trigger. A flow with several keyword triggers would otherwise be entered through
  // whichever keyword happens to come first.
  const triggers = [...nodes.values()].filter((node) => node.type === 'trigger');
  const entry = triggers.find((node) => node.data.kind === 'api') ?? triggers[0];
  return { version, nodes, next, entryNodeId: entry?.id ?? null };
}
