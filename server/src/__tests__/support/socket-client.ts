// socket.io clients for tests of /chat and /live: one connection per call (no reconnects, no shared
// manager), websocket only, and promises for what a test waits on.
import { io as connect, type Socket } from 'socket.io-client';

/** Opens `${url}${namespace}` with this handshake `auth` and, when given, a session cookie. */
export function openSocket(url: string, namespace: string, auth: Record<string, string>, cookie?: string): Socket {
  return connect(`${url}${namespace}`, {
    auth,
    ...(cookie === undefined ? {} : { extraHeaders: { cookie } }),
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
}

export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/** Resolves with the server's reason for refusing the connection; rejects if it connects. */
export function refused(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, but should have been refused')));
    socket.once('connect_error', (error) => resolve(error.message));
  });
}

/** The payload of the next `event` on this socket. */
export function nextEvent<T>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event, (payload: T) => resolve(payload)));
}

/** Emits and waits at most 5 s for the server's acknowledgement. */
export function emitWithAck<T = unknown>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return socket.timeout(5_000).emitWithAck(event, payload);
}
