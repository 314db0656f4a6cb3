import http from 'node:http';
import https from 'node:https';
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
    const status = await post(new URL(url), body, {
      'content-type': 'application/json',
      'x-parley-timestamp': String(timestamp),
      'x-parley-signature': signWebhook(this.options.secret, timestamp, body),
    });
    if (status < 200 || status >= 300) throw new Error(`webhook callback answered ${status}`);
  }
}

// node:http with kept-alive connections: global fetch managed a third of the deliveries per second
// when timers fire replies in bulk (measured with bench/src/timers.ts).
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

function post(url: URL, body: string, headers: Record<string, string>): Promise<number> {
  const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
  const send = protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', agent: agents[protocol], headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: DELIVERY_TIMEOUT_MS }, (res) => {
      // The body is not needed; reading it to the end frees the connection for the next delivery.
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`webhook callback did not answer within ${DELIVERY_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
