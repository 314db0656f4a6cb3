// A real Parley for API tests: SQLite in a temp dir, the real runtime, a hand-advanced clock, the
// express app (drive it with supertest) and, on request, a server listening on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { Server as SocketServer } from 'socket.io';
import request from 'supertest';
import { AuthService } from '../../auth/auth-service';
import { createParley } from '../../parley';
import type { Clock, HttpPerformer } from '../../runtime/runtime-types';
import { openSqliteStore } from '../../store/sqlite-store';
import type { Role, UserRecord } from '../../store/store';
import { signedHeaders, WEBHOOK_SECRET } from './sign-webhook';

export class FakeClock implements Clock {
  constructor(public ms: number) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** 2025-01-15 10:00 UTC, a Wednesday. */
export const START = Date.UTC(2025, 0, 15, 10, 0, 0);

export interface TestParleyOptions {
  webhookCallbackUrl?: string | null;
  webhookSyncDeadlineMs?: number;
  logger?: Logger;
  /** The http node's performer (default: real fetch); tests stand in for the services flows call. */
  http?: HttpPerformer;
}

export async function createTestParley(options: TestParleyOptions = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-api-'));
  const store = openSqliteStore({ file: path.join(dir, 'parley.db') });
  const clock = new FakeClock(START);
  // PARLEY_TEST_LOG=error shows what the app logs (unexpected 500s) while debugging a test.
  const logger = options.logger ?? pino({ level: process.env.PARLEY_TEST_LOG ?? 'silent' });
  const parley = createParley({
    store,
    clock,
    logger,
    config: {
      webhookSecret: WEBHOOK_SECRET,
      webhookSyncDeadlineMs: options.webhookSyncDeadlineMs ?? 4000,
      webhookCallbackUrl: options.webhookCallbackUrl ?? null,
      publicUrl: null,
    },
    ...(options.http ? { http: options.http } : {}),
  });
  await parley.runtime.init();
  const auth = new AuthService(store, clock);
  let listening: { server: http.Server; io: SocketServer; url: string } | null = null;
  let users = 0;

  return {
    ...parley,
    store,
    clock,
    auth,
    /** A user with this role and a personal API token: `Authorization: Bearer <token>` headers. */
    async userWithToken(role: Role, teams: string[] = []): Promise<{ user: UserRecord; headers: { authorization: string } }> {
      users++;
      const user = await auth.createUser({ email: `${role}${users}@example.com`, password: 'correct horse battery', name: `${role} ${users}`, role, teams });
      const { token } = await auth.createApiToken(user, 'test');
      return { user, headers: { authorization: `Bearer ${token}` } };
    },
    /** Moves the clock to `at`, firing each timer at the time it falls due on the way, and lets the runtime settle. */
    async advanceTo(at: number): Promise<void> {
      await parley.runtime.tick();
      for (let guard = 0; guard < 10_000; guard++) {
        const due = await store.nextTimerDue();
        if (due === null || due > at) break;
        clock.ms = Math.max(clock.ms, due);
        await parley.runtime.tick();
      }
      clock.ms = Math.max(clock.ms, at);
      await parley.runtime.tick();
    },
    /** Starts a real HTTP server with sockets on 127.0.0.1 and a free port. */
    async listen(): Promise<string> {
      const server = http.createServer(parley.handler);
      const io = parley.attachSockets(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      listening = { server, io, url: `http://127.0.0.1:${port}` };
      return listening.url;
    },
    async close(): Promise<void> {
      if (listening) {
        const { io } = listening;
        await new Promise<void>((resolve) => io.close(() => resolve()));
      }
      await parley.runtime.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestParley = Awaited<ReturnType<typeof createTestParley>>;

// ---------- small flows for tests ----------

export function keywordReplyFlow(id: string, keyword: string, text: string) {
  return {
    id,
    name: `Flow ${id}`,
    graph: {
      nodes: [
        { id: 't', type: 'trigger', data: { kind: 'keyword', keywords: [{ text: keyword, match: 'contains' }] } },
        { id: 'r', type: 'reply', data: { messages: [{ type: 'text', text }] } },
        { id: 'end', type: 'end', data: {} },
      ],
      edges: [
        { id: 'e1', source: 't', sourceHandle: 'next', target: 'r' },
        { id: 'e2', source: 'r', sourceHandle: 'next', target: 'end' },
      ],
    },
  };
}

/** Posts a correctly signed generic-webhook body; `sync: true` unless the body says otherwise. */
export async function postWebhook(app: TestParley['app'], clock: Clock, body: Record<string, unknown>) {
  const raw = JSON.stringify({ sync: true, ...body });
  return request(app).post('/webhooks/generic').set(signedHeaders(raw, clock.now())).send(raw);
}

/** The texts of a sync webhook response's replies. */
export function replyTexts(res: { body: { replies?: { type: string; text?: string }[] } }): string[] {
  return (res.body.replies ?? []).map((r) => r.text ?? `[${r.type}]`);
}
