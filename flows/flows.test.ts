// Golden test for every flows/*.json: parsed, validated, and run through the engine with all example
// flows published together (as `npm run flows:load` leaves them), so the scripts also pin down how the
// flows share the traffic (priorities, the fallback flow, goto). A new file fails here until it has a script.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compileFlowSet,
  flowDocumentSchema,
  flowVersionSchema,
  newConversationState,
  step,
  validateGraph,
  type ConversationState,
  type Effect,
  type EngineEvent,
  type FlowDocument,
  type FlowSet,
  type FlowVersion,
  type Json,
  type OutMessage,
} from '@parley/shared';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Epoch ms of a wall-clock time in Asia/Shanghai (UTC+8 all year, no daylight saving). */
const shanghai = (local: string): number => Date.parse(`${local}:00+08:00`);

const FLOWS_DIR = __dirname;
const files = readdirSync(FLOWS_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort();
const raw = new Map<string, unknown>(files.map((name) => [name, JSON.parse(readFileSync(join(FLOWS_DIR, name), 'utf8'))]));

function documentOf(name: string): FlowDocument {
  return flowDocumentSchema.parse(raw.get(name));
}

/** All flows (or the named ones) as published versions, created in file order like the loader does. */
function publishedFlows(only?: readonly string[]): FlowVersion[] {
  const chosen = only === undefined ? files : files.filter((name) => only.includes(name.replace(/\.json$/, '')));
  return chosen.map((name, index) => {
    const doc = documentOf(name);
    // Parsed as a version, like publish does: every node complete, defaults filled in.
    return flowVersionSchema.parse({ flowId: doc.id, version: 1, name: doc.name, graph: doc.graph, settings: doc.settings, flowCreatedAt: index, publishedAt: index });
  });
}

/** One contact talking to the published flows, with a hand-advanced clock and the timers the engine armed. */
class Chat {
  state: ConversationState;
  effects: Effect[] = [];
  /** The last event's misses (normalised texts), as the missed-keywords report gets them. */
  missed: string[] = [];
  /** The flows the last event ran, in the order it entered them. */
  flowsRun: string[] = [];
  private readonly timers = new Map<string, number>();
  private messageSeq = 0;

  constructor(
    private readonly flows: FlowSet,
    contactId: string,
    public now: number,
    private readonly visited: Set<string>,
    name = '',
  ) {
    this.state = newConversationState(`conversation-${contactId}`, 'webhook', { id: contactId, name });
  }

  /** The contact writes; returns the texts sent back. */
  say(text: string): string[] {
    this.messageSeq += 1;
    return this.send({ type: 'message', id: `m${this.messageSeq}`, messageType: 'text', text, mediaUrl: null, payload: null });
  }

  /** The contact presses a button. */
  press(payload: string, title = payload): string[] {
    this.messageSeq += 1;
    return this.send({ type: 'postback', id: `m${this.messageSeq}`, payload, title });
  }

  /** Moves the clock on, firing every timer that falls due on the way, in due order. */
  advance(ms: number): string[] {
    const until = this.now + ms;
    const out: string[] = [];
    for (;;) {
      const due = [...this.timers].filter(([, at]) => at <= until).sort((a, b) => a[1] - b[1])[0];
      if (due === undefined) break;
      const [token, at] = due;
      this.timers.delete(token);
      this.now = Math.max(this.now, at);
      out.push(...this.send({ type: 'timer', token }));
    }
    this.now = until;
    return out;
  }

  send(event: EngineEvent): string[] {
    const result = step({ flows: this.flows, state: this.state, event, now: this.now, random: () => 0.5 });
    expect(result.trace.filter((t) => t.type === 'error')).toEqual([]);
    for (const entry of result.trace) if (entry.type === 'entered') this.visited.add(`${entry.flowId}/${entry.nodeId}`);
    this.missed = result.trace.flatMap((t) => (t.type === 'unmatched' ? [t.text] : []));
    this.flowsRun = [...new Set(result.trace.flatMap((t) => (t.type === 'entered' ? [t.flowId] : [])))];
    for (const effect of result.effects) {
      if (effect.type === 'schedule') this.timers.set(effect.token, effect.at);
      if (effect.type === 'cancel') this.timers.delete(effect.token);
    }
    this.state = result.state;
    this.effects = result.effects;
    return result.effects.flatMap((e) => (e.type === 'send' ? [textOf(e.message)] : []));
  }

  /** The buttons of the last message sent. */
  buttons(): string[] {
    const sends = this.effects.flatMap((e) => (e.type === 'send' && e.message.type === 'text' ? [e.message] : []));
    return sends.at(-1)?.buttons.map((b) => b.payload) ?? [];
  }

  effectsOf<T extends Effect['type']>(type: T): Extract<Effect, { type: T }>[] {
    return this.effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
  }
}

function textOf(message: OutMessage): string {
  return message.type === 'text' ? message.text : `[${message.type}]`;
}

/** What a script gets: fresh chats over all published flows. */
interface World {
  chat(contactId: string, at: number, name?: string): Chat;
  /** A contact who wrote once before (so no first-contact welcome), two hours before `at`. */
  knownContact(contactId: string, at: number): Chat;
  /** The same, with only these example flows published. */
  only(flowIds: readonly string[]): World;
}

function makeWorld(visited: Set<string>, flowIds?: readonly string[]): World {
  const flows = compileFlowSet(publishedFlows(flowIds));
  const world: World = {
    only: (ids) => makeWorld(visited, ids),
    chat: (contactId, at, name) => new Chat(flows, contactId, at, visited, name),
    knownContact: (contactId, at) => {
      const chat = world.chat(contactId, at - 2 * HOUR);
      expect(chat.say('hi')).toHaveLength(1);
      chat.advance(2 * HOUR);
      return chat;
    },
  };
  return world;
}

const MONDAY_10 = shanghai('2026-06-08T10:00');

// The replies' opening words, so a script says which flow answered without repeating whole texts.
const WELCOME = /^Hi Ada, welcome to Parley Shop!/;
const SHIPPING = /^Shipping:/;
const HOURS = /^Opening hours:/;
const PRICES = /^Prices:/;
const OPEN = 'Thanks for your message! An agent will be with you shortly.';
const CLOSED = /We're closed right now/;
const ASK_ORDER = /What is your order number\?/;

type Script = [name: string, run: (world: World) => void];

const scripts: Record<string, Script[]> = {
  'welcome-faq': [
    [
      'a first message that is no keyword gets the welcome with topic buttons, and each button answers its topic',
      (world) => {
        const chat = world.chat('ada', MONDAY_10, 'Ada');
        expect(chat.say('good morning')).toEqual([expect.stringMatching(WELCOME)]);
        expect(chat.buttons()).toEqual(['FAQ_SHIPPING', 'FAQ_HOURS', 'FAQ_PRICES']);
        expect(chat.press('FAQ_SHIPPING', 'Shipping')).toEqual([expect.stringMatching(SHIPPING)]);
        expect(chat.press('FAQ_HOURS', 'Opening hours')).toEqual([expect.stringMatching(HOURS)]);
        chat.advance(2 * HOUR);
        expect(chat.press('FAQ_PRICES', 'Prices')).toEqual([expect.stringMatching(PRICES)]);
        expect(chat.missed).toEqual([]);
        // Only the very first message is a first contact: the second one is a miss for the fallback.
        chat.advance(2 * HOUR);
        expect(chat.say('good morning')).toEqual([OPEN]);
        expect(chat.missed).toEqual(['good morning']);
      },
    ],
    [
      'a first message that is a keyword gets that answer, not the welcome',
      (world) => {
        expect(world.chat('bob', MONDAY_10).say('Do you ship abroad? What does shipping cost?')).toEqual([expect.stringMatching(SHIPPING)]);
      },
    ],
    [
      'contains keywords match inside a sentence, in any case or width, and in Chinese',
      (world) => {
        const chat = world.knownContact('cai', MONDAY_10);
        expect(chat.say('When will my DELIVERY arrive?')).toEqual([expect.stringMatching(SHIPPING)]);
        expect(chat.say('ＳＨＩＰＰＩＮＧ')).toEqual([expect.stringMatching(SHIPPING)]);
        expect(chat.say('请问什么时候发货？')).toEqual([expect.stringMatching(SHIPPING)]);
        chat.advance(2 * HOUR);
        expect(chat.say('What are your opening hours?')).toEqual([expect.stringMatching(HOURS)]);
        expect(chat.say('营业时间')).toEqual([expect.stringMatching(HOURS)]);
        expect(chat.say('这个多少钱，价格是？')).toEqual([expect.stringMatching(PRICES)]);
      },
    ],
    [
      'exact keywords match the whole message only',
      (world) => {
        const chat = world.knownContact('dan', shanghai('2026-06-08T14:00'));
        expect(chat.say('Price')).toEqual([expect.stringMatching(PRICES)]);
        expect(chat.say('  HOURS ')).toEqual([expect.stringMatching(HOURS)]);
        expect(chat.missed).toEqual([]);
        chat.advance(2 * HOUR);
        // Not exactly "price" / "hours", and no contains keyword: a miss, answered by the fallback.
        expect(chat.say('the price of the blue one?')).toEqual([OPEN]);
        expect(chat.missed).toEqual(['the price of the blue one?']);
        expect(chat.say('24 HOURS  support?')).toEqual([OPEN]);
        expect(chat.missed).toEqual(['24 hours support?']);
      },
    ],
  ],

  'off-hours': [
    [
      'Monday 10:00 in Shanghai is business hours: a person will answer',
      (world) => {
        expect(world.knownContact('eve', MONDAY_10).say('Is anyone there?')).toEqual([OPEN]);
      },
    ],
    [
      'its api trigger matches no message: a miss reaches it through the anti-spam fallback, or the API starts it',
      (world) => {
        const chat = world.knownContact('eli', MONDAY_10);
        expect(chat.say('asdf qwerty')).toEqual([OPEN]);
        expect(chat.missed).toEqual(['asdf qwerty']);
        expect(chat.flowsRun).toEqual(['anti-spam', 'off-hours']);
        // A button from a menu no flow offers any more is a miss too (reported by its payload).
        expect(chat.press('OLD_MENU', 'Old menu')).toEqual([OPEN]);
        expect(chat.missed).toEqual(['OLD_MENU']);
        expect(chat.send({ type: 'api_start', flowId: 'off-hours', variables: {} })).toEqual([OPEN]);
        expect(chat.missed).toEqual([]);
        expect(chat.flowsRun).toEqual(['off-hours']);
      },
    ],
    [
      'published with anti-spam and nothing else, the pair still answers every message, the very first included',
      (world) => {
        const chat = world.only(['anti-spam', 'off-hours']).chat('pair', shanghai('2026-06-06T23:00'));
        expect(chat.say('hello')).toEqual([expect.stringMatching(CLOSED)]);
        expect(chat.missed).toEqual(['hello']);
        expect(chat.flowsRun).toEqual(['anti-spam', 'off-hours']);
      },
    ],
    [
      'Saturday 23:00, the lunch break and listed holidays are closed',
      (world) => {
        for (const [contact, at] of [
          ['sat', shanghai('2026-06-06T23:00')],
          ['lunch', shanghai('2026-06-08T12:30')],
          ['national-day', shanghai('2026-10-01T10:00')],
          ['national-day-last', shanghai('2026-10-07T15:00')],
          ['new-year', shanghai('2027-01-01T10:00')],
        ] as const) {
          expect({ contact, replies: world.knownContact(contact, at).say('Is anyone there?') }).toEqual({
            contact,
            replies: [expect.stringMatching(CLOSED)],
          });
        }
      },
    ],
    [
      'the edges of the day: 13:30 and 17:59 open, 18:00 and 08:59 closed, the day after National Day open',
      (world) => {
        const at = (local: string) => world.knownContact(`c-${local}`, shanghai(local)).say('hello?')[0];
        expect(at('2026-06-08T13:30')).toBe(OPEN);
        expect(at('2026-06-08T17:59')).toBe(OPEN);
        expect(at('2026-06-08T18:00')).toMatch(CLOSED);
        expect(at('2026-06-09T08:59')).toMatch(CLOSED);
        expect(at('2026-10-08T10:00')).toBe(OPEN);
      },
    ],
  ],

  refund: [
    [
      'order number → confirmation → handoff → resolved → satisfaction survey → thanks',
      (world) => {
        const chat = world.knownContact('fay', MONDAY_10);
        expect(chat.say('I want a refund')).toEqual([expect.stringMatching(ASK_ORDER)]);
        // The fallback must not take the answer away from the question: an answer is no miss.
        expect(chat.say('A123')).toEqual([
          'Thanks! I\'ve noted your refund request for order A123.',
          expect.stringMatching(/passing you to our support team/),
        ]);
        expect(chat.missed).toEqual([]);
        expect(chat.effectsOf('assign')).toEqual([{ type: 'assign', team: 'support', strategy: 'least_busy', flowId: 'refund', nodeId: 'handoff' }]);
        expect(chat.state.handedOff).toBe(true);
        // While a person owns the conversation, nothing automated answers, not even keywords.
        expect(chat.say('hello? shipping?')).toEqual([]);
        expect(chat.send({ type: 'handoff_resolved' })).toEqual([expect.stringMatching(/How satisfied are you/)]);
        expect(chat.state.handedOff).toBe(false);
        expect(chat.buttons()).toEqual(['good', 'ok', 'bad']);
        expect(chat.press('good', 'Good')).toEqual(['Thank you for your feedback! Have a great day.']);
        expect(chat.effectsOf('tag')).toEqual([]);
        expect(chat.state.session).toBeNull();
      },
    ],
    [
      'a bad rating typed in Chinese tags the contact refund-unhappy',
      (world) => {
        const chat = world.knownContact('gus', MONDAY_10);
        chat.say('退款');
        chat.say('B-77');
        chat.send({ type: 'handoff_resolved' });
        expect(chat.say('不满意')).toEqual(['Thank you for your feedback! Have a great day.']);
        expect(chat.effectsOf('tag')).toEqual([{ type: 'tag', add: ['refund-unhappy'], remove: [] }]);
      },
    ],
    [
      'no answer within 30 minutes: the customer is told how to start again',
      (world) => {
        const chat = world.knownContact('hal', MONDAY_10);
        expect(chat.say('I would like to return these shoes')).toEqual([expect.stringMatching(ASK_ORDER)]);
        expect(chat.advance(29 * MINUTE)).toEqual([]);
        expect(chat.advance(2 * MINUTE)).toEqual([expect.stringMatching(/write "refund" again/)]);
        expect(chat.state.session).toBeNull();
      },
    ],
    [
      'no agent, or none within 4 hours: we will email you',
      (world) => {
        const unassigned = world.knownContact('ivy', MONDAY_10);
        unassigned.say('refund please');
        unassigned.say('C9');
        expect(unassigned.send({ type: 'handoff_unassigned' })).toEqual([
          'All our agents are busy right now. We\'ll email you about order C9 within one business day.',
        ]);
        expect(unassigned.state.handedOff).toBe(false);

        const slow = world.knownContact('jon', MONDAY_10);
        slow.say('refund please');
        slow.say('D10');
        expect(slow.advance(4 * HOUR)).toEqual([expect.stringMatching(/We'll email you about order D10/)]);
        // An agent resolving afterwards finds nothing waiting: no survey.
        expect(slow.send({ type: 'handoff_resolved' })).toEqual([]);
      },
    ],
    [
      'refund outranks the FAQ when a message names both',
      (world) => {
        expect(world.knownContact('kim', MONDAY_10).say('refund for my delivery')).toEqual([expect.stringMatching(ASK_ORDER)]);
      },
    ],
    [
      'a satisfaction answer that is no choice is asked again once, then the flow ends',
      (world) => {
        const chat = world.knownContact('lea', MONDAY_10);
        chat.say('refund');
        chat.say('E1');
        chat.send({ type: 'handoff_resolved' });
        expect(chat.say('meh')).toEqual(['Please pick one: Good, OK or Bad.']);
        expect(chat.say('whatever')).toEqual([]);
        expect(chat.state.session).toBeNull();
      },
    ],
    [
      'an answer without text is asked again twice, then given up; a keyword may take the question over',
      (world) => {
        const chat = world.knownContact('max', MONDAY_10);
        chat.say('refund');
        expect(chat.send({ type: 'message', id: 'img', messageType: 'image', text: '', mediaUrl: 'https://x/y.png', payload: null })).toEqual([
          expect.stringMatching(/^Sorry, I didn't get that\. Sorry to hear that\. What is your order number\?/),
        ]);
        chat.send({ type: 'message', id: 'img2', messageType: 'image', text: '', mediaUrl: 'https://x/y.png', payload: null });
        expect(chat.send({ type: 'message', id: 'img3', messageType: 'image', text: '', mediaUrl: 'https://x/y.png', payload: null })).toEqual([
          expect.stringMatching(/write "refund" again/),
        ]);
        chat.say('refund');
        // The customer changes topic: a keyword may take over the question, a catch-all may not.
        expect(chat.say('shipping?')).toEqual([expect.stringMatching(SHIPPING)]);
      },
    ],
  ],

  'lead-capture': [
    [
      'name → email (re-asked when invalid) → CRM call → the lead id',
      (world) => {
        const chat = world.knownContact('ned', MONDAY_10);
        expect(chat.say('Can I get a DEMO?')).toEqual(["Happy to set up a demo! What's your name?"]);
        expect(chat.say('Ada Lovelace')).toEqual(["Thanks, Ada Lovelace! What's your work email?"]);
        expect(chat.say('ada at example')).toEqual([expect.stringMatching(/^That doesn't look like an email address\. Thanks, Ada Lovelace!/)]);
        expect(chat.say('Ada@Example.com')).toEqual([]);
        const [call] = chat.effectsOf('http');
        expect(call?.request).toMatchObject({ method: 'POST', url: 'https://crm.example.com/leads', headers: { 'Content-Type': 'application/json' } });
        expect(JSON.parse(call?.request.body ?? '')).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', source: 'parley' });
        const body: Json = { id: 'L-42', status: 'new' };
        expect(chat.send({ type: 'http_result', token: call?.token ?? '', ok: true, status: 201, body })).toEqual([
          "You're all set, Ada Lovelace! Your reference is L-42; our sales team will email ada@example.com within one business day.",
        ]);
        expect(chat.state.session).toBeNull();
      },
    ],
    [
      'the CRM fails: the contact is tagged lead-failed and told a person will follow up',
      (world) => {
        const chat = world.knownContact('oli', MONDAY_10);
        chat.say('pricing for teams');
        chat.say('Oli');
        chat.say('oli@example.com');
        const [call] = chat.effectsOf('http');
        expect(chat.send({ type: 'http_result', token: call?.token ?? '', ok: false, status: 503, body: null })).toEqual([
          expect.stringMatching(/^Thanks, Oli! We couldn't book the demo automatically/),
        ]);
        expect(chat.effectsOf('tag')).toEqual([{ type: 'tag', add: ['lead-failed'], remove: [] }]);
      },
    ],
    [
      'three bad emails end politely; unanswered questions time out after an hour',
      (world) => {
        const chat = world.knownContact('pia', MONDAY_10);
        expect(chat.press('DEMO', 'Book a demo')).toEqual(["Happy to set up a demo! What's your name?"]);
        chat.say('Pia');
        chat.say('no');
        chat.say('still no');
        expect(chat.say('nope')).toEqual([expect.stringMatching(/^No problem\. You can also book a demo/)]);
        expect(chat.state.session).toBeNull();

        const quiet = world.knownContact('quinn', MONDAY_10);
        quiet.say('demo');
        quiet.say('Quinn');
        expect(quiet.advance(61 * MINUTE)).toEqual([]);
        expect(quiet.state.session).toBeNull();
        quiet.say('demo');
        expect(quiet.advance(61 * MINUTE)).toEqual([]);
        expect(quiet.state.session).toBeNull();
        // A name that is no text at all (a sticker) is re-asked, then the flow gives up.
        quiet.say('demo');
        const sticker = (id: string): EngineEvent => ({ type: 'message', id, messageType: 'sticker', text: '', mediaUrl: null, payload: null });
        quiet.send(sticker('s1'));
        quiet.send(sticker('s2'));
        expect(quiet.send(sticker('s3'))).toEqual([expect.stringMatching(/^No problem\./)]);
      },
    ],
  ],

  're-engagement': [
    [
      'after 14 days of silence: tagged returning and welcomed back with buttons that work',
      (world) => {
        const chat = world.chat('rex', MONDAY_10, 'Rex');
        chat.say('hi');
        chat.advance(15 * DAY);
        expect(chat.say('hey, me again')).toEqual(['Welcome back, Rex! It\'s been a while. Here is what people ask us most:']);
        expect(chat.effectsOf('tag')).toEqual([{ type: 'tag', add: ['returning'], remove: [] }]);
        expect(chat.buttons()).toEqual(['FAQ_SHIPPING', 'FAQ_PRICES', 'DEMO']);
        expect(chat.press('DEMO', 'Book a demo')).toEqual(["Happy to set up a demo! What's your name?"]);
      },
    ],
    [
      'after 13 days it is no return yet; a keyword after 15 days still wins',
      (world) => {
        const early = world.chat('sam', shanghai('2026-06-02T10:00'));
        early.say('hi');
        early.advance(13 * DAY);
        expect(early.say('hey, me again')).toEqual([OPEN]);

        const keyword = world.chat('tia', MONDAY_10);
        keyword.say('hi');
        keyword.advance(15 * DAY);
        expect(keyword.say('shipping?')).toEqual([expect.stringMatching(SHIPPING)]);
      },
    ],
  ],

  'anti-spam': [
    [
      'after 3 automated replies within an hour, the 4th unmatched message goes to a person',
      (world) => {
        const chat = world.knownContact('uma', MONDAY_10);
        expect(chat.say('hello??')).toEqual([OPEN]);
        chat.advance(10 * MINUTE);
        expect(chat.say('anyone')).toEqual([OPEN]);
        chat.advance(10 * MINUTE);
        expect(chat.say('answer me')).toEqual([OPEN]);
        chat.advance(10 * MINUTE);
        expect(chat.say('ANSWER ME')).toEqual([expect.stringMatching(/get a person to help you/)]);
        // Each of these was a miss that the fallback answered; this time it stopped before off-hours.
        expect(chat.missed).toEqual(['answer me']);
        expect(chat.flowsRun).toEqual(['anti-spam']);
        expect(chat.effectsOf('tag')).toEqual([{ type: 'tag', add: ['spam-suspect'], remove: [] }]);
        expect(chat.effectsOf('assign')).toEqual([{ type: 'assign', team: 'support', strategy: 'least_busy', flowId: 'anti-spam', nodeId: 'handoff' }]);
        expect(chat.say('?')).toEqual([]);
        expect(chat.send({ type: 'handoff_resolved' })).toEqual([]);
        expect(chat.state.handedOff).toBe(false);
      },
    ],
    [
      'FAQ answers count as automated replies too; an hour later the bot answers again',
      (world) => {
        const chat = world.knownContact('vic', MONDAY_10);
        chat.say('shipping');
        chat.say('hours');
        chat.say('price');
        expect(chat.say('ok but my parcel is lost')).toEqual([expect.stringMatching(/get a person to help you/)]);
        expect(chat.send({ type: 'handoff_unassigned' })).toEqual(["Our team is busy right now; we'll get back to you here as soon as we can."]);

        const later = world.knownContact('wes', MONDAY_10);
        later.say('shipping');
        later.say('hours');
        later.say('price');
        later.advance(61 * MINUTE);
        expect(later.say('ok but my parcel is lost')).toEqual([OPEN]);
      },
    ],
    [
      'a handoff nobody takes within 2 hours gives automation back',
      (world) => {
        const chat = world.knownContact('xia', shanghai('2026-06-06T23:00'));
        expect(chat.say('a')).toEqual([expect.stringMatching(CLOSED)]);
        chat.say('b');
        chat.say('c');
        chat.say('d');
        expect(chat.state.handedOff).toBe(true);
        expect(chat.advance(2 * HOUR)).toEqual([expect.stringMatching(/^Our team is busy right now/)]);
        expect(chat.state.handedOff).toBe(false);
      },
    ],
  ],

  'ab-welcome': [
    [
      'a greeting gets one of two welcomes, the same one every time for a contact, both across contacts',
      (world) => {
        const seen = new Map<string, number>();
        for (let i = 0; i < 60; i += 1) {
          const chat = world.chat(`contact-${i}`, MONDAY_10);
          const first = chat.say(i % 2 === 0 ? 'hello' : 'Hi');
          expect(first).toHaveLength(1);
          const text = first[0] ?? '';
          for (let again = 0; again < 3; again += 1) {
            chat.advance(2 * HOUR);
            expect(chat.say(again % 2 === 0 ? 'HELLO' : 'ｈｉ')).toEqual([text]);
          }
          seen.set(text, (seen.get(text) ?? 0) + 1);
        }
        expect([...seen.keys()].sort()).toEqual([
          'Hello there! How can we help you today?',
          'Hi there! Pick a topic below, or type "refund" or "demo".',
        ]);
        // 50/50: neither variant is rare over 60 contacts.
        for (const count of seen.values()) expect(count).toBeGreaterThanOrEqual(15);
      },
    ],
    [
      'only an exact greeting: "hi there" is no greeting keyword',
      (world) => {
        expect(world.knownContact('yan', MONDAY_10).say('hi there, 你好')).toEqual([OPEN]);
        expect(world.knownContact('zoe', MONDAY_10).say('你好')).toEqual([expect.stringMatching(/^(Hello|Hi) there!/)]);
      },
    ],
  ],
};

describe.each(files)('flows/%s', (file) => {
  const id = file.replace(/\.json$/, '');
  const knownFlowIds = new Set(files.map((f) => documentOf(f).id));

  it('parses as a flow document whose id is its file name', () => {
    const parsed = flowDocumentSchema.safeParse(raw.get(file));
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data?.id).toBe(id);
    expect(parsed.data?.description.trim()).not.toBe('');
  });

  it('validates with no errors and no warnings', () => {
    expect(validateGraph(documentOf(file).graph, { knownFlowIds })).toEqual({ errors: [], warnings: [] });
  });

  it('has scripted conversations', () => {
    expect(scripts[id]?.length ?? 0).toBeGreaterThan(0);
  });

  for (const [name, run] of scripts[id] ?? []) {
    it(name, () => run(makeWorld(new Set())));
  }

  it('every node is reached by its scripts', () => {
    const visited = new Set<string>();
    for (const [, run] of scripts[id] ?? []) run(makeWorld(visited));
    const unreached = documentOf(file)
      .graph.nodes.map((n) => n.id)
      .filter((nodeId) => !visited.has(`${id}/${nodeId}`));
    expect(unreached).toEqual([]);
  });
});
