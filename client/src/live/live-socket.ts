// One socket.io connection to the staff namespace `/live` for the whole tab, opened on first use and
// authenticated by the session cookie the browser sends with the handshake. Hooks add and remove
// their own listeners; logout closes it (the server would disconnect it anyway).
import { io, type Socket } from 'socket.io-client';

let socket: Socket | null = null;

export function liveSocket(): Socket {
  socket ??= io('/live', { withCredentials: true, autoConnect: false });
  // A socket the server disconnected (logout, expired session) does not reconnect by itself.
  if (!socket.active) socket.connect();
  return socket;
}

export function closeLiveSocket(): void {
  socket?.disconnect();
  socket = null;
}
