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
