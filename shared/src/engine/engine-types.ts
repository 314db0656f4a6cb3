import { z } from 'zod';
import { channelSchema, inboundMessageTypeSchema } from '../flow/message-schema';
import type { OutMessage } from '../flow/message-schema';
import type { HandoffStrategy } from '../node-types/handoff/schema';

/** JSON values only: sessions and variables are stored as JSON. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export const jsonSchema: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonSchema), z.record(z.string(), jsonSchema)]),
);

// ---------- Events: what reaches a conversation, normalised by the channel adapters ----------

export const inboundEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message'),
    /** The channel's message id: seen twice, it is acknowledged and not run again. */
    id: z.string().min(1).max(200),
    messageType: inboundMessageTypeSchema.default('text'),
    text: z.string().max(10_000).default(''),
    mediaUrl: z.string().nullable().default(null),
    /** A quick-reply payload sent along with the text, when the channel has one. */
    payload: z.string().nullable().default(null),
  }),
  z.object({ type: z.literal('postback'), id: z.string().min(1).max(200), payload: z.string().min(1).max(1000), title: z.string().default('') }),
]);
export type InboundEvent = z.infer<typeof inboundEventSchema>;

export type EngineEvent =
  | InboundEvent
  | { type: 'timer'; token: string }
  | { type: 'http_result'; token: string; ok: boolean; status: number; body: Json }
  | { type: 'handoff_resolved' }
  | { type: 'handoff_unassigned' }
  | { type: 'tag_changed'; tag: string; added: boolean }
  | { type: 'api_start'; flowId: string; variables: Record<string, Json> };

// ---------- Session: per conversation, null when nothing runs ----------

export type WaitKind = 'reply' | 'timer' | 'handoff' | 'http';

export interface Waiting {
  kind: WaitKind;
  /** Token of the timer or http call this wait belongs to; a stale token is ignored. */
  token: string | null;
  /** Epoch ms when the wait's timer fires, if it has one. */
  until: number | null;
}

export interface Session {
  flowId: string;
  version: number;
  /** The node the session is parked at. */
  nodeId: string;
  waiting: Waiting;
  variables: Record<string, Json>;
  /** Per-node counters (ask retries, …), keyed by node id. */
  counters: Record<string, number>;
  /** When the session entered this flow (a goto restarts the clock). */
  startedAt: number;
  /** The variant each A/B split of this flow sent the session down, and when (completion is credited to it). */
  splits?: SplitTaken;
  /** Monotonic counter for tokens minted by this conversation's sessions (keeps tokens unique). */
  seq: number;
}

export type SplitTaken = Record<string, { handle: string; at: number }>;

// ---------- Conversation state the engine reads and returns ----------

export interface Contact {
  id: string;
  name: string;
  tags: string[];
  attributes: Record<string, string>;
}

/** Recent activity kept with the conversation, pruned to a day: feeds rate and repeat conditions. */
export interface Activity {
  /** Epoch ms of the last inbound message before the current one; null for a first contact. */
  lastInboundAt: number | null;
  inbound: number[];
  automated: number[];
  texts: { text: string; at: number }[];
  /** Flows this contact has entered, with the last time (for re-entry = once). */
  flowsEntered: Record<string, number>;
}

export interface ConversationState {
  conversationId: string;
  channel: z.infer<typeof channelSchema>;
  contact: Contact;
  session: Session | null;
  activity: Activity;
  /** True while a person owns the conversation (handoff): triggers do not fire. */
  handedOff: boolean;
  /**
   * Last token sequence number minted in this conversation, kept while no session runs so that a later
   * session never reuses a token (Session.seq alone is lost when the session ends). Absent = 0.
   */
  tokenSeq?: number;
}

// ---------- Effects: data for the shell (the runtime performs them) ----------

export type Effect =
  | { type: 'send'; message: OutMessage; typingDelayMs: number }
  | { type: 'tag'; add: string[]; remove: string[] }
  | { type: 'setAttributes'; attributes: Record<string, string> }
  | { type: 'assign'; team: string; strategy: HandoffStrategy; flowId: string; nodeId: string }
  | { type: 'release' }
  | { type: 'schedule'; token: string; at: number }
  | { type: 'cancel'; token: string }
  | { type: 'http'; token: string; request: HttpRequest }
  | { type: 'close' };

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

// ---------- Trace: every statistic is derived from it and nothing else ----------

/**
 * Why a parked session was given up without leaving its node: another trigger took its place, or it could
 * not go on (its version is not loaded, the loop guard, a node failed). A timeout or a handoff is an exit by
 * its own handle, and a handle that leads nowhere ends the session as an exit: neither is a drop.
 */
export type DropReason = 'replaced' | 'error';

export type TraceEntry =
  | { type: 'entered'; flowId: string; version: number; nodeId: string; nodeType: string }
  | { type: 'exited'; flowId: string; version: number; nodeId: string; handle: string }
  /** The session reached an end node (traced after its 'exited'): time to complete, and the splits it went through. */
  | { type: 'completed'; flowId: string; version: number; nodeId: string; startedAt: number; splits: SplitTaken }
  | { type: 'unmatched'; text: string }
  /** A waiting session given up without leaving its node (replaced by another trigger). */
  | { type: 'dropped'; flowId: string; version: number; nodeId: string; reason: DropReason }
  | { type: 'error'; flowId: string | null; version: number | null; nodeId: string | null; message: string };

export interface StepResult {
  state: ConversationState;
  effects: Effect[];
  trace: TraceEntry[];
}

export const DEFAULT_MAX_NODE_RUNS = 100;
