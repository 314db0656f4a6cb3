import { roleSchema } from '@parley/shared';
import type { Namespace, Socket } from 'socket.io';
import { ACCESS } from '../auth/access';
import type { AuthService } from '../auth/auth-service';
import { userFromHeaders } from '../auth/authenticate';
import type { Role } from '../store/store';
import { LIVE_ROOMS } from './live-hooks';

/**
 * The staff namespace `/live`: the handshake must carry the session cookie or an API token
 * (`auth: { token }` or an Authorization header); each socket joins the rooms its role may read.
 */
export function setupLiveNamespace(namespace: Namespace, auth: AuthService): void {
  namespace.use(async (socket, next) => {
    try {
      const token = handshakeToken(socket);
      const headers = token ? { ...socket.handshake.headers, authorization: `Bearer ${token}` } : socket.handshake.headers;
      const user = await userFromHeaders(auth, headers);
      if (!user) return next(new Error('unauthenticated'));
      socket.data.role = user.role;
      socket.data.userId = user.id;
      next();
    } catch (error) {
      next(error instanceof Error ? error : new Error('authentication failed'));
    }
  });

  namespace.on('connection', (socket) => {
    const role = roleSchema.parse(socket.data.role);
    if (canRead(ACCESS.conversations, role)) void socket.join(LIVE_ROOMS.conversations);
    if (canRead(ACCESS.statsRead, role)) void socket.join(LIVE_ROOMS.stats);
  });
}

function canRead(roles: readonly Role[], role: Role): boolean {
  return roles.includes(role);
}

function handshakeToken(socket: Socket): string | null {
  const auth: unknown = socket.handshake.auth;
  if (typeof auth === 'object' && auth !== null && 'token' in auth && typeof auth.token === 'string') return auth.token;
  return null;
}
