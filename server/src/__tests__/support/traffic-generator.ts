// Simulated customers for the analytics tests: N contacts over M days through every example flow of
// flows/, all decided by a seed. Each contact's visits are planned first (times of day from night to
// evening, weekends and the off-hours flow's holidays included; FAQs, A/B greetings, refunds handed to
// a person and resolved or not, demo requests, unmatched questions written as near-duplicates, bursts
// that trip the anti-spam flow, redeliveries of a message id); then the plan is played in time order
// against a running Parley through its signed webhook and REST API, while the caller's clock moves so
// that timers fire. The A/B flow gets a second version a fifth of the way in, the support agent is hired
// a quarter of the way in (handoffs before find nobody), the refund flow gets a second version half-way.
// It checks nothing itself: it returns what it did.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { httpApi, type HttpApi } from './http-api';
import { signedHeaders } from './sign-webhook';

const FLOWS_DIR = path.resolve(__dirname, '../../../../flows');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The example flows run in Asia/Shanghai, which is UTC+8 all year: local times are planned at this offset. */
const TIMEZONE = 'Asia/Shanghai';
const UTC_OFFSET = '+08:00';
/** The re-engagement flow greets contacts silent for 14 days: returners come back after at least 15. */
const RETURN_AFTER_DAYS = 15;

export interface TrafficClock {
  now(): number;
  /** Moves time forward to `at` (epoch ms), firing the timers that fall due on the way, and lets the server settle. */
  advanceTo(at: number): Promise<void>;
}

export interface TrafficTarget {
  /** The running Parley, e.g. http://127.0.0.1:4000. */
  url: string;
  /** An admin's headers (Authorization or Cookie): imports and publishes the flows, hires the agent, resolves handoffs. */
  admin: Record<string, string>;
  webhookSecret: string;
  clock: TrafficClock;
}

export interface TrafficOptions {
  seed: number;
  contacts: number;
  days: number;
  /** The first day of traffic, YYYY-MM-DD in Asia/Shanghai; the clock must not be past its start. */
  firstDay: string;
}

export interface TrafficReport {
  seed: number;
  /** Epoch ms of the first and the last thing done. */
  startedAt: number;
  endedAt: number;
  /** Every version published, in order. */
  published: { flowId: string; version: number; at: number }[];
  contacts: string[];
  /** Messages and button presses posted once each. */
  posted: number;
  /** Posts repeated with an id already sent, and how many of them Parley acknowledged as duplicates. */
  replays: { sent: number; duplicates: number };
  /** Handoffs an admin resolved, and resolve calls refused because the conversation was no longer handed off. */
  resolves: { resolved: number; notHandedOff: number };
  /** The unmatched questions sent, each with the family of near-duplicates it was written from. */
  missedTexts: { family: string; text: string }[];
}

/** Questions no trigger knows, each written a few ways (one edit apart): the report should group each family, and only it. */
export const MISSED_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  parcel: ['where is my parcel', 'Where is my parcel?', 'where is my parcel??', 'where is my parcell', 'where is my parcl', 'ＷＨＥＲＥ IS MY PARCEL'],
  cancel: ['cancel my order', 'Cancel my order!', 'cancel my oder', 'cancell my order'],
  human: ['talk to a human', 'Talk to a human!!', 'talk to a humn', 'talk too a human'],
  // Short words one letter apart mean different things: never one group.
  yes: ['yes', 'Yes!', 'YES'],
  yep: ['yep', 'yep.'],
  thumbs: ['👍'],
  puzzled: ['??'],
};

const GREETINGS = ['hello', 'hi', '你好', 'Hello', 'HI'];
const FAQ_TEXTS = ['shipping?', 'What are your opening hours', 'how much is it', '价格', 'hours', 'delivery time?', 'price'];
const FAQ_BUTTONS: readonly Button[] = [
  { payload: 'FAQ_SHIPPING', title: 'Shipping' },
  { payload: 'FAQ_HOURS', title: 'Opening hours' },
  { payload: 'FAQ_PRICES', title: 'Prices' },
];
const DEMO_BUTTON: Button = { payload: 'DEMO', title: 'Book a demo' };
const REFUND_TEXTS = ['I want a refund', 'refund please', '退款', 'I want to return my shoes', 'REFUND'];
const LEAD_TEXTS = ['I need a demo', 'pricing?', 'Can I get pricing', 'demo'];
const RATINGS = ['good', 'ok', 'bad', 'great', 'terrible', 'meh', '好'];
const NAMES = ['Kim', 'Li Wei', 'Ana', 'Tom', 'Mei'];
const BAD_EMAILS = ['not an email', 'kim at example', 'kim@'];
const REASONS = ['just looking', 'a gift for my mum', 'nothing, thanks'];
const COMEBACKS = ["hey, it's me again", 'anyone around?', 'back again'];

interface Button {
  payload: string;
  title: string;
}
type Content = { text: string } | { postback: Button };

type Action =
  | { kind: 'post'; contactId: string; messageId: string; content: Content; family: string | null; replayNow: boolean }
  | { kind: 'replay'; contactId: string; messageId: string; content: Content }
  | { kind: 'resolve'; contactId: string }
  | { kind: 'hire' }
  | { kind: 'second-version'; flowId: keyof typeof SECOND_VERSIONS };

/** One step of a visit: what the contact (or the agent, for `resolve`) does, `after` minutes after the previous step. */
type Step = { after: number } & ({ say: string; family?: string } | { press: Button } | { resolve: true });

const publishedSchema = z.object({ version: z.object({ version: z.number() }) });
const revisionSchema = z.object({ revision: z.number() });
const webhookAnswerSchema = z.object({ duplicate: z.boolean(), conversationId: z.string().nullable() });
const looseGraphSchema = z.object({
  nodes: z.array(z.object({ id: z.string(), type: z.string() }).loose()),
  edges: z.array(z.object({ id: z.string(), source: z.string(), sourceHandle: z.string(), target: z.string() }).loose()),
});
type Graph = z.infer<typeof looseGraphSchema>;
const flowFileSchema = z.object({ id: z.string(), settings: z.object({ timezone: z.string() }).loose(), graph: looseGraphSchema }).loose();

/** Plans the traffic from the seed, then plays it against `target`. */
export async function generateTraffic(target: TrafficTarget, options: TrafficOptions): Promise<TrafficReport> {
  const plan = planTraffic(options);
  const first = plan[0];
  if (first === undefined) throw new Error('the plan is empty');
  if (target.clock.now() > first.at) throw new Error(`the clock is past the first planned action (${new Date(first.at).toISOString()})`);
  return new Player(target, options.seed).play(plan);
}

// ---------- the plan ----------

/** mulberry32: a small seeded generator, plenty for simulated traffic. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Dice {
  constructor(private readonly random: () => number) {}

  chance(p: number): boolean {
    return this.random() < p;
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.random() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.random() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return this.pick(items)[0];
  }
}

/** Minutes after local midnight: busy office hours, the lunch break, evenings and some nights. */
function minuteOfDay(dice: Dice): number {
  const [from, to] = dice.weighted<[number, number]>([
    [[0, 7 * 60], 1],
    [[7 * 60, 9 * 60], 1],
    [[9 * 60, 12 * 60], 4],
    [[12 * 60, 13 * 60 + 30], 1],
    [[13 * 60 + 30, 18 * 60], 3],
    [[18 * 60, 24 * 60], 2],
  ]);
  return dice.int(from, to - 1);
}

const say = (after: number, text: string): Step => ({ after, say: text });

function missedText(dice: Dice, after: number): Step {
  const family = dice.pick(Object.keys(MISSED_FAMILIES));
  return { after, say: dice.pick(MISSED_FAMILIES[family] ?? []), family };
}

const VISITS = {
  greet: (dice: Dice): Step[] => {
    const steps = [say(0, dice.pick(GREETINGS))];
    // Says what brought them (the answer to greeting c; a missed text after a or b), at once or the next day.
    if (dice.chance(0.7)) steps.push(say(dice.chance(0.4) ? dice.int(1, 3) : dice.int(12 * 60, 36 * 60), dice.pick(REASONS)));
    else if (dice.chance(0.5)) steps.push({ after: dice.int(1, 3), press: dice.pick(FAQ_BUTTONS) });
    return steps;
  },
  faq: (dice: Dice): Step[] => [say(0, dice.pick(FAQ_TEXTS)), ...(dice.chance(0.3) ? [{ after: dice.int(1, 5), press: dice.pick(FAQ_BUTTONS) }] : [])],
  refund: (dice: Dice): Step[] => {
    const steps = [say(0, dice.pick(REFUND_TEXTS))];
    const order = `A${dice.int(100, 999)}`;
    const outcome = dice.weighted([
      ['answers', 7],
      ['silent', 2],
      ['asks-for-a-demo', 2],
      ['answers-too-late', 1],
    ] as const);
    switch (outcome) {
      case 'answers':
        steps.push(say(dice.int(1, 10), order));
        // Resolved within the handoff's 4 hours, too late (the call is refused), or never.
        if (dice.chance(0.85)) steps.push({ after: dice.int(10, 300), resolve: true });
        if (dice.chance(0.5)) steps.push(say(dice.int(1, 30), dice.pick(RATINGS)));
        if (dice.chance(0.2)) steps.push(say(dice.int(1, 5), dice.pick(RATINGS)));
        break;
      case 'silent':
        break;
      case 'asks-for-a-demo':
        steps.push(say(dice.int(2, 20), dice.pick(LEAD_TEXTS)));
        break;
      case 'answers-too-late':
        steps.push(say(dice.int(35, 60), order));
        break;
      default: {
        const never: never = outcome;
        throw new Error(`unknown outcome ${String(never)}`);
      }
    }
    return steps;
  },
  lead: (dice: Dice): Step[] => {
    const steps: Step[] = [dice.chance(0.3) ? { after: 0, press: DEMO_BUTTON } : say(0, dice.pick(LEAD_TEXTS))];
    if (!dice.chance(0.75)) return steps;
    const name = dice.pick(NAMES);
    steps.push(say(dice.int(1, 5), name));
    const email = dice.weighted([
      ['valid', 6],
      ['invalid', 2],
      ['none', 2],
    ] as const);
    if (email === 'valid') steps.push(say(dice.int(1, 5), `${name.toLowerCase().replace(' ', '.')}${dice.int(1, 99)}@shop.example`));
    if (email === 'invalid') for (let i = 0; i < 3; i++) steps.push(say(dice.int(1, 2), dice.pick(BAD_EMAILS)));
    return steps;
  },
  missed: (dice: Dice): Step[] => Array.from({ length: dice.int(1, 2) }, (_, i) => missedText(dice, i === 0 ? 0 : dice.int(2, 30))),
  // Five quick messages: the fourth trips the anti-spam flow (3 automated replies within the hour) into a handoff.
  burst: (dice: Dice): Step[] => [
    ...Array.from({ length: 5 }, (_, i) => missedText(dice, i === 0 ? 0 : dice.int(1, 2))),
    ...(dice.chance(0.5) ? [{ after: dice.int(20, 180), resolve: true as const }] : []),
  ],
  comeback: (dice: Dice): Step[] => [
    say(0, dice.pick(COMEBACKS)),
    ...(dice.chance(0.5) ? [{ after: dice.int(1, 3), press: dice.pick([...FAQ_BUTTONS, DEMO_BUTTON]) }] : []),
  ],
};
type VisitKind = keyof typeof VISITS;
const VISIT_WEIGHTS: readonly (readonly [VisitKind, number])[] = [
  ['greet', 5],
  ['faq', 3],
  ['refund', 4],
  ['lead', 3],
  ['missed', 4],
  ['burst', 1],
];

interface Planned {
  at: number;
  /** Ties keep the order of planning. */
  order: number;
  action: Action;
}

function planTraffic(options: TrafficOptions): Planned[] {
  const dice = new Dice(seededRandom(options.seed));
  const midnight = (day: number): number => Date.parse(`${options.firstDay}T00:00:00${UTC_OFFSET}`) + day * DAY;
  if (Number.isNaN(midnight(0))) throw new Error(`firstDay ${options.firstDay} is not a YYYY-MM-DD day`);
  const plan: Planned[] = [];
  const add = (at: number, action: Action): void => {
    plan.push({ at, order: plan.length, action });
  };
  add(midnight(Math.floor(options.days / 4)) + 9 * 60 * MINUTE, { kind: 'hire' });
  add(midnight(Math.floor(options.days / 5)) + 10 * 60 * MINUTE, { kind: 'second-version', flowId: 'ab-welcome' });
  add(midnight(Math.floor(options.days / 2)) + 14 * 60 * MINUTE, { kind: 'second-version', flowId: 'refund' });

  const sent = new Map<string, number>();
  const post = (contactId: string, at: number, content: Content, family: string | null): void => {
    const count = (sent.get(contactId) ?? 0) + 1;
    sent.set(contactId, count);
    const messageId = `${contactId}-m${count}`;
    add(at, { kind: 'post', contactId, messageId, content, family, replayNow: dice.chance(0.06) });
    // A channel that never saw our acknowledgement sends the same message again, a little later.
    if (dice.chance(0.05)) add(at + dice.int(5, 300) * 1000, { kind: 'replay', contactId, messageId, content });
  };
  const visit = (contactId: string, day: number, kind: VisitKind): void => {
    let at = midnight(day) + minuteOfDay(dice) * MINUTE + dice.int(0, 59_999);
    for (const step of VISITS[kind](dice)) {
      at += step.after * MINUTE + (step.after === 0 ? 0 : dice.int(0, 59_999));
      if ('resolve' in step) add(at, { kind: 'resolve', contactId });
      else if ('say' in step) post(contactId, at, { text: step.say }, step.family ?? null);
      else post(contactId, at, { postback: step.press }, null);
    }
  };

  const contacts = Array.from({ length: options.contacts }, (_, i) => `contact-${String(i + 1).padStart(3, '0')}`);
  for (const contactId of contacts) {
    if (options.days > RETURN_AFTER_DAYS && dice.chance(0.12)) {
      // A returner: one visit, silence, then back after the re-engagement flow's 14 days.
      const firstVisit = dice.int(0, options.days - RETURN_AFTER_DAYS - 1);
      visit(contactId, firstVisit, dice.weighted(VISIT_WEIGHTS));
      visit(contactId, dice.int(firstVisit + RETURN_AFTER_DAYS, options.days - 1), 'comeback');
      continue;
    }
    const visits = dice.int(1, 3);
    for (let v = 0; v < visits; v++) visit(contactId, dice.int(0, options.days - 1), dice.weighted(VISIT_WEIGHTS));
  }
  // The run ends with a few contacts mid-conversation: their questions still wait when the numbers are read.
  const end = Math.max(...plan.map((p) => p.at));
  [REFUND_TEXTS, LEAD_TEXTS, REFUND_TEXTS].forEach((texts, i) => post(dice.pick(contacts), end + (i + 1) * MINUTE, { text: dice.pick(texts) }, null));
  return plan.sort((a, b) => a.at - b.at || a.order - b.order);
}

// ---------- playing it ----------

/** The second versions published mid-way, made from the first. */
const SECOND_VERSIONS = {
  /** Refund v2 tags the request first, and a bad rating no longer tags the contact. */
  refund: (graph: Graph): Graph => ({
    nodes: [...graph.nodes.filter((n) => n.id !== 'tag-unhappy'), { id: 'tag-refund', type: 'tag', position: { x: 150, y: 200 }, data: { add: ['refund-asked'], remove: [] } }],
    edges: [
      ...graph.edges.filter((e) => e.source !== 'tag-unhappy' && e.target !== 'tag-unhappy' && !(e.source === 'trigger' && e.target === 'ask-order')),
      { id: 'e-trigger-tag', source: 'trigger', sourceHandle: 'next', target: 'tag-refund' },
      { id: 'e-tag-refund-next', source: 'tag-refund', sourceHandle: 'next', target: 'ask-order' },
      { id: 'e-ask-satisfaction-bad', source: 'ask-satisfaction', sourceHandle: 'bad', target: 'reply-thanks' },
    ],
  }),
  /**
   * The A/B welcome v2 tries a third greeting, c, on half of the contacts: a question that completes only
   * when answered within a day (its timeout leads nowhere), often on a later day than the greeting.
   */
  'ab-welcome': (graph: Graph): Graph => ({
    nodes: [
      ...graph.nodes.map((n) =>
        n.type === 'split'
          ? {
              ...n,
              data: {
                variants: [
                  { id: 'a', label: 'Short and friendly', weight: 25 },
                  { id: 'b', label: 'Topic menu', weight: 25 },
                  { id: 'c', label: 'One question', weight: 50 },
                ],
              },
            }
          : n,
      ),
      {
        id: 'ask-c',
        type: 'ask',
        position: { x: 600, y: 400 },
        data: { question: 'Hey {{contact.name|there}}! What brings you here today?', validate: 'text', variable: 'reason', timeoutMinutes: 1440 },
      },
    ],
    edges: [...graph.edges, { id: 'e-split-c', source: 'split', sourceHandle: 'c', target: 'ask-c' }, { id: 'e-ask-c-answered', source: 'ask-c', sourceHandle: 'answered', target: 'end' }],
  }),
} as const;

class Player {
  private readonly conversations = new Map<string, string>();
  private readonly report: TrafficReport;
  private readonly http: HttpApi;

  constructor(
    private readonly target: TrafficTarget,
    seed: number,
  ) {
    this.http = httpApi(target.url);
    this.report = {
      seed,
      startedAt: 0,
      endedAt: 0,
      published: [],
      contacts: [],
      posted: 0,
      replays: { sent: 0, duplicates: 0 },
      resolves: { resolved: 0, notHandedOff: 0 },
      missedTexts: [],
    };
  }

  async play(plan: readonly Planned[]): Promise<TrafficReport> {
    const first = plan[0];
    if (first === undefined) return this.report;
    await this.target.clock.advanceTo(first.at);
    this.report.startedAt = first.at;
    await this.publishExampleFlows();
    const contacts = new Set<string>();
    for (const { at, action } of plan) {
      await this.target.clock.advanceTo(at);
      await this.perform(action);
      if ('contactId' in action) contacts.add(action.contactId);
    }
    // What the last actions started (an http call, a follow-up event) settles before anyone reads the numbers.
    await this.target.clock.advanceTo(this.target.clock.now());
    this.report.endedAt = this.target.clock.now();
    this.report.contacts = [...contacts].sort();
    return this.report;
  }

  private async perform(action: Action): Promise<void> {
    switch (action.kind) {
      case 'post': {
        const raw = webhookBody(action.contactId, action.messageId, action.content);
        await this.postWebhook(action.contactId, raw, false);
        this.report.posted += 1;
        if (action.family !== null && 'text' in action.content) this.report.missedTexts.push({ family: action.family, text: action.content.text });
        // The very same signed request again, as a retrying proxy would send it.
        if (action.replayNow) await this.postWebhook(action.contactId, raw, true);
        return;
      }
      case 'replay':
        await this.postWebhook(action.contactId, webhookBody(action.contactId, action.messageId, action.content), true);
        return;
      case 'resolve': {
        const conversationId = this.conversations.get(action.contactId);
        if (conversationId === undefined) throw new Error(`${action.contactId} has no conversation to resolve`);
        const res = await this.http('POST', `/api/conversations/${conversationId}/resolve`, this.target.admin);
        if (res.status === 200) this.report.resolves.resolved += 1;
        else if (res.status === 409) this.report.resolves.notHandedOff += 1;
        else throw new Error(`resolving ${action.contactId}: ${res.status} ${JSON.stringify(res.body)}`);
        return;
      }
      case 'hire': {
        const agent = { email: 'agent@parley.test', password: 'correct horse battery', name: 'Support agent', role: 'agent', teams: ['support'] };
        await this.expectStatus('POST', '/api/users', 201, agent);
        return;
      }
      case 'second-version': {
        const flowId = action.flowId;
        const draft = await this.expectStatus('GET', `/api/flows/${flowId}`, 200);
        const graph = SECOND_VERSIONS[flowId](looseGraphSchema.parse(z.object({ graph: z.unknown() }).parse(draft).graph));
        const saved = await this.expectStatus('PUT', `/api/flows/${flowId}`, 200, { graph, revision: revisionSchema.parse(draft).revision });
        await this.publish(flowId, revisionSchema.parse(saved).revision);
        return;
      }
      default: {
        const never: never = action;
        throw new Error(`unknown action ${JSON.stringify(never)}`);
      }
    }
  }

  /** Every flows/*.json imported, in file name order, then each published (version 1): a goto needs its target imported first. */
  private async publishExampleFlows(): Promise<void> {
    const files = readdirSync(FLOWS_DIR)
      .filter((name) => name.endsWith('.json'))
      .sort();
    const revisions: { flowId: string; revision: number }[] = [];
    for (const name of files) {
      const file: unknown = JSON.parse(readFileSync(path.join(FLOWS_DIR, name), 'utf8'));
      const flow = flowFileSchema.parse(file);
      if (flow.settings.timezone !== TIMEZONE) throw new Error(`${name}: the generator plans local times in ${TIMEZONE}, the flow runs in ${flow.settings.timezone}`);
      const imported = await this.expectStatus('POST', '/api/flows/import', 201, file);
      revisions.push({ flowId: flow.id, revision: revisionSchema.parse(imported).revision });
    }
    for (const { flowId, revision } of revisions) await this.publish(flowId, revision);
  }

  private async publish(flowId: string, revision: number): Promise<void> {
    const body = await this.expectStatus('POST', `/api/flows/${flowId}/publish`, 200, { revision });
    this.report.published.push({ flowId, version: publishedSchema.parse(body).version.version, at: this.target.clock.now() });
  }

  private async postWebhook(contactId: string, raw: string, replay: boolean): Promise<void> {
    const res = await fetch(`${this.target.url}/webhooks/generic`, {
      method: 'POST',
      headers: signedHeaders(raw, this.target.clock.now(), this.target.webhookSecret),
      body: raw,
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`webhook for ${contactId}: ${res.status} ${text}`);
    const answer = webhookAnswerSchema.parse(JSON.parse(text));
    if (answer.conversationId !== null) this.conversations.set(contactId, answer.conversationId);
    if (replay) {
      this.report.replays.sent += 1;
      if (answer.duplicate) this.report.replays.duplicates += 1;
    }
  }

  private async expectStatus(method: 'GET' | 'POST' | 'PUT', route: string, status: number, body?: unknown): Promise<unknown> {
    const res = await this.http(method, route, this.target.admin, body);
    if (res.status !== status) throw new Error(`${method} ${route}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

/** A named contact says who they are on every message; the other half stay anonymous. */
function webhookBody(contactId: string, messageId: string, content: Content): string {
  const named = Number(contactId.slice(-1)) % 2 === 0;
  return JSON.stringify({ contactId, ...(named ? { name: `Customer ${contactId.slice(-3)}` } : {}), messageId, sync: true, ...content });
}
