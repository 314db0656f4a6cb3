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
}
