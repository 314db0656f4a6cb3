// What a draft save sends: the graph and settings as the server's schemas want them. Parsed here
// first, so a draft the server would refuse says why in the save status instead of failing silently.
import { draftGraphSchema, flowSettingsSchema, type DraftGraph, type FlowSettings } from '@parley/shared';
import { snapshotOf, type BuilderState } from './store/builder-state';

export type DraftBody = { ok: true; graph: DraftGraph; settings: FlowSettings | undefined } | { ok: false; error: string };

export function draftGraphOf(state: Pick<BuilderState, 'nodes' | 'edges'>): DraftGraph | string {
  // Through JSON, as the request will go: fields a form left undefined drop out instead of failing.
  const parsed = draftGraphSchema.safeParse(JSON.parse(JSON.stringify(snapshotOf(state))));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return `The draft cannot be saved: ${issue === undefined ? 'invalid graph' : `${issue.path.join('.')} — ${issue.message}`}`;
}

/** Settings that do not parse yet are left out (the server keeps the last good ones); the form shows what is wrong. */
export function draftBody(state: Pick<BuilderState, 'nodes' | 'edges' | 'settings'>): DraftBody {
  const graph = draftGraphOf(state);
  if (typeof graph === 'string') return { ok: false, error: graph };
  const settings = flowSettingsSchema.safeParse(state.settings);
  return { ok: true, graph, settings: settings.success ? settings.data : undefined };
}
