// Turns one engine step into what the simulator shows: the path to light on the canvas, the trace rows
// of the "why did the customer get this reply" view, and the chat lines (replies and system notes).
// Pure: the same step always reads the same way, so it is tested with the example flows.
import type {
  ConversationState,
  DropReason,
  Effect,
  Graph,
  HandoffStrategy,
  Json,
  NodeType,
  OutMessage,
  StepResult,
  WaitKind,
} from '@parley/shared';
import type { PathHop, SimPath } from './lit-path';
import { formatShort } from './sim-time';

/** How a node entered (or woken) in this step was left. */
export type NodeOutcome =
  | { kind: 'exited'; handle: string }
  | { kind: 'waiting'; wait: WaitKind }
  | { kind: 'dropped'; reason: DropReason }
  | { kind: 'left_flow'; flowId: string }
  | { kind: 'stopped' };

export type TraceRow =
  /** A node run in this step; `resumed` when it was already parked there and this event woke it. */
  | { kind: 'node'; nodeId: string; nodeType: NodeType | null; resumed: boolean; outcome: NodeOutcome }
  | { kind: 'unmatched'; text: string; fallbackElsewhere: string | null }
  | { kind: 'error'; nodeId: string | null; message: string }
  | { kind: 'effect'; effect: Effect['type']; text: string }
  | { kind: 'variable'; name: string; value: string }
  | { kind: 'ended' };

export type ChatLine =
  | { kind: 'user'; text: string }
  | { kind: 'bot'; message: OutMessage }
  | { kind: 'system'; tone: 'info' | 'warning' | 'error'; text: string };

export interface StepView {
  path: SimPath;
  rows: TraceRow[];
  chat: ChatLine[];
}

export interface StepSource {
  flowId: string;
  graph: Graph;
  before: ConversationState;
  result: StepResult;
  timezone: string;
  /** The other flow the draft's settings name as the fallback (not simulated). */
  fallbackElsewhere: string | null;
}

const STRATEGY_TEXT: Record<HandoffStrategy, string> = {
  least_busy: 'least busy agent',
  sticky: 'previous agent first',
  round_robin: 'round robin',
  broadcast: 'broadcast to all',
};

export function describeStep(source: StepSource): StepView {
  const { flowId, graph, before, result, timezone } = source;
  const nodeTypes = new Map(graph.nodes.map((node) => [node.id, node.type]));
  const gotoTargets = new Map(graph.nodes.flatMap((node) => (node.type === 'goto' ? [[node.id, node.data.flowId] as const] : [])));
  const rows: TraceRow[] = [];
  const hops: PathHop[] = [];
  let viaEdgeId: string | null = null;
  /** The row of each node still open (entered, not yet left) in this step. */
  const open = new Map<string, Extract<TraceRow, { kind: 'node' }>>();
  const openRow = (nodeId: string, resumed: boolean) => {
    const row: Extract<TraceRow, { kind: 'node' }> = { kind: 'node', nodeId, nodeType: nodeTypes.get(nodeId) ?? null, resumed, outcome: { kind: 'stopped' } };
    rows.push(row);
    open.set(nodeId, row);
    return row;
  };

  for (const entry of result.trace) {
    switch (entry.type) {
      case 'entered':
        if (entry.flowId !== flowId) break;
        openRow(entry.nodeId, false);
        hops.push({ nodeId: entry.nodeId, viaEdgeId });
        viaEdgeId = null;
        break;
      case 'exited': {
        if (entry.flowId !== flowId) break;
        // Left without being entered in this step: the parked node this event woke.
        const row = open.get(entry.nodeId) ?? openRow(entry.nodeId, true);
        if (row.resumed && hops.length === 0) hops.push({ nodeId: entry.nodeId, viaEdgeId: null });
        row.outcome = { kind: 'exited', handle: entry.handle };
        open.delete(entry.nodeId);
        // The first edge on a handle is the one the engine follows.
        viaEdgeId = graph.edges.find((edge) => edge.source === entry.nodeId && edge.sourceHandle === entry.handle)?.id ?? null;
        break;
      }
      case 'dropped': {
        const row = open.get(entry.nodeId) ?? openRow(entry.nodeId, true);
        open.delete(entry.nodeId);
        // A goto whose flow is elsewhere already reads as leaving the flow.
        if (row.outcome.kind !== 'left_flow') row.outcome = { kind: 'dropped', reason: entry.reason };
        break;
      }
      case 'completed':
        // The end node's row already reads "exited by end"; the completion is the analytics' business.
        break;
      case 'unmatched':
        rows.push({ kind: 'unmatched', text: entry.text, fallbackElsewhere: before.session === null ? source.fallbackElsewhere : null });
        break;
      case 'error': {
        const target = entry.nodeId === null ? undefined : gotoTargets.get(entry.nodeId);
        const row = entry.nodeId === null ? undefined : open.get(entry.nodeId);
        // Only the draft is simulated: a goto to another flow ends here by design, not by fault.
        if (target !== undefined && target !== flowId && row !== undefined) row.outcome = { kind: 'left_flow', flowId: target };
        else rows.push({ kind: 'error', nodeId: entry.nodeId, message: entry.message });
        break;
      }
      default: {
        const never: never = entry;
        throw new Error(`unknown trace entry ${JSON.stringify(never)}`);
      }
    }
  }

  const session = result.state.session;
  const waitingNodeId = session !== null && session.flowId === flowId ? session.nodeId : null;
  if (session !== null && waitingNodeId !== null) {
    // A node that waits again (an ask re-asking) or still waits (the event was not for it) has no trace entry.
    const row = open.get(waitingNodeId) ?? openRow(waitingNodeId, true);
    row.outcome = { kind: 'waiting', wait: session.waiting.kind };
  }

  const chat: ChatLine[] = [];
  for (const effect of result.effects) {
    rows.push({ kind: 'effect', effect: effect.type, text: effectText(effect, timezone) });
    const line = chatLineOf(effect, timezone);
    if (line !== null) chat.push(line);
  }
  for (const [name, value] of changedVariables(before, result)) {
    rows.push({ kind: 'variable', name, value });
    chat.push({ kind: 'system', tone: 'info', text: `Set vars.${name} = ${value}` });
  }
  for (const row of rows) {
    if (row.kind === 'unmatched') chat.push({ kind: 'system', tone: 'warning', text: unmatchedText(row) });
    if (row.kind === 'error') chat.push({ kind: 'system', tone: 'error', text: `Error: ${row.message}` });
    if (row.kind === 'node' && row.outcome.kind === 'left_flow') chat.push({ kind: 'system', tone: 'info', text: `Goes on in flow “${row.outcome.flowId}” (other flows are not simulated)` });
  }
  const ran = result.trace.some((entry) => entry.type === 'entered' || entry.type === 'exited');
  if (session === null && (before.session !== null || ran)) {
    rows.push({ kind: 'ended' });
    chat.push({ kind: 'system', tone: 'info', text: 'Session ended' });
  }
  return { path: { hops, waitingNodeId }, rows, chat };
}

export function unmatchedText(row: Extract<TraceRow, { kind: 'unmatched' }>): string {
  const missed = `No trigger matched “${row.text}”`;
  return row.fallbackElsewhere === null ? missed : `${missed}; the fallback flow “${row.fallbackElsewhere}” would answer (other flows are not simulated)`;
}

export function effectText(effect: Effect, timezone: string): string {
  switch (effect.type) {
    case 'send':
      return `Sent ${messageText(effect.message)}`;
    case 'tag':
      return `Tags ${[...effect.add.map((tag) => `+${tag}`), ...effect.remove.map((tag) => `−${tag}`)].join(' ')}`;
    case 'setAttributes':
      return `Contact ${Object.entries(effect.attributes)
        .map(([name, value]) => `${name} = ${JSON.stringify(value)}`)
        .join(', ')}`;
    case 'assign':
      return `Handed off to team “${effect.team}” (${STRATEGY_TEXT[effect.strategy]})`;
    case 'release':
      return 'Handoff over: automation resumes';
    case 'schedule':
      return `Timer set for ${formatShort(effect.at, timezone)}`;
    case 'cancel':
      return 'Timer cancelled';
    case 'http':
      return `HTTP ${effect.request.method} ${effect.request.url}`;
    case 'close':
      return 'Conversation closed';
    default: {
      const never: never = effect;
      throw new Error(`unknown effect ${JSON.stringify(never)}`);
    }
  }
}

/** Replies become bubbles; what the shell would do becomes a system line; timers show in the trace only. */
function chatLineOf(effect: Effect, timezone: string): ChatLine | null {
  switch (effect.type) {
    case 'send':
      return { kind: 'bot', message: effect.message };
    case 'schedule':
    case 'cancel':
      return null;
    case 'tag':
    case 'setAttributes':
    case 'assign':
    case 'release':
    case 'http':
    case 'close':
      return { kind: 'system', tone: 'info', text: effectText(effect, timezone) };
    default: {
      const never: never = effect;
      throw new Error(`unknown effect ${JSON.stringify(never)}`);
    }
  }
}

function messageText(message: OutMessage): string {
  switch (message.type) {
    case 'text':
      return `“${message.text}”${message.buttons.length > 0 ? ` with buttons ${message.buttons.map((b) => b.title).join(', ')}` : ''}`;
    case 'image':
    case 'video':
      return `${message.type} ${message.url}`;
    case 'file':
      return `file ${message.name === '' ? message.url : message.name}`;
    case 'card':
      return `card “${message.title}”`;
    default: {
      const never: never = message;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
}

/** Variables the step set or changed, while a session holds them (an ended session's variables are gone). */
function changedVariables(before: ConversationState, result: StepResult): [string, string][] {
  const next = result.state.session?.variables ?? {};
  // A trigger entered means a new session: everything it holds is new.
  const restarted = result.trace.some((entry) => entry.type === 'entered' && entry.nodeType === 'trigger');
  const previous = restarted ? {} : (before.session?.variables ?? {});
  return Object.entries(next).flatMap(([name, value]) => (jsonEqual(previous[name], value) ? [] : [[name, JSON.stringify(value)]]));
}

function jsonEqual(a: Json | undefined, b: Json): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
