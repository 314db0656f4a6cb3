import type {
  Channel,
  ConversationState,
  Flow,
  FlowVersion,
  Json,
  OutMessage,
  TraceEntry,
} from '@parley/shared';

/**
 * The store port, in domain terms. Two adapters implement it (SQLite, the embedded default; MongoDB
 * through mongoose for scale-out) and one contract suite (`store-contract.ts`) runs against both.
 * Every method is async so that both adapters fit; the SQLite adapter does its work synchronously.
 */
export interface Store {
  readonly kind: 'sqlite' | 'mongo';
  close(): Promise<void>;

  // ---- flows and versions ----
  /** In the flows list order: as set by setFlowOrder, then flows never placed, by creation. */
  listFlows(): Promise<Flow[]>;
  getFlow(id: string): Promise<Flow | null>;
  /** Throws StoreConflictError('flow_exists') when the id is taken. */
  createFlow(flow: Flow): Promise<Flow>;
  /**
   * Saves a draft (name, description, graph, settings, status) if the stored revision equals
   * `expectedRevision`; the stored revision becomes expectedRevision + 1. Throws
   * StoreConflictError('revision_conflict') otherwise, and StoreNotFoundError when there is no flow.
   */
  saveFlow(flow: Flow, expectedRevision: number): Promise<Flow>;
  /**
   * Atomically snapshots the flow's current draft as version publishedVersion + 1, marks the flow
   * published and bumps its revision. `expectedRevision` as in saveFlow. The version holds the draft
   * parsed as a runnable graph (graphSchema, defaults filled in); a draft that does not parse (the
   * caller skipped validateGraph) is refused with an error and nothing is written.
   */
  publishFlow(flowId: string, expectedRevision: number, now: number): Promise<{ flow: Flow; version: FlowVersion }>;
  /**
   * Sets the flows list order (equal-priority triggers fire in it). `ids` names every flow exactly
   * once, else StoreConflictError('flow_order_mismatch') and nothing changes. Moving a published flow
   * changes the live stamp.
   */
  setFlowOrder(ids: readonly string[]): Promise<void>;
  listVersions(flowId: string): Promise<FlowVersion[]>;
  getVersion(flowId: string, version: number): Promise<FlowVersion | null>;
  /** The latest published version of every flow whose status is `published`, in the flows list order. */
  liveVersions(): Promise<FlowVersion[]>;
  /**
   * A cheap token that changes whenever the live versions or their order change (publish, archive,
   * unarchive, reorder), by any writer: another process or instance sharing the store, or `flows:load`. Polled by every runtime;
   * it may change for other reasons too (a spurious reload is harmless), but never stays the same
   * across a change of the live versions.
   */
  liveStamp(): Promise<string>;

  // ---- conversations (each holds its contact, session and recent activity) ----
  getConversation(id: string): Promise<Conversation | null>;
  findConversation(channel: Channel, externalId: string): Promise<Conversation | null>;
  listConversations(query: ConversationQuery): Promise<Conversation[]>;
  listMessages(conversationId: string, limit: number): Promise<MessageRecord[]>;
  /** Event log: every processed event with its trace, oldest first. */
  listEvents(query: EventLogQuery): Promise<EventLogRecord[]>;

  /**
   * One event, one transaction: the conversation (created when expectedRevision is null, else
   * revision-checked), the inbound message id (idempotency), messages, outbox, timers, stats and the
   * event log entry. Returns 'duplicate' (and writes nothing) when the inbound message id was seen.
   * Throws StoreConflictError('revision_conflict') when another writer got there first.
   */
  commit(commit: EventCommit): Promise<'committed' | 'duplicate'>;
  /**
   * What a channel message id was answered with inline (`EventCommit.inbound.replies`; empty when its
   * replies went through the outbox), or null when it was never processed. A retried message gets the
   * same answer as the first delivery.
   */
  inboundReplies(channel: Channel, messageId: string): Promise<OutMessage[] | null>;

  // ---- outbox (messages to deliver), claimed by lease ----
  /**
   * Leases up to `limit` due items. An item this build cannot read (a corrupt row, a message type from
   * a newer build) is marked failed ('unreadable message') and skipped, so it never blocks the others.
   */
  claimOutbox(now: number, limit: number, leaseMs: number): Promise<OutboxItem[]>;
  markOutboxSent(id: string, now: number): Promise<void>;
  /** Failed attempt: retry at `retryAt`, or give up (status failed) when retryAt is null. */
  markOutboxFailed(id: string, error: string, retryAt: number | null): Promise<void>;

  // ---- timers, durable and claimed by lease ----
  /** Leases up to `limit` timers due at or before `now` whose lease is free or expired. */
  claimDueTimers(now: number, limit: number, leaseMs: number): Promise<TimerRecord[]>;
  /** Earliest due time among unclaimed timers (for the scheduler's sleep), null when none. */
  nextTimerDue(): Promise<number | null>;
  countTimers(): Promise<number>;

  // ---- stats (pre-aggregated counters written by commit) ----
  nodeStats(query: StatsQuery): Promise<NodeStatRow[]>;
  /** One node's counters per day of the range, over the versions asked for; days without any are left out. */
  nodeDailyStats(query: StatsQuery & { nodeId: string }): Promise<{ day: string; entered: number; exited: number; dropped: number }[]>;
  /**
   * Distinct contacts that entered each of these nodes in the range, over the versions asked for: a
   * contact who passed a node in two versions counts once. Nodes nobody entered are left out.
   */
  uniqueContacts(query: StatsQuery & { nodeIds: string[] }): Promise<{ nodeId: string; contacts: number }[]>;
  /**
   * A funnel over these nodes, in order, over the range and versions asked for: for each, the distinct
   * contacts that entered it and every node before it in the list (in whatever order), and those that
   * entered it at all.
   */
  funnelContacts(query: StatsQuery & { nodeIds: string[] }): Promise<{ reaching: number[]; entered: number[] }>;
  /** Distinct contacts that entered any of these (version, node) pairs in the range (a flow's triggers: who started it). */
  contactsEntering(query: Omit<StatsQuery, 'version'> & { nodes: { version: number; nodeId: string }[] }): Promise<number>;
  /** Completion times (whole seconds) of the sessions that reached an end in the range, with how many took each, ascending. */
  completionTimes(query: StatsQuery): Promise<{ seconds: number; count: number }[]>;
  /** Sessions parked at each node right now. */
  waitingNow(flowId: string, version: number | null): Promise<{ version: number; nodeId: string; count: number }[]>;
  /** The `limit` most frequent unmatched texts of the range, as counts per day (days without any left out). */
  missedKeywords(query: { from: string; to: string; limit: number }): Promise<{ text: string; day: string; count: number; lastAt: number }[]>;
  /** All unmatched messages of the range, and how many distinct texts they hold. */
  unmatchedTotals(range: { from: string; to: string }): Promise<{ messages: number; texts: number }>;

  // ---- people ----
  countUsers(): Promise<number>;
  createUser(user: UserRecord): Promise<UserRecord>;
  getUser(id: string): Promise<UserRecord | null>;
  getUserByEmail(email: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  createAuthToken(token: AuthTokenRecord): Promise<void>;
  /** A login session or a personal API token, by the hash of its secret; null when unknown or expired. */
  getAuthToken(tokenHash: string, now: number): Promise<AuthTokenRecord | null>;
  deleteAuthToken(tokenHash: string): Promise<void>;
  /** One user's tokens of one kind, expired ones included, oldest first (for listing, never for signing in). */
  listAuthTokens(userId: string, kind: AuthTokenRecord['kind']): Promise<AuthTokenRecord[]>;
  /** Deletes the token with this public id if it belongs to `userId`; false when the user has no such token. */
  deleteAuthTokenById(userId: string, id: string): Promise<boolean>;
  /** Records when a token was last used (its id); unknown ids are ignored. */
  touchAuthToken(id: string, at: number): Promise<void>;
  /** Open handed-off conversations per agent (for least-busy assignment). */
  openAssignments(): Promise<Record<string, number>>;
  /** Atomically increments and returns a named counter (round-robin cursors and the like). */
  nextCounter(name: string): Promise<number>;
}

export type Role = 'admin' | 'editor' | 'analyst' | 'agent';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Teams for handoff routing (agents). */
  teams: string[];
  passwordHash: string;
  createdAt: number;
}

export interface AuthTokenRecord {
  /** Public and random: how a token is named when it is listed or revoked (the secret's hash never leaves the server). */
  id: string;
  tokenHash: string;
  userId: string;
  kind: 'session' | 'api';
  name: string;
  createdAt: number;
  /** null = never expires (API tokens until revoked). */
  expiresAt: number | null;
  /** null = never used; kept to about the hour (see AuthService), so signing in rarely writes. */
  lastUsedAt: number | null;
}

export type ConversationStatus = 'bot' | 'handed_off' | 'closed';

export interface Conversation {
  id: string;
  channel: Channel;
  /** The contact's address on the channel (web chat visitor id, phone number, webhook contactId). */
  externalId: string;
  state: ConversationState;
  status: ConversationStatus;
  /** Agent user id while handed off; null when unassigned (broadcast or no agent). */
  assignee: string | null;
  team: string | null;
  revision: number;
  createdAt: number;
  updatedAt: number;
}

export interface ConversationQuery {
  status?: ConversationStatus;
  assignee?: string;
  channel?: Channel;
  limit: number;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  direction: 'in' | 'out';
  /** Inbound: { type, text, mediaUrl, payload }; outbound: the rendered OutMessage. */
  body: Json;
  at: number;
}

export interface OutboxItem {
  id: string;
  conversationId: string;
  channel: Channel;
  externalId: string;
  message: OutMessage;
  attempts: number;
  createdAt: number;
}

export interface TimerRecord {
  token: string;
  conversationId: string;
  dueAt: number;
}

/** One counter increment derived from the trace. `day` is YYYY-MM-DD in the flow's time zone. */
export interface StatIncrement {
  flowId: string;
  version: number;
  nodeId: string;
  day: string;
  /**
   * 'entered' | 'exited' | 'exit:<handle>' | 'dropped:<reason>' | 'completed:<handle>' (on a split node: a
   * session that took that variant reached an end; `day` is the day it took the variant).
   */
  metric: string;
  contactId: string;
}

export interface EventLogRecord {
  seq: number;
  conversationId: string;
  at: number;
  event: Json;
  trace: TraceEntry[];
}

export interface EventLogQuery {
  conversationId?: string;
  afterSeq?: number;
  limit: number;
}

export interface EventCommit {
  conversation: Conversation;
  /** null creates the conversation; otherwise the stored revision must equal it. */
  expectedRevision: number | null;
  /**
   * The channel message this event is (idempotency key), with the replies delivered inline in the
   * response to it (sync mode; empty otherwise), kept for a retry of the same message.
   */
  inbound: { channel: Channel; messageId: string; replies: OutMessage[] } | null;
  messages: MessageRecord[];
  outbox: OutboxItem[];
  timersArmed: TimerRecord[];
  /** Tokens of timers to delete (fired or cancelled). */
  timersDone: string[];
  stats: StatIncrement[];
  /** Sessions that reached an end: how long since they entered the flow (whole seconds), on the flow's day. */
  completions: { flowId: string; version: number; day: string; seconds: number }[];
  unmatched: { text: string; day: string; at: number }[];
  event: { at: number; event: Json; trace: TraceEntry[] };
}

export interface StatsQuery {
  flowId: string;
  /** null = all versions. */
  version: number | null;
  /** Inclusive day range, YYYY-MM-DD in the flow's time zone. */
  from: string;
  to: string;
}

export interface NodeStatRow {
  version: number;
  nodeId: string;
  entered: number;
  exited: number;
  /** Exits by handle. */
  exits: Record<string, number>;
  dropped: Record<string, number>;
  /** On split nodes: completions credited to each variant (see StatIncrement). */
  completedVia: Record<string, number>;
}

export class StoreConflictError extends Error {
  constructor(readonly code: 'flow_exists' | 'revision_conflict' | 'email_taken' | 'flow_order_mismatch', message: string) {
    super(message);
    this.name = 'StoreConflictError';
  }
}

export class StoreNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreNotFoundError';
  }
}
