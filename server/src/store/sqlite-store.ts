/**
 * The embedded SQLite adapter of the store port: one file in WAL mode whose schema is migrated step by
 * step through `PRAGMA user_version`, with every statement prepared once at open.
 * better-sqlite3 is synchronous, so each method does its work (in one transaction when it writes several
 * rows) and resolves at once, except event commits, which are grouped per turn of the event loop; WAL
 * checkpoints run in a worker thread (sqlite-checkpointer).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { channelSchema, flowSchema, flowVersionSchema, graphSchema, outMessageSchema } from '@parley/shared';
import type { Channel, ConversationState, Flow, FlowVersion, Json, OutMessage, TraceEntry } from '@parley/shared';
import type { z } from 'zod';
import {
  StoreConflictError,
  StoreNotFoundError,
  type AuthTokenRecord,
  type Conversation,
  type ConversationQuery,
  type ConversationStatus,
  type EventCommit,
  type EventLogQuery,
  type EventLogRecord,
  type MessageRecord,
  type NodeStatRow,
  type OutboxItem,
  type Role,
  type StatsQuery,
  type Store,
  type TimerRecord,
  type UserRecord,
} from './store';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer';

/** Schema steps; step i moves `user_version` from i to i + 1. Append, never edit a shipped step. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE flows (
    id                TEXT PRIMARY KEY,
    schema_version    INTEGER NOT NULL,
    name              TEXT NOT NULL,
    description       TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    graph             TEXT NOT NULL,
    settings          TEXT NOT NULL,
    published_version INTEGER,
    revision          INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
  );

  CREATE TABLE flow_versions (
    flow_id         TEXT NOT NULL REFERENCES flows (id),
    version         INTEGER NOT NULL,
    name            TEXT NOT NULL,
    graph           TEXT NOT NULL,
    settings        TEXT NOT NULL,
    flow_created_at INTEGER NOT NULL,
    published_at    INTEGER NOT NULL,
    PRIMARY KEY (flow_id, version)
  );
  -- Running conversations and stats refer to versions by number: a published version never changes.
  CREATE TRIGGER flow_versions_immutable BEFORE UPDATE ON flow_versions
  BEGIN
    SELECT RAISE(ABORT, 'flow versions are immutable');
  END;

  CREATE TABLE conversations (
    id              TEXT PRIMARY KEY,
    channel         TEXT NOT NULL,
    external_id     TEXT NOT NULL,
    state           TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('bot', 'handed_off', 'closed')),
    assignee        TEXT,
    team            TEXT,
    revision        INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    -- Copied from state.session so that "waiting now" is a grouped index scan, not a JSON walk.
    session_flow_id TEXT,
    session_version INTEGER,
    session_node_id TEXT,
    UNIQUE (channel, external_id)
  );
  CREATE INDEX conversations_session ON conversations (session_flow_id, session_version, session_node_id)
    WHERE session_node_id IS NOT NULL;
  CREATE INDEX conversations_status ON conversations (status, assignee);
  CREATE INDEX conversations_updated ON conversations (updated_at);

  CREATE TABLE messages (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    direction       TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    body            TEXT NOT NULL,
    at              INTEGER NOT NULL
  );
  CREATE INDEX messages_conversation ON messages (conversation_id, at);

  CREATE TABLE inbound_ids (
    channel         TEXT NOT NULL,
    message_id      TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    PRIMARY KEY (channel, message_id)
  ) WITHOUT ROWID;

  CREATE TABLE outbox (
    id               TEXT PRIMARY KEY,
    conversation_id  TEXT NOT NULL REFERENCES conversations (id),
    channel          TEXT NOT NULL,
    external_id      TEXT NOT NULL,
    message          TEXT NOT NULL,
    delivered_inline INTEGER NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL,
    next_at          INTEGER NOT NULL,
    lease_until      INTEGER,
    error            TEXT,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
  );
  CREATE INDEX outbox_due ON outbox (next_at) WHERE status = 'pending';

  CREATE TABLE timers (
    token           TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    due_at          INTEGER NOT NULL,
    lease_until     INTEGER
  );
  CREATE INDEX timers_due ON timers (due_at);

  CREATE TABLE stat_counters (
    flow_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    node_id TEXT NOT NULL,
    day     TEXT NOT NULL,
    metric  TEXT NOT NULL,
    count   INTEGER NOT NULL,
    PRIMARY KEY (flow_id, version, node_id, day, metric)
  ) WITHOUT ROWID;

  CREATE TABLE stat_uniques (
    flow_id    TEXT NOT NULL,
    version    INTEGER NOT NULL,
    node_id    TEXT NOT NULL,
    day        TEXT NOT NULL,
    contact_id TEXT NOT NULL,
    PRIMARY KEY (flow_id, version, node_id, day, contact_id)
  ) WITHOUT ROWID;

  CREATE TABLE unmatched (
    text    TEXT NOT NULL,
    day     TEXT NOT NULL,
    count   INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    PRIMARY KEY (text, day)
  ) WITHOUT ROWID;
  CREATE INDEX unmatched_day ON unmatched (day);

  CREATE TABLE event_log (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    at              INTEGER NOT NULL,
    event           TEXT NOT NULL,
    trace           TEXT NOT NULL
  );
  CREATE INDEX event_log_conversation ON event_log (conversation_id, seq);

  CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE, -- stored lower-cased: unique regardless of case
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'analyst', 'agent')),
    teams         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
  );

  CREATE TABLE auth_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('session', 'api')),
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
  );

  CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  );
  `,
  // Tokens get a public id (to list and revoke them by) and a last-used time. SQLite cannot add a
  // NOT NULL UNIQUE column in place, so the table is rebuilt; tokens issued before get a random id.
  `
  CREATE TABLE auth_tokens_next (
    id           TEXT NOT NULL UNIQUE,
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('session', 'api')),
    name         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    last_used_at INTEGER
  );
  INSERT INTO auth_tokens_next (id, token_hash, user_id, kind, name, created_at, expires_at, last_used_at)
    SELECT lower(hex(randomblob(8))), token_hash, user_id, kind, name, created_at, expires_at, NULL FROM auth_tokens;
  DROP TABLE auth_tokens;
  ALTER TABLE auth_tokens_next RENAME TO auth_tokens;
  CREATE INDEX auth_tokens_user ON auth_tokens (user_id, kind, created_at);
  `,
  // A retried message is answered with what its first delivery was answered with inline (sync webhooks).
  // Ids recorded before had no inline replies kept: they read as seen, with none.
  `
  ALTER TABLE inbound_ids ADD COLUMN replies TEXT NOT NULL DEFAULT '[]';
  `,
  // Which versions are live changes only with a flow's status or published version. These triggers
  // count such changes whoever makes them (another process, flows:load), so each runtime polls one row
  // to notice; a draft save changes neither column and costs no recompile.
  `
  CREATE TABLE live_stamp (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    changes INTEGER NOT NULL
  );
  INSERT INTO live_stamp (id, changes) VALUES (1, 0);
  CREATE TRIGGER flows_live_insert AFTER INSERT ON flows
    WHEN NEW.status = 'published'
  BEGIN
    UPDATE live_stamp SET changes = changes + 1 WHERE id = 1;
  END;
  CREATE TRIGGER flows_live_update AFTER UPDATE OF status, published_version ON flows
    WHEN OLD.status IS NOT NEW.status OR OLD.published_version IS NOT NEW.published_version
  BEGIN
    UPDATE live_stamp SET changes = changes + 1 WHERE id = 1;
  END;
  `,
  // The flows list order, set by hand: the engine's tie-breaker between equal-priority triggers. NULL
  // (never placed, or created since) sorts after the placed flows, by creation. Moving a published
  // flow changes the order of the live versions, so it counts as a live change.
  `
  ALTER TABLE flows ADD COLUMN position INTEGER;
  CREATE TRIGGER flows_live_order AFTER UPDATE OF position ON flows
    WHEN OLD.position IS NOT NEW.position AND NEW.status = 'published'
  BEGIN
    UPDATE live_stamp SET changes = changes + 1 WHERE id = 1;
  END;
  `,
  // Fewer pages per event. Replies delivered inline are messages only: the outbox holds what is still
  // to deliver. The event log's seq is its rowid without AUTOINCREMENT, which wrote sqlite_sequence on
  // every insert; rows are never deleted, so seq still only grows. Leased timers get an index so the
  // next due time is found without reading every timer.
  `
  DELETE FROM outbox WHERE delivered_inline = 1;
  ALTER TABLE outbox DROP COLUMN delivered_inline;
  CREATE TABLE event_log_next (
    seq             INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    at              INTEGER NOT NULL,
    event           TEXT NOT NULL,
    trace           TEXT NOT NULL
  );
  INSERT INTO event_log_next (seq, conversation_id, at, event, trace) SELECT seq, conversation_id, at, event, trace FROM event_log;
  DROP TABLE event_log;
  ALTER TABLE event_log_next RENAME TO event_log;
  CREATE INDEX event_log_conversation ON event_log (conversation_id, seq);
  CREATE INDEX timers_leased ON timers (lease_until) WHERE lease_until IS NOT NULL;
  `,
  // Analytics: distinct contacts are counted per node over a day range, for the versions asked for, so
  // the key is (flow, node, day) first: each node's range is one seek whatever the flow's history or
  // versions (bench/src/analytics.ts measured it); completion times per second, for the median.
  `
  CREATE TABLE stat_uniques_next (
    flow_id    TEXT NOT NULL,
    node_id    TEXT NOT NULL,
    day        TEXT NOT NULL,
    version    INTEGER NOT NULL,
    contact_id TEXT NOT NULL,
    PRIMARY KEY (flow_id, node_id, day, version, contact_id)
  ) WITHOUT ROWID;
  INSERT INTO stat_uniques_next (flow_id, node_id, day, version, contact_id) SELECT flow_id, node_id, day, version, contact_id FROM stat_uniques;
  DROP TABLE stat_uniques;
  ALTER TABLE stat_uniques_next RENAME TO stat_uniques;
  CREATE TABLE stat_durations (
    flow_id TEXT NOT NULL,
    day     TEXT NOT NULL,
    version INTEGER NOT NULL,
    seconds INTEGER NOT NULL,
    count   INTEGER NOT NULL,
    PRIMARY KEY (flow_id, day, version, seconds)
  ) WITHOUT ROWID;
  `,
];

/**
 * Opens (creating and migrating) the store's file. `backgroundCheckpoints` (default on) moves WAL
 * checkpoints to a worker thread; short-lived tools (the CLI) leave them to SQLite.
 */
export function openSqliteStore(options: { file: string; backgroundCheckpoints?: boolean }): SqliteStore {
  fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
  const db = new Database(options.file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    if (options.backgroundCheckpoints === false) return new SqliteStore(db, null);
    db.pragma('wal_autocheckpoint = 0');
    const checkpointer = startCheckpointer(options.file, {
      // Runs between commits (never inside a transaction): this connection is the only writer.
      restartWal: () => {
        if (db.open && !db.inTransaction) db.pragma('wal_checkpoint(RESTART)');
      },
      // Without the worker, SQLite checkpoints on commit again: slower, never unbounded.
      onFailure: () => {
        if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
      },
    });
    return new SqliteStore(db, checkpointer);
  } catch (error) {
    db.close();
    throw error;
  }
}

const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true });
  if (typeof current !== 'number') throw new Error('sqlite: user_version is not a number');
  if (current > MIGRATIONS.length) {
    throw new Error(`sqlite: database schema ${current} is newer than this build (${MIGRATIONS.length})`);
  }
  for (let step = current; step < MIGRATIONS.length; step++) {
    const sql = MIGRATIONS[step] ?? '';
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${step + 1}`);
    }).immediate();
  }
}

// ---------- rows as SQLite returns them ----------

interface FlowRow {
  id: string;
  schema_version: number;
  name: string;
  description: string;
  status: string;
  graph: string;
  settings: string;
  published_version: number | null;
  revision: number;
  created_at: number;
  updated_at: number;
}

interface VersionRow {
  flow_id: string;
  version: number;
  name: string;
  graph: string;
  settings: string;
  flow_created_at: number;
  published_at: number;
}

interface ConversationRow {
  id: string;
  channel: string;
  external_id: string;
  state: string;
  status: string;
  assignee: string | null;
  team: string | null;
  revision: number;
  created_at: number;
  updated_at: number;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  direction: string;
  body: string;
  at: number;
}

interface OutboxRow {
  id: string;
  conversation_id: string;
  channel: string;
  external_id: string;
  message: string;
  attempts: number;
  created_at: number;
}

interface TimerRow {
  token: string;
  conversation_id: string;
  due_at: number;
}

interface EventRow {
  seq: number;
  conversation_id: string;
  at: number;
  event: string;
  trace: string;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  teams: string;
  password_hash: string;
  created_at: number;
}

interface TokenRow {
  id: string;
  token_hash: string;
  user_id: string;
  kind: string;
  name: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

const CONVERSATION_STATUSES = ['bot', 'handed_off', 'closed'] as const satisfies readonly ConversationStatus[];
const ROLES = ['admin', 'editor', 'analyst', 'agent'] as const satisfies readonly Role[];
const DIRECTIONS = ['in', 'out'] as const;
const TOKEN_KINDS = ['session', 'api'] as const;

/** Narrows a stored enum column; CHECK constraints keep other values out, so a miss is a bug. */
function oneOf<T extends string>(values: readonly T[], value: string, column: string): T {
  const found = values.find((candidate) => candidate === value);
  if (found === undefined) throw new Error(`sqlite: unexpected ${column} ${JSON.stringify(value)}`);
  return found;
}

/** Parses a JSON column with its schema; null when it is not JSON or does not fit. */
function parseStored<T>(schema: z.ZodType<T>, text: string): T | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Reads back JSON that this module serialised itself from a value of type T (the column's only writer). */
function readJson<T>(text: string): T {
  return JSON.parse(text);
}

// By code, not by class: the native driver's error class (and even `Error`) may come from another
// realm when the module is loaded more than once (jest loads it per test file).
function isConstraintError(error: unknown, code: 'SQLITE_CONSTRAINT_UNIQUE' | 'SQLITE_CONSTRAINT_PRIMARYKEY'): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

function prepareStatements(db: Database.Database) {
  return {
    // flows and versions
    listFlows: db.prepare<[], FlowRow>('SELECT * FROM flows ORDER BY position IS NULL, position, created_at, id'),
    listFlowIds: db.prepare<[], { id: string }>('SELECT id FROM flows'),
    setFlowPosition: db.prepare<[{ id: string; position: number }]>('UPDATE flows SET position = @position WHERE id = @id'),
    getFlow: db.prepare<[string], FlowRow>('SELECT * FROM flows WHERE id = ?'),
    insertFlow: db.prepare(`
      INSERT INTO flows (id, schema_version, name, description, status, graph, settings, published_version,
                         revision, created_at, updated_at)
      VALUES (@id, @schemaVersion, @name, @description, @status, @graph, @settings, @publishedVersion,
              @revision, @createdAt, @updatedAt)`),
    saveFlow: db.prepare(`
      UPDATE flows
      SET name = @name, description = @description, status = @status, graph = @graph, settings = @settings,
          revision = @expectedRevision + 1, updated_at = @updatedAt
      WHERE id = @id AND revision = @expectedRevision`),
    markPublished: db.prepare(`
      UPDATE flows
      SET status = 'published', published_version = @version, revision = revision + 1, updated_at = @now
      WHERE id = @id`),
    insertVersion: db.prepare(`
      INSERT INTO flow_versions (flow_id, version, name, graph, settings, flow_created_at, published_at)
      VALUES (@flowId, @version, @name, @graph, @settings, @flowCreatedAt, @publishedAt)`),
    listVersions: db.prepare<[string], VersionRow>('SELECT * FROM flow_versions WHERE flow_id = ? ORDER BY version'),
    getVersion: db.prepare<[string, number], VersionRow>('SELECT * FROM flow_versions WHERE flow_id = ? AND version = ?'),
    liveStamp: db.prepare<[], { changes: number }>('SELECT changes FROM live_stamp WHERE id = 1'),
    liveVersions: db.prepare<[], VersionRow>(`
      SELECT v.*
      FROM flows f
      JOIN flow_versions v ON v.flow_id = f.id AND v.version = f.published_version
      WHERE f.status = 'published'
      ORDER BY f.position IS NULL, f.position, f.created_at, f.id`),

    // conversations, messages, event log
    getConversation: db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?'),
    findConversation: db.prepare<[string, string], ConversationRow>(
      'SELECT * FROM conversations WHERE channel = ? AND external_id = ?',
    ),
    listConversations: db.prepare<[{ status: string | null; assignee: string | null; channel: string | null; limit: number }], ConversationRow>(`
      SELECT * FROM conversations
      WHERE (@status IS NULL OR status = @status)
        AND (@assignee IS NULL OR assignee = @assignee)
        AND (@channel IS NULL OR channel = @channel)
      ORDER BY updated_at DESC, id
      LIMIT @limit`),
    insertConversation: db.prepare(`
      INSERT INTO conversations (id, channel, external_id, state, status, assignee, team, revision, created_at,
                                 updated_at, session_flow_id, session_version, session_node_id)
      VALUES (@id, @channel, @externalId, @state, @status, @assignee, @team, @revision, @createdAt,
              @updatedAt, @sessionFlowId, @sessionVersion, @sessionNodeId)`),
    updateConversation: db.prepare(`
      UPDATE conversations
      SET state = @state, status = @status, assignee = @assignee, team = @team, revision = @revision,
          updated_at = @updatedAt, session_flow_id = @sessionFlowId, session_version = @sessionVersion,
          session_node_id = @sessionNodeId
      WHERE id = @id AND revision = @expectedRevision`),
    // The latest `limit` messages, returned oldest first (rowid breaks ties in insertion order).
    listMessages: db.prepare<[string, number], MessageRow>(`
      SELECT id, conversation_id, direction, body, at FROM (
        SELECT rowid AS r, * FROM messages WHERE conversation_id = ? ORDER BY at DESC, rowid DESC LIMIT ?
      ) ORDER BY at, r`),
    insertMessage: db.prepare(`
      INSERT INTO messages (id, conversation_id, direction, body, at)
      VALUES (@id, @conversationId, @direction, @body, @at)`),
    insertEvent: db.prepare(`
      INSERT INTO event_log (conversation_id, at, event, trace) VALUES (@conversationId, @at, @event, @trace)`),
    listEvents: db.prepare<[{ conversationId: string | null; afterSeq: number; limit: number }], EventRow>(`
      SELECT * FROM event_log
      WHERE (@conversationId IS NULL OR conversation_id = @conversationId) AND seq > @afterSeq
      ORDER BY seq
      LIMIT @limit`),
    insertInbound: db.prepare<[string, string, string, string]>(
      'INSERT INTO inbound_ids (channel, message_id, conversation_id, replies) VALUES (?, ?, ?, ?)',
    ),
    inboundReplies: db.prepare<[string, string], { replies: string }>(
      'SELECT replies FROM inbound_ids WHERE channel = ? AND message_id = ?',
    ),

    // outbox
    insertOutbox: db.prepare(`
      INSERT INTO outbox (id, conversation_id, channel, external_id, message, status, attempts, next_at, created_at)
      VALUES (@id, @conversationId, @channel, @externalId, @message, 'pending', @attempts, @createdAt, @createdAt)`),
    // Same due time: insertion order, so the messages of one event go out in the order they were made.
    dueOutbox: db.prepare<[{ now: number; limit: number }], OutboxRow>(`
      SELECT * FROM outbox
      WHERE status = 'pending' AND next_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
      ORDER BY next_at, rowid
      LIMIT @limit`),
    leaseOutbox: db.prepare<[number, string]>('UPDATE outbox SET lease_until = ? WHERE id = ?'),
    markOutboxUnreadable: db.prepare<[string]>(`
      UPDATE outbox SET status = 'failed', error = 'unreadable message', lease_until = NULL WHERE id = ?`),
    markOutboxSent: db.prepare<[number, string]>(`
      UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, lease_until = NULL WHERE id = ?`),
    markOutboxFailed: db.prepare<[{ id: string; error: string; retryAt: number | null }]>(`
      UPDATE outbox
      SET attempts = attempts + 1,
          error = @error,
          lease_until = NULL,
          status = CASE WHEN @retryAt IS NULL THEN 'failed' ELSE 'pending' END,
          next_at = COALESCE(@retryAt, next_at)
      WHERE id = @id`),

    // timers
    armTimer: db.prepare(`
      INSERT OR REPLACE INTO timers (token, conversation_id, due_at, lease_until) VALUES (?, ?, ?, NULL)`),
    deleteTimer: db.prepare<[string]>('DELETE FROM timers WHERE token = ?'),
    dueTimers: db.prepare<[{ now: number; limit: number }], TimerRow>(`
      SELECT token, conversation_id, due_at FROM timers
      WHERE due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
      ORDER BY due_at, token
      LIMIT @limit`),
    leaseTimer: db.prepare<[number, string]>('UPDATE timers SET lease_until = ? WHERE token = ?'),
    // The earliest moment a claim could return something: a leased timer counts from its lease's end.
    // Two index lookups instead of a scan of every parked conversation's timer: an unleased timer is due
    // at due_at, a leased one (claimed, so due already) when its lease ends.
    nextTimerDue: db.prepare<[], { next: number | null }>(`
      SELECT MIN(COALESCE(unleased, leased), COALESCE(leased, unleased)) AS next
      FROM (SELECT (SELECT MIN(due_at) FROM timers WHERE lease_until IS NULL) AS unleased,
                   (SELECT MIN(lease_until) FROM timers WHERE lease_until IS NOT NULL) AS leased)`),
    countTimers: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM timers'),

    // stats
    addStat: db.prepare(`
      INSERT INTO stat_counters (flow_id, version, node_id, day, metric, count)
      VALUES (@flowId, @version, @nodeId, @day, @metric, @count)
      ON CONFLICT DO UPDATE SET count = count + excluded.count`),
    addUnique: db.prepare(`
      INSERT OR IGNORE INTO stat_uniques (flow_id, node_id, day, version, contact_id)
      VALUES (@flowId, @nodeId, @day, @version, @contactId)`),
    addUnmatched: db.prepare(`
      INSERT INTO unmatched (text, day, count, last_at) VALUES (@text, @day, @count, @lastAt)
      ON CONFLICT DO UPDATE SET count = count + excluded.count, last_at = MAX(last_at, excluded.last_at)`),
    addDuration: db.prepare(`
      INSERT INTO stat_durations (flow_id, day, version, seconds, count) VALUES (@flowId, @day, @version, @seconds, @count)
      ON CONFLICT DO UPDATE SET count = count + excluded.count`),
    statCounters: db.prepare<[StatsQuery], { version: number; node_id: string; metric: string; total: number }>(`
      SELECT version, node_id, metric, SUM(count) AS total
      FROM stat_counters
      WHERE flow_id = @flowId AND (@version IS NULL OR version = @version) AND day BETWEEN @from AND @to
      GROUP BY version, node_id, metric`),
    nodeDailyStats: db.prepare<[StatsQuery & { nodeId: string }], { day: string; entered: number; exited: number; dropped: number }>(`
      SELECT day,
             SUM(CASE WHEN metric = 'entered' THEN count ELSE 0 END) AS entered,
             SUM(CASE WHEN metric = 'exited' THEN count ELSE 0 END) AS exited,
             SUM(CASE WHEN metric LIKE 'dropped:%' THEN count ELSE 0 END) AS dropped
      FROM stat_counters
      WHERE flow_id = @flowId AND (@version IS NULL OR version = @version) AND node_id = @nodeId AND day BETWEEN @from AND @to
      GROUP BY day
      ORDER BY day`),
    uniqueContacts: db.prepare<[StatsQuery & { nodeIds: string }], { nodeId: string; contacts: number }>(`
      SELECT node_id AS nodeId, COUNT(DISTINCT contact_id) AS contacts
      FROM stat_uniques
      WHERE flow_id = @flowId AND node_id IN (SELECT value FROM json_each(@nodeIds)) AND day BETWEEN @from AND @to
        AND (@version IS NULL OR version = @version)
      GROUP BY node_id
      ORDER BY node_id`),
    // Per contact, a bit per step it entered (bit k: the k-th node of the list), then contacts per bit set.
    // CROSS JOIN keeps the steps outside, so each is one primary-key range (a plain join scanned the flow).
    funnelContacts: db.prepare<[StatsQuery & { nodeIds: string }], { mask: number; contacts: number }>(`
      SELECT mask, COUNT(*) AS contacts FROM (
        SELECT u.contact_id, SUM(DISTINCT 1 << s.key) AS mask
        FROM json_each(@nodeIds) s
        CROSS JOIN stat_uniques u ON u.flow_id = @flowId AND u.node_id = s.value AND u.day BETWEEN @from AND @to
          AND (@version IS NULL OR u.version = @version)
        GROUP BY u.contact_id
      )
      GROUP BY mask`),
    contactsEntering: db.prepare<[{ flowId: string; from: string; to: string; nodes: string }], { contacts: number }>(`
      SELECT COUNT(DISTINCT contact_id) AS contacts
      FROM stat_uniques
      WHERE flow_id = @flowId AND day BETWEEN @from AND @to
        AND (version, node_id) IN (SELECT value ->> '$.version', value ->> '$.nodeId' FROM json_each(@nodes))`),
    completionTimes: db.prepare<[StatsQuery], { seconds: number; count: number }>(`
      SELECT seconds, SUM(count) AS count
      FROM stat_durations
      WHERE flow_id = @flowId AND day BETWEEN @from AND @to AND (@version IS NULL OR version = @version)
      GROUP BY seconds
      ORDER BY seconds`),
    waitingNow: db.prepare<[{ flowId: string; version: number | null }], { version: number; nodeId: string; count: number }>(`
      SELECT session_version AS version, session_node_id AS nodeId, COUNT(*) AS count
      FROM conversations
      WHERE session_flow_id = @flowId AND session_node_id IS NOT NULL
        AND (@version IS NULL OR session_version = @version)
      GROUP BY session_version, session_node_id
      ORDER BY session_version, session_node_id`),
    missedKeywords: db.prepare<[{ from: string; to: string; limit: number }], { text: string; day: string; count: number; lastAt: number }>(`
      WITH top AS (
        SELECT text, SUM(count) AS total FROM unmatched WHERE day BETWEEN @from AND @to
        GROUP BY text ORDER BY total DESC, text LIMIT @limit
      )
      SELECT u.text, u.day, u.count, u.last_at AS lastAt
      FROM unmatched u JOIN top ON top.text = u.text
      WHERE u.day BETWEEN @from AND @to
      ORDER BY top.total DESC, u.text, u.day`),
    unmatchedTotals: db.prepare<[{ from: string; to: string }], { messages: number; texts: number }>(
      'SELECT COALESCE(SUM(count), 0) AS messages, COUNT(DISTINCT text) AS texts FROM unmatched WHERE day BETWEEN @from AND @to',
    ),

    // people
    countUsers: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users'),
    insertUser: db.prepare(`
      INSERT INTO users (id, email, name, role, teams, password_hash, created_at)
      VALUES (@id, @email, @name, @role, @teams, @passwordHash, @createdAt)`),
    getUser: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    getUserByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
    listUsers: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY created_at, email'),
    insertToken: db.prepare(`
      INSERT INTO auth_tokens (id, token_hash, user_id, kind, name, created_at, expires_at, last_used_at)
      VALUES (@id, @tokenHash, @userId, @kind, @name, @createdAt, @expiresAt, @lastUsedAt)`),
    getToken: db.prepare<[string, number], TokenRow>(
      'SELECT * FROM auth_tokens WHERE token_hash = ? AND (expires_at IS NULL OR expires_at > ?)',
    ),
    deleteToken: db.prepare<[string]>('DELETE FROM auth_tokens WHERE token_hash = ?'),
    listTokens: db.prepare<[string, string], TokenRow>(
      'SELECT * FROM auth_tokens WHERE user_id = ? AND kind = ? ORDER BY created_at, rowid',
    ),
    deleteTokenById: db.prepare<[string, string]>('DELETE FROM auth_tokens WHERE id = ? AND user_id = ?'),
    touchToken: db.prepare<[number, string]>('UPDATE auth_tokens SET last_used_at = ? WHERE id = ?'),
    openAssignments: db.prepare<[], { assignee: string; open: number }>(`
      SELECT assignee, COUNT(*) AS open FROM conversations
      WHERE status = 'handed_off' AND assignee IS NOT NULL
      GROUP BY assignee`),
    nextCounter: db.prepare<[string], { value: number }>(`
      INSERT INTO counters (name, value) VALUES (?, 1)
      ON CONFLICT DO UPDATE SET value = value + 1
      RETURNING value`),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

function toFlow(row: FlowRow): Flow {
  return flowSchema.parse({
    schemaVersion: row.schema_version,
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    graph: JSON.parse(row.graph),
    settings: JSON.parse(row.settings),
    publishedVersion: row.published_version,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

function toVersion(row: VersionRow): FlowVersion {
  return flowVersionSchema.parse({
    flowId: row.flow_id,
    version: row.version,
    name: row.name,
    graph: JSON.parse(row.graph),
    settings: JSON.parse(row.settings),
    flowCreatedAt: row.flow_created_at,
    publishedAt: row.published_at,
  });
}

function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    channel: channelSchema.parse(row.channel),
    externalId: row.external_id,
    state: readJson<ConversationState>(row.state),
    status: oneOf(CONVERSATION_STATUSES, row.status, 'conversation status'),
    assignee: row.assignee,
    team: row.team,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Null when the row cannot be read: not JSON, or a message or channel this build does not know. */
function toOutboxItem(row: OutboxRow): OutboxItem | null {
  const channel = channelSchema.safeParse(row.channel);
  const message = parseStored(outMessageSchema, row.message);
  if (!channel.success || message === null) return null;
  return {
    id: row.id,
    conversationId: row.conversation_id,
    channel: channel.data,
    externalId: row.external_id,
    message,
    attempts: row.attempts,
    createdAt: row.created_at,
  };
}

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: oneOf(ROLES, row.role, 'role'),
    teams: readJson<string[]>(row.teams),
    passwordHash: row.password_hash,
    createdAt: row.created_at,
  };
}

function toAuthToken(row: TokenRow): AuthTokenRecord {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    userId: row.user_id,
    kind: oneOf(TOKEN_KINDS, row.kind, 'token kind'),
    name: row.name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}

function conversationParams(conversation: Conversation) {
  const session = conversation.state.session;
  return {
    id: conversation.id,
    channel: conversation.channel,
    externalId: conversation.externalId,
    state: JSON.stringify(conversation.state),
    status: conversation.status,
    assignee: conversation.assignee,
    team: conversation.team,
    revision: conversation.revision,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    sessionFlowId: session?.flowId ?? null,
    sessionVersion: session?.version ?? null,
    sessionNodeId: session?.nodeId ?? null,
  };
}

const conflict = (what: string) => new StoreConflictError('revision_conflict', `${what} was changed by another writer`);

/** Exactly the statement's parameters: better-sqlite3 refuses named parameters it does not use. */
function statsParams(query: StatsQuery): StatsQuery {
  return { flowId: query.flowId, version: query.version, from: query.from, to: query.to };
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly sql: Statements;
  private pendingCommits: { commit: EventCommit; resolve: (result: 'committed' | 'duplicate') => void; reject: (error: unknown) => void }[] = [];

  constructor(
    private readonly db: Database.Database,
    private readonly checkpointer: Checkpointer | null,
  ) {
    this.sql = prepareStatements(db);
  }

  async close(): Promise<void> {
    // Commits already accepted are written before the file closes.
    this.flushCommits();
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }

  // ---------- flows and versions ----------

  async listFlows(): Promise<Flow[]> {
    return this.sql.listFlows.all().map(toFlow);
  }

  async getFlow(id: string): Promise<Flow | null> {
    const row = this.sql.getFlow.get(id);
    return row ? toFlow(row) : null;
  }

  async createFlow(flow: Flow): Promise<Flow> {
    try {
      this.sql.insertFlow.run({
        id: flow.id,
        schemaVersion: flow.schemaVersion,
        name: flow.name,
        description: flow.description,
        status: flow.status,
        graph: JSON.stringify(flow.graph),
        settings: JSON.stringify(flow.settings),
        publishedVersion: flow.publishedVersion,
        revision: flow.revision,
        createdAt: flow.createdAt,
        updatedAt: flow.updatedAt,
      });
    } catch (error) {
      if (isConstraintError(error, 'SQLITE_CONSTRAINT_PRIMARYKEY')) {
        throw new StoreConflictError('flow_exists', `a flow with id ${flow.id} already exists`);
      }
      throw error;
    }
    return this.requireFlow(flow.id);
  }

  async saveFlow(flow: Flow, expectedRevision: number): Promise<Flow> {
    return this.db.transaction(() => {
      const { changes } = this.sql.saveFlow.run({
        id: flow.id,
        name: flow.name,
        description: flow.description,
        status: flow.status,
        graph: JSON.stringify(flow.graph),
        settings: JSON.stringify(flow.settings),
        expectedRevision,
        updatedAt: flow.updatedAt,
      });
      const saved = this.requireFlow(flow.id);
      if (changes === 0) throw conflict(`flow ${flow.id}`);
      return saved;
    }).immediate();
  }

  async publishFlow(flowId: string, expectedRevision: number, now: number): Promise<{ flow: Flow; version: FlowVersion }> {
    return this.db.transaction(() => {
      const draft = this.requireFlow(flowId);
      if (draft.revision !== expectedRevision) throw conflict(`flow ${flowId}`);
      // A version is what the engine runs: every node complete, its defaults filled in. Callers
      // validate first (validateGraph names each problem), so an unfinished draft here is a bug.
      const graph = graphSchema.safeParse(draft.graph);
      if (!graph.success) throw new Error(`sqlite: the draft of flow ${flowId} is not a runnable graph; validate it before publishing`);
      const version = (draft.publishedVersion ?? 0) + 1;
      this.sql.insertVersion.run({
        flowId,
        version,
        name: draft.name,
        graph: JSON.stringify(graph.data),
        settings: JSON.stringify(draft.settings),
        flowCreatedAt: draft.createdAt,
        publishedAt: now,
      });
      this.sql.markPublished.run({ id: flowId, version, now });
      const stored = this.sql.getVersion.get(flowId, version);
      if (!stored) throw new Error(`sqlite: version ${version} of ${flowId} vanished inside its transaction`);
      return { flow: this.requireFlow(flowId), version: toVersion(stored) };
    }).immediate();
  }

  async setFlowOrder(ids: readonly string[]): Promise<void> {
    this.db.transaction(() => {
      const stored = new Set(this.sql.listFlowIds.all().map((row) => row.id));
      if (new Set(ids).size !== ids.length || ids.length !== stored.size || ids.some((id) => !stored.has(id))) {
        throw new StoreConflictError('flow_order_mismatch', 'the order must name every flow exactly once');
      }
      ids.forEach((id, position) => this.sql.setFlowPosition.run({ id, position }));
    }).immediate();
  }

  async listVersions(flowId: string): Promise<FlowVersion[]> {
    return this.sql.listVersions.all(flowId).map(toVersion);
  }

  async getVersion(flowId: string, version: number): Promise<FlowVersion | null> {
    const row = this.sql.getVersion.get(flowId, version);
    return row ? toVersion(row) : null;
  }

  async liveVersions(): Promise<FlowVersion[]> {
    return this.sql.liveVersions.all().map(toVersion);
  }

  async liveStamp(): Promise<string> {
    const row = this.sql.liveStamp.get();
    if (!row) throw new Error('sqlite: the live_stamp row is missing');
    return String(row.changes);
  }

  private requireFlow(id: string): Flow {
    const row = this.sql.getFlow.get(id);
    if (!row) throw new StoreNotFoundError(`no flow ${id}`);
    return toFlow(row);
  }

  // ---------- conversations ----------

  async getConversation(id: string): Promise<Conversation | null> {
    const row = this.sql.getConversation.get(id);
    return row ? toConversation(row) : null;
  }

  async findConversation(channel: Channel, externalId: string): Promise<Conversation | null> {
    const row = this.sql.findConversation.get(channel, externalId);
    return row ? toConversation(row) : null;
  }

  async listConversations(query: ConversationQuery): Promise<Conversation[]> {
    return this.sql.listConversations
      .all({ status: query.status ?? null, assignee: query.assignee ?? null, channel: query.channel ?? null, limit: query.limit })
      .map(toConversation);
  }

  async listMessages(conversationId: string, limit: number): Promise<MessageRecord[]> {
    return this.sql.listMessages.all(conversationId, limit).map((row) => ({
      id: row.id,
      conversationId: row.conversation_id,
      direction: oneOf(DIRECTIONS, row.direction, 'message direction'),
      body: readJson<Json>(row.body),
      at: row.at,
    }));
  }

  async listEvents(query: EventLogQuery): Promise<EventLogRecord[]> {
    return this.sql.listEvents
      .all({ conversationId: query.conversationId ?? null, afterSeq: query.afterSeq ?? 0, limit: query.limit })
      .map((row) => ({
        seq: row.seq,
        conversationId: row.conversation_id,
        at: row.at,
        event: readJson<Json>(row.event),
        trace: readJson<TraceEntry[]>(row.trace),
      }));
  }

  /**
   * Group commit: the events committed in one turn of the event loop (many conversations answered at
   * once) are written in one transaction, so they share the transaction's overhead and most of its
   * pages. Each commit is still checked and applied on its own: a duplicate or a stale revision fails
   * that commit alone, before it writes anything.
   */
  commit(commit: EventCommit): Promise<'committed' | 'duplicate'> {
    return new Promise((resolve, reject) => {
      this.pendingCommits.push({ commit, resolve, reject });
      if (this.pendingCommits.length === 1) setImmediate(() => this.flushCommits());
    });
  }

  private flushCommits(): void {
    const batch = this.pendingCommits;
    this.pendingCommits = [];
    if (batch.length === 0 || !this.db.open) {
      for (const item of batch) item.reject(new Error('sqlite: the store is closed'));
      return;
    }
    let outcomes: ({ ok: 'committed' | 'duplicate' } | { error: unknown })[];
    try {
      outcomes = this.db
        .transaction(() => {
          const written: EventCommit[] = [];
          const results = batch.map(({ commit }) => {
            try {
              const result = this.writeCommit(commit);
              if (result === 'committed') written.push(commit);
              return { ok: result };
            } catch (error) {
              // Refused before any write (see writeCommit): the batch goes on without it.
              if (error instanceof StoreConflictError) return { error };
              throw error;
            }
          });
          this.writeStats(written);
          return results;
        })
        .immediate();
    } catch {
      // Something unexpected (a full disk, a bug) rolled the batch back: one commit at a time, so that
      // only the commit at fault fails and the others are written.
      outcomes = batch.map(({ commit }) => {
        try {
          const result = this.db
            .transaction(() => {
              const written = this.writeCommit(commit);
              if (written === 'committed') this.writeStats([commit]);
              return written;
            })
            .immediate();
          return { ok: result };
        } catch (error) {
          return { error };
        }
      });
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome && 'ok' in outcome) item.resolve(outcome.ok);
      else item.reject(outcome?.error ?? new Error('sqlite: commit lost'));
    });
  }

  /**
   * Writes one event inside the caller's transaction, all but its stat increments (the caller sums those
   * over the batch). Both refusals come before any write: a message seen before (duplicate) and a
   * conversation someone else wrote since it was read (conflict).
   */
  private writeCommit(commit: EventCommit): 'committed' | 'duplicate' {
    const { conversation } = commit;
    if (commit.inbound && this.sql.inboundReplies.get(commit.inbound.channel, commit.inbound.messageId)) return 'duplicate';

    const params = conversationParams(conversation);
    if (commit.expectedRevision === null) {
      try {
        this.sql.insertConversation.run(params);
      } catch (error) {
        // Another writer created this conversation (same id, or same contact on the channel) first;
        // the failed statement wrote nothing.
        if (isConstraintError(error, 'SQLITE_CONSTRAINT_UNIQUE') || isConstraintError(error, 'SQLITE_CONSTRAINT_PRIMARYKEY')) {
          throw conflict(`conversation ${conversation.id}`);
        }
        throw error;
      }
    } else {
      const { changes } = this.sql.updateConversation.run({ ...params, expectedRevision: commit.expectedRevision });
      if (changes === 0) throw conflict(`conversation ${conversation.id}`);
    }

    if (commit.inbound) {
      const { channel, messageId, replies } = commit.inbound;
      this.sql.insertInbound.run(channel, messageId, conversation.id, JSON.stringify(replies));
    }
    for (const message of commit.messages) {
      this.sql.insertMessage.run({
        id: message.id,
        conversationId: message.conversationId,
        direction: message.direction,
        body: JSON.stringify(message.body),
        at: message.at,
      });
    }
    for (const item of commit.outbox) {
      this.sql.insertOutbox.run({
        id: item.id,
        conversationId: item.conversationId,
        channel: item.channel,
        externalId: item.externalId,
        message: JSON.stringify(item.message),
        attempts: item.attempts,
        createdAt: item.createdAt,
      });
    }
    for (const timer of commit.timersArmed) this.sql.armTimer.run(timer.token, timer.conversationId, timer.dueAt);
    for (const token of commit.timersDone) this.sql.deleteTimer.run(token);

    this.sql.insertEvent.run({
      conversationId: conversation.id,
      at: commit.event.at,
      event: JSON.stringify(commit.event.event),
      trace: JSON.stringify(commit.event.trace),
    });
    return 'committed';
  }

  /**
   * Sums the increments of the written commits per key first: one upsert per counter row and one
   * insert per (node, day, contact), however many events and however long their traces.
   */
  private writeStats(commits: readonly EventCommit[]): void {
    const counters = new Map<string, { flowId: string; version: number; nodeId: string; day: string; metric: string; count: number }>();
    const uniques = new Map<string, { flowId: string; version: number; nodeId: string; day: string; contactId: string }>();
    const unmatched = new Map<string, { text: string; day: string; count: number; lastAt: number }>();
    const durations = new Map<string, { flowId: string; version: number; day: string; seconds: number; count: number }>();
    for (const commit of commits) {
      for (const done of commit.completions) {
        const key = JSON.stringify([done.flowId, done.version, done.day, done.seconds]);
        const seen = durations.get(key);
        if (seen) seen.count += 1;
        else durations.set(key, { ...done, count: 1 });
      }
      for (const inc of commit.stats) {
        const key = JSON.stringify([inc.flowId, inc.version, inc.nodeId, inc.day, inc.metric]);
        const seen = counters.get(key);
        if (seen) seen.count += 1;
        else counters.set(key, { flowId: inc.flowId, version: inc.version, nodeId: inc.nodeId, day: inc.day, metric: inc.metric, count: 1 });
        if (inc.metric === 'entered') {
          const unique = { flowId: inc.flowId, version: inc.version, nodeId: inc.nodeId, day: inc.day, contactId: inc.contactId };
          uniques.set(JSON.stringify(unique), unique);
        }
      }
      for (const miss of commit.unmatched) {
        const key = JSON.stringify([miss.text, miss.day]);
        const seen = unmatched.get(key);
        if (seen) {
          seen.count += 1;
          seen.lastAt = Math.max(seen.lastAt, miss.at);
        } else {
          unmatched.set(key, { text: miss.text, day: miss.day, count: 1, lastAt: miss.at });
        }
      }
    }
    for (const row of counters.values()) this.sql.addStat.run(row);
    for (const row of uniques.values()) this.sql.addUnique.run(row);
    for (const row of unmatched.values()) this.sql.addUnmatched.run(row);
    for (const row of durations.values()) this.sql.addDuration.run(row);
  }

  async inboundReplies(channel: Channel, messageId: string): Promise<OutMessage[] | null> {
    const row = this.sql.inboundReplies.get(channel, messageId);
    if (!row) return null;
    // Replies this build cannot read any more were answered once already; the retry is still acknowledged.
    return parseStored(outMessageSchema.array(), row.replies) ?? [];
  }

  // ---------- outbox ----------

  async claimOutbox(now: number, limit: number, leaseMs: number): Promise<OutboxItem[]> {
    return this.db.transaction(() => {
      const claimed: OutboxItem[] = [];
      for (const row of this.sql.dueOutbox.all({ now, limit })) {
        const item = toOutboxItem(row);
        // Given up, not retried: this build will never read it, and it must not fail the claim of
        // everyone else's messages on every pass.
        if (item === null) {
          this.sql.markOutboxUnreadable.run(row.id);
          continue;
        }
        this.sql.leaseOutbox.run(now + leaseMs, row.id);
        claimed.push(item);
      }
      return claimed;
    }).immediate();
  }

  async markOutboxSent(id: string, now: number): Promise<void> {
    this.sql.markOutboxSent.run(now, id);
  }

  async markOutboxFailed(id: string, error: string, retryAt: number | null): Promise<void> {
    this.sql.markOutboxFailed.run({ id, error, retryAt });
  }

  // ---------- timers ----------

  async claimDueTimers(now: number, limit: number, leaseMs: number): Promise<TimerRecord[]> {
    return this.db.transaction(() => {
      const rows = this.sql.dueTimers.all({ now, limit });
      for (const row of rows) this.sql.leaseTimer.run(now + leaseMs, row.token);
      return rows.map((row) => ({ token: row.token, conversationId: row.conversation_id, dueAt: row.due_at }));
    }).immediate();
  }

  async nextTimerDue(): Promise<number | null> {
    return this.sql.nextTimerDue.get()?.next ?? null;
  }

  async countTimers(): Promise<number> {
    return this.sql.countTimers.get()?.n ?? 0;
  }

  // ---------- stats ----------

  async nodeStats(query: StatsQuery): Promise<NodeStatRow[]> {
    const rows = new Map<string, NodeStatRow>();
    const rowFor = (version: number, nodeId: string): NodeStatRow => {
      const key = JSON.stringify([version, nodeId]);
      let row = rows.get(key);
      if (!row) {
        row = { version, nodeId, entered: 0, exited: 0, exits: {}, dropped: {}, completedVia: {} };
        rows.set(key, row);
      }
      return row;
    };
    for (const { version, node_id, metric, total } of this.sql.statCounters.all(statsParams(query))) {
      const row = rowFor(version, node_id);
      if (metric === 'entered') row.entered += total;
      else if (metric === 'exited') row.exited += total;
      else if (metric.startsWith('exit:')) row.exits[metric.slice('exit:'.length)] = total;
      else if (metric.startsWith('dropped:')) row.dropped[metric.slice('dropped:'.length)] = total;
      else if (metric.startsWith('completed:')) row.completedVia[metric.slice('completed:'.length)] = total;
    }
    return [...rows.values()].sort((a, b) => a.version - b.version || (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
  }

  async nodeDailyStats(query: StatsQuery & { nodeId: string }): Promise<{ day: string; entered: number; exited: number; dropped: number }[]> {
    return this.sql.nodeDailyStats.all({ ...statsParams(query), nodeId: query.nodeId });
  }

  async uniqueContacts(query: StatsQuery & { nodeIds: string[] }): Promise<{ nodeId: string; contacts: number }[]> {
    return this.sql.uniqueContacts.all({ ...statsParams(query), nodeIds: JSON.stringify(query.nodeIds) });
  }

  async funnelContacts(query: StatsQuery & { nodeIds: string[] }): Promise<{ reaching: number[]; entered: number[] }> {
    const reaching = query.nodeIds.map(() => 0);
    const entered = query.nodeIds.map(() => 0);
    for (const { mask, contacts } of this.sql.funnelContacts.all({ ...statsParams(query), nodeIds: JSON.stringify(query.nodeIds) })) {
      let through = true;
      for (let k = 0; k < query.nodeIds.length; k++) {
        const entersK = (mask & (1 << k)) !== 0;
        // A contact reached step k when it entered every step up to k.
        through &&= entersK;
        if (entersK) entered[k] = (entered[k] ?? 0) + contacts;
        if (through) reaching[k] = (reaching[k] ?? 0) + contacts;
      }
    }
    return { reaching, entered };
  }

  async contactsEntering(query: Omit<StatsQuery, 'version'> & { nodes: { version: number; nodeId: string }[] }): Promise<number> {
    if (query.nodes.length === 0) return 0;
    const nodes = JSON.stringify(query.nodes.map(({ version, nodeId }) => ({ version, nodeId })));
    return this.sql.contactsEntering.get({ flowId: query.flowId, from: query.from, to: query.to, nodes })?.contacts ?? 0;
  }

  async completionTimes(query: StatsQuery): Promise<{ seconds: number; count: number }[]> {
    return this.sql.completionTimes.all(statsParams(query));
  }

  async waitingNow(flowId: string, version: number | null): Promise<{ version: number; nodeId: string; count: number }[]> {
    return this.sql.waitingNow.all({ flowId, version });
  }

  async missedKeywords(query: { from: string; to: string; limit: number }): Promise<{ text: string; day: string; count: number; lastAt: number }[]> {
    return this.sql.missedKeywords.all({ from: query.from, to: query.to, limit: query.limit });
  }

  async unmatchedTotals(range: { from: string; to: string }): Promise<{ messages: number; texts: number }> {
    return this.sql.unmatchedTotals.get({ from: range.from, to: range.to }) ?? { messages: 0, texts: 0 };
  }

  // ---------- people ----------

  async countUsers(): Promise<number> {
    return this.sql.countUsers.get()?.n ?? 0;
  }

  async createUser(user: UserRecord): Promise<UserRecord> {
    const email = user.email.toLowerCase();
    try {
      this.sql.insertUser.run({
        id: user.id,
        email,
        name: user.name,
        role: user.role,
        teams: JSON.stringify(user.teams),
        passwordHash: user.passwordHash,
        createdAt: user.createdAt,
      });
    } catch (error) {
      if (isConstraintError(error, 'SQLITE_CONSTRAINT_UNIQUE')) {
        throw new StoreConflictError('email_taken', `a user with email ${email} already exists`);
      }
      throw error;
    }
    return { ...user, email, teams: [...user.teams] };
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const row = this.sql.getUser.get(id);
    return row ? toUser(row) : null;
  }

  async getUserByEmail(email: string): Promise<UserRecord | null> {
    const row = this.sql.getUserByEmail.get(email.toLowerCase());
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return this.sql.listUsers.all().map(toUser);
  }

  async createAuthToken(token: AuthTokenRecord): Promise<void> {
    this.sql.insertToken.run({
      id: token.id,
      tokenHash: token.tokenHash,
      userId: token.userId,
      kind: token.kind,
      name: token.name,
      createdAt: token.createdAt,
      expiresAt: token.expiresAt,
      lastUsedAt: token.lastUsedAt,
    });
  }

  async getAuthToken(tokenHash: string, now: number): Promise<AuthTokenRecord | null> {
    const row = this.sql.getToken.get(tokenHash, now);
    return row ? toAuthToken(row) : null;
  }

  async deleteAuthToken(tokenHash: string): Promise<void> {
    this.sql.deleteToken.run(tokenHash);
  }

  async listAuthTokens(userId: string, kind: AuthTokenRecord['kind']): Promise<AuthTokenRecord[]> {
    return this.sql.listTokens.all(userId, kind).map(toAuthToken);
  }

  async deleteAuthTokenById(userId: string, id: string): Promise<boolean> {
    return this.sql.deleteTokenById.run(id, userId).changes > 0;
  }

  async touchAuthToken(id: string, at: number): Promise<void> {
    this.sql.touchToken.run(at, id);
  }

  async openAssignments(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const { assignee, open } of this.sql.openAssignments.all()) result[assignee] = open;
    return result;
  }

  async nextCounter(name: string): Promise<number> {
    const row = this.sql.nextCounter.get(name);
    if (!row) throw new Error(`sqlite: counter ${name} returned no value`);
    return row.value;
  }
}
