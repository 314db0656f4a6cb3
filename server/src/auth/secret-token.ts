import { createHash, randomBytes } from 'node:crypto';

/** A bearer secret: 32 random bytes. Only its sha256 is stored, so a leaked database grants no access. */
export function newSecretToken(prefix: 'ps' | 'pat'): string {
  // The prefix tells a session cookie from a personal API token when one turns up in a log or a paste.
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A token's public id: 16 hex characters (64 random bits), the same shape the SQLite migration gave
 * tokens issued before ids existed. Not a secret: it names a token in lists and revocations only.
 */
export function newTokenId(): string {
  return randomBytes(8).toString('hex');
}
