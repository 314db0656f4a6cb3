// The engine's one entry point: one event in, the conversation's next state plus what the shell should do
// (effects) and what happened (trace) out. Pure and deterministic: the clock and randomness come in as
// arguments, the input state is never touched, and no event or graph can make it throw or loop forever.
import { judgeAnswer } from '../node-types/ask/run';
import type { TriggerData } from '../node-types/trigger/schema';
import { renderTemplate } from '../template/render-template';
import { normalizeText } from '../text/normalize-text';
import { activityText } from './activity-text';
import { edgeKey } from './compile-flow-set';
import { fitOutMessage } from './fit-out-message';
import { DEFAULT_MAX_NODE_RUNS } from './engine-types';
import type { ConversationState, DropReason, Effect, EngineEvent, Json, Session, StepResult, TraceEntry, Waiting } from './engine-types';
import type { CompiledFlow, FlowSet } from './flow-set';
import type { EventMessage, NodeContext, NodeResult, RunningSession } from './node-context';
import { runNode } from './run-node';
import { triggerIndexOf } from './trigger-index';
import type { TriggerIndex, TriggerRef } from './trigger-index';

export interface StepInput {
  flows: FlowSet;
  state: ConversationState;
  event: EngineEvent;
  now: number;
  random: () => number;
  /** Node runs allowed for this one event (the loop guard); DEFAULT_MAX_NODE_RUNS when absent. */
  maxNodeRuns?: number;
}


/**
 * Triggers that name what happened (a keyword, a button, a tag, an API call). Only these may replace a waiting
 * session: a catch-all would swallow every answer to an ask and end every drip campaign at the first "ok".
 */
const NAMES_THE_EVENT: ReadonlySet<TriggerData['kind']> = new Set(['keyword', 'postback', 'tag_added', 'api']);

export function step(input: StepInput): StepResult {
  try {
    return new StepRun(input).run();
  } catch (err) {
    // Every node error is caught where it happens; this is the net under the engine's own code.
    const session = input.state.session;
    return {
      state: structuredClone(input.state),
      effects: [],
      trace: [{ type: 'error', flowId: session?.flowId ?? null, version: session?.version ?? null, nodeId: session?.nodeId ?? null, message: messageOf(err) }],
    };
  }
}

type Resumed = { event: EngineEvent; waiting: Waiting };

class StepRun {
  private readonly flows: FlowSet;
  private readonly index: TriggerIndex;
  private readonly event: EngineEvent;
  private readonly now: number;
  private readonly random: () => number;
  private readonly maxNodeRuns: number;
  /** The working copy: everything below changes it, never the caller's state. */
  private readonly state: ConversationState;
  private readonly message: EventMessage;
  private readonly previousInboundAt: number | null;
  private readonly effects: Effect[] = [];
  private readonly trace: TraceEntry[] = [];
  private seq: number;
  private runs = 0;

  constructor(input: StepInput) {
    this.flows = input.flows;
    this.index = triggerIndexOf(input.flows);
    this.event = input.event;
    this.now = input.now;
    this.random = input.random;
    const max = input.maxNodeRuns;
    this.maxNodeRuns = max !== undefined && Number.isInteger(max) && max >= 1 ? max : DEFAULT_MAX_NODE_RUNS;
    this.state = structuredClone(input.state);
    this.message = eventMessage(input.event);
    this.previousInboundAt = this.state.activity.lastInboundAt;
    this.seq = Math.max(this.state.tokenSeq ?? 0, this.state.session?.seq ?? 0);
  }

  run(): StepResult {
    const event = this.event;
    switch (event.type) {
      case 'message':
      case 'postback':
        this.recordInbound();
        this.route();
        break;
      case 'tag_changed':
        this.applyTagChange(event.tag, event.added);
        this.route();
        break;
      case 'api_start':
        this.route();
        break;
      case 'timer':
      case 'http_result': {
        const waiting = this.state.session?.waiting;
        const own = event.type === 'timer' ? waiting?.until !== null : waiting?.kind === 'http';
        // A timer or call result the session no longer waits for (cancelled, replaced, answered): ignore it.
        if (waiting === undefined || !own || waiting.token !== event.token) return this.unchanged();
        this.resume();
        break;
      }
      case 'handoff_resolved':
      case 'handoff_unassigned':
        if (this.state.session?.waiting.kind === 'handoff') this.resume();
        else if (this.state.handedOff) {
          // Nothing waits for the agent any more (the session ended some other way): just give automation back.
          this.state.handedOff = false;
          this.emit({ type: 'release' });
        }
        break;
      default: {
        const never: never = event;
        throw new Error(`unknown event ${JSON.stringify(never)}`);
      }
    }
    return this.finish();
  }

  // ---------- routing ----------

  /**
   * Inbound, tag and API events. One rule, whatever the session waits for (a handed-off conversation runs
   * nothing, see above):
   * - No session: the first trigger that may start (re-entry permitting) starts its flow.
   * - A waiting session is replaced only when its flow's interrupt policy allows, only by a trigger that
   *   names the event (NAMES_THE_EVENT), and never while the event is a definite answer to its ask. Its own
   *   flow's trigger restarts it, except while it waits for a reply: there the message is the answer.
   * - A session waiting for a reply takes a message or postback that replaced nothing as its answer; a
   *   timer or http wait goes on, whatever was said.
   * - A message or postback no listening trigger recognises is traced `unmatched` (the missed-keywords
   *   report). One that is recognised but may not fire now (re-entry 'once', interrupt 'block', a
   *   catch-all while a session waits) is no missed keyword, and is not traced.
   * - The fallback flow answers a message that started nothing, but only while no session runs: a running
   *   session still owns the conversation, even when this message did not reach it.
   */
  private route(): void {
    const event = this.event;
    if (this.state.handedOff) {
      if (event.type === 'api_start') this.error(event.flowId, null, null, 'the conversation is handed off to a person; the flow was not started');
      return;
    }
    const recognised = this.index.matching({ event, channel: this.state.channel, now: this.now, previousInboundAt: this.previousInboundAt });
    const startable = recognised.filter((t) => this.mayEnter(t.flow));
    const session = this.state.session;
    const parked = session === null ? undefined : this.loadParked(session);
    if (session === null || parked === undefined) {
      const first = startable[0];
      if (first !== undefined) this.start(first);
      else this.startedNothing(recognised, startable, true);
      return;
    }
    const replacement = this.replacementOf(parked, session, startable);
    if (replacement !== undefined) {
      this.drop('replaced');
      this.start(replacement);
    } else if (session.waiting.kind === 'reply' && (event.type === 'message' || event.type === 'postback')) {
      this.resume();
    } else {
      this.startedNothing(recognised, startable, false);
    }
  }

  /** The trigger that takes the waiting session's place, if one may (see `route`). */
  private replacementOf(flow: CompiledFlow, session: Session, startable: readonly TriggerRef[]): TriggerRef | undefined {
    if (flow.version.settings.interrupt !== 'allow') return undefined;
    const waitsForReply = session.waiting.kind === 'reply';
    if (waitsForReply && this.answersParkedAsk(flow, session)) return undefined;
    return startable.find((t) => NAMES_THE_EVENT.has(t.node.data.kind) && !(waitsForReply && t.flow.version.flowId === session.flowId));
  }

  /** Re-entry 'once': a contact who ever entered the flow does not start it again. */
  private mayEnter(flow: CompiledFlow): boolean {
    return flow.version.settings.reentry === 'always' || this.state.activity.flowsEntered[flow.version.flowId] === undefined;
  }

  /**
   * A reply the parked ask takes as a definite answer (a choice pressed or named, a valid number, email or
   * phone) is that answer, even when it also holds another flow's keyword ("refunds@shop.example"). A
   * free-text ask takes anything, so there a keyword still interrupts.
   */
  private answersParkedAsk(flow: CompiledFlow, session: Session): boolean {
    const type = this.event.type;
    if (type !== 'message' && type !== 'postback') return false;
    const node = flow.nodes.get(session.nodeId);
    return node?.type === 'ask' && node.data.validate !== 'text' && judgeAnswer(node.data, this.message) !== null;
  }

  /**
   * The event started nothing. An API call is told why; a message or postback nothing recognised is
   * recorded as a miss; with no session running, the fallback flow answers (see `route`).
   */
  private startedNothing(recognised: readonly TriggerRef[], startable: readonly TriggerRef[], idle: boolean): void {
    const event = this.event;
    if (event.type === 'api_start') {
      const flowId = event.flowId;
      const why =
        recognised.length === 0
          ? `flow ${flowId} has no active api trigger`
          : startable.length === 0
            ? `flow ${flowId} runs once per contact and this contact already entered it; the flow was not started`
            : `a session of flow ${this.state.session?.flowId ?? '?'} is waiting and may not be interrupted; the flow was not started`;
      this.error(flowId, null, null, why);
      return;
    }
    if (event.type !== 'message' && event.type !== 'postback') return;
    const text = event.type === 'message' ? normalizeText(event.text) : event.payload;
    if (recognised.length === 0 && text !== '') this.trace.push({ type: 'unmatched', text });
    if (!idle || this.index.fallbackFlowId === null) return;
    const fallback = this.flows.latest(this.index.fallbackFlowId);
    if (fallback === undefined || fallback.entryNodeId === null) {
      this.error(this.index.fallbackFlowId, null, null, `fallback flow ${this.index.fallbackFlowId} is not published`);
      return;
    }
    if (!this.mayEnter(fallback)) return;
    this.startAt(fallback, fallback.entryNodeId, {});
  }

  private start(trigger: TriggerRef): void {
    const variables = this.event.type === 'api_start' ? structuredClone(this.event.variables) : {};
    this.startAt(trigger.flow, trigger.node.id, variables);
  }

  private startAt(flow: CompiledFlow, nodeId: string, variables: Record<string, Json>): void {
    const { flowId, version } = flow.version;
    this.state.activity.flowsEntered[flowId] = this.now;
    this.loop({ flowId, version, nodeId, variables, counters: {}, startedAt: this.now, seq: this.seq }, flow, null);
  }

  private resume(): void {
    const session = this.state.session;
    const flow = session === null ? undefined : this.loadParked(session);
    if (session === null || flow === undefined) return;
    const { waiting, ...running } = session;
    this.loop(running, flow, { event: this.event, waiting });
  }

  /** The pinned version of the parked session; when the shell did not load it, the session is dropped. */
  private loadParked(session: Session): CompiledFlow | undefined {
    const flow = this.flows.get(session.flowId, session.version);
    if (flow === undefined) {
      this.error(session.flowId, session.version, session.nodeId, `flow ${session.flowId} version ${session.version} is not loaded; the session was dropped`);
      this.drop('error');
    }
    return flow;
  }

  /** Gives up the parked session without it leaving its node. */
  private drop(reason: DropReason): void {
    const session = this.state.session;
    if (session === null) return;
    this.trace.push({ type: 'dropped', flowId: session.flowId, version: session.version, nodeId: session.nodeId, reason });
    this.leaveWait(session.waiting);
    this.state.session = null;
  }

  // ---------- the loop ----------

  /**
   * Runs nodes from `session.nodeId` until one waits, the flow ends, a handle leads nowhere, a node fails
   * or the guard trips. `resumed` is set when the first node is the parked one, woken by this event.
   */
  private loop(session: RunningSession, start: CompiledFlow, resumed: Resumed | null): void {
    this.state.session = null;
    let flow = start;
    let wake = resumed;
    for (;;) {
      const { flowId, version } = session;
      const nodeId = session.nodeId;
      if (this.runs >= this.maxNodeRuns) {
        this.fail(session, wake, `loop guard: more than ${this.maxNodeRuns} nodes in one event`, false);
        return;
      }
      this.runs += 1;
      const node = flow.nodes.get(nodeId);
      if (node === undefined) {
        this.fail(session, wake, `node ${nodeId} does not exist in flow ${flowId} version ${version}`, false);
        return;
      }
      if (wake === null) this.trace.push({ type: 'entered', flowId, version, nodeId, nodeType: node.type });
      let result: NodeResult;
      try {
        result = runNode(node, this.context(session, flow, wake));
      } catch (err) {
        this.fail(session, wake, messageOf(err), true);
        return;
      }
      if ('wait' in result) {
        if (wake !== null && wake.waiting.token !== result.wait.token) this.leaveWait(wake.waiting);
        this.state.session = { ...session, waiting: result.wait, seq: this.seq };
        return;
      }
      if (wake !== null) this.leaveWait(wake.waiting);
      wake = null;
      if ('end' in result) {
        // Reaching an end node is the flow's success: it leaves by 'end', so it never reads as dropped.
        this.trace.push({ type: 'exited', flowId, version, nodeId, handle: 'end' });
        this.trace.push({ type: 'completed', flowId, version, nodeId, startedAt: session.startedAt, splits: session.splits ?? {} });
        return;
      }
      if ('goto' in result) {
        const target = this.flows.latest(result.goto);
        if (target === undefined || target.entryNodeId === null) {
          this.fail(session, null, `goto: flow ${result.goto} is not published`, true);
          return;
        }
        this.trace.push({ type: 'exited', flowId, version, nodeId, handle: 'goto' });
        flow = target;
        session.flowId = target.version.flowId;
        session.version = target.version.version;
        session.nodeId = target.entryNodeId;
        session.startedAt = this.now;
        delete session.splits;
        this.state.activity.flowsEntered[session.flowId] = this.now;
        continue;
      }
      this.trace.push({ type: 'exited', flowId, version, nodeId, handle: result.handle });
      if (node.type === 'split') session.splits = { ...session.splits, [nodeId]: { handle: result.handle, at: this.now } };
      const next = flow.next.get(edgeKey(nodeId, result.handle));
      if (next === undefined) return;
      session.nodeId = next;
    }
  }

  private context(session: RunningSession, flow: CompiledFlow, resumed: Resumed | null): NodeContext {
    const state = this.state;
    const message = this.message;
    return {
      state,
      session,
      settings: flow.version.settings,
      message,
      resumed,
      now: this.now,
      random: this.random,
      emit: (effect) => this.emit(effect),
      render: (template, escape) =>
        renderTemplate(template, { contact: state.contact, vars: session.variables, message: { text: message.text, payload: message.payload } }, escape),
      mintToken: () => this.mintToken(),
      armTimer: (kind, at) => {
        const token = this.mintToken();
        this.emit({ type: 'schedule', token, at });
        return { kind, token, until: at };
      },
    };
  }

  // ---------- bookkeeping ----------

  private emit(effect: Effect): void {
    if (effect.type !== 'send') {
      this.effects.push(effect);
      return;
    }
    const message = fitOutMessage(effect.message);
    if (message === null) return;
    this.effects.push({ ...effect, message });
    this.state.activity.automated.push(this.now);
  }

  private mintToken(): string {
    this.seq += 1;
    return `${this.state.conversationId}:${this.seq}`;
  }

  /** The session leaves a wait: its timer, unless it is the one that just fired, must not fire later. */
  private leaveWait(waiting: Waiting): void {
    const fired = this.event.type === 'timer' && this.event.token === waiting.token;
    if (waiting.until !== null && waiting.token !== null && !fired) this.emit({ type: 'cancel', token: waiting.token });
    if (waiting.kind === 'handoff' && this.state.handedOff) {
      this.state.handedOff = false;
      this.emit({ type: 'release' });
    }
  }

  /**
   * The session ends in error at its current node. A node that was entered (now, or in an earlier step
   * when it parked) and never exited is dropped, so entered = exited + dropped + waiting holds per node.
   */
  private fail(session: RunningSession, wake: Resumed | null, message: string, entered: boolean): void {
    const { flowId, version, nodeId } = session;
    this.error(flowId, version, nodeId, message);
    if (wake !== null) this.leaveWait(wake.waiting);
    if (entered || wake !== null) this.trace.push({ type: 'dropped', flowId, version, nodeId, reason: 'error' });
  }

  private error(flowId: string | null, version: number | null, nodeId: string | null, message: string): void {
    this.trace.push({ type: 'error', flowId, version, nodeId, message });
  }

  private recordInbound(): void {
    const activity = this.state.activity;
    activity.lastInboundAt = this.now;
    activity.inbound.push(this.now);
    const text = activityText(normalizeText(this.message.text));
    if (text !== '') activity.texts.push({ text, at: this.now });
  }

  private applyTagChange(tag: string, added: boolean): void {
    const tags = this.state.contact.tags;
    if (added && !tags.includes(tag)) tags.push(tag);
    if (!added) this.state.contact.tags = tags.filter((t) => t !== tag);
  }

  private finish(): StepResult {
    // Only what the conditions of the flows can read is kept: without rate or repeat conditions, nothing.
    const activity = this.state.activity;
    const { inbound, automated, texts } = this.flows.lookback;
    activity.inbound = recent(activity.inbound, (at) => at, this.now - inbound.ms, inbound.count);
    activity.automated = recent(activity.automated, (at) => at, this.now - automated.ms, automated.count);
    activity.texts = recent(activity.texts, (t) => t.at, this.now - texts.ms, texts.count);
    this.state.tokenSeq = this.seq;
    if (this.state.session !== null) this.state.session.seq = this.seq;
    return { state: this.state, effects: this.effects, trace: this.trace };
  }

  private unchanged(): StepResult {
    return { state: this.state, effects: [], trace: [] };
  }
}

function eventMessage(event: EngineEvent): EventMessage {
  switch (event.type) {
    case 'message':
      return { text: event.text, payload: event.payload, type: event.messageType };
    case 'postback':
      return { text: event.title, payload: event.payload, type: 'postback' };
    default:
      return { text: '', payload: null, type: null };
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The last `count` entries at or after `since`. */
function recent<T>(entries: T[], at: (entry: T) => number, since: number, count: number): T[] {
  if (count === 0) return entries.length === 0 ? entries : [];
  return entries.filter((entry) => at(entry) >= since).slice(-count);
}
