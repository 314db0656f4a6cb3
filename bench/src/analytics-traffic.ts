// Refund traffic for the analytics benchmark, loaded through the store's real write path. Contacts write to
// the published example flow flows/refund.json (three versions over the days), next to flows/ab-welcome.json
// (whose greetings interrupt refunds), at Beijing times of day. Every event — their messages, the flows'
// timers, agents resolving handoffs — runs through the shared `step`, and its effects, messages, event log
// and the counters `statIncrementsFromTrace` derives from its trace are written by `store.commit`, many per
// event-loop turn so that group commit works as under real traffic. Contacts react to what the flow asked,
// at human delays, or stay silent so that timeouts fire.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { uuidv7 } from 'uuidv7';
import { compileFlowSet, flowDocumentSchema, newConversationState, step, type EngineEvent, type FlowDocument, type FlowSet, type OutMessage, type Session } from '@parley/shared';
import { FlowService } from '@parley/server/dist/api/flows/flow-service';
import { statIncrementsFromTrace } from '@parley/server/dist/runtime/stat-increments';
import type { Conversation, EventCommit, MessageRecord, Store, TimerRecord } from '@parley/server/dist/store/store';
import { mulberry32 } from './mulberry32';

export const REFUND_FLOW_ID = 'refund';
/** Published once, on the first day: its greetings replace a parked refund session (a drop). */
const WELCOME_FLOW_ID = 'ab-welcome';
/** The day (from the first) each version of the flow is published; the last one is live at the end. */
export const VERSION_DAYS = [0, 40, 75] as const;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** Commits issued before waiting for them: one event-loop turn, so one group commit. */
const COMMITS_PER_TURN = 200;
/** Node entries per refund session, until the first day has measured it. */
const FIRST_GUESS_ENTRIES_PER_SESSION = 7;
/** Contacts come back: about this many node entries per contact over the whole period. */
const ENTRIES_PER_CONTACT = 40;
/** Relative traffic per hour of the day, Beijing time. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1.2, 2, 3, 3.5, 3.5, 3, 3, 3.2, 3.2, 3, 2.8, 2.6, 2.8, 3, 2.8, 2.2, 1.5];
const GREETINGS = ['hello', 'hi', '你好'];
const REFUND_TEXTS = ['I want a refund', 'refund please', 'how do I return this?', 'Can I get a REFUND for my order', '我要退款', 'return', 'i need to return the shoes'];
/** What no trigger of the flow understands: typed with typos, punctuation and order numbers, it makes a long tail. */
const OTHER_TEXTS = [
  'where is my parcel',
  'do you ship to germany',
  'can i change my address',
  'is this available in blue',
  'how long does delivery take',
  'talk to a human',
  'my order arrived damaged',
  'cancel my order',
  'do you have a discount code',
  'what size should i buy',
  'is there a warranty',
  'can i pay with paypal',
  'hello',
  'thanks',
  'ok',
  'are you a bot',
  '我的包裹在哪里',
  '可以开发票吗',
  '什么时候发货',
];
const SATISFACTION_ANSWERS = ['good', 'Good!', 'great', 'ok', 'fine', 'bad', 'terrible', '好', '差', 'meh', 'whatever'];

export interface TrafficOptions {
  /** Node entries to load (the flow's `entered` counters sum to about this). */
  entries: number;
  days: number;
  /** Midnight, Beijing time, of the first day. */
  start: number;
  seed: number;
}

export interface TrafficLoad {
  /** Node entries of the refund flow loaded (entered trace entries). */
  entries: number;
  /** Node entries of the welcome flow. */
  otherEntries: number;
  events: number;
  sessions: number;
  contacts: number;
  unmatched: number;
  ms: number;
}

type Action = { kind: 'message'; text: string } | { kind: 'resolve' } | { kind: 'timer'; token: string };

interface Scheduled {
  at: number;
  seq: number;
  contact: number;
  action: Action;
}

/** Loads `days` days of traffic from `start` (a simulated clock) into a store that holds neither flow yet. */
export async function analyticsTraffic(store: Store, options: TrafficOptions): Promise<TrafficLoad> {
  return new RefundTraffic(store, options).load();
}

class RefundTraffic {
  private readonly random: () => number;
  private readonly queue = new ActionQueue();
  private readonly conversations: (Conversation | undefined)[];
  /** Timers cancelled by a later event: their rows are gone and they never fire. */
  private readonly cancelled = new Set<string>();
  private readonly pending: Promise<'committed' | 'duplicate'>[] = [];
  private flows: FlowSet | null = null;
  private now: number;
  private readonly tally = { entries: 0, otherEntries: 0, events: 0, sessions: 0, unmatched: 0 };
  private readonly errors: string[] = [];

  constructor(
    private readonly store: Store,
    private readonly options: TrafficOptions,
  ) {
    this.random = mulberry32(options.seed);
    this.conversations = new Array<Conversation | undefined>(Math.max(20, Math.round(options.entries / ENTRIES_PER_CONTACT)));
    this.now = options.start;
  }

  async load(): Promise<TrafficLoad> {
    const started = Date.now();
    const { days, start } = this.options;
    for (let day = 0; day < days; day++) {
      const dayStart = start + day * DAY_MS;
      this.now = dayStart;
      const version = VERSION_DAYS.findIndex((d) => d === day);
      if (version >= 0) await this.publish(version + 1);
      this.arrivals(day, dayStart);
      for (let next = this.queue.peek(); next !== undefined && next.at < dayStart + DAY_MS; next = this.queue.peek()) {
        this.queue.pop();
        this.now = next.at;
        this.run(next);
        if (this.pending.length >= COMMITS_PER_TURN) await this.flush();
      }
      await this.flush();
    }
    // A run of the wrong path would measure nothing the analyst reads: every event must run the flow as designed.
    if (this.errors.length > 0) throw new Error(`${this.errors.length} engine errors, first: ${this.errors[0]}`);
    const contacts = this.conversations.filter((c) => c !== undefined).length;
    const { entries, otherEntries, events, sessions, unmatched } = this.tally;
    return { entries, otherEntries, events, sessions, contacts, unmatched, ms: Date.now() - started };
  }

  /** Publishes version `n` of the refund flow (the welcome flow with the first) through the flow service, and recompiles as the runtime does. */
  private async publish(n: number): Promise<void> {
    const docs = n === 1 ? [refundVersion(n), exampleFlow(WELCOME_FLOW_ID)] : [refundVersion(n)];
    const outcomes = await new FlowService(this.store, { now: () => this.now }).loadAndPublish(docs);
    const refund = outcomes.find((o) => o.id === REFUND_FLOW_ID);
    if (outcomes.some((o) => o.outcome !== 'published') || refund?.outcome !== 'published' || refund.version !== n) {
      throw new Error(`refund version ${n} was not published: ${JSON.stringify(outcomes)}`);
    }
    const live = await this.store.liveVersions();
    const older = (await this.store.listVersions(REFUND_FLOW_ID)).filter((v) => v.version !== n);
    // Older versions stay compiled: sessions that started in them finish in them.
    this.flows = compileFlowSet(live, older);
  }

  /** Today's refund sessions, paced so that the whole period loads about `entries` node entries. */
  private arrivals(day: number, dayStart: number): void {
    const perSession = this.tally.sessions > 0 ? this.tally.entries / this.tally.sessions : FIRST_GUESS_ENTRIES_PER_SESSION;
    const weekday = new Date(dayStart + BEIJING_OFFSET_MS).getUTCDay();
    const busy = weekday === 0 || weekday === 6 ? 0.7 : 1.1;
    const count = Math.round((Math.max(0, this.options.entries - this.tally.entries) / ((this.options.days - day) * perSession)) * busy);
    for (let i = 0; i < count; i++) {
      const contact = Math.floor(this.random() * this.conversations.length);
      let at = dayStart + this.hourOfDay() * 3_600_000 + Math.floor(this.random() * 3_600_000);
      // About a third first ask something no trigger understands.
      if (this.random() < 0.35) {
        this.queue.push(at, contact, { kind: 'message', text: this.otherText() });
        at += 10_000 + Math.floor(this.random() * 170_000);
      }
      this.queue.push(at, contact, { kind: 'message', text: this.pick(REFUND_TEXTS) });
      this.tally.sessions++;
    }
  }

  /** One event of one contact: step, then the commit (not awaited), then how the contact reacts. */
  private run({ contact, action }: Scheduled): void {
    const at = this.now;
    const flows = this.flows;
    if (flows === null) throw new Error('no published version');
    const known = this.conversations[contact];
    if (action.kind === 'resolve' && known?.status !== 'handed_off') return;
    if (action.kind === 'timer' && this.cancelled.delete(action.token)) return;
    const contactId = `contact-${contact}`;
    const id = known?.id ?? uuidv7();
    const conversation: Conversation = known ?? {
      id,
      channel: 'webhook',
      externalId: contactId,
      state: newConversationState(id, 'webhook', { id: contactId, name: '' }),
      status: 'bot',
      assignee: null,
      team: null,
      revision: 0,
      createdAt: at,
      updatedAt: at,
    };
    const event = this.eventOf(action);
    const before = conversation.state.session;
    const result = step({ flows, state: conversation.state, event, now: at, random: this.random });

    // A closed conversation is reopened by the customer writing again (as the runtime does).
    let status = action.kind === 'message' && conversation.status === 'closed' ? 'bot' : conversation.status;
    let assignee = conversation.assignee;
    let team = conversation.team;
    const sends: MessageRecord[] = [];
    const replies: OutMessage[] = [];
    const timersArmed: TimerRecord[] = [];
    const timersDone = action.kind === 'timer' ? [action.token] : [];
    for (const effect of result.effects) {
      switch (effect.type) {
        case 'send':
          sends.push({ id: uuidv7(), conversationId: id, direction: 'out', body: effect.message, at });
          replies.push(effect.message);
          break;
        case 'schedule':
          timersArmed.push({ token: effect.token, conversationId: id, dueAt: effect.at });
          this.queue.push(effect.at, contact, { kind: 'timer', token: effect.token });
          break;
        case 'cancel':
          timersDone.push(effect.token);
          this.cancelled.add(effect.token);
          break;
        case 'assign':
          // A staffed support team: one of three agents takes it.
          status = 'handed_off';
          team = effect.team;
          assignee = `agent-${1 + (contact % 3)}`;
          break;
        case 'release':
          status = 'bot';
          assignee = null;
          break;
        case 'close':
          status = 'closed';
          assignee = null;
          break;
        case 'tag':
        case 'setAttributes':
          // Already applied to the state by the engine.
          break;
        case 'http':
          throw new Error('the refund flow makes no http calls');
        default: {
          const never: never = effect;
          throw new Error(`unknown effect ${JSON.stringify(never)}`);
        }
      }
    }
    const after: Conversation = { ...conversation, state: result.state, status, assignee, team, revision: conversation.revision + 1, updatedAt: at };
    this.conversations[contact] = after;

    const messages: MessageRecord[] = [];
    let inbound: EventCommit['inbound'] = null;
    if (event.type === 'message') {
      messages.push({ id: uuidv7(), conversationId: id, direction: 'in', body: { type: 'text', text: event.text, mediaUrl: null, payload: null }, at });
      // Answered inline, as a webhook in sync mode: the replies are messages, not outbox items.
      inbound = { channel: 'webhook', messageId: JSON.stringify([contactId, event.id]), replies };
    }
    messages.push(...sends);
    const traceStats = statIncrementsFromTrace(result.trace, {
      contactId,
      at,
      timezoneOf: (flowId, version) => flows.get(flowId, version)?.version.settings.timezone ?? 'UTC',
    });
    this.pending.push(
      this.store.commit({
        conversation: after,
        expectedRevision: known ? known.revision : null,
        inbound,
        messages,
        outbox: [],
        timersArmed,
        timersDone,
        ...traceStats,
        event: { at, event, trace: result.trace },
      }),
    );

    this.tally.events++;
    this.tally.unmatched += traceStats.unmatched.length;
    for (const entry of result.trace) {
      if (entry.type === 'entered' && entry.flowId === REFUND_FLOW_ID) this.tally.entries++;
      else if (entry.type === 'entered') this.tally.otherEntries++;
      else if (entry.type === 'error') this.errors.push(entry.message);
    }
    this.react(contact, before, result.state.session);
  }

  /** What the contact (or the agent) does about a wait the flow has just begun; nothing means its timeout fires. */
  private react(contact: number, before: Session | null, session: Session | null): void {
    if (session === null || (before?.nodeId === session.nodeId && before.waiting.token === session.waiting.token)) return;
    const later = (fromMin: number, toMin: number): number => this.now + Math.round((fromMin + this.random() * (toMin - fromMin)) * MINUTE_MS);
    switch (session.nodeId) {
      case 'ask-order': {
        const r = this.random();
        if (r < 0.8) this.queue.push(later(0.5, 6), contact, { kind: 'message', text: `A${10_000 + Math.floor(this.random() * 90_000)}` });
        else if (r < 0.85) this.queue.push(later(0.5, 20), contact, { kind: 'message', text: this.pick(GREETINGS) });
        break;
      }
      case 'handoff':
        if (this.random() < 0.7) this.queue.push(later(3, 180), contact, { kind: 'resolve' });
        break;
      case 'ask-satisfaction': {
        const r = this.random();
        if (r < 0.6) this.queue.push(later(1, 90), contact, { kind: 'message', text: this.pick(SATISFACTION_ANSWERS) });
        else if (r < 0.65) this.queue.push(later(60, 600), contact, { kind: 'message', text: this.pick(GREETINGS) });
        break;
      }
      default:
        break;
    }
  }

  private eventOf(action: Action): EngineEvent {
    switch (action.kind) {
      case 'message':
        return { type: 'message', id: `m${this.tally.events}`, messageType: 'text', text: action.text, mediaUrl: null, payload: null };
      case 'resolve':
        return { type: 'handoff_resolved' };
      case 'timer':
        return { type: 'timer', token: action.token };
      default: {
        const never: never = action;
        throw new Error(`unknown action ${JSON.stringify(never)}`);
      }
    }
  }

  private async flush(): Promise<void> {
    const outcomes = await Promise.all(this.pending.splice(0));
    if (outcomes.some((outcome) => outcome !== 'committed')) throw new Error('a generated message was refused as a duplicate');
  }

  private hourOfDay(): number {
    const total = HOUR_WEIGHTS.reduce((sum, w) => sum + w, 0);
    let left = this.random() * total;
    const hour = HOUR_WEIGHTS.findIndex((w) => (left -= w) < 0);
    return hour < 0 ? 23 : hour;
  }

  private pick(texts: readonly string[]): string {
    return texts[Math.floor(this.random() * texts.length)] ?? '';
  }

  /** One of the unmatched questions, as people type it: often with a typo, punctuation or an order number. */
  private otherText(): string {
    let text = this.pick(OTHER_TEXTS);
    const r = this.random();
    const i = Math.floor(this.random() * text.length);
    if (r < 0.15) text = text.slice(0, i) + text.slice(i + 1);
    else if (r < 0.3) text = text.slice(0, i) + (text[i] ?? '') + text.slice(i);
    else if (r < 0.4) text = `${text}?`;
    else if (r < 0.45) text = `${text.toUpperCase()}!!`;
    if (this.random() < 0.15) text = `${text} A${10_000 + Math.floor(this.random() * 90_000)}`;
    return text;
  }
}

/** Version n of the refund flow: later versions give up sooner. */
function refundVersion(n: number): FlowDocument {
  const doc = exampleFlow(REFUND_FLOW_ID);
  const nodes = doc.graph.nodes.map((node) => {
    if (n >= 2 && node.type === 'ask' && node.id === 'ask-order') return { ...node, data: { ...node.data, retries: 1 } };
    if (n >= 3 && node.type === 'handoff') return { ...node, data: { ...node.data, timeoutMinutes: 120 } };
    return node;
  });
  return { ...doc, graph: { ...doc.graph, nodes } };
}

/** A published example flow, without its fallback (the anti-spam flow is not loaded): misses are traced `unmatched`. */
function exampleFlow(id: string): FlowDocument {
  const doc = flowDocumentSchema.parse(JSON.parse(readFileSync(path.resolve(__dirname, `../../flows/${id}.json`), 'utf8')));
  return { ...doc, settings: { ...doc.settings, fallbackFlowId: null } };
}

/** Events in time order (ties in the order they were scheduled): a binary min-heap. */
class ActionQueue {
  private readonly heap: Scheduled[] = [];
  private seq = 0;

  push(at: number, contact: number, action: Action): void {
    const heap = this.heap;
    heap.push({ at, seq: this.seq++, contact, action });
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  peek(): Scheduled | undefined {
    return this.heap[0];
  }

  pop(): Scheduled | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    heap[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && this.before(left, least)) least = left;
      if (right < heap.length && this.before(right, least)) least = right;
      if (least === i) break;
      this.swap(i, least);
      i = least;
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a];
    const y = this.heap[b];
    if (x === undefined || y === undefined) return false;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const x = this.heap[a];
    const y = this.heap[b];
    if (x === undefined || y === undefined) return;
    this.heap[a] = y;
    this.heap[b] = x;
  }
}
