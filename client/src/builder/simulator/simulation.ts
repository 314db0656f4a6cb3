// One simulated conversation with the draft: the engine's state, the simulated clock and random source,
// and what has been said and traced so far. Every change is a pure function from one simulation to the
// next, the way the runtime feeds `step` (state in, state out), so tests drive it without a browser.
import { newConversationState, step, type Channel, type EngineEvent, type HttpRequest, type Json } from '@parley/shared';
import type { CompiledDraft } from './compile-draft';
import { describeStep, type ChatLine, type TraceRow } from './describe-step';
import type { SimPath } from './lit-path';
import { seededRandom } from './seeded-random';
import { formatShort } from './sim-time';

export type RunnableDraft = Extract<CompiledDraft, { ok: true }>;

/** What the tester does; each becomes one engine event. */
export type SimInput =
  | { kind: 'say'; text: string }
  | { kind: 'press'; title: string; payload: string }
  | { kind: 'skip_wait' }
  | { kind: 'http_result'; ok: boolean; status: number; body: Json }
  | { kind: 'handoff'; outcome: 'resolved' | 'unassigned' }
  | { kind: 'tag'; tag: string; added: boolean }
  | { kind: 'api_start' };

/** One event and everything it caused, for the trace list. */
export interface SimStep {
  id: number;
  at: number;
  label: string;
  rows: TraceRow[];
}

export interface Simulation {
  conversation: ReturnType<typeof newConversationState>;
  /** The simulated clock (epoch ms): it moves only when the tester moves it or skips a wait. */
  now: number;
  timezone: string;
  /** Seeds the random source and names the contact, so A/B splits repeat for a seed and change with it. */
  seed: number;
  randomState: number;
  /** The tags the tester gave the contact: what a restart starts from. */
  startTags: string[];
  /** The call the session waits on, as the engine asked for it. */
  pendingHttp: { token: string; request: HttpRequest } | null;
  chat: ChatLine[];
  steps: SimStep[];
  /** The path of the last event, for the canvas. */
  path: SimPath;
}

export interface SimulationOptions {
  now: number;
  timezone: string;
  seed: number;
  channel?: Channel;
  tags?: string[];
}

export const CONTACT_NAME = 'Test customer';

export function newSimulation({ now, timezone, seed, channel = 'web', tags = [] }: SimulationOptions): Simulation {
  const conversation = newConversationState('simulation', channel, { id: `test-contact-${seed}`, name: CONTACT_NAME });
  conversation.contact.tags = [...tags];
  return { conversation, now, timezone, seed, randomState: seed >>> 0, startTags: [...tags], pendingHttp: null, chat: [], steps: [], path: { hops: [], waitingNodeId: null } };
}

/** A new conversation with the same clock, zone, channel and starting tags; a new seed makes a new contact. */
export function restartSimulation(sim: Simulation, seed = sim.seed): Simulation {
  return newSimulation({ now: sim.now, timezone: sim.timezone, seed, channel: sim.conversation.channel, tags: sim.startTags });
}

/** The timer the session waits on (a wait, an ask or handoff timeout, an http give-up), if any. */
export function pendingTimer(sim: Simulation): { token: string; at: number } | null {
  const waiting = sim.conversation.session?.waiting;
  if (waiting === undefined || waiting.token === null || waiting.until === null) return null;
  return { token: waiting.token, at: waiting.until };
}

export function simulate(sim: Simulation, draft: RunnableDraft, input: SimInput): Simulation {
  const id = sim.steps.length + 1;
  const now = input.kind === 'skip_wait' ? Math.max(sim.now, pendingTimer(sim)?.at ?? sim.now) : sim.now;
  const event = eventOf(sim, input, id, draft.version.flowId);
  if (event === null) return sim;
  const random = seededRandom(sim.randomState);
  const before = sim.conversation;
  const result = step({ flows: draft.flows, state: before, event, now, random: random.next });
  const view = describeStep({ flowId: draft.version.flowId, graph: draft.version.graph, before, result, timezone: sim.timezone, fallbackElsewhere: draft.fallbackElsewhere });
  const session = result.state.session;
  const called = result.effects.find((effect) => effect.type === 'http');
  const pendingHttp =
    session?.waiting.kind !== 'http'
      ? null
      : called !== undefined && called.token === session.waiting.token
        ? { token: called.token, request: called.request }
        : sim.pendingHttp;
  return {
    ...sim,
    conversation: result.state,
    now,
    randomState: random.state(),
    startTags: input.kind === 'tag' ? toggled(sim.startTags, input.tag, input.added) : sim.startTags,
    pendingHttp,
    chat: [...sim.chat, inputLine(input, now, sim.timezone), ...view.chat],
    steps: [...sim.steps, { id, at: now, label: inputLabel(input, now, sim.timezone), rows: view.rows }],
    path: view.path,
  };
}

export function withClock(sim: Simulation, now: number): Simulation {
  return { ...sim, now };
}

export function withTimezone(sim: Simulation, timezone: string): Simulation {
  return { ...sim, timezone };
}

export function withChannel(sim: Simulation, channel: Channel): Simulation {
  return { ...sim, conversation: { ...sim.conversation, channel } };
}

/** The engine event for an input; null when there is nothing to send it to (no timer, no call). */
function eventOf(sim: Simulation, input: SimInput, id: number, flowId: string): EngineEvent | null {
  switch (input.kind) {
    case 'say':
      return { type: 'message', id: `sim-${id}`, messageType: 'text', text: input.text, mediaUrl: null, payload: null };
    case 'press':
      return { type: 'postback', id: `sim-${id}`, payload: input.payload, title: input.title };
    case 'skip_wait': {
      const timer = pendingTimer(sim);
      return timer === null ? null : { type: 'timer', token: timer.token };
    }
    case 'http_result':
      return sim.pendingHttp === null ? null : { type: 'http_result', token: sim.pendingHttp.token, ok: input.ok, status: input.status, body: input.body };
    case 'handoff':
      return { type: input.outcome === 'resolved' ? 'handoff_resolved' : 'handoff_unassigned' };
    case 'tag':
      return { type: 'tag_changed', tag: input.tag, added: input.added };
    case 'api_start':
      return { type: 'api_start', flowId, variables: {} };
    default: {
      const never: never = input;
      throw new Error(`unknown input ${JSON.stringify(never)}`);
    }
  }
}

function inputLabel(input: SimInput, now: number, timezone: string): string {
  switch (input.kind) {
    case 'say':
      return `Message “${input.text}”`;
    case 'press':
      return `Pressed “${input.title}” (${input.payload})`;
    case 'skip_wait':
      return `Wait skipped to ${formatShort(now, timezone)}`;
    case 'http_result':
      return `HTTP result: ${input.ok ? 'ok' : 'error'} ${input.status} ${JSON.stringify(input.body)}`;
    case 'handoff':
      return input.outcome === 'resolved' ? 'An agent resolved the handoff' : 'No agent took the handoff';
    case 'tag':
      return `Tag “${input.tag}” ${input.added ? 'added' : 'removed'} by hand`;
    case 'api_start':
      return 'Started through the API';
    default: {
      const never: never = input;
      throw new Error(`unknown input ${JSON.stringify(never)}`);
    }
  }
}

function inputLine(input: SimInput, now: number, timezone: string): ChatLine {
  switch (input.kind) {
    case 'say':
      return { kind: 'user', text: input.text };
    case 'press':
      return { kind: 'user', text: input.title };
    case 'skip_wait':
    case 'http_result':
    case 'handoff':
    case 'tag':
    case 'api_start':
      return { kind: 'system', tone: 'info', text: inputLabel(input, now, timezone) };
    default: {
      const never: never = input;
      throw new Error(`unknown input ${JSON.stringify(never)}`);
    }
  }
}

function toggled(tags: readonly string[], tag: string, added: boolean): string[] {
  const rest = tags.filter((t) => t !== tag);
  return added ? [...rest, tag] : rest;
}
