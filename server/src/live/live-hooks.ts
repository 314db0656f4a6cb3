import type { FlowChangeEvent, FlowsOrderEvent, StatsTick } from '@parley/shared';
import type { Namespace } from 'socket.io';
import type { RuntimeHooks } from '../runtime/runtime-types';
import type { Conversation, MessageRecord } from '../store/store';

/** Rooms of the staff namespace, joined according to the user's role (see live-namespace). */
export const LIVE_ROOMS = { conversations: 'conversations', stats: 'stats', flows: 'flows' } as const;

/**
 * The runtime's hooks, forwarded to signed-in staff on `/live`: `conversation` and `message` to those
 * who handle conversations, `stats` (which flows' counters moved, and whether missed keywords did) to those who read stats; and
 * the flow service's `flow` and `flows-order` changes to those who read flows (the builder, the list).
 * Until sockets are attached (and in tests without sockets) the events go nowhere.
 */
export class LiveHooks implements RuntimeHooks {
  private namespace: Namespace | null = null;

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  onMessage(conversation: Conversation, message: MessageRecord): void {
    this.namespace?.to(LIVE_ROOMS.conversations).emit('message', { conversationId: conversation.id, message });
  }

  onConversation(conversation: Conversation): void {
    this.namespace?.to(LIVE_ROOMS.conversations).emit('conversation', conversation);
  }

  onStats(tick: StatsTick): void {
    this.namespace?.to(LIVE_ROOMS.stats).emit('stats', tick);
  }

  onFlowChanged(event: FlowChangeEvent): void {
    this.namespace?.to(LIVE_ROOMS.flows).emit('flow', event);
  }

  onFlowsOrder(event: FlowsOrderEvent): void {
    this.namespace?.to(LIVE_ROOMS.flows).emit('flows-order', event);
  }
}
