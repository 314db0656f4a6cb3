import type { Logger } from 'pino';
import type { ChannelAdapter, Clock } from '../../runtime/runtime-types';
import type { OutboxItem } from '../../store/store';
import { signWebhook } from './webhook-signature';

const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Delivers webhook-channel replies as signed POSTs to WEBHOOK_CALLBACK_URL:
 * `{ channel, contactId, conversationId, messageId, message }` (channel: "webhook", or "webhook.<account>" for hook URLs), signed like inbound requests (X-Parley-Timestamp,
 * X-Parley-Signature); messageId is stable across retries so the receiver can deduplicate. A non-2xx
 * answer throws and the dispatcher retries with backoff. Without a callback URL every delivery throws,
 * so undelivered replies end up visibly failed in the outbox instead of silently "sent"; synchronous
 * webhook replies (`sync: true`) need no callback.
 */
export class WebhookChannel implements ChannelAdapter {
  readonly kind = 'webhook' as const;

  constructor(
    private readonly options: { callbackUrl: string | null; secret: string; clock: Clock; logger: Logger },
  ) {
    if (options.callbackUrl === null) {
      options.logger.warn('WEBHOOK_CALLBACK_URL is not set: webhook replies are only delivered in synchronous responses; the others will fail');
    }
  }

  async send(item: OutboxItem): Promise<void> {
    const url = this.options.callbackUrl;
    if (url === null) throw new Error('WEBHOOK_CALLBACK_URL is not set: cannot deliver the webhook reply');
    const body = JSON.stringify({ channel: item.channel, contactId: item.externalId, conversationId: item.conversationId, messageId: item.id, message: item.message });
    const timestamp = Math.floor(this.options.clock.now() / 1000);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-parley-timestamp': String(timestamp),
        'x-parley-signature': signWebhook(this.options.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    // The body is not needed; reading it releases the connection.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`webhook callback answered ${response.status}`);
  }
}
