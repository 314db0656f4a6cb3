// Delivers the outbox: claims due items by lease, sends each through its channel's adapter and marks
// it sent, or failed with exponential backoff (1 s, 2 s, 4 s … capped at 5 min) until it gives up.
// Items of one conversation go out one after another in outbox order; conversations go out concurrently.
import type { Logger } from 'pino';
import { channelKind, type ChannelKind } from '@parley/shared';
import type { OutboxItem, Store } from '../store/store';
import type { ChannelAdapter, Clock } from './runtime-types';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

/** When to try again after the `attempt`-th failed attempt (1-based), or null to give up. */
export function retryAt(now: number, attempt: number, maxAttempts: number): number | null {
  if (attempt >= maxAttempts) return null;
  return now + Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_MAX_MS);
}

export interface OutboxDispatcherOptions {
  store: Store;
  clock: Clock;
  channels: readonly ChannelAdapter[];
  logger: Logger;
  leaseMs: number;
  maxAttempts: number;
  batchSize: number;
}

export class OutboxDispatcher {
  private readonly adapters: ReadonlyMap<ChannelKind, ChannelAdapter>;

  constructor(private readonly options: OutboxDispatcherOptions) {
    this.adapters = new Map(options.channels.map((adapter) => [adapter.kind, adapter]));
  }

  /** Claims one batch and delivers it; resolves with the number of items claimed. */
  async pass(): Promise<number> {
    const { store, clock, leaseMs, batchSize } = this.options;
    const items = await store.claimOutbox(clock.now(), batchSize, leaseMs);
    const byConversation = new Map<string, OutboxItem[]>();
    for (const item of items) {
      const queue = byConversation.get(item.conversationId);
      if (queue) queue.push(item);
      else byConversation.set(item.conversationId, [item]);
    }
    await Promise.all([...byConversation.values()].map((queue) => this.deliverInOrder(queue)));
    return items.length;
  }

  private async deliverInOrder(items: readonly OutboxItem[]): Promise<void> {
    for (const [index, item] of items.entries()) {
      const failure = await this.deliver(item);
      if (failure === null) continue;
      // A later message must not overtake one that failed: it comes back when the failed one does.
      for (const later of items.slice(index + 1)) {
        await this.options.store.markOutboxFailed(later.id, `held back behind ${item.id}`, failure.retryAt ?? this.options.clock.now());
      }
      return;
    }
  }

  /** null when sent; otherwise when the failed item will be retried (null: given up). */
  private async deliver(item: OutboxItem): Promise<{ retryAt: number | null } | null> {
    const { store, clock, logger, maxAttempts } = this.options;
    // Every account of a kind (webhook.shop, webhook.support) goes out through the kind's adapter.
    const adapter = this.adapters.get(channelKind(item.channel));
    try {
      if (!adapter) throw new Error(`no adapter for channel ${item.channel}`);
      await adapter.send(item);
    } catch (error) {
      const attempt = item.attempts + 1;
      const at = retryAt(clock.now(), attempt, maxAttempts);
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ outboxId: item.id, conversationId: item.conversationId, channel: item.channel, attempt, retryAt: at, err: message }, at === null ? 'outbox: giving up' : 'outbox: send failed, will retry');
      await store.markOutboxFailed(item.id, message, at);
      return { retryAt: at };
    }
    await store.markOutboxSent(item.id, clock.now());
    return null;
  }
}
