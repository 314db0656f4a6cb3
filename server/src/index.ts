// Starts Parley: configuration, store, first admin, runtime, HTTP and sockets; shuts down gracefully.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthService } from './auth/auth-service';
import { bootstrapAdmin } from './auth/bootstrap-admin';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './logger';
import { createParley } from './parley';
import type { Clock } from './runtime/runtime-types';
import { openSqliteStore } from './store/sqlite-store';

const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  if (config.mongodbUri !== null) {
    fail('MONGODB_URI is set, but the MongoDB adapter is not available yet; unset MONGODB_URI to use the embedded SQLite store');
  }
  const clock: Clock = { now: () => Date.now() };
  const store = openSqliteStore({ file: config.databaseFile });
  logger.info({ file: config.databaseFile }, 'opened the SQLite store');

  const auth = new AuthService(store, clock);
  await bootstrapAdmin(auth, config.admin, logger);

  const parley = createParley({ store, config, logger, clock });
  await parley.runtime.init();
  const server = http.createServer(parley.handler);
  const io = parley.attachSockets(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  }).catch((error: unknown) => {
    // The usual reasons a start fails are the operator's to fix: say which, without a stack.
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    const where = `${config.host}:${config.port}`;
    if (code === 'EADDRINUSE') fail(`${where} is already in use; stop what listens there or set PORT to another port`);
    if (code === 'EACCES') fail(`no permission to listen on ${where}; use a PORT above 1023 or run with the needed privilege`);
    if (code === 'EADDRNOTAVAIL') fail(`${config.host} is not an address of this machine; set HOST to one (or 0.0.0.0)`);
    throw error;
  });
  // Printed whatever LOG_LEVEL says: it is how a person (and the crash test) finds the server.
  const url = displayUrl(config, server.address());
  process.stdout.write(`Parley listening on ${url}\n`);
  if (!(await auth.hasUsers())) {
    logger.warn(`no user yet: open ${url}/setup on this machine, or run: node server/dist/cli.js create-admin --email you@example.com --password '…'`);
  }
  parley.runtime.start();

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    try {
      // Stop accepting connections and drop sockets, let the runtime finish what it started, then close the store.
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await parley.runtime.stop();
      await store.close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

function fail(message: string): never {
  process.stderr.write(`parley: ${message}\n`);
  process.exit(1);
}

function displayUrl(config: Config, address: AddressInfo | string | null): string {
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  // A wildcard address is not something to type into a browser.
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${port}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`parley: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
