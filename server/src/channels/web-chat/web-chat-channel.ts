import type { Namespace } from 'socket.io';
import type { ChannelAdapter } from '../../runtime/runtime-types';
import type { OutboxItem } from '../../store/store';

/** The socket.io room of one web chat visitor (every tab the visitor has open joins it). */
export function visitorRoom(visitorId: string): string {
  return `visitor:${visitorId}`;
}

/**
 * Delivers web chat replies: emits `message` (the OutMessage plus its outbox id, stable across
 * retries so the page can ignore a repeat) to the visitor's room. A visitor who is offline gets the
 * reply from the conversation history the page receives when it reconnects.
 */
export class WebChatChannel implements ChannelAdapter {
  readonly kind = 'web' as const;
  private namespace: Namespace | null = null;

  /** Until sockets are attached, sending throws so the dispatcher retries later. */
  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  async send(item: OutboxItem): Promise<void> {
    if (!this.namespace) throw new Error('web chat sockets are not attached yet');
    this.namespace.to(visitorRoom(item.externalId)).emit('message', { ...item.message, id: item.id, conversationId: item.conversationId });
  }
}
