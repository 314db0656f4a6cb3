// A hook URL carries its own credential: /hooks/<key>/<account>, the key being an HMAC under the
// webhook secret. Systems that cannot sign requests (a WeChat-style passive-reply caller, a form tool)
// can still post; the integrator names accounts freely; rotating WEBHOOK_SECRET revokes every hook URL.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function hookKey(secret: string): string {
  return createHmac('sha256', secret).update('parley hook key').digest('base64url').slice(0, 32);
}

export function hookPath(secret: string, account: string): string {
  return `/hooks/${hookKey(secret)}/${account}`;
}

/** A check of keys against the secret's key, computed once. Constant time. */
export function hookKeyCheck(secret: string): (key: string) => boolean {
  const expected = Buffer.from(hookKey(secret));
  return (key) => {
    const given = Buffer.from(key);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}
