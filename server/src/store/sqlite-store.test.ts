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

// A file "at schema N" has user_version N: the steps MIGRATIONS[0..N-1] ran (see migrate in sqlite-store.ts).

/** Undoes the step to schema 7 (unique contacts keyed by day first, completion times), as a file at schema 6 was. */
function rewindToSchema6(db: Database.Database): void {
  db.exec(`
    DROP TABLE stat_durations;
    DROP TABLE stat_uniques;
    CREATE TABLE stat_uniques (
      flow_id    TEXT NOT NULL,
      version    INTEGER NOT NULL,
      node_id    TEXT NOT NULL,
      day        TEXT NOT NULL,
      contact_id TEXT NOT NULL,
      PRIMARY KEY (flow_id, version, node_id, day, contact_id)
    ) WITHOUT ROWID;
  `);
  db.pragma('user_version = 6');
}

/** Undoes the step to schema 6 (inline replies out of the outbox, the event log without AUTOINCREMENT), as a file at schema 5 was. */
function rewindToSchema5(db: Database.Database): void {
  rewindToSchema6(db);
  db.exec(`
    ALTER TABLE outbox ADD COLUMN delivered_inline INTEGER NOT NULL DEFAULT 0;
    DROP TABLE event_log;
    CREATE TABLE event_log (
      seq             INTEGER PRIMARY KEY AUTOINCREMENT,
      conversation_id TEXT NOT NULL,
      at              INTEGER NOT NULL,
      event           TEXT NOT NULL,
      trace           TEXT NOT NULL
    );
    CREATE INDEX event_log_conversation ON event_log (conversation_id, seq);
    DROP INDEX timers_leased;
  `);
  db.pragma('user_version = 5');
}

/** Undoes the schema steps after step 2 (inline replies of inbound ids, the live stamp, …), as a file of that time was. */
function rewindToStep2(db: Database.Database): void {
  rewindToSchema5(db);
  db.exec(`
    DROP TRIGGER flows_live_order;
    ALTER TABLE flows DROP COLUMN position;
    DROP TRIGGER flows_live_insert;
    DROP TRIGGER flows_live_update;
    DROP TABLE live_stamp;
    DROP TABLE inbound_ids;
    CREATE TABLE inbound_ids (
      channel         TEXT NOT NULL,
      message_id      TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      PRIMARY KEY (channel, message_id)
    ) WITHOUT ROWID;
  `);
  db.pragma('user_version = 2');
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
      inbound: { channel: 'webhook', messageId: 'wamid-1', replies: [{ type: 'text', text: 'Welcome!', buttons: [] }] },
      messages: [],
      outbox: [],
      timersArmed: [{ token: 'tok-1', conversationId: 'c1', dueAt: 5_000 }],
      timersDone: [],
      stats: [],
      unmatched: [],
      completions: [],
      event: { at: 1_000, event: { type: 'message' }, trace: [] },
    });
    await first.close();

    const second = openSqliteStore({ file });
    try {
      expect(await second.getFlow('welcome')).toMatchObject({ name: 'Welcome', status: 'published', publishedVersion: 1 });
      expect(await second.liveVersions()).toEqual([version]);
      expect(await second.getConversation('c1')).toEqual(conversation);
      expect(await second.inboundReplies('webhook', 'wamid-1')).toEqual([{ type: 'text', text: 'Welcome!', buttons: [] }]);
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
      rewindToStep2(old);
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

  it('keeps the unique contacts of a file at schema 6 and counts new ones with them', async () => {
    const file = freshFile();
    await openSqliteStore({ file, backgroundCheckpoints: false }).close();
    const old = new Database(file);
    try {
      rewindToSchema6(old);
      old.exec(`INSERT INTO stat_uniques VALUES ('f', 1, 'start', '2026-03-01', 'ann'), ('f', 1, 'start', '2026-03-02', 'bob')`);
    } finally {
      old.close();
    }
    const migrated = openSqliteStore({ file, backgroundCheckpoints: false });
    try {
      const commit = { conversation, expectedRevision: null, inbound: null, messages: [], outbox: [], timersArmed: [], timersDone: [], unmatched: [], event: { at: 1, event: { type: 'message' }, trace: [] } };
      const stat = { flowId: 'f', version: 1, nodeId: 'start', day: '2026-03-02', metric: 'entered' };
      const stats = [{ ...stat, contactId: 'ann' }, { ...stat, contactId: 'bob' }];
      expect(await migrated.commit({ ...commit, stats, completions: [{ flowId: 'f', version: 1, day: '2026-03-02', seconds: 4 }] })).toBe('committed');
      expect(await migrated.uniqueContacts({ flowId: 'f', nodeIds: ['start'], version: null, from: '2026-03-01', to: '2026-03-02' })).toEqual([{ nodeId: 'start', contacts: 2 }]);
      expect(await migrated.contactsEntering({ flowId: 'f', from: '2026-03-02', to: '2026-03-02', nodes: [{ version: 1, nodeId: 'start' }] })).toBe(2);
      expect(await migrated.completionTimes({ flowId: 'f', version: 1, from: '2026-03-02', to: '2026-03-02' })).toEqual([{ seconds: 4, count: 1 }]);
    } finally {
      await migrated.close();
    }
  });

  it('drops the outbox rows of replies delivered inline and keeps the event log and its order when moving to schema 6', async () => {
    const file = freshFile();
    const store = openSqliteStore({ file });
    await store.close();

    const old = new Database(file);
    try {
      rewindToSchema5(old);
      old.exec(`
        INSERT INTO conversations (id, channel, external_id, state, status, revision, created_at, updated_at)
          VALUES ('c1', 'webhook', 'x', '{}', 'bot', 1, 1, 1);
        INSERT INTO outbox (id, conversation_id, channel, external_id, message, delivered_inline, status, attempts, next_at, created_at)
          VALUES ('inline', 'c1', 'webhook', 'x', '{"type":"text","text":"hi","buttons":[]}', 1, 'sent', 0, 1, 1),
                 ('pending', 'c1', 'webhook', 'x', '{"type":"text","text":"later","buttons":[]}', 0, 'pending', 0, 1, 1);
        INSERT INTO event_log (conversation_id, at, event, trace) VALUES ('c1', 1, '{}', '[]'), ('c1', 2, '{}', '[]');
      `);
    } finally {
      old.close();
    }

    const migrated = openSqliteStore({ file });
    try {
      expect((await migrated.claimOutbox(10, 10, 1_000)).map((item) => item.id)).toEqual(['pending']);
      const next = { ...conversation, revision: 2 };
      const commit = { conversation: next, expectedRevision: 1, inbound: null, messages: [], outbox: [], timersArmed: [], timersDone: [], stats: [], completions: [], unmatched: [] };
      expect(await migrated.commit({ ...commit, event: { at: 3, event: { type: 'message' }, trace: [] } })).toBe('committed');
      const events = await migrated.listEvents({ conversationId: 'c1', afterSeq: 0, limit: 10 });
      expect(events.map((event) => [event.seq, event.at])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
      ]);
    } finally {
      await migrated.close();
    }
    // The step really ran (a rewind that left user_version at the latest would pass the checks above).
    const after = new Database(file, { readonly: true });
    try {
      expect(after.prepare('SELECT id FROM outbox').all()).toEqual([{ id: 'pending' }]);
      expect(after.prepare("SELECT name FROM pragma_table_info('outbox') WHERE name = 'delivered_inline'").all()).toEqual([]);
    } finally {
      after.close();
    }
  });

  it('keeps the inbound ids of a database from before inline replies were recorded, as seen with no replies', async () => {
    const file = freshFile();
    const store = openSqliteStore({ file });
    await store.close();

    // Turn the file back into schema step 2, with one inbound id recorded the way it was then.
    const old = new Database(file);
    try {
      rewindToStep2(old);
      old.exec("INSERT INTO inbound_ids VALUES ('webhook', 'old-1', 'c1')");
    } finally {
      old.close();
    }

    const migrated = openSqliteStore({ file });
    try {
      expect(await migrated.inboundReplies('webhook', 'old-1')).toEqual([]);
      expect(await migrated.inboundReplies('webhook', 'old-2')).toBeNull();
    } finally {
      await migrated.close();
    }
  });

  it('writes the events of one turn in one transaction, counting the stats of those written and of no refused one', async () => {
    const store = openSqliteStore({ file: freshFile() });
    try {
      const entered = (contactId: string) => ({ flowId: 'f', version: 1, nodeId: 't', day: '2025-01-15', metric: 'entered', contactId });
      const commitFor = (id: string, expectedRevision: number | null, messageId: string) => ({
        conversation: { ...conversation, id, externalId: `x-${id}`, state: { ...conversation.state, conversationId: id }, revision: (expectedRevision ?? 0) + 1 },
        expectedRevision,
        inbound: { channel: 'webhook' as const, messageId, replies: [] },
        messages: [],
        outbox: [],
        timersArmed: [],
        timersDone: [],
        stats: [entered(`contact-${id}`)],
        unmatched: [],
      completions: [],
        event: { at: 1_000, event: { type: 'message' }, trace: [] },
      });
      await store.commit(commitFor('a', null, 'm-a'));
      // One turn: a new conversation, an update, a stale update (conflict) and a message seen before.
      const results = await Promise.allSettled([
        store.commit(commitFor('b', null, 'm-b')),
        store.commit(commitFor('a', 1, 'm-a2')),
        store.commit(commitFor('a', 0, 'm-a3')),
        store.commit(commitFor('c', null, 'm-a')),
      ]);
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).name))).toEqual(['committed', 'committed', 'StoreConflictError', 'duplicate']);
      const [row] = await store.nodeStats({ flowId: 'f', version: null, from: '2025-01-15', to: '2025-01-15' });
      expect(row?.entered).toBe(3);
      expect(await store.uniqueContacts({ flowId: 'f', nodeIds: ['t'], version: null, from: '2025-01-15', to: '2025-01-15' })).toEqual([{ nodeId: 't', contacts: 2 }]);
      expect(await store.getConversation('c')).toBeNull();
      expect((await store.getConversation('a'))?.revision).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('skips an outbox row it cannot read, marks it failed, and still hands out the others', async () => {
    const file = freshFile();
    const store = openSqliteStore({ file });
    const item = (id: string, createdAt: number) => ({
      id,
      conversationId: 'c1',
      channel: 'webhook' as const,
      externalId: conversation.externalId,
      message: { type: 'text' as const, text: `message ${id}`, buttons: [] },
      attempts: 0,
      createdAt,
    });
    await store.commit({
      conversation,
      expectedRevision: null,
      inbound: null,
      messages: [],
      outbox: [item('good-1', 1_000), item('good-2', 1_003)],
      timersArmed: [],
      timersDone: [],
      stats: [],
      unmatched: [],
      completions: [],
      event: { at: 1_000, event: { type: 'message' }, trace: [] },
    });
    // Rows no build of Parley can read: written by hand, or by a future build with a message type this one lacks.
    const raw = new Database(file);
    try {
      const insert = raw.prepare(`
        INSERT INTO outbox (id, conversation_id, channel, external_id, message, status, attempts, next_at, created_at)
        VALUES (?, 'c1', ?, 'x', ?, 'pending', 0, ?, ?)`);
      insert.run('not-json', 'webhook', '{"type":"text","te', 1_001, 1_001);
      insert.run('hologram', 'webhook', JSON.stringify({ type: 'hologram', text: 'hi' }), 1_002, 1_002);
      insert.run('fax', 'fax', JSON.stringify({ type: 'text', text: 'hi', buttons: [] }), 1_002, 1_002);
    } finally {
      raw.close();
    }

    try {
      const claimed = await store.claimOutbox(2_000, 10, 1_000);
      expect(claimed).toEqual([item('good-1', 1_000), item('good-2', 1_003)]);
      // The unreadable rows are given up on for good, with a reason, instead of failing every claim.
      expect((await store.claimOutbox(1_000_000, 10, 1_000)).map((claim) => claim.id)).toEqual(['good-1', 'good-2']);
      const check = new Database(file, { readonly: true });
      try {
        expect(check.prepare("SELECT id, status, error FROM outbox WHERE id NOT LIKE 'good-%' ORDER BY id").all()).toEqual([
          { id: 'fax', status: 'failed', error: 'unreadable message' },
          { id: 'hologram', status: 'failed', error: 'unreadable message' },
          { id: 'not-json', status: 'failed', error: 'unreadable message' },
        ]);
      } finally {
        check.close();
      }
    } finally {
      await store.close();
    }
  });

  it('keeps the live stamp when only a draft is saved, so the runtime does not recompile for nothing', async () => {
    const store = openSqliteStore({ file: freshFile() });
    try {
      const flow = await store.createFlow(
        flowSchema.parse({ id: 'f', name: 'F', status: 'draft', graph: { nodes: [], edges: [] }, settings: {}, publishedVersion: null, revision: 0, createdAt: 1, updatedAt: 1 }),
      );
      const draftOnly = await store.liveStamp();
      const saved = await store.saveFlow({ ...flow, name: 'Renamed', updatedAt: 2 }, 0);
      expect(await store.liveStamp()).toBe(draftOnly);
      const { flow: published } = await store.publishFlow('f', saved.revision, 3);
      const live = await store.liveStamp();
      expect(live).not.toBe(draftOnly);
      await store.saveFlow({ ...published, description: 'editing the next version', updatedAt: 4 }, published.revision);
      expect(await store.liveStamp()).toBe(live);
    } finally {
      await store.close();
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
