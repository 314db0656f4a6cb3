// Prepares published versions for running: each version compiled once into lookup maps, the live
// ones' triggers indexed for matching. The server keeps one flow set per publish; the simulator one per run.
import type { FlowVersion } from '../flow/flow-schema';
import type { FlowNode } from '../node-types/registry';
import { ACTIVITY_LIMIT } from './activity-text';
import type { ActivityLookback, ActivityWindow, CompiledFlow, FlowSet } from './flow-set';
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
  lookback: ActivityLookback = NO_LOOKBACK;
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
      this.lookback = widest(this.lookback, compiled.lookback);
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
  return { version, nodes, next, entryNodeId: entry?.id ?? null, lookback: lookbackOf(nodes.values()) };
}

const NONE: ActivityWindow = { ms: 0, count: 0 };
const NO_LOOKBACK: ActivityLookback = { inbound: NONE, automated: NONE, texts: NONE };
const MINUTE_MS = 60_000;

/**
 * A message-rate rule compares the count within its window with `count`: one more entry than that
 * tells every comparison apart. A repeated-text rule counts equal texts among all of its window.
 */
function lookbackOf(nodes: Iterable<FlowNode>): ActivityLookback {
  let lookback = NO_LOOKBACK;
  for (const node of nodes) {
    if (node.type !== 'condition') continue;
    for (const rule of node.data.branches.flatMap((branch) => branch.rules)) {
      if (rule.field === 'message_rate') {
        const window = { ms: rule.windowMinutes * MINUTE_MS, count: Math.min(rule.count + 1, ACTIVITY_LIMIT) };
        lookback = widest(lookback, { ...NO_LOOKBACK, [rule.of]: window });
      }
      if (rule.field === 'repeated_text') lookback = widest(lookback, { ...NO_LOOKBACK, texts: { ms: rule.windowMinutes * MINUTE_MS, count: ACTIVITY_LIMIT } });
    }
  }
  return lookback;
}

function widest(a: ActivityLookback, b: ActivityLookback): ActivityLookback {
  const wider = (x: ActivityWindow, y: ActivityWindow): ActivityWindow => ({ ms: Math.max(x.ms, y.ms), count: Math.max(x.count, y.count) });
  return { inbound: wider(a.inbound, b.inbound), automated: wider(a.automated, b.automated), texts: wider(a.texts, b.texts) };
}
