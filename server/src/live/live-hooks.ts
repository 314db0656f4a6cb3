import type { FlowChangeEvent, FlowsOrderEvent, StatsTick } from '@parley/shared';
import type { Namespace } from 'socket.io';
import type { RuntimeHooks } from '../runtime/runtime-types';
import type { Conversation, MessageRecord } from '../store/store';

/** Rooms of the staff namespace, joined according to the user's role (see live-namespace). */
export const LIVE_ROOMS = { conversations: 'conversations', stats: 'stats', flows: 'flows' } as const;

/** At most one `stats` tick per this many ms: under load every commit moves counters, and readers only refetch. */
const STATS_TICK_MS = 1000;

/**
 * The runtime's hooks, forwarded to signed-in staff on `/live`: `conversation` and `message` to those
 * who handle conversations, `stats` (which flows' counters moved, and whether missed keywords did) to those who read stats; and
 * the flow service's `flow` and `flows-order` changes to those who read flows (the builder, the list).
 * Until sockets are attached (and in tests without sockets) the events go nowhere.
 */
export class LiveHooks implements RuntimeHooks {
  private namespace: Namespace | null = null;
  /** Ticks merged while the window after the last one sent is open; null when no window is open. */
  private pendingStats: { flowIds: Set<string>; unmatched: boolean } | null = null;
  private statsWindow: NodeJS.Timeout | null = null;

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  onMessage(conversation: Conversation, message: MessageRecord): void {
    this.namespace?.to(LIVE_ROOMS.conversations).emit('message', { conversationId: conversation.id, message });
  }

  onConversation(conversation: Conversation): void {
    this.namespace?.to(LIVE_ROOMS.conversations).emit('conversation', conversation);
  }

  /** The first tick goes out at once; the ones within the next second go out merged, when it ends. */
  onStats(tick: StatsTick): void {
    if (this.statsWindow === null) {
      this.namespace?.to(LIVE_ROOMS.stats).emit('stats', tick);
      this.openStatsWindow();
      return;
    }
    this.pendingStats ??= { flowIds: new Set(), unmatched: false };
    for (const flowId of tick.flowIds) this.pendingStats.flowIds.add(flowId);
    this.pendingStats.unmatched ||= tick.unmatched;
  }

  private openStatsWindow(): void {
    this.statsWindow = setTimeout(() => {
      this.statsWindow = null;
      const pending = this.pendingStats;
      this.pendingStats = null;
      if (pending !== null) this.onStats({ flowIds: [...pending.flowIds], unmatched: pending.unmatched });
    }, STATS_TICK_MS);
    // A window left open must not keep a stopping process alive.
    this.statsWindow.unref();
  }

  onFlowChanged(event: FlowChangeEvent): void {
    this.namespace?.to(LIVE_ROOMS.flows).emit('flow', event);
  }

  onFlowsOrder(event: FlowsOrderEvent): void {
    this.namespace?.to(LIVE_ROOMS.flows).emit('flows-order', event);
  }
}
