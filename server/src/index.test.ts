// The real server process (built dist), as an operator runs it: it stops cleanly on SIGTERM without
// losing the reply it was delivering, and a port already taken is a one-line message, not a stack.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { signedHeaders } from './__tests__/support/sign-webhook';
import { SERVER_ENTRY, spawnServer, type SpawnedServer } from './__tests__/support/spawn-server';

const SECRET = 'index-test-secret-0123456789abcdef';

function start(env: Record<string, string>): SpawnedServer {
  return spawnServer({ WEBHOOK_SECRET: SECRET, ...env });
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);
}

async function json(url: string, method: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('the server process', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const dataDir = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-index-'));
    dirs.push(dir);
    return dir;
  };
  beforeAll(() => {
    if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first (npm test does)`);
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('stops on SIGTERM with exit code 0, finishing the reply it is delivering, and never sends it again', async () => {
    // A slow receiver: SIGTERM arrives while the reply is on the wire.
    const received: string[] = [];
    let gotOne: () => void = () => {};
    const firstDelivery = new Promise<void>((resolve) => (gotOne = resolve));
    const receiver = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        received.push((JSON.parse(raw) as { message: { text: string } }).message.text);
        gotOne();
        setTimeout(() => res.writeHead(200).end('{}'), 1000);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const env = {
      DATA_DIR: dataDir(),
      WEBHOOK_CALLBACK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/callback`,
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: 'correct horse battery',
    };
    try {
      const first = start(env);
      children.push(first.child);
      const url = await first.url;
      const login = await json(`${url}/api/auth/login`, 'POST', { email: 'admin@example.com', password: 'correct horse battery' });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const flow = {
        id: 'hello',
        name: 'Hello',
        graph: {
          nodes: [
            { id: 't', type: 'trigger', data: { kind: 'keyword', keywords: [{ text: 'hello', match: 'contains' }] } },
            { id: 'r', type: 'reply', data: { messages: [{ type: 'text', text: 'Hi there' }] } },
          ],
          edges: [{ id: 'e', source: 't', sourceHandle: 'next', target: 'r' }],
        },
      };
      expect((await json(`${url}/api/flows`, 'POST', flow, { cookie })).status).toBe(201);
      expect((await json(`${url}/api/flows/hello/publish`, 'POST', { revision: 0 }, { cookie })).status).toBe(200);

      const raw = JSON.stringify({ contactId: 'c1', messageId: 'm1', text: 'hello' });
      const posted = await fetch(`${url}/webhooks/generic`, { method: 'POST', headers: signedHeaders(raw, Date.now(), SECRET), body: raw });
      expect(posted.status).toBe(200);

      await within(firstDelivery, 10_000, 'the callback');
      first.child.kill('SIGTERM');
      expect((await within(first.exit, 8000, 'exit after SIGTERM')).code).toBe(0);

      // Started again on the same data: the reply was recorded as sent, so it is not sent twice.
      const second = start(env);
      children.push(second.child);
      await second.url;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      second.child.kill('SIGTERM');
      expect((await within(second.exit, 8000, 'second exit')).code).toBe(0);
      expect(received).toEqual(['Hi there']);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  }, 60_000);

  it('says in one line that the port is taken, and exits 1', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = String((blocker.address() as AddressInfo).port);
    try {
      const run = start({ DATA_DIR: dataDir(), PORT: port });
      children.push(run.child);
      const { code, output } = await within(run.exit, 15_000, 'exit');
      expect(code).toBe(1);
      expect(output).toContain(`parley: 127.0.0.1:${port} is already in use; stop what listens there or set PORT to another port`);
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 30_000);
});
