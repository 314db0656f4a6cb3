import type { Channel, ChannelKind, InboundEvent, Json, OutMessage, StatsTick } from '@parley/shared';
import type { Conversation, MessageRecord, OutboxItem } from '../store/store';

/** Time source: the real clock in production, a hand-advanced one in scenario tests. */
export interface Clock {
  now(): number;
}

/** Delivers one outbox item on its channel; throws to have the dispatcher retry with backoff. */
export interface ChannelAdapter {
  /** Delivers for every channel of this kind (each of its accounts). */
  readonly kind: ChannelKind;
  send(item: OutboxItem): Promise<void>;
}

/** Performs the http node's request (global fetch in production; tests point URLs at a local server). */
export type HttpPerformer = (request: { method: string; url: string; headers: Record<string, string>; body: string; timeoutMs: number }) =>
  Promise<{ ok: boolean; status: number; body: Json }>;

/**
 * What the runtime tells the outside world (socket.io, live stats). The runtime never imports
 * socket.io: the app wires these hooks.
 */
export interface RuntimeHooks {
  /** A message was stored (inbound or outbound) in a conversation. */
  onMessage?(conversation: Conversation, message: MessageRecord): void;
  /** A conversation's status/assignee changed (handoff, resolve, close). */
  onConversation?(conversation: Conversation): void;
  /** Stats of these flows changed (after a commit with stat increments). */
  onStats?(tick: StatsTick): void;
}

export interface InboundInput {
  channel: Channel;
  /** The contact's address on the channel. */
  externalId: string;
  contactName?: string;
  event: InboundEvent;
  /**
   * Synchronous reply (webhook `sync` mode, like WeChat's passive reply): replies produced by this
   * event are returned instead of dispatched, if the event commits before `deadline` (epoch ms).
   */
  sync?: { deadline: number };
  /**
   * False when the channel gave the message no id of its own (event.id was made up and cannot come
   * again): there is no redelivery to recognise, so no id is recorded. Default true.
   */
  idempotent?: boolean;
}

export interface InboundResult {
  status: 'processed' | 'duplicate';
  conversationId: string | null;
  /** With `sync`: the replies delivered inline (empty when the deadline passed: they go to the channel). */
  replies: OutMessage[];
}
