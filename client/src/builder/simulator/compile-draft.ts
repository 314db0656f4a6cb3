// The draft as the engine runs it: parsed as a published version would be (every node complete, settings
// with defaults) and compiled into a flow set of its own. Other flows are not part of a simulation, so a
// fallback to another flow is taken out of the settings and reported instead of failing as "not published".
import { compileFlowSet, flowVersionSchema, type FlowSet, type FlowVersion } from '@parley/shared';
import type { GraphSnapshot } from '../store/builder-state';

/** Why the draft cannot run: a node whose settings are unfinished, or the flow settings. */
export interface DraftProblem {
  nodeId: string | null;
  message: string;
}

export type CompiledDraft =
  | { ok: true; flows: FlowSet; version: FlowVersion; fallbackElsewhere: string | null }
  | { ok: false; problems: DraftProblem[] };

export interface DraftSource {
  flowId: string;
  name: string;
  graph: GraphSnapshot;
  settings: unknown;
}

export function compileDraft({ flowId, name, graph, settings }: DraftSource): CompiledDraft {
  // Through JSON, as a save would send it: fields a form left undefined drop out instead of failing.
  const candidate: unknown = JSON.parse(JSON.stringify({ flowId, version: 1, name, graph, settings, flowCreatedAt: 0, publishedAt: 0 }));
  const parsed = flowVersionSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error.issues, graph) };
  const version = parsed.data;
  const fallback = version.settings.fallbackFlowId;
  const fallbackElsewhere = fallback !== null && fallback !== flowId ? fallback : null;
  const runnable: FlowVersion = fallbackElsewhere === null ? version : { ...version, settings: { ...version.settings, fallbackFlowId: null } };
  return { ok: true, flows: compileFlowSet([runnable]), version: runnable, fallbackElsewhere };
}

/** One problem per node (its first issue), then the rest of the graph and the settings. */
function problemsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[], graph: GraphSnapshot): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const [root, list, index, ...rest] = issue.path;
    const node = root === 'graph' && list === 'nodes' && typeof index === 'number' ? graph.nodes[index] : undefined;
    const where = node === undefined ? issue.path.map(String).join('.') : rest.map(String).join('.');
    const key = node?.id ?? where;
    if (seen.has(key)) continue;
    seen.add(key);
    const message = root === 'settings' ? `Flow settings: ${where.replace(/^settings\.?/, '')} — ${issue.message}` : `${where === '' ? '' : `${where} — `}${issue.message}`;
    problems.push({ nodeId: node?.id ?? null, message });
  }
  return problems;
}
