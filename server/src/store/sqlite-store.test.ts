import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { flowSchema } from '@parley/shared';
import type { Conversation } from './store';
import { openSqliteStore } from './sqlite-store';
import { describeStoreContract } from './store-contract';

let dir: string | null = null;

function freshFile(): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-sqlite-'));
  return path.join(dir, 'nested', 'parley.db');
}

async function removeDir(): Promise<void> {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
}

describeStoreContract('sqlite', async () => openSqliteStore({ file: freshFile() }), removeDir);

describe('sqlite store on disk', () => {
  afterEach(removeDir);

  const conversation: Conversation = {
    id: 'c1',
    channel: 'webhook',
    externalId: '+8613800000000',
    state: {
      conversationId: 'c1',
      channel: 'webhook',
      contact: { id: 'contact-1', name: 'Li', tags: [], attributes: {} },
      session: {
        flowId: 'welcome',
        version: 1,
        nodeId: 'wait',
        waiting: { kind: 'timer', token: 'tok-1', until: 5_000 },
        variables: {},
        counters: {},
        startedAt: 1_000,
        seq: 1,
      },
      activity: { lastInboundAt: null, inbound: [1_000], automated: [], texts: [], flowsEntered: { welcome: 1_000 } },
      handedOff: false,
    },
    status: 'bot',
    assignee: null,
    team: null,
    revision: 1,
    createdAt: 1_000,
    updatedAt: 1_000,
  };

  it('keeps flows, conversations and timers across close and reopen', async () => {
    const file = freshFile();
    const first = openSqliteStore({ file });
    const flow = flowSchema.parse({
      id: 'welcome',
      name: 'Welcome',
      status: 'draft',
      graph: { nodes: [], edges: [] },
      settings: {},
      publishedVersion: null,
      revision: 0,
      createdAt: 1_000,
      updatedAt: 1_000,
    });
    await first.createFlow(flow);
    const { version } = await first.publishFlow('welcome', 0, 2_000);
    await first.commit({
      conversation,
      expectedRevision: null,
      inbound: { channel: 'webhook', messageId: 'wamid-1' },
      messages: [],
      outbox: [],
      timersArmed: [{ token: 'tok-1', conversationId: 'c1', dueAt: 5_000 }],
      timersDone: [],
      stats: [],
      unmatched: [],
      event: { at: 1_000, event: { type: 'message' }, trace: [] },
    });
    await first.close();

    const second = openSqliteStore({ file });
    try {
      expect(await second.getFlow('welcome')).toMatchObject({ name: 'Welcome', status: 'published', publishedVersion: 1 });
      expect(await second.liveVersions()).toEqual([version]);
      expect(await second.getConversation('c1')).toEqual(conversation);
      expect(await second.seenInbound('webhook', 'wamid-1')).toBe(true);
      expect(await second.nextTimerDue()).toBe(5_000);
      expect(await second.claimDueTimers(5_000, 10, 1_000)).toEqual([{ token: 'tok-1', conversationId: 'c1', dueAt: 5_000 }]);
      expect(await second.waitingNow('welcome', null)).toEqual([{ version: 1, nodeId: 'wait', count: 1 }]);
    } finally {
      await second.close();
    }
  });

  it('runs the database in WAL mode with the schema at its latest step', async () => {
    const file = freshFile();
    const store = openSqliteStore({ file });
    await store.close();

    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1);
    } finally {
      db.close();
    }
  });

  it('gives the tokens of a database from before token ids a random id each, and keeps them working', async () => {
    const file = freshFile();
    const store = openSqliteStore({ file });
    await store.createUser({ id: 'u1', email: 'ann@example.com', name: 'Ann', role: 'admin', teams: [], passwordHash: 'h', createdAt: 1 });
    await store.close();

    // Turn the file back into schema step 1: auth_tokens as it was shipped then, with two tokens in it.
    const old = new Database(file);
    try {
      old.exec(`
        DROP TABLE auth_tokens;
        CREATE TABLE auth_tokens (
          token_hash TEXT PRIMARY KEY,
          user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          kind       TEXT NOT NULL CHECK (kind IN ('session', 'api')),
          name       TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          expires_at INTEGER
        );
        INSERT INTO auth_tokens VALUES ('h-script', 'u1', 'api', 'script', 10, NULL), ('h-cron', 'u1', 'api', 'cron', 20, NULL);
      `);
      old.pragma('user_version = 1');
    } finally {
      old.close();
    }

    const migrated = openSqliteStore({ file });
    try {
      const tokens = await migrated.listAuthTokens('u1', 'api');
      expect(tokens.map((t) => [t.name, t.createdAt, t.lastUsedAt])).toEqual([
        ['script', 10, null],
        ['cron', 20, null],
      ]);
      const [script, cron] = tokens;
      expect(script?.id).toMatch(/^[0-9a-f]{16}$/);
      expect(cron?.id).toMatch(/^[0-9a-f]{16}$/);
      expect(script?.id).not.toBe(cron?.id);
      expect(await migrated.getAuthToken('h-script', 100)).toEqual(script);
      expect(await migrated.deleteAuthTokenById('u1', script?.id ?? '')).toBe(true);
      expect(await migrated.getAuthToken('h-script', 100)).toBeNull();
      expect(await migrated.getAuthToken('h-cron', 100)).toEqual(cron);
    } finally {
      await migrated.close();
    }
  });

  it('refuses to rewrite a published version even through SQL', async () => {
    const file = freshFile();
    const store = openSqliteStore({ file });
    await store.createFlow(
      flowSchema.parse({ id: 'f', name: 'F', status: 'draft', graph: { nodes: [], edges: [] }, settings: {}, publishedVersion: null, revision: 0, createdAt: 1, updatedAt: 1 }),
    );
    await store.publishFlow('f', 0, 2);
    await store.close();

    const db = new Database(file);
    try {
      expect(() => db.prepare("UPDATE flow_versions SET name = 'changed'").run()).toThrow(/immutable/);
    } finally {
      db.close();
    }
  });
});
