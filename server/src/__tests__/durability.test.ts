// Crash test: the real server process (built dist) is killed with SIGKILL while a wait is armed,
// started again on the same data directory, and the timer must fire exactly once; inbound message
// ids stay deduplicated across the restart. Real time, real SQLite file, loopback only.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ENTRY = path.resolve(__dirname, '../../dist/index.js');
const SECRET = 'durability-test-secret-0123456789';

interface Running {
  child: ChildProcess;
  url: string;
}

function startServer(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [ENTRY], {
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

function signedPost(url: string, body: unknown): Promise<Response> {
  const raw = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', SECRET).update(`${timestamp}.${raw}`).digest('hex');
  return fetch(`${url}/webhooks/generic`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-parley-timestamp': timestamp, 'x-parley-signature': `sha256=${signature}` },
    body: raw,
  });
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const reminderFlow = {
  id: 'reminder',
  name: 'Reminder',
  graph: {
    nodes: [
      { id: 't', type: 'trigger', data: { kind: 'keyword', keywords: [{ text: 'remind', match: 'contains' }] } },
      { id: 'ack', type: 'reply', data: { messages: [{ type: 'text', text: 'OK, I will remind you.' }] } },
      { id: 'w', type: 'wait', data: { mode: 'delay', amount: 3, unit: 'seconds' } },
      { id: 'r', type: 'reply', data: { messages: [{ type: 'text', text: 'Reminder for {{contact.id}}!' }] } },
    ],
    edges: [
      { id: 'e1', source: 't', sourceHandle: 'next', target: 'ack' },
      { id: 'e2', source: 'ack', sourceHandle: 'next', target: 'w' },
      { id: 'e3', source: 'w', sourceHandle: 'next', target: 'r' },
    ],
  },
};

describe('durability across a SIGKILL', () => {
  let dataDir: string;
  let receiver: http.Server;
  const delivered: { message: { text?: string } }[] = [];
  let running: Running | null = null;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first (npm test does)`);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-durability-'));
    receiver = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        delivered.push(JSON.parse(raw));
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const { port } = receiver.address() as AddressInfo;
    env = {
      DATA_DIR: dataDir,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_CALLBACK_URL: `http://127.0.0.1:${port}/callback`,
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: 'correct horse battery',
    };
  });

  afterAll(async () => {
    if (running) await kill(running.child, 'SIGTERM');
    await new Promise((r) => receiver.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fires an armed wait exactly once after the server is killed and restarted, and never replays a message id', async () => {
    running = await startServer(env);
    const login = await fetch(`${running.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'correct horse battery' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const headers = { 'content-type': 'application/json', cookie };
    const created = await fetch(`${running.url}/api/flows`, { method: 'POST', headers, body: JSON.stringify(reminderFlow) });
    expect(created.status).toBe(201);
    const { revision } = (await created.json()) as { revision: number };
    const published = await fetch(`${running.url}/api/flows/reminder/publish`, { method: 'POST', headers, body: JSON.stringify({ revision }) });
    expect(published.status).toBe(200);

    const first = await signedPost(running.url, { contactId: 'c1', messageId: 'm1', text: 'please remind me', sync: true });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { replies: { text: string }[] }).replies.map((r) => r.text)).toEqual(['OK, I will remind you.']);
    const again = await signedPost(running.url, { contactId: 'c1', messageId: 'm1', text: 'please remind me', sync: true });
    expect(await again.json()).toMatchObject({ duplicate: true, replies: [{ text: 'OK, I will remind you.' }] });

    // The wait is armed (3 s). Kill the process outright: no graceful shutdown, no chance to flush.
    await kill(running.child, 'SIGKILL');
    running = null;
    expect(delivered).toHaveLength(0);

    running = await startServer(env);
    await waitFor(() => delivered.length > 0, 20_000);
    // Give a second firing every chance to happen before counting.
    await new Promise((r) => setTimeout(r, 2500));
    expect(delivered.map((d) => d.message.text)).toEqual(['Reminder for c1!']);

    // Still a duplicate after the restart, answered with what the first delivery got, not run again.
    const replay = await signedPost(running.url, { contactId: 'c1', messageId: 'm1', text: 'please remind me', sync: true });
    expect(await replay.json()).toMatchObject({ duplicate: true, replies: [{ text: 'OK, I will remind you.' }] });
  }, 60_000);
});
