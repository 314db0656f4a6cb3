// Crash test: the real server process (built dist) is killed with SIGKILL while a wait is armed,
// started again on the same data directory, and the timer must fire exactly once; inbound message
// ids stay deduplicated across the restart. Real time, real SQLite file, loopback only.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { signedHeaders } from './support/sign-webhook';
import { SERVER_ENTRY, spawnServer } from './support/spawn-server';

const SECRET = 'durability-test-secret-0123456789';

interface Running {
  child: ChildProcess;
  url: string;
}

async function startServer(env: Record<string, string>): Promise<Running> {
  const server = spawnServer(env);
  return { child: server.child, url: await server.url };
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
  return fetch(`${url}/webhooks/generic`, { method: 'POST', headers: signedHeaders(raw, Date.now(), SECRET), body: raw });
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
    if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first (npm test does)`);
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
