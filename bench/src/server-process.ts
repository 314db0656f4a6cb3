// The real Parley server as a child process (server/dist/index.js on 127.0.0.1 and a free port), its
// resident memory read from /proc, and a guard that kills every child still running when the benchmark exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const SERVER_ENTRY = path.resolve(__dirname, '../../server/dist/index.js');
/** Extra node flags for the server, e.g. BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile it. */
const NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
const LISTEN_TIMEOUT_MS = 60_000;
const OUTPUT_KEPT = 20_000;

const children = new Set<ChildProcess>();
let guarded = false;

/**
 * Stops every child still running when this process ends: SIGKILL when it exits, and on SIGINT/SIGTERM a
 * SIGTERM first (so a benchmark child stops its own server) with up to five seconds to go.
 */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (guarded) return;
  guarded = true;
  process.once('exit', killChildren);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      const exit = (): void => {
        if (children.size === 0) process.exit(130);
      };
      setTimeout(() => process.exit(130), 5_000);
      for (const running of children) {
        running.once('exit', exit);
        running.kill('SIGTERM');
      }
      exit();
    });
  }
}

/** SIGKILLs every tracked child still running. */
export function killChildren(): void {
  for (const running of children) running.kill('SIGKILL');
}

export interface ServerProcess {
  child: ChildProcess;
  /** Date.now() right before the spawn. */
  spawnedAt: number;
  /** The URL and the moment its "listening on" line arrived; rejects when it exits first or takes over a minute. */
  listening: Promise<{ url: string; at: number }>;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** The last things it wrote (stdout and stderr), for error messages. */
  output(): string;
}

export function spawnServer(env: Record<string, string>): ServerProcess {
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [...NODE_ARGS, SERVER_ENTRY], {
    // MONGODB_URI empty means unset: the benchmark measures the embedded store whatever the shell exports.
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', MONGODB_URI: '', ADMIN_EMAIL: '', ADMIN_PASSWORD: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = new Promise<{ url: string; at: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server printed no "listening" line in ${LISTEN_TIMEOUT_MS / 1000} s:\n${output}`)), LISTEN_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      const at = Date.now();
      output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], at });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${child.exitCode ?? child.signalCode}) before listening:\n${output}`));
    });
  });
  listening.catch(() => undefined);
  return { child, spawnedAt, listening, exited, output: () => output };
}

/** Sends `signal` and waits for the exit; SIGKILL after `graceMs` if it is still running. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resident set size of a process in bytes (VmRSS), or null when it is gone. */
export function rssBytes(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? null : Number(match[1]) * 1024;
  } catch {
    return null;
  }
}
