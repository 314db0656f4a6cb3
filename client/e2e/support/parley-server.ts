// The real Parley server for browser tests: the built server/dist/index.js (which also serves the built
// client/dist) in a child process on 127.0.0.1 and a free port, with its own temp data directory and a
// first admin, answering /healthz before the test starts; stopped and its data removed afterwards.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const SERVER_ENTRY = path.join(ROOT, 'server/dist/index.js');
const CLIENT_INDEX = path.join(ROOT, 'client/dist/index.html');
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

export const ADMIN = { email: 'admin@parley.test', password: 'correct horse battery' } as const;

export interface ParleyServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The server's DATA_DIR: its SQLite file (parley.db) and webhook secret, for tests that check what was stored. */
  dataDir: string;
  /** Everything the server wrote so far, for failure messages. */
  output(): string;
  /** SIGTERM (SIGKILL after 5 s), then removes the data directory. */
  stop(): Promise<void>;
}

/** `withAdmin: false` starts with no user at all, as a fresh install does (first admin through /setup). */
export async function startParley(options: { withAdmin?: boolean } = {}): Promise<ParleyServer> {
  for (const built of [SERVER_ENTRY, CLIENT_INDEX]) {
    if (!existsSync(built)) throw new Error(`${path.relative(ROOT, built)} is missing: run \`npm run build\` first (npm test does).`);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-e2e-'));
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      MONGODB_URI: '',
      ...(options.withAdmin === false ? { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' } : { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // PORT=0 lets the OS pick a free port; the server names it in its "listening on" line.
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server printed no "listening on" line in ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${child.exitCode ?? child.signalCode}) before listening`));
      });
    });
    await waitForHealth(url);
    return { url, dataDir, output: () => output, stop };
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- server output ---\n${output}`, { cause: error });
  }
}

/** Polls /healthz every 100 ms until it answers 200, for at most START_TIMEOUT_MS. */
async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}/healthz did not answer 200 in ${START_TIMEOUT_MS / 1000} s (last: ${last})`);
}
