// The example flows of flows/ on the real server: SQLite in a temp dir, the real runtime with a
// hand-advanced clock, HTTP and socket.io on 127.0.0.1. The flows are imported and published through
// the REST API; customers write through the signed generic webhook (`sync: true`, so an event's own
// replies come back in the response) or the web chat socket; later replies (after a handoff, a timer)
// go through the dispatcher to a local callback receiver standing in for the customer's system.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { outMessageSchema, type OutMessage } from '@parley/shared';
import type { Socket } from 'socket.io-client';
import { z } from 'zod';
import { CallbackReceiver, textOf } from './support/callback-receiver';
import { httpApi, type HttpApi } from './support/http-api';
import { signedHeaders } from './support/sign-webhook';
import { emitWithAck, openSocket } from './support/socket-client';
import { createTestParley, type TestParley } from './support/test-parley';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Epoch ms of a wall-clock time in Asia/Shanghai (UTC+8 all year). */
const shanghai = (local: string): number => Date.parse(`${local}:00+08:00`);
const MONDAY_10 = shanghai('2026-06-08T10:00');

const FLOWS_DIR = path.resolve(__dirname, '../../../flows');

// Opening words of the example flows' replies.
const WELCOME = /^Hi there, welcome to Parley Shop!/;
const SHIPPING = /^Shipping:/;
const HOURS = /^Opening hours:/;
const PRICES = /^Prices:/;
const OPEN = 'Thanks for your message! An agent will be with you shortly.';
const CLOSED = /^Thanks for your message! We're closed right now\./;
const ASK_ORDER = /What is your order number\?/;
const HANDOFF = /get a person to help you/;

const webhookResponseSchema = z.object({
  accepted: z.literal(true),
  duplicate: z.boolean(),
  conversationId: z.string().nullable(),
  replies: z.array(outMessageSchema),
});

const conversationViewSchema = z.object({
  id: z.string(),
  status: z.enum(['bot', 'handed_off', 'closed']),
  assignee: z.string().nullable(),
  team: z.string().nullable(),
  state: z.object({ contact: z.object({ tags: z.array(z.string()) }) }),
});

interface Scenario {
  parley: TestParley;
  url: string;
  receiver: CallbackReceiver;
  customer(contactId: string): Customer;
  /** Moves the hand-advanced clock on and lets the runtime fire what fell due and deliver the outbox. */
  advance(ms: number): Promise<void>;
  api: HttpApi;
}

let scenario: Scenario | null = null;

/** A fresh server at `at` with every example flow imported and published through the API. */
async function startScenario(at: number): Promise<Scenario> {
  const receiver = await CallbackReceiver.start();
  const parley = await createTestParley({ webhookCallbackUrl: receiver.url });
  parley.clock.ms = at;
  const url = await parley.listen();
  const api = httpApi(url);
  const started: Scenario = {
    parley,
    url,
    receiver,
    customer: (contactId) => new Customer(started, contactId),
    async advance(ms) {
      parley.clock.advance(ms);
      await parley.runtime.tick();
    },
    api,
  };
  scenario = started;

  const editor = await parley.userWithToken('editor');
  const files = readdirSync(FLOWS_DIR).filter((name) => name.endsWith('.json')).sort();
  expect(files).toHaveLength(7);
  // All imported before any is published: anti-spam goes to off-hours, which must exist by then.
  const revisions = new Map<string, number>();
  for (const file of files) {
    const imported = await api('POST', '/api/flows/import', editor.headers, JSON.parse(readFileSync(path.join(FLOWS_DIR, file), 'utf8')));
    expect({ file, status: imported.status }).toEqual({ file, status: 201 });
    const flow = z.object({ id: z.string(), revision: z.number() }).parse(imported.body);
    revisions.set(flow.id, flow.revision);
  }
  for (const [id, revision] of revisions) {
    const published = await api('POST', `/api/flows/${id}/publish`, editor.headers, { revision });
    expect({ id, status: published.status, body: published.status === 200 ? null : published.body }).toEqual({ id, status: 200, body: null });
  }
  return started;
}

afterEach(async () => {
  if (scenario === null) return;
  const { parley, receiver } = scenario;
  scenario = null;
  expect(receiver.rejected).toBe(0);
  await parley.close();
  await receiver.close();
});

/** A contact of the generic webhook channel. */
class Customer {
  conversationId: string | null = null;
  /** The replies of the last synchronous request, with their buttons. */
  replies: OutMessage[] = [];
  private messageSeq = 0;

  constructor(
    private readonly scenario: Scenario,
    readonly contactId: string,
  ) {}

  /** Writes a text message; returns the texts answered in the response. */
  say(text: string): Promise<string[]> {
    return this.post({ text });
  }

  /** Presses a button. */
  press(payload: string, title: string): Promise<string[]> {
    return this.post({ postback: { payload, title } });
  }

  /** What reached the callback receiver for this contact since the last look. */
  callbacks(): string[] {
    return this.scenario.receiver.take(this.contactId);
  }

  buttons(): string[] {
    const last = this.replies.at(-1);
    return last?.type === 'text' ? last.buttons.map((b) => b.payload) : [];
  }

  private async post(content: Record<string, unknown>): Promise<string[]> {
    this.messageSeq += 1;
    const raw = JSON.stringify({ contactId: this.contactId, messageId: `${this.contactId}-${this.messageSeq}`, sync: true, ...content });
    const res = await fetch(`${this.scenario.url}/webhooks/generic`, {
      method: 'POST',
      headers: signedHeaders(raw, this.scenario.parley.clock.now()),
      body: raw,
    });
    expect(res.status).toBe(200);
    const body = webhookResponseSchema.parse(await res.json());
    expect(body.duplicate).toBe(false);
    this.conversationId = body.conversationId;
    this.replies = body.replies;
    return body.replies.map(textOf);
  }
}

async function conversationOf(s: Scenario, customer: Customer, headers: Record<string, string>) {
  const res = await s.api('GET', `/api/conversations/${customer.conversationId ?? ''}`, headers);
  expect(res.status).toBe(200);
  return conversationViewSchema.parse(res.body);
}

/** A contact who wrote once, two hours before `at` (so no first-contact welcome); the clock ends at `at`. */
async function knownCustomer(s: Scenario, contactId: string, at: number): Promise<Customer> {
  s.parley.clock.ms = at - 2 * HOUR;
  const customer = s.customer(contactId);
  expect(await customer.say('hi')).toHaveLength(1);
  await s.advance(2 * HOUR);
  return customer;
}

/** A web chat visitor: every `message` the server emits is kept; waiting for them is bounded. */
async function connectVisitor(url: string, visitorId: string): Promise<{ socket: Socket; messages: OutMessage[]; next(count: number): Promise<string[]> }> {
  const socket = openSocket(url, '/chat', { visitorId });
  const messages: OutMessage[] = [];
  socket.on('message', (payload: unknown) => messages.push(outMessageSchema.parse(payload)));
  await new Promise<void>((resolve, reject) => {
    socket.once('history', () => resolve());
    socket.once('connect_error', reject);
  });
  let seen = 0;
  return {
    socket,
    messages,
    async next(count) {
      const deadline = Date.now() + 5_000;
      while (messages.length < seen + count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const fresh = messages.slice(seen, seen + count).map(textOf);
      seen += fresh.length;
      return fresh;
    },
  };
}

describe('scenarios over the real server with the example flows', () => {
  it('welcome on first contact: web chat and webhook contacts get the welcome with buttons, only once', async () => {
    const s = await startScenario(shanghai('2026-06-08T14:00'));
    const visitor = await connectVisitor(s.url, 'visitor-0001');
    try {
      expect(await emitWithAck(visitor.socket, 'message', { id: '1', text: 'Good morning' })).toMatchObject({ ok: true, duplicate: false });
      await s.parley.runtime.tick();
      expect(await visitor.next(1)).toEqual([expect.stringMatching(WELCOME)]);
      const welcome = visitor.messages[0];
      expect(welcome?.type === 'text' ? welcome.buttons.map((b) => b.title) : []).toEqual(['Shipping', 'Opening hours', 'Prices']);
      // Pressing a button of the welcome answers that topic.
      await emitWithAck(visitor.socket, 'postback', { id: '2', payload: 'FAQ_HOURS', title: 'Opening hours' });
      await s.parley.runtime.tick();
      expect(await visitor.next(1)).toEqual([expect.stringMatching(HOURS)]);
      await s.advance(2 * HOUR);
      await emitWithAck(visitor.socket, 'message', { id: '3', text: 'Good morning' });
      await s.parley.runtime.tick();
      expect(await visitor.next(1)).toEqual([OPEN]);
    } finally {
      visitor.socket.disconnect();
    }

    const customer = s.customer('wh-first');
    expect(await customer.say('Good morning')).toEqual([expect.stringMatching(WELCOME)]);
    expect(customer.buttons()).toEqual(['FAQ_SHIPPING', 'FAQ_HOURS', 'FAQ_PRICES']);
    expect(await customer.say('Good morning')).toEqual([OPEN]);
  });

  it('keyword FAQ: exact keywords match the whole message, contains keywords match inside it, in any width', async () => {
    const s = await startScenario(MONDAY_10);
    const customer = s.customer('faq-1');
    // A first message that is a keyword gets its answer rather than the welcome.
    expect(await customer.say('price')).toEqual([expect.stringMatching(PRICES)]);
    expect(await customer.say("What's the price?")).toEqual([OPEN]);
    await s.advance(HOUR + MINUTE);
    expect(await customer.say('ＳＨＩＰＰＩＮＧ')).toEqual([expect.stringMatching(SHIPPING)]);
    expect(await customer.say('When does my Delivery arrive?')).toEqual([expect.stringMatching(SHIPPING)]);
    expect(await customer.say('什么时候发货')).toEqual([expect.stringMatching(SHIPPING)]);
    await s.advance(HOUR + MINUTE);
    expect(await customer.say('HOURS')).toEqual([expect.stringMatching(HOURS)]);
    expect(await customer.say('What are your opening hours today?')).toEqual([expect.stringMatching(HOURS)]);
  });

  it('off-hours: Saturday 23:00 in Asia/Shanghai gets the closed reply', async () => {
    const s = await startScenario(shanghai('2026-06-06T18:00'));
    const customer = await knownCustomer(s, 'sat', shanghai('2026-06-06T23:00'));
    expect(await customer.say('Is anyone there?')).toEqual([expect.stringMatching(CLOSED)]);
  });

  it('off-hours: a listed holiday (National Day, a Thursday, and New Year) gets the closed reply', async () => {
    const s = await startScenario(shanghai('2026-09-30T18:00'));
    const national = await knownCustomer(s, 'national-day', shanghai('2026-10-01T10:00'));
    expect(await national.say('Is anyone there?')).toEqual([expect.stringMatching(CLOSED)]);
    const newYear = await knownCustomer(s, 'new-year', shanghai('2027-01-01T10:00'));
    expect(await newYear.say('Is anyone there?')).toEqual([expect.stringMatching(CLOSED)]);
  });

  it('off-hours: Monday 10:00 in Asia/Shanghai gets the normal reply', async () => {
    const s = await startScenario(MONDAY_10 - 3 * HOUR);
    const customer = await knownCustomer(s, 'monday', MONDAY_10);
    expect(await customer.say('Is anyone there?')).toEqual([OPEN]);
  });

  it('off-hours: the lunch break at 12:30 gets the closed reply, 13:30 the normal one', async () => {
    const s = await startScenario(MONDAY_10);
    const customer = await knownCustomer(s, 'lunch', shanghai('2026-06-08T12:30'));
    expect(await customer.say('Is anyone there?')).toEqual([expect.stringMatching(CLOSED)]);
    await s.advance(HOUR);
    expect(await customer.say('Is anyone there?')).toEqual([OPEN]);
  });

  it('refund → handoff to an agent → resolved through the API → the satisfaction survey continues the flow', async () => {
    const s = await startScenario(MONDAY_10);
    const agent = await s.parley.userWithToken('agent', ['support']);
    const customer = s.customer('fay');
    expect(await customer.say('I want a refund')).toEqual([expect.stringMatching(ASK_ORDER)]);
    expect(await customer.say('A123')).toEqual([
      "Thanks! I've noted your refund request for order A123.",
      "I'm passing you to our support team; a person will reply here shortly.",
    ]);
    expect(await conversationOf(s, customer, agent.headers)).toMatchObject({ status: 'handed_off', assignee: agent.user.id, team: 'support' });
    // Automation is paused while the agent has it: not even a keyword is answered.
    expect(await customer.say('shipping?')).toEqual([]);

    const resolved = await s.api('POST', `/api/conversations/${customer.conversationId ?? ''}/resolve`, agent.headers);
    expect(resolved.status).toBe(200);
    await s.parley.runtime.tick();
    expect(customer.callbacks()).toEqual(['Your refund request has been handled. How satisfied are you with our help?']);
    expect(await conversationOf(s, customer, agent.headers)).toMatchObject({ status: 'bot', assignee: null });

    expect(await customer.press('good', 'Good')).toEqual(['Thank you for your feedback! Have a great day.']);
  });

  it('wait for a reply with a timeout branch: no answer in 30 minutes → the timeout message; an answer in time cancels it', async () => {
    const s = await startScenario(MONDAY_10);
    await s.parley.userWithToken('agent', ['support']);
    const silent = s.customer('hal');
    const prompt = s.customer('ian');
    expect(await silent.say('I would like to return my shoes')).toEqual([expect.stringMatching(ASK_ORDER)]);
    expect(await prompt.say('refund')).toEqual([expect.stringMatching(ASK_ORDER)]);
    await s.advance(10 * MINUTE);
    expect(await prompt.say('B7')).toEqual([expect.stringMatching(/order B7/), expect.stringMatching(/support team/)]);

    await s.advance(19 * MINUTE);
    expect(silent.callbacks()).toEqual([]);
    await s.advance(2 * MINUTE);
    expect(silent.callbacks()).toEqual(['No problem: write "refund" again whenever you have your order number at hand.']);
    // The question is over: a late order number is not taken for an answer.
    expect(await silent.say('A123')).toEqual([OPEN]);

    await s.advance(HOUR);
    expect(prompt.callbacks()).toEqual([]);
    expect(s.receiver.received).toEqual([]);
  });

  it('re-engagement: after 15 days of silence the contact is tagged returning and welcomed back', async () => {
    const s = await startScenario(MONDAY_10);
    const agent = await s.parley.userWithToken('agent');
    const customer = s.customer('rex');
    expect(await customer.say('hi')).toHaveLength(1);
    await s.advance(15 * DAY);
    expect(await customer.say('hey, remember me?')).toEqual(["Welcome back, friend! It's been a while. Here is what people ask us most:"]);
    expect(customer.buttons()).toEqual(['FAQ_SHIPPING', 'FAQ_PRICES', 'DEMO']);
    expect((await conversationOf(s, customer, agent.headers)).state.contact.tags).toEqual(['returning']);
    // Just back is not "returning" again.
    expect(await customer.say('hey, remember me?')).toEqual([OPEN]);
  });

  it('anti-spam: after 3 automated replies within an hour, the 4th message goes to a person', async () => {
    const s = await startScenario(MONDAY_10);
    const agent = await s.parley.userWithToken('agent', ['support']);
    const customer = s.customer('uma');
    expect(await customer.say('hello??')).toEqual([expect.stringMatching(WELCOME)]);
    await s.advance(5 * MINUTE);
    expect(await customer.say('is anyone there')).toEqual([OPEN]);
    await s.advance(5 * MINUTE);
    expect(await customer.say('please answer')).toEqual([OPEN]);
    await s.advance(5 * MINUTE);
    expect(await customer.say('ANSWER ME')).toEqual([expect.stringMatching(HANDOFF)]);
    const conversation = await conversationOf(s, customer, agent.headers);
    expect(conversation).toMatchObject({ status: 'handed_off', assignee: agent.user.id, team: 'support' });
    expect(conversation.state.contact.tags).toEqual(['spam-suspect']);
    expect(await customer.say('???')).toEqual([]);
  });

  it('missed keywords: a message no flow understands gets the off-hours reply through the fallback and is counted in the report', async () => {
    const s = await startScenario(MONDAY_10);
    const analyst = await s.parley.userWithToken('analyst');
    const agent = await s.parley.userWithToken('agent');
    const missedKeywords = async () => {
      const res = await s.api('GET', '/api/stats/missed-keywords', analyst.headers);
      expect(res.status).toBe(200);
      return z.object({ groups: z.array(z.object({ text: z.string(), count: z.number() })) }).parse(res.body).groups.map((g) => [g.text, g.count]);
    };
    expect(await missedKeywords()).toEqual([]);

    const ann = s.customer('ann');
    const ben = s.customer('ben');
    // Understood messages (a keyword, a button) are no misses.
    expect(await ann.say('shipping')).toEqual([expect.stringMatching(SHIPPING)]);
    expect(await ben.say('price')).toEqual([expect.stringMatching(PRICES)]);
    expect(await ben.press('FAQ_HOURS', 'Opening hours')).toEqual([expect.stringMatching(HOURS)]);
    await s.advance(HOUR + MINUTE);
    expect(await ann.say('asdf qwerty')).toEqual([OPEN]);
    expect(await ben.say('asdf qwerty')).toEqual([OPEN]);
    expect(await missedKeywords()).toEqual([['asdf qwerty', 2]]);

    // Off-hours has an api trigger: an agent can start it directly, and that is no miss either.
    const started = await s.api('POST', `/api/conversations/${ann.conversationId ?? ''}/start`, agent.headers, { flowId: 'off-hours' });
    expect(started.status).toBe(200);
    await s.parley.runtime.tick();
    expect(ann.callbacks()).toEqual([OPEN]);
    expect(await missedKeywords()).toEqual([['asdf qwerty', 2]]);
  });

  it('A/B welcome: the split is sticky per contact, and both variants reach contacts', async () => {
    const s = await startScenario(MONDAY_10);
    const variants = new Map<string, number>();
    for (let i = 0; i < 24; i += 1) {
      const customer = s.customer(`ab-${i}`);
      const [first, ...rest] = await customer.say('hello');
      expect(rest).toEqual([]);
      for (const greeting of ['Hi', 'HELLO', 'ｈｅｌｌｏ']) expect(await customer.say(greeting)).toEqual([first]);
      variants.set(first ?? '', (variants.get(first ?? '') ?? 0) + 1);
    }
    expect([...variants.keys()].sort()).toEqual(['Hello there! How can we help you today?', 'Hi there! Pick a topic below, or type "refund" or "demo".']);
  });
});
