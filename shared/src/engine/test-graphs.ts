// Test-only builders: small flows written inline, and a chat driver that feeds events to `step` the way
// the runtime does (state in, state out, a hand-moved clock). Used by the engine and node-type tests.
import { flowSettingsSchema } from '../flow/flow-schema';
import type { FlowSettings, FlowVersion } from '../flow/flow-schema';
import type { Channel } from '../flow/message-schema';
import { flowNodeSchema } from '../node-types/registry';
import type { FlowNode } from '../node-types/registry';
import { compileFlowSet } from './compile-flow-set';
import type { ConversationState, Effect, EngineEvent, Json, StepResult } from './engine-types';
import type { FlowSet } from './flow-set';
import { newConversationState } from './new-conversation-state';
import { step } from './step';

/** Monday 2024-01-08 09:00 UTC. */
export const T0 = Date.UTC(2024, 0, 8, 9, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A node with its data parsed (defaults filled) exactly as a saved flow would have it. */
export function node(id: string, type: FlowNode['type'], data: unknown): FlowNode {
  return flowNodeSchema.parse({ id, type, data });
}

/** `[source, handle, target]` */
export type EdgeSpec = readonly [string, string, string];

export interface FlowSpec {
  nodes: FlowNode[];
  edges?: EdgeSpec[];
  settings?: Partial<FlowSettings>;
  createdAt?: number;
  version?: number;
}

export function flowVersion(flowId: string, spec: FlowSpec): FlowVersion {
  return {
    flowId,
    version: spec.version ?? 1,
    name: flowId,
    graph: {
      nodes: spec.nodes,
      edges: (spec.edges ?? []).map(([source, sourceHandle, target], i) => ({ id: `e${i}`, source, sourceHandle, target })),
    },
    settings: flowSettingsSchema.parse(spec.settings ?? {}),
    flowCreatedAt: spec.createdAt ?? 0,
    publishedAt: spec.createdAt ?? 0,
  };
}

/** A keyword trigger leading to one text reply: the smallest useful flow. */
export function keywordReplyFlow(
  flowId: string,
  keywords: { text: string; match?: 'exact' | 'contains' | 'regex' }[],
  reply: string,
  options: { priority?: number; settings?: Partial<FlowSettings>; createdAt?: number } = {},
): FlowVersion {
  return flowVersion(flowId, {
    nodes: [node('t', 'trigger', { kind: 'keyword', keywords, priority: options.priority }), textReply('r', reply)],
    edges: [['t', 'next', 'r']],
    settings: options.settings,
    createdAt: options.createdAt,
  });
}

/**
 * A flow that only reads activity (started by API, never by a message): with it in the set, conversations
 * keep a day of inbound and automated messages and texts, as many as they may (ACTIVITY_LIMIT).
 */
export function dayOfActivityFlow(): FlowVersion {
  const day = 24 * 60;
  return flowVersion('reads-activity', {
    nodes: [
      node('t', 'trigger', { kind: 'api' }),
      node('c', 'condition', {
        branches: [
          {
            id: 'busy',
            match: 'any',
            rules: [
              { field: 'message_rate', of: 'inbound', op: 'gte', count: 200, windowMinutes: day },
              { field: 'message_rate', of: 'automated', op: 'gte', count: 200, windowMinutes: day },
              { field: 'repeated_text', count: 1, windowMinutes: day },
            ],
          },
        ],
      }),
    ],
    edges: [['t', 'next', 'c']],
  });
}

export function textReply(id: string, ...texts: string[]): FlowNode {
  return node(id, 'reply', { messages: texts.map((text) => ({ type: 'text', text })) });
}

export function texts(effects: readonly Effect[]): string[] {
  return effects.flatMap((e) => (e.type === 'send' && e.message.type === 'text' ? [e.message.text] : []));
}

/**
 * The trace as short strings: "+node" entered, "node>handle" exited, "x node:reason" dropped, "?text" unmatched,
 * "!message" error ('completed' follows every "end>end" and is left out).
 */
export function path(result: StepResult): string[] {
  return result.trace.flatMap((t) => {
    switch (t.type) {
      case 'entered':
        return `+${t.nodeId}`;
      case 'exited':
        return `${t.nodeId}>${t.handle}`;
      case 'dropped':
        return `x ${t.nodeId}:${t.reason}`;
      case 'unmatched':
        return `?${t.text}`;
      case 'error':
        return `!${t.message}`;
      case 'completed':
        return [];
      default: {
        const never: never = t;
        throw new Error(`unknown trace ${JSON.stringify(never)}`);
      }
    }
  });
}

/** The handle a node was left by in this step, if it was. */
export function exitOf(result: StepResult, nodeId: string): string | undefined {
  for (const t of result.trace) if (t.type === 'exited' && t.nodeId === nodeId) return t.handle;
  return undefined;
}

/** Drives one conversation through `step`, like the runtime: the returned state is the next input. */
export class TestChat {
  state: ConversationState;
  now: number;
  last: StepResult = { state: newConversationState('c', 'web', { id: 'k', name: '' }), effects: [], trace: [] };
  /** Timers armed and not yet fired or cancelled, by token. */
  readonly timers = new Map<string, number>();
  private flowSet: FlowSet;

  constructor(flows: FlowVersion[] | FlowSet, options: { channel?: Channel; contactId?: string; name?: string; now?: number; conversationId?: string } = {}) {
    this.flowSet = Array.isArray(flows) ? compileFlowSet(flows) : flows;
    this.state = newConversationState(options.conversationId ?? 'conv1', options.channel ?? 'web', {
      id: options.contactId ?? 'contact1',
      name: options.name ?? 'Ada',
    });
    this.now = options.now ?? T0;
  }

  /** Publishing: live versions change, running sessions keep theirs (pinned). */
  publish(live: FlowVersion[], pinned: FlowVersion[] = []): void {
    this.flowSet = compileFlowSet(live, pinned);
  }

  get flows(): FlowSet {
    return this.flowSet;
  }

  advance(ms: number): this {
    this.now += ms;
    return this;
  }

  send(event: EngineEvent, maxNodeRuns?: number): StepResult {
    this.last = step({ flows: this.flowSet, state: this.state, event, now: this.now, random: () => 0.5, maxNodeRuns });
    this.state = this.last.state;
    for (const effect of this.last.effects) {
      if (effect.type === 'schedule') this.timers.set(effect.token, effect.at);
      if (effect.type === 'cancel') this.timers.delete(effect.token);
    }
    return this.last;
  }

  say(text: string, extra: { payload?: string | null; messageType?: 'text' | 'image' } = {}): StepResult {
    return this.send({ type: 'message', id: `m${this.now}`, messageType: extra.messageType ?? 'text', text, mediaUrl: null, payload: extra.payload ?? null });
  }

  press(payload: string, title = ''): StepResult {
    return this.send({ type: 'postback', id: `p${this.now}`, payload, title });
  }

  /** Moves the clock to the session's timer and fires it. */
  fireTimer(): StepResult {
    const token = this.state.session?.waiting.token;
    const at = token === null || token === undefined ? undefined : this.timers.get(token);
    if (token === null || token === undefined || at === undefined) throw new Error('no armed timer for the session');
    this.now = Math.max(this.now, at);
    this.timers.delete(token);
    return this.send({ type: 'timer', token });
  }

  httpResult(ok: boolean, body: Json, status = ok ? 200 : 500): StepResult {
    const token = this.state.session?.waiting.token;
    if (token === null || token === undefined) throw new Error('the session waits for no http call');
    return this.send({ type: 'http_result', token, ok, status, body });
  }
}
