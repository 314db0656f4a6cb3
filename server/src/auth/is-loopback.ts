/**
 * True for a connection from this machine. The one-time setup page trusts it because whoever can
 * open a local connection already controls the host. Behind a reverse proxy on the same host every
 * request looks local — set ADMIN_EMAIL/ADMIN_PASSWORD or use the CLI there, so setup is never open.
 */
export function isLoopback(remoteAddress: string | undefined): boolean {
  return remoteAddress === '127.0.0.1' || remoteAddress === '::1' || remoteAddress === '::ffff:127.0.0.1';
}
