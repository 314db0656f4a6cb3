import type { FlowVersion } from '../flow/flow-schema';
import type { FlowNode } from '../node-types/registry';

/** A published version prepared for running: nodes by id and edges by (node, handle). Built once per version. */
export interface CompiledFlow {
  version: FlowVersion;
  nodes: ReadonlyMap<string, FlowNode>;
  /** `${nodeId}\u0000${handle}` → target node id. */
  next: ReadonlyMap<string, string>;
  /** Where `goto` and the fallback enter: the first api trigger, else the first trigger; null when none. */
  entryNodeId: string | null;
  /** How much of a conversation's recent activity this version's conditions read. */
  lookback: ActivityLookback;
}

/** How far back, and how many entries, of one kind of activity a condition can read. */
export interface ActivityWindow {
  ms: number;
  count: number;
}

/**
 * What a conversation must remember of its recent activity (message rate and repeated-text
 * conditions): nothing when no flow asks, so the stored state stays small.
 */
export interface ActivityLookback {
  inbound: ActivityWindow;
  automated: ActivityWindow;
  texts: ActivityWindow;
}

/**
 * Everything `step` may run: the live (latest published) versions whose triggers are matched, plus
 * older versions that running sessions are pinned to. Keyword triggers are indexed so that matching
 * costs O(text length + matches), not O(rules).
 */
export interface FlowSet {
  /** In the flows list order (the tie-breaker between equal trigger priorities). */
  readonly live: readonly CompiledFlow[];
  get(flowId: string, version: number): CompiledFlow | undefined;
  /** The live version of a flow (for goto and fallback). */
  latest(flowId: string): CompiledFlow | undefined;
  /** Makes a pinned (non-live) version available; a no-op when it is already there. */
  add(version: FlowVersion): void;
  /** What conversations must remember for the conditions of every version in the set. */
  readonly lookback: ActivityLookback;
}
