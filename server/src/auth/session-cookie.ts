export const SESSION_COOKIE = 'parley_session';
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/** The value of one cookie from a Cookie header (no cookie-parser needed for a single name). */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  return null;
}

/** The token of an `Authorization: Bearer <token>` header. */
export function readBearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
