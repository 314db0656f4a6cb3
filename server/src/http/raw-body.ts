import type { IncomingMessage } from 'node:http';

const rawBodies = new WeakMap<IncomingMessage, Buffer>();

/** express.json's `verify` hook: keeps the exact bytes, which signatures are computed over. */
export function keepRawBody(req: IncomingMessage, _res: unknown, buffer: Buffer): void {
  rawBodies.set(req, buffer);
}

/** The bytes of a parsed JSON body; undefined when no JSON body was parsed. */
export function rawBodyOf(req: IncomingMessage): Buffer | undefined {
  return rawBodies.get(req);
}
