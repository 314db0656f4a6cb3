import { roleSchema } from '@parley/shared';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { ACCESS } from '../auth/access';
import type { AuthService } from '../auth/auth-service';
import { credentialFromHeaders } from '../auth/authenticate';
import type { Clock } from '../runtime/runtime-types';
import type { Role } from '../store/store';
import { LIVE_ROOMS } from './live-hooks';

/** setTimeout's longest delay (about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What the handshake leaves on `socket.data` for the connection handler. */
const liveSocketDataSchema = z.object({ role: roleSchema, tokenId: z.string(), expiresAt: z.number().nullable() });

/**
 * The staff namespace `/live`: the handshake must carry the session cookie or an API token
 * (`auth: { token }` or an Authorization header); each socket joins the rooms its role may read.
 *
 * A socket is good only as long as the credential it connected with, and a credential ends in two
 * ways, each handled where it happens: logout or revocation (AuthService announces the token's id and
 * every socket in that token's room is disconnected — through the socket.io adapter, on every
 * instance), and expiry (a timer armed at connection disconnects the socket when its session runs
 * out). Re-checking the credential on every emitted event would instead cost a store read per socket
 * per event and turn room broadcasts into per-socket sends. Users are never deleted and roles never
 * change; an API that adds either must revoke the user's tokens the same way.
 */
export function setupLiveNamespace(namespace: Namespace, auth: AuthService, clock: Clock): void {
  auth.onRevoked((tokenId) => {
    namespace.in(credentialRoom(tokenId)).disconnectSockets();
  });

  namespace.use(async (socket, next) => {
    try {
      const token = handshakeToken(socket);
      const headers = token ? { ...socket.handshake.headers, authorization: `Bearer ${token}` } : socket.handshake.headers;
      const credential = await credentialFromHeaders(auth, headers);
      if (!credential) return next(new Error('unauthenticated'));
      socket.data = { role: credential.user.role, tokenId: credential.token.id, expiresAt: credential.token.expiresAt };
      next();
    } catch (error) {
      next(error instanceof Error ? error : new Error('authentication failed'));
    }
  });

  namespace.on('connection', (socket) => {
    const { role, tokenId, expiresAt } = liveSocketDataSchema.parse(socket.data);
    void socket.join(credentialRoom(tokenId));
    if (canRead(ACCESS.conversations, role)) void socket.join(LIVE_ROOMS.conversations);
    if (canRead(ACCESS.statsRead, role)) void socket.join(LIVE_ROOMS.stats);
    if (canRead(ACCESS.flowsRead, role)) void socket.join(LIVE_ROOMS.flows);
    if (expiresAt !== null) {
      // Capped, a very long session is disconnected early; the client reconnects with the same credential.
      const timer = setTimeout(() => socket.disconnect(), Math.min(Math.max(expiresAt - clock.now(), 0), MAX_TIMER_MS));
      timer.unref();
      socket.once('disconnect', () => clearTimeout(timer));
    }
  });
}

function credentialRoom(tokenId: string): string {
  return `credential:${tokenId}`;
}

function canRead(roles: readonly Role[], role: Role): boolean {
  return roles.includes(role);
}

function handshakeToken(socket: Socket): string | null {
  const auth: unknown = socket.handshake.auth;
  if (typeof auth === 'object' && auth !== null && 'token' in auth && typeof auth.token === 'string') return auth.token;
  return null;
}
