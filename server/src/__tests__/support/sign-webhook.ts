// Signs generic-webhook requests as a customer's system would, and checks Parley's callbacks. It is
// written here apart from the server's signer (channels/webhook/webhook-signature.ts) on purpose: a
// test that used the server's own signer to check the server could not catch a wrong signature.
import { createHmac } from 'node:crypto';

/** The secret the in-process test Parley is configured with. */
export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, the X-Parley-Signature of `raw` sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: string, raw: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex')}`;
}

/** Headers of a correctly signed generic-webhook request for `raw` at `nowMs`. */
export function signedHeaders(raw: string, nowMs: number, secret = WEBHOOK_SECRET): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { 'content-type': 'application/json', 'x-parley-timestamp': timestamp, 'x-parley-signature': signWebhook(secret, timestamp, raw) };
}
