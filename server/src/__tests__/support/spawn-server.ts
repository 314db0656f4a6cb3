// The real server process, as an operator starts it: the built dist/index.js in a child process on
// 127.0.0.1 and a free port, its output kept for the failure message.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The built entry point; `npm run build` makes it (npm test does). */
export const SERVER_ENTRY = path.resolve(__dirname, '../../../dist/index.js');

export interface SpawnedServer {
  child: ChildProcess;
  /** The URL from the server's "listening on" line; rejects when it exits first or says nothing in 20 s. */
  url: Promise<string>;
  /** The exit code and everything the process wrote to stdout and stderr. */
  exit: Promise<{ code: number | null; output: string }>;
}

/** Starts the server with `env` on top of the defaults (127.0.0.1, a free port, warnings only). */
export function spawnServer(env: Record<string, string>): SpawnedServer {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exit = new Promise<{ code: number | null; output: string }>((resolve) => child.on('exit', (code) => resolve({ code, output })));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exit.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${output}`));
    });
  });
  // A test that waits only for the exit (a refused start) must not see an unhandled rejection.
  url.catch(() => undefined);
  return { child, url, exit };
}
