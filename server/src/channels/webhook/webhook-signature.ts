import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from our clock, either way, before it counts as a replay. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, the value of X-Parley-Signature. */
export function signWebhook(secret: string, timestamp: number | string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export type SignatureCheck = 'ok' | 'missing' | 'stale_timestamp' | 'bad_signature';

/**
 * Checks X-Parley-Timestamp (unix seconds, within five minutes of `nowMs`) and X-Parley-Signature
 * over the exact bytes received. The comparison is constant-time.
 */
export function checkWebhookSignature(input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
  nowMs: number;
}): SignatureCheck {
  const { timestamp, signature } = input;
  if (timestamp === undefined || signature === undefined) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp)) return 'stale_timestamp';
  if (Math.abs(input.nowMs / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) return 'stale_timestamp';
  const expected = Buffer.from(signWebhook(input.secret, timestamp, input.rawBody));
  const given = Buffer.from(signature.trim());
  if (given.length !== expected.length) return 'bad_signature';
  return timingSafeEqual(given, expected) ? 'ok' : 'bad_signature';
}
