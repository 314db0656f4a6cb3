// The imperative shell around the pure engine: it feeds each conversation's events to `step` one at a
// time, writes everything an event produced in one store commit, and then performs what the engine
// only described (deliveries through the outbox, timers, http calls, agent assignment).
import pino from 'pino';
import { uuidv7 } from 'uuidv7';
import type { Logger } from 'pino';
import { compileFlowSet, newConversationState, step } from '@parley/shared';
import type { Channel, ConversationState, EngineEvent, FlowSet, FlowVersion, HttpRequest, Json, OutMessage, TraceEntry } from '@parley/shared';
import { StoreConflictError } from '../store/store';
import type { Conversation, ConversationStatus, EventCommit, MessageRecord, OutboxItem, Store, TimerRecord } from '../store/store';
import { fetchHttp } from './fetch-http';
import { KeyedQueue } from './keyed-queue';
import { OutboxDispatcher } from './outbox-dispatcher';
import { pickAgent } from './pick-agent';
import { PollLoop } from './poll-loop';
import { RuntimeError } from './runtime-error';
import type { ChannelAdapter, Clock, HttpPerformer, InboundInput, InboundResult, RuntimeHooks } from './runtime-types';
import { statIncrementsFromTrace } from './stat-increments';

export { RuntimeError } from './runtime-error';

export interface RuntimeOptions {
  store: Store;
  clock: Clock;
  channels: ChannelAdapter[];
  hooks?: RuntimeHooks;
  http?: HttpPerformer;
  random?: () => number;
  logger?: Logger;
  /** How long a claimed timer or outbox item is ours before another process may take it. */
  leaseMs?: number;
  /** Delivery attempts per outbox item before it is marked failed. */
  maxAttempts?: number;
}

/**
 * The contact attribute that remembers the last agent who had the conversation, for the sticky
 * strategy: the conversation's `assignee` is cleared when a handoff ends.
 */
export const LAST_AGENT_ATTRIBUTE = 'last_agent_id';

/** Commit attempts per event when other processes keep writing the same conversation. */
const MAX_CONFLICT_RETRIES = 5;
const BATCH_SIZE = 50;
/** Timers come due in bursts (a campaign's waits); their events share group commits. */
const TIMER_BATCH_SIZE = 200;
const TIMER_POLL_MAX_MS = 1_000;
const OUTBOX_POLL_MS = 200;
/** How often the live stamp is checked for publishes made by other processes. */
const FLOWS_POLL_MS = 1_000;
const ERROR_DELAY_MS = 1_000;
/** Queue key for flow reloads; conversation keys start with a channel name, so they never collide. */
const FLOWS_KEY = '\u0000flows';

/** Where an event goes: a known conversation, or the contact an inbound message comes from. */
type Target = { kind: 'conversation'; id: string } | { kind: 'contact'; channel: Channel; externalId: string; contactName: string };

interface EventOptions {
  /**
   * Checked and applied to the freshly loaded conversation before stepping (refusals, direct changes);
   * null means there is nothing to do: no step, no commit.
   */
  prepare?: (conversation: Conversation) => Conversation | null;
  /** Checked against the engine's trace before committing; throws to refuse the event, writing nothing. */
  accept?: (trace: readonly TraceEntry[]) => void;
  /** The message as stored; messageId null when the channel gave none (nothing to deduplicate). */
  inbound?: { channel: Channel; messageId: string | null; body: Json };
  sync?: { deadline: number };
  /** The timer this event fires: its row is deleted by the same commit. */
  timerToken?: string;
}

interface EventOutcome {
  status: 'processed' | 'duplicate';
  conversation: Conversation | null;
  replies: OutMessage[];
}

export class Runtime {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly hooks: RuntimeHooks;
  private readonly http: HttpPerformer;
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly leaseMs: number;
  private readonly queue = new KeyedQueue();
  private readonly dispatcher: OutboxDispatcher;
  private readonly timerLoop: PollLoop;
  private readonly outboxLoop: PollLoop;
  private readonly flowsLoop: PollLoop;
  /** Background work (follow-up events, http calls) that `tick` and `stop` wait for. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private flows: FlowSet | null = null;
  /** The store's live stamp as of the last compile; null before the first. */
  private flowsStamp: string | null = null;
  /** Every version compiled so far, so a reload keeps the ones running sessions are pinned to. */
  private readonly versions = new Map<string, FlowVersion>();

  constructor(options: RuntimeOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.hooks = options.hooks ?? {};
    this.http = options.http ?? fetchHttp;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? pino({ enabled: false });
    this.leaseMs = options.leaseMs ?? 30_000;
    this.dispatcher = new OutboxDispatcher({
      store: this.store,
      clock: this.clock,
      channels: options.channels,
      logger: this.logger,
      leaseMs: this.leaseMs,
      maxAttempts: options.maxAttempts ?? 8,
      batchSize: BATCH_SIZE,
    });
    this.timerLoop = new PollLoop({
      pass: () => this.timerLoopPass(),
      onError: (error) => this.logger.error({ err: error }, 'scheduler pass failed'),
      errorDelayMs: ERROR_DELAY_MS,
    });
    this.outboxLoop = new PollLoop({
      pass: async () => ((await this.dispatcher.pass()) === BATCH_SIZE ? 0 : OUTBOX_POLL_MS),
      onError: (error) => this.logger.error({ err: error }, 'dispatcher pass failed'),
      errorDelayMs: ERROR_DELAY_MS,
    });
    this.flowsLoop = new PollLoop({
      pass: async () => {
        await this.reloadFlowsIfChanged();
        return FLOWS_POLL_MS;
      },
      onError: (error) => this.logger.error({ err: error }, 'flow reload failed'),
      errorDelayMs: ERROR_DELAY_MS,
    });
  }

  // ---------- flows ----------

  /** Compiles the live flow versions once; published versions never change, so nothing is parsed per message. */
  async init(): Promise<void> {
    await this.reloadFlows();
  }

  /** Recompiles after a publish or an archive, keeping the older versions sessions are pinned to. */
  async reloadFlows(): Promise<void> {
    // Serialised, so that an older read of the live versions never replaces a newer one.
    await this.queue.run(FLOWS_KEY, () => this.compileLive());
  }

  /**
   * Reloads when the live versions changed since the last compile, whoever changed them: another
   * instance sharing the store, or `flows:load` while the server runs.
   */
  private async reloadFlowsIfChanged(): Promise<void> {
    if ((await this.store.liveStamp()) !== this.flowsStamp) await this.reloadFlows();
  }

  private async compileLive(): Promise<void> {
    // Read before the versions: a publish in between leaves the stamp stale, so it is picked up next time.
    const stamp = await this.store.liveStamp();
    const live = await this.store.liveVersions();
    const liveKeys = new Set(live.map(versionKey));
    const pinned = [...this.versions.values()].filter((version) => !liveKeys.has(versionKey(version)));
    for (const version of live) this.versions.set(versionKey(version), version);
    this.flows = compileFlowSet(live, pinned);
    this.flowsStamp = stamp;
  }

  private async flowSetFor(state: ConversationState): Promise<FlowSet> {
    const flows = this.flows;
    if (!flows) throw new Error('runtime: flows failed to load');
    const session = state.session;
    if (session && !flows.get(session.flowId, session.version)) {
      const version = await this.store.getVersion(session.flowId, session.version);
      // A missing version leaves the engine to end the session with an error in the trace.
      if (version) {
        flows.add(version);
        this.versions.set(versionKey(version), version);
      }
    }
    return flows;
  }

  private timezoneOf(flows: FlowSet, flowId: string, version: number): string {
    return flows.get(flowId, version)?.version.settings.timezone ?? 'UTC';
  }

  // ---------- events from outside ----------

  async handleInbound(input: InboundInput): Promise<InboundResult> {
    const { channel, externalId, event } = input;
    // Idempotency by contact: senders number messages per contact, so one contact's id never shadows
    // another's (JSON, so no separator inside an id can make two keys equal).
    const messageId = input.idempotent === false ? null : JSON.stringify([externalId, event.id]);
    // A retry (its first response may never have arrived) is answered with what the first delivery got.
    const answered = messageId === null ? null : await this.store.inboundReplies(channel, messageId);
    if (answered !== null) {
      const existing = await this.store.findConversation(channel, externalId);
      return { status: 'duplicate', conversationId: existing?.id ?? null, replies: answered };
    }
    const body: Json =
      event.type === 'message'
        ? { type: event.messageType, text: event.text, mediaUrl: event.mediaUrl, payload: event.payload }
        : { type: 'postback', text: event.title, mediaUrl: null, payload: event.payload };
    const outcome = await this.runEvent(
      { kind: 'contact', channel, externalId, contactName: input.contactName ?? '' },
      event,
      {
        inbound: { channel, messageId, body },
        ...(input.sync ? { sync: input.sync } : {}),
        // A closed conversation is reopened by the customer writing again.
        prepare: (conversation) => (conversation.status === 'closed' ? { ...conversation, status: 'bot' } : conversation),
      },
    );
    return { status: outcome.status, conversationId: outcome.conversation?.id ?? null, replies: outcome.replies };
  }

  /** An agent (or the API) is done with a handed-off conversation: the flow continues on `resolved`. */
  async resolveHandoff(conversationId: string): Promise<Conversation> {
    const outcome = await this.runEvent({ kind: 'conversation', id: conversationId }, { type: 'handoff_resolved' }, {
      prepare: (conversation) => {
        if (conversation.status !== 'handed_off') {
          throw new RuntimeError('not_handed_off', `conversation ${conversationId} is not handed off (status ${conversation.status})`);
        }
        return conversation;
      },
    });
    return requireConversation(outcome, conversationId);
  }

  /** Starts a flow for a conversation from the API (the flow's `api` trigger). */
  async startFlow(conversationId: string, flowId: string, variables: Record<string, Json>): Promise<Conversation> {
    const outcome = await this.runEvent({ kind: 'conversation', id: conversationId }, { type: 'api_start', flowId, variables }, {
      prepare: (conversation) => {
        if (!this.flows?.latest(flowId)) throw new RuntimeError('flow_not_live', `flow ${flowId} is not published`);
        return conversation.status === 'closed' ? { ...conversation, status: 'bot' } : conversation;
      },
      // The engine refuses by tracing an error instead of entering the flow (a session that may not be
      // interrupted, a handoff, a trigger outside its window or channel): the caller is told why.
      accept: (trace) => {
        if (trace.some((entry) => entry.type === 'entered' && entry.flowId === flowId)) return;
        const reason = trace.find((entry) => entry.type === 'error');
        throw new RuntimeError('flow_not_started', reason?.message ?? `flow ${flowId} was not started`);
      },
    });
    return requireConversation(outcome, conversationId);
  }

  /**
   * Adds and removes contact tags from outside a flow. Each actual change is its own event and commit
   * (`tag_changed`), applied to the contact before the engine sees it, so `tag_added` triggers fire.
   */
  async changeTags(conversationId: string, add: readonly string[], remove: readonly string[]): Promise<Conversation> {
    const changes = [...add.map((tag) => ({ tag, added: true })), ...remove.map((tag) => ({ tag, added: false }))];
    let latest: Conversation | null = null;
    for (const change of changes) {
      const outcome = await this.runEvent({ kind: 'conversation', id: conversationId }, { type: 'tag_changed', tag: change.tag, added: change.added }, {
        prepare: (conversation) => {
          const tags = conversation.state.contact.tags;
          if (change.added === tags.includes(change.tag)) return null;
          const next = change.added ? [...tags, change.tag] : tags.filter((tag) => tag !== change.tag);
          return { ...conversation, state: { ...conversation.state, contact: { ...conversation.state.contact, tags: next } } };
        },
      });
      latest = outcome.conversation;
    }
    if (latest) return latest;
    const conversation = await this.store.getConversation(conversationId);
    if (!conversation) throw new RuntimeError('conversation_not_found', `no conversation ${conversationId}`);
    return conversation;
  }

  // ---------- the one path every event takes ----------

  private async runEvent(target: Target, event: EngineEvent, options: EventOptions): Promise<EventOutcome> {
    const key = await this.keyOf(target);
    return this.queue.run(key, () => this.processEvent(target, key, event, options));
  }

  /** The queue key is the contact's address, known before the conversation exists. */
  private async keyOf(target: Target): Promise<string> {
    if (target.kind === 'contact') return queueKey(target.channel, target.externalId);
    const conversation = await this.store.getConversation(target.id);
    if (!conversation) throw new RuntimeError('conversation_not_found', `no conversation ${target.id}`);
    return queueKey(conversation.channel, conversation.externalId);
  }

  private async processEvent(target: Target, key: string, event: EngineEvent, options: EventOptions): Promise<EventOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.stepAndCommit(target, key, event, options);
      } catch (error) {
        // Another process wrote this conversation since we read it: read it again and redo the step.
        if (error instanceof StoreConflictError && error.code === 'revision_conflict' && attempt < MAX_CONFLICT_RETRIES) {
          this.logger.debug({ key, attempt }, 'revision conflict, retrying the event');
          continue;
        }
        throw error;
      }
    }
  }

  private async stepAndCommit(target: Target, key: string, event: EngineEvent, options: EventOptions): Promise<EventOutcome> {
    if (!this.flows) await this.init();
    const loaded = await this.load(target);
    const before = loaded.conversation;
    const conversation = options.prepare ? options.prepare(before) : before;
    if (conversation === null) return { status: 'processed', conversation: before, replies: [] };
    const flows = await this.flowSetFor(conversation.state);
    const now = this.clock.now();
    const result = step({ flows, state: conversation.state, event, now, random: this.random });
    options.accept?.(result.trace);

    let status: ConversationStatus = conversation.status;
    let assignee = conversation.assignee;
    let team = conversation.team;
    let state = result.state;
    let unassigned = false;
    const sends: OutMessage[] = [];
    const timersArmed: TimerRecord[] = [];
    const timersDone: string[] = options.timerToken ? [options.timerToken] : [];
    const httpCalls: { token: string; request: HttpRequest }[] = [];
    for (const effect of result.effects) {
      switch (effect.type) {
        case 'send':
          sends.push(effect.message);
          break;
        case 'schedule':
          timersArmed.push({ token: effect.token, conversationId: conversation.id, dueAt: effect.at });
          break;
        case 'cancel':
          timersDone.push(effect.token);
          break;
        case 'assign': {
          // Decided before the commit so that the handoff and its assignee are written together.
          const previousAssignee = conversation.state.contact.attributes[LAST_AGENT_ATTRIBUTE] ?? null;
          const choice = await pickAgent(this.store, { team: effect.team, strategy: effect.strategy, previousAssignee });
          status = 'handed_off';
          team = effect.team;
          assignee = choice.assignee;
          unassigned = !choice.hasAgents;
          if (choice.assignee !== null) {
            const contact = state.contact;
            state = { ...state, contact: { ...contact, attributes: { ...contact.attributes, [LAST_AGENT_ATTRIBUTE]: choice.assignee } } };
          }
          break;
        }
        case 'release':
          status = 'bot';
          assignee = null;
          unassigned = false;
          break;
        case 'close':
          status = 'closed';
          assignee = null;
          unassigned = false;
          break;
        case 'http':
          httpCalls.push({ token: effect.token, request: effect.request });
          break;
        case 'tag':
        case 'setAttributes':
          // The engine has already applied these to state.contact.
          break;
        default: {
          const never: never = effect;
          throw new Error(`unknown effect ${JSON.stringify(never)}`);
        }
      }
    }

    const committedAt = this.clock.now();
    const inline = options.sync !== undefined && committedAt < options.sync.deadline;
    const after: Conversation = {
      ...conversation,
      state,
      status,
      assignee,
      team,
      revision: loaded.revision + 1,
      updatedAt: now,
    };
    const messages: MessageRecord[] = [];
    if (options.inbound) {
      messages.push({ id: uuidv7(), conversationId: after.id, direction: 'in', body: options.inbound.body, at: now });
    }
    // Replies that go back in the response are delivered already: they are messages, not outbox items.
    const outbox: OutboxItem[] = [];
    for (const message of sends) {
      const id = uuidv7();
      messages.push({ id, conversationId: after.id, direction: 'out', body: message, at: now });
      if (!inline) outbox.push({ id, conversationId: after.id, channel: after.channel, externalId: after.externalId, message, attempts: 0, createdAt: now });
    }
    const traceStats = statIncrementsFromTrace(result.trace, {
      contactId: after.state.contact.id,
      at: now,
      timezoneOf: (flowId, version) => this.timezoneOf(flows, flowId, version),
    });
    const commit: EventCommit = {
      conversation: after,
      expectedRevision: loaded.exists ? loaded.revision : null,
      inbound: recordInbound(options.inbound, inline ? sends : []),
      messages,
      outbox,
      timersArmed,
      timersDone,
      ...traceStats,
      event: { at: now, event, trace: result.trace },
    };
    if ((await this.store.commit(commit)) === 'duplicate') {
      // Another delivery of this message got there first (it was queued, or ran in another process).
      const replies = commit.inbound ? await this.store.inboundReplies(commit.inbound.channel, commit.inbound.messageId) : null;
      return { status: 'duplicate', conversation: loaded.exists ? before : null, replies: replies ?? [] };
    }

    this.afterCommit(key, before, after, commit, { unassigned, httpCalls, inline });
    return { status: 'processed', conversation: after, replies: inline ? sends : [] };
  }

  /** Tells the hooks, wakes the dispatcher and starts the follow-up work of a committed event. */
  private afterCommit(
    key: string,
    before: Conversation,
    after: Conversation,
    commit: EventCommit,
    work: { unassigned: boolean; httpCalls: readonly { token: string; request: HttpRequest }[]; inline: boolean },
  ): void {
    for (const message of commit.messages) this.callHook('onMessage', () => this.hooks.onMessage?.(after, message));
    if (before.status !== after.status || before.assignee !== after.assignee || before.revision === 0) {
      this.callHook('onConversation', () => this.hooks.onConversation?.(after));
    }
    if (commit.stats.length > 0 || commit.unmatched.length > 0) {
      const flowIds = [...new Set(commit.stats.map((increment) => increment.flowId))];
      this.callHook('onStats', () => this.hooks.onStats?.({ flowIds, unmatched: commit.unmatched.length > 0 }));
    }
    if (commit.outbox.length > 0 && !work.inline) this.outboxLoop.kick();
    if (commit.timersArmed.length > 0) this.timerLoop.kick();

    const target: Target = { kind: 'conversation', id: after.id };
    if (work.unassigned) {
      // Nobody can take it: the flow continues on `no_agent`, as the next event of this conversation.
      this.track(this.queue.run(key, () => this.processEvent(target, key, { type: 'handoff_unassigned' }, {})));
    }
    for (const call of work.httpCalls) {
      this.track(
        this.performHttp(call.request).then((response) =>
          this.queue.run(key, () => this.processEvent(target, key, { type: 'http_result', token: call.token, ...response }, {})),
        ),
      );
    }
  }

  private async performHttp(request: HttpRequest): Promise<{ ok: boolean; status: number; body: Json }> {
    try {
      return await this.http(request);
    } catch (error) {
      // A performer that throws is treated like a failed call, so the flow leaves by `error`.
      return { ok: false, status: 0, body: { error: error instanceof Error ? error.message : String(error) } };
    }
  }

  private async load(target: Target): Promise<{ conversation: Conversation; exists: boolean; revision: number }> {
    if (target.kind === 'conversation') {
      const conversation = await this.store.getConversation(target.id);
      if (!conversation) throw new RuntimeError('conversation_not_found', `no conversation ${target.id}`);
      return { conversation, exists: true, revision: conversation.revision };
    }
    const found = await this.store.findConversation(target.channel, target.externalId);
    if (found) return { conversation: found, exists: true, revision: found.revision };
    const id = uuidv7();
    const now = this.clock.now();
    const conversation: Conversation = {
      id,
      channel: target.channel,
      externalId: target.externalId,
      state: newConversationState(id, target.channel, { id: target.externalId, name: target.contactName }),
      status: 'bot',
      assignee: null,
      team: null,
      revision: 0,
      createdAt: now,
      updatedAt: now,
    };
    return { conversation, exists: false, revision: 0 };
  }

  // ---------- scheduler and dispatcher ----------

  /** Fires the due timers, each as a `timer` event on its conversation's queue. */
  private async schedulerPass(): Promise<number> {
    const timers = await this.store.claimDueTimers(this.clock.now(), TIMER_BATCH_SIZE, this.leaseMs);
    await Promise.all(
      timers.map(async (timer) => {
        try {
          await this.runEvent({ kind: 'conversation', id: timer.conversationId }, { type: 'timer', token: timer.token }, { timerToken: timer.token });
        } catch (error) {
          // The lease runs out and the timer is claimed again; nothing is lost.
          this.logger.error({ err: error, token: timer.token, conversationId: timer.conversationId }, 'timer event failed');
        }
      }),
    );
    return timers.length;
  }

  private async timerLoopPass(): Promise<number> {
    if ((await this.schedulerPass()) === TIMER_BATCH_SIZE) return 0;
    const next = await this.store.nextTimerDue();
    if (next === null) return TIMER_POLL_MAX_MS;
    return Math.min(Math.max(next - this.clock.now(), 0), TIMER_POLL_MAX_MS);
  }

  /**
   * One pass of the scheduler and the dispatcher, now, waiting for everything they and earlier events
   * started (http calls, follow-up events) to settle first. Scenario tests advance their clock, then tick.
   */
  async tick(): Promise<void> {
    await this.reloadFlowsIfChanged();
    await this.settle();
    await this.schedulerPass();
    await this.settle();
    await this.dispatcher.pass();
  }

  /**
   * Polls timers (sleeping until the next one is due, at most 1 s), the outbox, and every second the
   * live stamp (publishes by other processes), in the background.
   */
  start(): void {
    this.timerLoop.start();
    this.outboxLoop.start();
    this.flowsLoop.start();
  }

  /** Stops polling and waits for in-flight work: graceful shutdown. */
  async stop(): Promise<void> {
    await Promise.all([this.timerLoop.stop(), this.outboxLoop.stop(), this.flowsLoop.stop()]);
    await this.settle();
  }

  private async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.logger.error({ err: error }, 'background event failed'));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private callHook(name: keyof RuntimeHooks, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.logger.error({ err: error, hook: name }, 'runtime hook threw');
    }
  }
}

function queueKey(channel: Channel, externalId: string): string {
  return `${channel}\u0000${externalId}`;
}

/** The inbound id to record with its inline replies, when the channel named the message. */
function recordInbound(inbound: EventOptions['inbound'], replies: OutMessage[]): EventCommit['inbound'] {
  if (!inbound || inbound.messageId === null) return null;
  return { channel: inbound.channel, messageId: inbound.messageId, replies };
}

function versionKey(version: FlowVersion): string {
  return `${version.flowId}\u0000${version.version}`;
}

function requireConversation(outcome: EventOutcome, id: string): Conversation {
  if (!outcome.conversation) throw new RuntimeError('conversation_not_found', `no conversation ${id}`);
  return outcome.conversation;
}
