import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { flowSchema } from '@parley/shared';
import type { InboundEvent, Json, OutMessage } from '@parley/shared';
import { openSqliteStore } from '../store/sqlite-store';
import type { Conversation, MessageRecord, OutboxItem, Store } from '../store/store';
import { Runtime, RuntimeError } from './runtime';
import type { ChannelAdapter, Clock, HttpPerformer, RuntimeHooks } from './runtime-types';

// ---------- fakes for the outside world ----------

/** A clock the test moves by hand. */
class ManualClock implements Clock {
  constructor(private at: number) {}
  now(): number {
    return this.at;
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

/** The channel's far side: records what was delivered and can be told to fail the next N sends. */
class RecordingChannel implements ChannelAdapter {
  readonly kind = 'webhook' as const;
  readonly delivered: OutboxItem[] = [];
  attempts = 0;
  private failures = 0;

  failNext(times: number): void {
    this.failures = times;
  }

  async send(item: OutboxItem): Promise<void> {
    this.attempts += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('channel unavailable');
    }
    this.delivered.push(item);
  }

  texts(externalId?: string): string[] {
    return this.delivered.filter((item) => externalId === undefined || item.externalId === externalId).map((item) => textOf(item.message));
  }
}

function textOf(message: OutMessage): string {
  return message.type === 'text' ? message.text : `[${message.type}]`;
}

// ---------- flows built inline ----------

type NodeSpec = { id: string; type: string; data: Record<string, Json> };

async function publish(store: Store, clock: Clock, id: string, nodes: NodeSpec[], edges: [string, string, string][], settings: Record<string, Json> = {}): Promise<void> {
  const flow = flowSchema.parse({
    id,
    name: id,
    status: 'draft',
    graph: {
      nodes: nodes.map((node) => ({ ...node, position: { x: 0, y: 0 } })),
      edges: edges.map(([source, sourceHandle, target]) => ({ id: `${source}-${sourceHandle}`, source, sourceHandle, target })),
    },
    settings,
    publishedVersion: null,
    revision: 0,
    createdAt: clock.now(),
    updatedAt: clock.now(),
  });
  const created = await store.createFlow(flow);
  await store.publishFlow(id, created.revision, clock.now());
}

const keyword = (id: string, text: string): NodeSpec => ({ id, type: 'trigger', data: { kind: 'keyword', keywords: [{ text, match: 'exact' }] } });
const say = (id: string, text: string): NodeSpec => ({ id, type: 'reply', data: { messages: [{ type: 'text', text }] } });

let messageSeq = 0;
function message(text: string, id = `m${++messageSeq}`): InboundEvent {
  return { type: 'message', id, messageType: 'text', text, mediaUrl: null, payload: null };
}

// ---------- the harness: a real SQLite store in a temp dir ----------

const START = Date.UTC(2024, 0, 15, 9, 0); // a Monday morning
const MINUTE = 60_000;

interface Harness {
  dir: string;
  store: Store;
  clock: ManualClock;
  channel: RecordingChannel;
  runtime: Runtime;
}

const open: Harness[] = [];

async function harness(options: { http?: HttpPerformer; dir?: string; clock?: ManualClock; maxAttempts?: number; hooks?: RuntimeHooks } = {}): Promise<Harness> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'parley-runtime-'));
  const store = openSqliteStore({ file: path.join(dir, 'parley.db') });
  const clock = options.clock ?? new ManualClock(START);
  const channel = new RecordingChannel();
  const runtime = new Runtime({
    store,
    clock,
    channels: [channel],
    random: () => 0.5,
    ...(options.http ? { http: options.http } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  const h = { dir, store, clock, channel, runtime };
  open.push(h);
  return h;
}

async function shutdown(h: Harness): Promise<void> {
  await h.runtime.stop();
  await h.store.close();
}

afterEach(async () => {
  for (const h of open.splice(0)) {
    await shutdown(h);
    fs.rmSync(h.dir, { recursive: true, force: true });
  }
});

async function conversationOf(store: Store, externalId: string): Promise<Conversation> {
  const conversation = await store.findConversation('webhook', externalId);
  if (!conversation) throw new Error(`no conversation for ${externalId}`);
  return conversation;
}

// ---------- scenarios ----------

describe('Runtime over the SQLite store', () => {
  it('welcomes a first contact, and the reply goes out through the dispatcher', async () => {
    const h = await harness();
    await publish(h.store, h.clock, 'welcome', [{ id: 't', type: 'trigger', data: { kind: 'first_contact' } }, say('r', 'Welcome, {{contact.name}}!')], [['t', 'next', 'r']]);
    await h.runtime.init();

    const result = await h.runtime.handleInbound({ channel: 'webhook', externalId: 'alice', contactName: 'Alice', event: message('hi') });
    expect(result.status).toBe('processed');
    expect(result.replies).toEqual([]);
    // Committed, not yet delivered: delivery is the dispatcher's job.
    expect(h.channel.delivered).toEqual([]);

    await h.runtime.tick();
    expect(h.channel.texts('alice')).toEqual(['Welcome, Alice!']);

    const stored = await h.store.listMessages(result.conversationId ?? '', 10);
    expect(stored.map((m) => m.direction)).toEqual(['in', 'out']);

    // A second message is not a first contact.
    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'alice', event: message('again') });
    await h.runtime.tick();
    expect(h.channel.texts('alice')).toEqual(['Welcome, Alice!']);
  });

  it('answers the same inbound message id once', async () => {
    const h = await harness();
    await publish(h.store, h.clock, 'faq', [keyword('t', 'price'), say('r', 'It costs 10')], [['t', 'next', 'r']]);
    await h.runtime.init();

    const first = await h.runtime.handleInbound({ channel: 'webhook', externalId: 'bob', event: message('price', 'wamid-1') });
    const second = await h.runtime.handleInbound({ channel: 'webhook', externalId: 'bob', event: message('price', 'wamid-1') });
    await h.runtime.tick();

    expect(first.status).toBe('processed');
    expect(second).toEqual({ status: 'duplicate', conversationId: first.conversationId, replies: [] });
    expect(h.channel.texts('bob')).toEqual(['It costs 10']);
    expect((await conversationOf(h.store, 'bob')).revision).toBe(1);
  });

  it('fires a 10-minute wait once, when the clock gets there', async () => {
    const h = await harness();
    await publish(
      h.store,
      h.clock,
      'later',
      [keyword('t', 'remind me'), say('r1', 'In ten minutes then'), { id: 'w', type: 'wait', data: { mode: 'delay', amount: 10, unit: 'minutes' } }, say('r2', 'Here is your reminder')],
      [['t', 'next', 'r1'], ['r1', 'next', 'w'], ['w', 'next', 'r2']],
    );
    await h.runtime.init();

    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'carol', event: message('remind me') });
    await h.runtime.tick();
    expect(h.channel.texts()).toEqual(['In ten minutes then']);
    expect(await h.store.countTimers()).toBe(1);

    h.clock.advance(9 * MINUTE);
    await h.runtime.tick();
    expect(h.channel.texts()).toEqual(['In ten minutes then']);

    h.clock.advance(MINUTE);
    await h.runtime.tick();
    await h.runtime.tick();
    await h.runtime.tick();
    expect(h.channel.texts()).toEqual(['In ten minutes then', 'Here is your reminder']);
    expect(await h.store.countTimers()).toBe(0);
  });

  it('fires a timer armed before a restart from the new runtime', async () => {
    const first = await harness();
    await publish(
      first.store,
      first.clock,
      'later',
      [keyword('t', 'remind me'), { id: 'w', type: 'wait', data: { mode: 'delay', amount: 10, unit: 'minutes' } }, say('r', 'Here is your reminder')],
      [['t', 'next', 'w'], ['w', 'next', 'r']],
    );
    await first.runtime.init();
    await first.runtime.handleInbound({ channel: 'webhook', externalId: 'dan', event: message('remind me') });
    await shutdown(first);
    open.splice(open.indexOf(first), 1);

    const clock = new ManualClock(START + 11 * MINUTE);
    const second = await harness({ dir: first.dir, clock });
    await second.runtime.init();
    await second.runtime.tick();
    await second.runtime.tick();
    expect(second.channel.texts('dan')).toEqual(['Here is your reminder']);
    expect(first.channel.delivered).toEqual([]);
    expect(await second.store.countTimers()).toBe(0);
  });

  it('moves a conversation on by error when the process died with its http call in flight', async () => {
    // The first process sends the request and dies before any answer: its performer never settles.
    const first = await harness({ http: () => new Promise(() => {}) });
    await publish(
      first.store,
      first.clock,
      'lookup',
      [
        keyword('t', 'status'),
        { id: 'call', type: 'http', data: { method: 'GET', url: 'https://orders.example.com/status', timeoutMs: 5000 } },
        say('ok', 'All good'),
        say('err', 'The order service did not answer, we will email you'),
      ],
      [['t', 'next', 'call'], ['call', 'ok', 'ok'], ['call', 'error', 'err']],
    );
    await first.runtime.init();
    await first.runtime.handleInbound({ channel: 'webhook', externalId: 'eve', event: message('status') });
    // A crash, not a shutdown: nothing is awaited or flushed.
    open.splice(open.indexOf(first), 1);
    await first.store.close();

    const second = await harness({ dir: first.dir, clock: new ManualClock(START + 2 * MINUTE) });
    await second.runtime.init();
    await second.runtime.tick();
    expect(second.channel.texts('eve')).toEqual(['The order service did not answer, we will email you']);
    await second.runtime.tick();
    expect(second.channel.texts('eve')).toHaveLength(1);
    expect(await second.store.countTimers()).toBe(0);
  });

  it('retries a failing channel with backoff and delivers once', async () => {
    const h = await harness();
    await publish(h.store, h.clock, 'faq', [keyword('t', 'price'), say('r', 'It costs 10')], [['t', 'next', 'r']]);
    await h.runtime.init();
    h.channel.failNext(2);

    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'erin', event: message('price') });
    await h.runtime.tick(); // attempt 1 fails: retry in 1 s
    await h.runtime.tick(); // not due yet
    expect(h.channel.attempts).toBe(1);

    h.clock.advance(1_000);
    await h.runtime.tick(); // attempt 2 fails: retry in 2 s
    h.clock.advance(1_000);
    await h.runtime.tick(); // not due yet
    expect(h.channel.attempts).toBe(2);
    expect(h.channel.delivered).toEqual([]);

    h.clock.advance(1_000);
    await h.runtime.tick(); // attempt 3 succeeds
    h.clock.advance(60 * MINUTE);
    await h.runtime.tick();
    expect(h.channel.attempts).toBe(3);
    expect(h.channel.texts()).toEqual(['It costs 10']);
  });

  it('gives up after maxAttempts failures', async () => {
    const h = await harness({ maxAttempts: 3 });
    await publish(h.store, h.clock, 'faq', [keyword('t', 'price'), say('r', 'It costs 10')], [['t', 'next', 'r']]);
    await h.runtime.init();
    h.channel.failNext(100);

    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'fay', event: message('price') });
    for (let i = 0; i < 10; i++) {
      await h.runtime.tick();
      h.clock.advance(10 * MINUTE);
    }
    expect(h.channel.attempts).toBe(3);
    expect(h.channel.delivered).toEqual([]);
  });

  it('returns replies inline in sync mode and does not send them again', async () => {
    const h = await harness();
    await publish(h.store, h.clock, 'faq', [keyword('t', 'price'), say('r', 'It costs 10')], [['t', 'next', 'r']]);
    await h.runtime.init();

    const inline = await h.runtime.handleInbound({ channel: 'webhook', externalId: 'gus', event: message('price'), sync: { deadline: START + 5_000 } });
    expect(inline.replies).toEqual([{ type: 'text', text: 'It costs 10', buttons: [] }]);
    await h.runtime.tick();
    expect(h.channel.delivered).toEqual([]);

    // Past the deadline the replies go to the channel instead.
    const late = await h.runtime.handleInbound({ channel: 'webhook', externalId: 'gus', event: message('price'), sync: { deadline: START - 1 } });
    expect(late.replies).toEqual([]);
    await h.runtime.tick();
    expect(h.channel.texts('gus')).toEqual(['It costs 10']);
  });

  it('answers a retried sync message with the replies the first request got, and runs it once', async () => {
    const h = await harness();
    await publish(h.store, h.clock, 'faq', [keyword('t', 'price'), say('r1', 'It costs 10'), say('r2', 'Shipping is free')], [['t', 'next', 'r1'], ['r1', 'next', 'r2']]);
    await h.runtime.init();
    const sync = { deadline: START + 5_000 };

    const first = await h.runtime.handleInbound({ channel: 'webhook', externalId: 'gil', event: message('price', 'wx-1'), sync });
    // The first response never reached the sender, so it asks again, later and still in sync mode.
    h.clock.advance(4_000);
    const retry = await h.runtime.handleInbound({ channel: 'webhook', externalId: 'gil', event: message('price', 'wx-1'), sync: { deadline: START + 9_000 } });

    const replies = [
      { type: 'text', text: 'It costs 10', buttons: [] },
      { type: 'text', text: 'Shipping is free', buttons: [] },
    ];
    expect(first).toEqual({ status: 'processed', conversationId: expect.any(String), replies });
    expect(retry).toEqual({ status: 'duplicate', conversationId: first.conversationId, replies });
    await h.runtime.tick();
    expect(h.channel.delivered).toEqual([]);
    expect((await conversationOf(h.store, 'gil')).revision).toBe(1);
    expect((await h.store.listMessages(first.conversationId ?? '', 10)).map((m) => m.direction)).toEqual(['in', 'out', 'out']);
  });

  it('answers a sync retry that arrives while the first request is still running with the same replies', async () => {
    const h = await harness();
    await publish(h.store, h.clock, 'faq', [keyword('t', 'price'), say('r', 'It costs 10')], [['t', 'next', 'r']]);
    await h.runtime.init();
    const sync = { deadline: START + 5_000 };

    // Both are accepted before either is committed: the retry waits on the conversation's queue.
    const [first, retry] = await Promise.all([
      h.runtime.handleInbound({ channel: 'webhook', externalId: 'hob', event: message('price', 'wx-2'), sync }),
      h.runtime.handleInbound({ channel: 'webhook', externalId: 'hob', event: message('price', 'wx-2'), sync }),
    ]);
    const replies = [{ type: 'text', text: 'It costs 10', buttons: [] }];
    expect(first).toEqual({ status: 'processed', conversationId: expect.any(String), replies });
    expect(retry).toEqual({ status: 'duplicate', conversationId: first.conversationId, replies });
    expect((await conversationOf(h.store, 'hob')).revision).toBe(1);
  });

  describe('handoff', () => {
    async function handoffFlow(h: Harness, strategy = 'least_busy'): Promise<void> {
      await publish(
        h.store,
        h.clock,
        'support',
        [
          keyword('t', 'agent'),
          { id: 'h', type: 'handoff', data: { team: 'support', strategy, message: 'Connecting you to a person' } },
          say('none', 'Nobody is available right now'),
          say('done', 'Glad we could help'),
        ],
        [['t', 'next', 'h'], ['h', 'no_agent', 'none'], ['h', 'resolved', 'done']],
      );
      await h.runtime.init();
    }

    async function addAgent(store: Store, id: string, teams: string[]): Promise<void> {
      await store.createUser({ id, email: `${id}@example.com`, name: id, role: 'agent', teams, passwordHash: 'x', createdAt: START });
    }

    it('continues on no_agent when nobody can take the conversation', async () => {
      const h = await harness();
      await handoffFlow(h);
      await h.store.createUser({ id: 'ed', email: 'ed@example.com', name: 'Ed', role: 'editor', teams: ['support'], passwordHash: 'x', createdAt: START });

      await h.runtime.handleInbound({ channel: 'webhook', externalId: 'hal', event: message('agent') });
      await h.runtime.tick();
      expect(h.channel.texts('hal')).toEqual(['Connecting you to a person', 'Nobody is available right now']);
      const conversation = await conversationOf(h.store, 'hal');
      expect(conversation.status).toBe('bot');
      expect(conversation.assignee).toBeNull();
    });

    it('assigns an agent of the team and continues on resolved', async () => {
      const h = await harness();
      await handoffFlow(h);
      await addAgent(h.store, 'agent-billing', ['billing']);
      await addAgent(h.store, 'agent-support', ['support']);

      await h.runtime.handleInbound({ channel: 'webhook', externalId: 'ivy', event: message('agent') });
      await h.runtime.tick();
      const handedOff = await conversationOf(h.store, 'ivy');
      expect(handedOff).toMatchObject({ status: 'handed_off', assignee: 'agent-support', team: 'support' });

      // While a person has it, the bot stays quiet.
      await h.runtime.handleInbound({ channel: 'webhook', externalId: 'ivy', event: message('agent') });
      await h.runtime.tick();
      expect(h.channel.texts('ivy')).toEqual(['Connecting you to a person']);

      const resolved = await h.runtime.resolveHandoff(handedOff.id);
      await h.runtime.tick();
      expect(resolved).toMatchObject({ status: 'bot', assignee: null });
      expect(h.channel.texts('ivy')).toEqual(['Connecting you to a person', 'Glad we could help']);

      await expect(h.runtime.resolveHandoff(handedOff.id)).rejects.toMatchObject({ code: 'not_handed_off' });
      await expect(h.runtime.resolveHandoff('no-such-id')).rejects.toBeInstanceOf(RuntimeError);
    });

    it('spreads conversations over the least busy agents', async () => {
      const h = await harness();
      await handoffFlow(h);
      await addAgent(h.store, 'a1', []);
      await addAgent(h.store, 'a2', []);

      await h.runtime.handleInbound({ channel: 'webhook', externalId: 'c1', event: message('agent') });
      await h.runtime.handleInbound({ channel: 'webhook', externalId: 'c2', event: message('agent') });
      await h.runtime.handleInbound({ channel: 'webhook', externalId: 'c3', event: message('agent') });
      const assignees = await Promise.all(['c1', 'c2', 'c3'].map(async (id) => (await conversationOf(h.store, id)).assignee));
      expect(assignees).toEqual(['a1', 'a2', 'a1']);
      expect(await h.store.openAssignments()).toEqual({ a1: 2, a2: 1 });
    });

    it('keeps a returning customer with their previous agent when sticky', async () => {
      const h = await harness();
      await handoffFlow(h, 'sticky');
      await addAgent(h.store, 'a1', []);
      await addAgent(h.store, 'a2', []);
      await h.runtime.handleInbound({ channel: 'webhook', externalId: 'busy', event: message('agent') }); // a1
      await h.runtime.handleInbound({ channel: 'webhook', externalId: 'kim', event: message('agent') }); // a2, less busy
      const kim = await conversationOf(h.store, 'kim');
      expect(kim.assignee).toBe('a2');
      await h.runtime.resolveHandoff(kim.id);
      await h.runtime.resolveHandoff((await conversationOf(h.store, 'busy')).id);

      await h.runtime.handleInbound({ channel: 'webhook', externalId: 'kim', event: message('agent') });
      expect((await conversationOf(h.store, 'kim')).assignee).toBe('a2');
    });
  });

  it('calls an external service and replies with a field of its JSON answer', async () => {
    const requests: { method: string; url: string; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push({ method: req.method ?? '', url: req.url ?? '', body });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ order: { id: 'A-17', status: 'shipped' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the test server has no port');
    const { port } = address;
    try {
      const h = await harness();
      await publish(
        h.store,
        h.clock,
        'orders',
        [
          keyword('t', 'where is my order'),
          {
            id: 'call',
            type: 'http',
            data: { method: 'POST', url: `http://127.0.0.1:${port}/orders`, body: '{"contact":"{{contact.id}}"}', saveAs: [{ variable: 'status', path: 'order.status' }] },
          },
          say('ok', 'Your order is {{vars.status}}'),
          say('err', 'Cannot reach the order service'),
        ],
        [['t', 'next', 'call'], ['call', 'ok', 'ok'], ['call', 'error', 'err']],
      );
      await h.runtime.init();

      await h.runtime.handleInbound({ channel: 'webhook', externalId: 'jon', event: message('where is my order') });
      await h.runtime.tick();
      expect(h.channel.texts('jon')).toEqual(['Your order is shipped']);
      expect(requests).toEqual([{ method: 'POST', url: '/orders', body: JSON.stringify({ contact: 'jon' }) }]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('processes 20 simultaneous messages of one conversation one at a time, in order', async () => {
    const h = await harness();
    await publish(h.store, h.clock, 'echo', [{ id: 't', type: 'trigger', data: { kind: 'any_message' } }, say('r', 'echo {{message.text}}')], [['t', 'next', 'r']]);
    await h.runtime.init();

    const texts = Array.from({ length: 20 }, (_, i) => `n${i}`);
    const results = await Promise.all(texts.map((text) => h.runtime.handleInbound({ channel: 'webhook', externalId: 'kai', event: message(text) })));
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
    const conversation = await conversationOf(h.store, 'kai');
    expect(conversation.revision).toBe(20);

    const stored: MessageRecord[] = await h.store.listMessages(conversation.id, 100);
    const inbound = stored.filter((m) => m.direction === 'in').map((m) => (typeof m.body === 'object' && m.body !== null && !Array.isArray(m.body) ? m.body.text : null));
    expect(inbound).toEqual(texts);
    await h.runtime.tick();
    expect(h.channel.texts('kai')).toEqual(texts.map((text) => `echo ${text}`));
  });

  it('keeps one order across two runtimes writing the same conversation (optimistic concurrency)', async () => {
    const a = await harness();
    await publish(a.store, a.clock, 'echo', [{ id: 't', type: 'trigger', data: { kind: 'any_message' } }, say('r', 'echo {{message.text}}')], [['t', 'next', 'r']]);
    await a.runtime.init();
    // A second process: its own connection to the same file, its own queue.
    const b = await harness({ dir: a.dir, clock: a.clock });
    await b.runtime.init();
    await a.runtime.handleInbound({ channel: 'webhook', externalId: 'max', event: message('first') });

    const texts = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const results = await Promise.all(
      texts.map((text, i) => (i % 2 === 0 ? a : b).runtime.handleInbound({ channel: 'webhook', externalId: 'max', event: message(text) })),
    );
    expect(results.every((r) => r.status === 'processed')).toBe(true);
    const conversation = await conversationOf(a.store, 'max');
    expect(conversation.revision).toBe(11);
    const stored = await a.store.listMessages(conversation.id, 100);
    expect(stored.filter((m) => m.direction === 'in')).toHaveLength(11);
    expect(stored.filter((m) => m.direction === 'out')).toHaveLength(11);
  });

  it('starts a flow from the API, and refuses a flow that is not live', async () => {
    const h = await harness();
    await publish(h.store, h.clock, 'hello', [keyword('t', 'hello'), say('r', 'hi')], [['t', 'next', 'r']]);
    await publish(h.store, h.clock, 'promo', [{ id: 't', type: 'trigger', data: { kind: 'api' } }, say('r', 'Your code is {{vars.code}}')], [['t', 'next', 'r']]);
    await h.runtime.init();
    const { conversationId } = await h.runtime.handleInbound({ channel: 'webhook', externalId: 'ned', event: message('hello') });

    await h.runtime.startFlow(conversationId ?? '', 'promo', { code: 'SPRING24' });
    await expect(h.runtime.startFlow(conversationId ?? '', 'nope', {})).rejects.toMatchObject({ code: 'flow_not_live' });
    await h.runtime.tick();
    expect(h.channel.texts('ned')).toEqual(['hi', 'Your code is SPRING24']);
  });

  it('refuses to start a flow the engine will not start, with the reason, and writes nothing', async () => {
    const h = await harness();
    await publish(
      h.store,
      h.clock,
      'survey',
      [keyword('t', 'survey'), { id: 'q', type: 'ask', data: { question: 'Your name?', variable: 'name' } }, say('r', 'Thanks')],
      [['t', 'next', 'q'], ['q', 'answered', 'r']],
      { interrupt: 'block' },
    );
    await publish(h.store, h.clock, 'promo', [{ id: 't', type: 'trigger', data: { kind: 'api' } }, say('r', 'Your code is {{vars.code}}')], [['t', 'next', 'r']]);
    await publish(
      h.store,
      h.clock,
      'expired',
      [{ id: 't', type: 'trigger', data: { kind: 'api', activeUntil: START - MINUTE } }, say('r', 'Too late')],
      [['t', 'next', 'r']],
    );
    await h.runtime.init();
    const { conversationId } = await h.runtime.handleInbound({ channel: 'webhook', externalId: 'pam', event: message('survey') });
    const id = conversationId ?? '';
    const before = await conversationOf(h.store, 'pam');
    const events = (await h.store.listEvents({ conversationId: id, limit: 100 })).length;

    // The survey waits for an answer and may not be interrupted.
    await expect(h.runtime.startFlow(id, 'promo', { code: 'X' })).rejects.toMatchObject({
      name: 'RuntimeError',
      code: 'flow_not_started',
      message: expect.stringMatching(/^a session of flow survey is waiting and may not be interrupted/),
    });
    // The api trigger's active window is over.
    await expect(h.runtime.startFlow(id, 'expired', {})).rejects.toMatchObject({ code: 'flow_not_started', message: expect.stringMatching(/no active api trigger/) });

    expect(await conversationOf(h.store, 'pam')).toEqual(before);
    expect(await h.store.listEvents({ conversationId: id, limit: 100 })).toHaveLength(events);
    await h.runtime.tick();
    expect(h.channel.texts('pam')).toEqual(['Your name?']);

    // Once the survey is answered the same call starts the flow.
    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'pam', event: message('Pam') });
    await h.runtime.startFlow(id, 'promo', { code: 'X' });
    await h.runtime.tick();
    expect(h.channel.texts('pam')).toEqual(['Your name?', 'Thanks', 'Your code is X']);
  });

  it('picks up flows published by another process on its next tick', async () => {
    const h = await harness();
    await publish(h.store, h.clock, 'hello', [keyword('t', 'hello'), say('r', 'hi')], [['t', 'next', 'r']]);
    await h.runtime.init();
    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'quin', event: message('price') });

    // Another process (another instance, or `npm run flows:load`): its own connection to the same file.
    const other = openSqliteStore({ file: path.join(h.dir, 'parley.db') });
    try {
      await publish(other, h.clock, 'faq', [keyword('t', 'price'), say('r', 'It costs 10')], [['t', 'next', 'r']]);
      await h.runtime.tick();
      await h.runtime.handleInbound({ channel: 'webhook', externalId: 'quin', event: message('price') });
      await h.runtime.tick();
      expect(h.channel.texts('quin')).toEqual(['It costs 10']);

      // An archive there is noticed as well: the flow stops answering.
      const faq = await other.getFlow('faq');
      if (!faq) throw new Error('faq vanished');
      await other.saveFlow({ ...faq, status: 'archived' }, faq.revision);
      await h.runtime.tick();
      await h.runtime.handleInbound({ channel: 'webhook', externalId: 'quin', event: message('price') });
      await h.runtime.tick();
      expect(h.channel.texts('quin')).toEqual(['It costs 10']);
    } finally {
      await other.close();
    }
  });

  it('closes a conversation at an end node and reopens it when the customer writes again', async () => {
    const h = await harness();
    await publish(h.store, h.clock, 'bye', [keyword('t', 'bye'), say('r', 'Goodbye'), { id: 'e', type: 'end', data: { closeConversation: true } }], [['t', 'next', 'r'], ['r', 'next', 'e']]);
    await publish(h.store, h.clock, 'hello', [keyword('t', 'hello'), say('r', 'Welcome back')], [['t', 'next', 'r']]);
    await h.runtime.init();
    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'ola', event: message('bye') });
    expect((await conversationOf(h.store, 'ola')).status).toBe('closed');

    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'ola', event: message('hello') });
    expect((await conversationOf(h.store, 'ola')).status).toBe('bot');
    await h.runtime.tick();
    expect(h.channel.texts('ola')).toEqual(['Goodbye', 'Welcome back']);
  });

  it('tells the hooks about messages, status changes and touched flows', async () => {
    const seen: string[] = [];
    const { store, clock, runtime } = await harness({
      hooks: {
        onMessage: (_conversation, record) => seen.push(`message:${record.direction}`),
        onConversation: (conversation) => seen.push(`conversation:${conversation.status}`),
        onStats: ({ flowIds, unmatched }) => seen.push(`stats:${flowIds.join(',')}${unmatched ? ' missed' : ''}`),
      },
    });
    await publish(store, clock, 'bye', [keyword('t', 'bye'), say('r', 'Goodbye'), { id: 'e', type: 'end', data: { closeConversation: true } }], [['t', 'next', 'r'], ['r', 'next', 'e']]);
    await runtime.init();

    await runtime.handleInbound({ channel: 'webhook', externalId: 'pia', event: message('bye') });
    expect(seen).toEqual(['message:in', 'message:out', 'conversation:closed', 'stats:bye']);
    seen.length = 0;
    await runtime.handleInbound({ channel: 'webhook', externalId: 'pia', event: message('nothing matches this') });
    expect(seen).toEqual(['message:in', 'conversation:bot', 'stats: missed']);
  });

  it('keeps a conversation on the version it started on, across a publish and a restart', async () => {
    const first = await harness();
    const nodes = (thanks: string): NodeSpec[] => [
      keyword('t', 'survey'),
      { id: 'q', type: 'ask', data: { question: 'Your name?', variable: 'name' } },
      say('r', thanks),
    ];
    const edges: [string, string, string][] = [['t', 'next', 'q'], ['q', 'answered', 'r']];
    await publish(first.store, first.clock, 'survey', nodes('v1 thanks {{vars.name}}'), edges);
    await first.runtime.init();
    await first.runtime.handleInbound({ channel: 'webhook', externalId: 'old', event: message('survey') });

    // Version 2 goes live while the first contact is waiting at the question.
    const draft = await first.store.getFlow('survey');
    if (!draft) throw new Error('flow vanished');
    const graph = { ...draft.graph, nodes: draft.graph.nodes.map((node) => (node.id === 'r' && node.type === 'reply' ? { ...node, data: { ...node.data, messages: [{ type: 'text' as const, text: 'v2 thanks {{vars.name}}', buttons: [] }] } } : node)) };
    const saved = await first.store.saveFlow({ ...draft, graph }, draft.revision);
    await first.store.publishFlow('survey', saved.revision, first.clock.now());
    await first.runtime.reloadFlows();
    await first.runtime.handleInbound({ channel: 'webhook', externalId: 'new', event: message('survey') });
    await shutdown(first);
    open.splice(open.indexOf(first), 1);

    // After a restart only version 2 is live; the waiting session still answers from version 1.
    const second = await harness({ dir: first.dir });
    await second.runtime.init();
    await second.runtime.handleInbound({ channel: 'webhook', externalId: 'old', event: message('Ann') });
    await second.runtime.handleInbound({ channel: 'webhook', externalId: 'new', event: message('Ben') });
    await second.runtime.tick();
    // The questions were committed before the restart and never dispatched: the new process sends them.
    expect(second.channel.texts('old')).toEqual(['Your name?', 'v1 thanks Ann']);
    expect(second.channel.texts('new')).toEqual(['Your name?', 'v2 thanks Ben']);
  });

  it('starts tag_added flows when tags change from outside', async () => {
    const h = await harness();
    await publish(h.store, h.clock, 'echo', [{ id: 't', type: 'trigger', data: { kind: 'keyword', keywords: [{ text: 'hi', match: 'exact' }] } }, say('r', 'hello')], [['t', 'next', 'r']]);
    await publish(h.store, h.clock, 'vip', [{ id: 't', type: 'trigger', data: { kind: 'tag_added', tag: 'vip' } }, say('r', 'Welcome to VIP')], [['t', 'next', 'r']]);
    await h.runtime.init();
    const { conversationId } = await h.runtime.handleInbound({ channel: 'webhook', externalId: 'lea', event: message('hi') });

    const tagged = await h.runtime.changeTags(conversationId ?? '', ['vip', 'new'], []);
    expect(tagged.state.contact.tags).toEqual(['vip', 'new']);
    // Adding a tag the contact already has changes nothing and starts nothing.
    await h.runtime.changeTags(conversationId ?? '', ['vip'], ['new']);
    await h.runtime.tick();
    expect(h.channel.texts('lea')).toEqual(['hello', 'Welcome to VIP']);
    expect((await conversationOf(h.store, 'lea')).state.contact.tags).toEqual(['vip']);
  });

  it('writes stats that equal a recount of the event log', async () => {
    const h = await harness();
    await publish(
      h.store,
      h.clock,
      'survey',
      [
        keyword('t', 'survey'),
        { id: 'q', type: 'ask', data: { question: 'Rate us 1-5', validate: 'number', variable: 'score', retries: 0 } },
        say('thanks', 'Thanks for {{vars.score}}'),
        say('bad', 'Never mind'),
      ],
      [['t', 'next', 'q'], ['q', 'answered', 'thanks'], ['q', 'invalid', 'bad']],
    );
    await publish(h.store, h.clock, 'helpdesk', [keyword('t', 'help'), say('r', 'How can we help?')], [['t', 'next', 'r']]);
    await h.runtime.init();
    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'u1', event: message('survey') });
    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'u1', event: message('5') });
    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'u2', event: message('survey') });
    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'u2', event: message('meh') });
    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'u3', event: message('survey') });
    // Another flow's keyword takes over the question: the survey session is dropped at the ask.
    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'u3', event: message('help') });
    await h.runtime.handleInbound({ channel: 'webhook', externalId: 'u4', event: message('what?') });

    // Recount from the recorded traces, independently of the runtime's own stat code.
    const expected = new Map<string, { entered: number; exited: number; exits: Record<string, number>; dropped: Record<string, number>; contacts: Set<string> }>();
    const rowOf = (nodeId: string) => {
      let row = expected.get(nodeId);
      if (!row) expected.set(nodeId, (row = { entered: 0, exited: 0, exits: {}, dropped: {}, contacts: new Set() }));
      return row;
    };
    const missed = new Map<string, number>();
    for (const record of await h.store.listEvents({ limit: 1000 })) {
      const conversation = await h.store.getConversation(record.conversationId);
      for (const entry of record.trace) {
        if (entry.type === 'entered' && entry.flowId === 'survey') {
          rowOf(entry.nodeId).entered += 1;
          rowOf(entry.nodeId).contacts.add(conversation?.state.contact.id ?? '');
        } else if (entry.type === 'exited' && entry.flowId === 'survey') {
          rowOf(entry.nodeId).exited += 1;
          const exits = rowOf(entry.nodeId).exits;
          exits[entry.handle] = (exits[entry.handle] ?? 0) + 1;
        } else if (entry.type === 'dropped' && entry.flowId === 'survey') {
          const dropped = rowOf(entry.nodeId).dropped;
          dropped[entry.reason] = (dropped[entry.reason] ?? 0) + 1;
        } else if (entry.type === 'unmatched') {
          missed.set(entry.text, (missed.get(entry.text) ?? 0) + 1);
        }
      }
    }
    const range = { flowId: 'survey', version: null, from: '2024-01-01', to: '2024-12-31' };
    const stats = await h.store.nodeStats(range);
    const unique = new Map((await h.store.uniqueContacts({ ...range, nodeIds: [...expected.keys()] })).map((row) => [row.nodeId, row.contacts]));
    expect(stats.map((row) => [row.nodeId, { entered: row.entered, exited: row.exited, exits: row.exits, dropped: row.dropped, uniqueContacts: unique.get(row.nodeId) }]).sort()).toEqual(
      [...expected.entries()]
        .map(([nodeId, row]) => [nodeId, { entered: row.entered, exited: row.exited, exits: row.exits, dropped: row.dropped, uniqueContacts: row.contacts.size }])
        .sort(),
    );
    // The scenario did reach every node, so the comparison above is not vacuous.
    expect(stats.find((row) => row.nodeId === 't')?.entered).toBe(3);
    expect(stats.find((row) => row.nodeId === 'q')?.dropped).toEqual({ replaced: 1 });
    expect(stats.find((row) => row.nodeId === 'thanks')?.entered).toBe(1);
    expect(stats.find((row) => row.nodeId === 'bad')?.entered).toBe(1);
    const report = await h.store.missedKeywords({ from: '2024-01-01', to: '2024-12-31', limit: 10 });
    expect(report.map((row) => [row.text, row.count])).toEqual([...missed.entries()]);
    expect(missed.size).toBeGreaterThan(0);
  });
});
