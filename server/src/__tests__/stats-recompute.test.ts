// The numbers an analyst reads must equal a replay of the event log. A scripted story of twelve contacts
// runs over two days in Asia/Shanghai on the real server (SQLite in a temp dir, a hand-advanced clock,
// the signed webhook on 127.0.0.1, the example flows of flows/ published through the REST API, and a
// second version of the refund flow published half-way). Then the recorded trace is folded here, by
// hand, into per-node counters, and GET /api/flows/:id/stats must give exactly the same numbers for
// every node of every flow, for each version and all versions, for each day and for both days.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { flowStatsSchema, type FlowStats, type NodeStats, type TraceEntry } from '@parley/shared';
import { z } from 'zod';
import type { EventLogRecord } from '../store/store';
import { CallbackReceiver } from './support/callback-receiver';
import { httpApi, type HttpApi } from './support/http-api';
import { signedHeaders } from './support/sign-webhook';
import { createTestParley, type TestParley } from './support/test-parley';

const MINUTE = 60_000;
/** Epoch ms of a wall-clock time in Asia/Shanghai (UTC+8 all year). */
const shanghai = (local: string): number => Date.parse(`${local}:00+08:00`);
const DAY1 = '2026-06-08'; // a Monday
const DAY2 = '2026-06-09';
const FLOWS_DIR = path.resolve(__dirname, '../../../flows');

const documentSchema = z.object({
  id: z.string(),
  settings: z.object({ timezone: z.string() }),
  graph: z.object({
    nodes: z.array(z.object({ id: z.string(), type: z.string() }).loose()),
    edges: z.array(z.object({ id: z.string(), source: z.string(), sourceHandle: z.string(), target: z.string() })),
  }),
});
type FlowDocument = z.infer<typeof documentSchema>;

const webhookResponseSchema = z.object({
  accepted: z.literal(true),
  duplicate: z.boolean(),
  conversationId: z.string().nullable(),
  replies: z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()),
});

/** A contact of the generic webhook channel. */
class Customer {
  conversationId: string | null = null;
  private seq = 0;

  constructor(
    private readonly story: Story,
    readonly contactId: string,
  ) {}

  /** Writes a text; returns the replies' texts. */
  async say(text: string): Promise<string[]> {
    return (await this.post({ text }, false)).replies;
  }

  async press(payload: string, title: string): Promise<string[]> {
    return (await this.post({ postback: { payload, title } }, false)).replies;
  }

  /** The same message id as the last one, posted again: acknowledged as a duplicate and not run again. */
  async redeliver(text: string): Promise<{ duplicate: boolean; replies: string[] }> {
    return this.post({ text }, true);
  }

  private async post(content: Record<string, unknown>, repeatId: boolean): Promise<{ duplicate: boolean; replies: string[] }> {
    if (!repeatId) this.seq += 1;
    const raw = JSON.stringify({ contactId: this.contactId, messageId: `${this.contactId}-${this.seq}`, sync: true, ...content });
    const res = await fetch(`${this.story.url}/webhooks/generic`, { method: 'POST', headers: signedHeaders(raw, this.story.parley.clock.now()), body: raw });
    expect(res.status).toBe(200);
    const body = webhookResponseSchema.parse(await res.json());
    expect(body.duplicate).toBe(repeatId);
    this.conversationId = body.conversationId;
    return { duplicate: body.duplicate, replies: body.replies.map((r) => r.text ?? `[${r.type}]`) };
  }
}

interface Story {
  parley: TestParley;
  url: string;
  receiver: CallbackReceiver;
  api: HttpApi;
}

let story: Story | null = null;

afterEach(async () => {
  if (story === null) return;
  await story.parley.close();
  await story.receiver.close();
  story = null;
});

// ---------- the independent recomputation ----------

interface Tally {
  entered: number;
  exited: number;
  exits: Record<string, number>;
  droppedByReason: Record<string, number>;
  contacts: Set<string>;
}

/** YYYY-MM-DD of `at` in `timezone`, read with Intl (not the server's helper). */
function localDay(timezone: string, at: number): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '??';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Per (flow, version, node, local day): what the trace says happened there. */
class TraceReplay {
  private readonly tallies = new Map<string, Tally>();

  constructor(
    events: readonly EventLogRecord[],
    contactOf: ReadonlyMap<string, string>,
    private readonly timezoneOf: (flowId: string) => string,
  ) {
    for (const record of events) {
      const contact = contactOf.get(record.conversationId);
      if (contact === undefined) throw new Error(`no conversation ${record.conversationId}`);
      for (const entry of record.trace) this.add(entry, record.at, contact);
    }
  }

  private add(entry: TraceEntry, at: number, contact: string): void {
    if (entry.type !== 'entered' && entry.type !== 'exited' && entry.type !== 'dropped') return;
    const key = JSON.stringify([entry.flowId, entry.version, entry.nodeId, localDay(this.timezoneOf(entry.flowId), at)]);
    let tally = this.tallies.get(key);
    if (tally === undefined) {
      tally = { entered: 0, exited: 0, exits: {}, droppedByReason: {}, contacts: new Set() };
      this.tallies.set(key, tally);
    }
    if (entry.type === 'entered') {
      tally.entered += 1;
      tally.contacts.add(contact);
    } else if (entry.type === 'exited') {
      tally.exited += 1;
      tally.exits[entry.handle] = (tally.exits[entry.handle] ?? 0) + 1;
    } else {
      tally.droppedByReason[entry.reason] = (tally.droppedByReason[entry.reason] ?? 0) + 1;
    }
  }

  /** The tallies of one node summed over the versions and the days asked for; contacts stay distinct. */
  sum(flowId: string, versions: readonly number[], nodeId: string, from: string, to: string): Tally {
    const total: Tally = { entered: 0, exited: 0, exits: {}, droppedByReason: {}, contacts: new Set() };
    for (const [key, tally] of this.tallies) {
      const [f, v, n, day] = z.tuple([z.string(), z.number(), z.string(), z.string()]).parse(JSON.parse(key));
      if (f !== flowId || !versions.includes(v) || n !== nodeId || day < from || day > to) continue;
      total.entered += tally.entered;
      total.exited += tally.exited;
      for (const [handle, count] of Object.entries(tally.exits)) total.exits[handle] = (total.exits[handle] ?? 0) + count;
      for (const [reason, count] of Object.entries(tally.droppedByReason)) total.droppedByReason[reason] = (total.droppedByReason[reason] ?? 0) + count;
      for (const contact of tally.contacts) total.contacts.add(contact);
    }
    return total;
  }
}

interface Recorded {
  replay: TraceReplay;
  /** Sessions parked right now: flow, version and node of each conversation's current session. */
  parked: { flowId: string; version: number; nodeId: string }[];
  /** Every published graph, by flow id and version. */
  published: Map<string, Map<number, FlowDocument>>;
}

/** What GET /api/flows/:id/stats should answer, computed from the trace and the current sessions only. */
function expectedStats(recorded: Recorded, flowId: string, version: number | null, from: string, to: string): Omit<FlowStats, 'nodes'> & { nodes: Record<string, NodeStats> } {
  const versionsOfFlow = recorded.published.get(flowId) ?? new Map<number, FlowDocument>();
  const versions = version === null ? [...versionsOfFlow.keys()].sort((a, b) => a - b) : [version];
  const timezone = versionsOfFlow.get(Math.max(...versionsOfFlow.keys()))?.settings.timezone ?? 'UTC';
  // A node id's type as the newest of the versions asked for has it (the canvas shows the newest).
  const nodeTypes = new Map<string, string>();
  for (const v of versions) for (const node of versionsOfFlow.get(v)?.graph.nodes ?? []) nodeTypes.set(node.id, node.type);

  const totals = { started: 0, completed: 0, handedOff: 0 };
  const nodes: Record<string, NodeStats> = {};
  for (const [nodeId, nodeType] of nodeTypes) {
    const tally = recorded.replay.sum(flowId, versions, nodeId, from, to);
    const waitingNow = recorded.parked.filter((p) => p.flowId === flowId && versions.includes(p.version) && p.nodeId === nodeId).length;
    nodes[nodeId] = {
      nodeId,
      nodeType,
      entered: tally.entered,
      exited: tally.exited,
      exits: tally.exits,
      droppedByReason: tally.droppedByReason,
      uniqueContacts: tally.contacts.size,
      waitingNow,
      // The API's documented formula: entered − exited − waiting now, at least 0 (a range's counters
      // and an instant's waiting count can disagree when a session spans the range's edge).
      dropped: Math.max(0, tally.entered - tally.exited - waitingNow),
      completionRate: tally.entered === 0 ? null : tally.exited / tally.entered,
    };
    // Flow totals by each version's own node type.
    for (const v of versions) {
      const type = versionsOfFlow.get(v)?.graph.nodes.find((n) => n.id === nodeId)?.type;
      const entered = recorded.replay.sum(flowId, [v], nodeId, from, to).entered;
      if (type === 'trigger') totals.started += entered;
      else if (type === 'end') totals.completed += entered;
      else if (type === 'handoff') totals.handedOff += entered;
    }
  }
  return { flowId, version, timezone, from, to, totals, nodes };
}

function negativeNumbers(value: unknown, at: string): string[] {
  if (typeof value === 'number') return value < 0 ? [`${at} = ${value}`] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => negativeNumbers(item, `${at}[${i}]`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => negativeNumbers(item, `${at}.${key}`));
  return [];
}

// ---------- the story ----------

/** The refund flow's second version: tags the contact first, and a bad rating no longer tags. */
function refundV2(v1: FlowDocument): FlowDocument {
  const graph = v1.graph;
  return {
    ...v1,
    graph: {
      nodes: [
        ...graph.nodes.filter((n) => n.id !== 'tag-unhappy'),
        { id: 'tag-refund', type: 'tag', position: { x: 150, y: 200 }, data: { add: ['refund-asked'], remove: [] } },
      ],
      edges: [
        ...graph.edges.filter((e) => e.source !== 'tag-unhappy' && e.target !== 'tag-unhappy' && !(e.source === 'trigger' && e.target === 'ask-order')),
        { id: 'e-trigger-tag', source: 'trigger', sourceHandle: 'next', target: 'tag-refund' },
        { id: 'e-tag-refund-next', source: 'tag-refund', sourceHandle: 'next', target: 'ask-order' },
        { id: 'e-ask-satisfaction-bad', source: 'ask-satisfaction', sourceHandle: 'bad', target: 'reply-thanks' },
      ],
    },
  };
}

describe('stats equal a recomputation from the recorded trace', () => {
  it('for every node of every flow, per version and for all versions, per day and over both days', async () => {
    const receiver = await CallbackReceiver.start();
    const parley = await createTestParley({ webhookCallbackUrl: receiver.url });
    parley.clock.ms = shanghai(`${DAY1}T09:00`);
    const url = await parley.listen();
    const api = httpApi(url);
    const s: Story = { parley, url, receiver, api };
    story = s;
    const clock = parley.clock;
    /** Moves the clock to a local time in steps of at most 10 minutes, firing what falls due on the way. */
    const at = async (local: string): Promise<void> => {
      const target = shanghai(local);
      expect(target).toBeGreaterThanOrEqual(clock.now());
      for (let guard = 0; clock.now() < target && guard < 1000; guard++) {
        clock.ms = Math.min(target, clock.now() + 10 * MINUTE);
        await parley.runtime.tick();
      }
      await parley.runtime.tick();
    };

    const editor = (await parley.userWithToken('editor')).headers;
    const analyst = (await parley.userWithToken('analyst')).headers;
    const agent = (await parley.userWithToken('agent', ['support'])).headers;
    const published = new Map<string, Map<number, FlowDocument>>();
    const publish = async (doc: FlowDocument, revision: number): Promise<number> => {
      const res = await api('POST', `/api/flows/${doc.id}/publish`, editor, { revision });
      expect({ id: doc.id, status: res.status }).toEqual({ id: doc.id, status: 200 });
      const version = z.object({ version: z.object({ version: z.number() }) }).parse(res.body).version.version;
      const versions = published.get(doc.id) ?? new Map<number, FlowDocument>();
      versions.set(version, doc);
      published.set(doc.id, versions);
      return version;
    };
    const resolve = async (customer: Customer): Promise<void> => {
      const res = await api('POST', `/api/conversations/${customer.conversationId ?? ''}/resolve`, agent);
      expect(res.status).toBe(200);
      await parley.runtime.tick();
    };

    // Day 1, 09:00 Shanghai: every example flow imported, then published (version 1).
    const files: unknown[] = readdirSync(FLOWS_DIR)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => JSON.parse(readFileSync(path.join(FLOWS_DIR, name), 'utf8')));
    // The files go to the API as they are; the parsed copies only name the nodes for the replay.
    const documents = files.map((file) => documentSchema.parse(file));
    expect(documents).toHaveLength(7);
    const revisions = new Map<string, number>();
    for (const [i, doc] of documents.entries()) {
      const res = await api('POST', '/api/flows/import', editor, files[i]);
      expect({ id: doc.id, status: res.status }).toEqual({ id: doc.id, status: 201 });
      revisions.set(doc.id, z.object({ revision: z.number() }).parse(res.body).revision);
    }
    for (const doc of documents) expect(await publish(doc, revisions.get(doc.id) ?? -1)).toBe(1);

    const c = (id: string) => new Customer(s, id);
    const [amy, bob, cat, dan, eve, kim, gus, hal, fay, ivy, lee, jay] = ['amy', 'bob', 'cat', 'dan', 'eve', 'kim', 'gus', 'hal', 'fay', 'ivy', 'lee', 'jay'].map(c);
    if (!amy || !bob || !cat || !dan || !eve || !kim || !gus || !hal || !fay || !ivy || !lee || !jay) throw new Error('twelve contacts');

    await at(`${DAY1}T09:30`);
    expect(await amy.say('hello')).toEqual([expect.stringMatching(/^(Hello|Hi) there!/)]);
    await at(`${DAY1}T09:32`);
    expect(await amy.say('shipping?')).toEqual([expect.stringMatching(/^Shipping:/)]);
    expect(await amy.press('FAQ_PRICES', 'Prices')).toEqual([expect.stringMatching(/^Prices:/)]);

    // Refund v1: bob answers, is handed to the agent, resolved through the API, rates (after one miss).
    await at(`${DAY1}T09:40`);
    expect(await bob.say('I want a refund')).toEqual([expect.stringMatching(/order number/)]);
    await at(`${DAY1}T09:42`);
    expect(await bob.say('A123')).toEqual([expect.stringMatching(/order A123/), expect.stringMatching(/support team/)]);
    // cat never gives the order number: the question times out after 30 minutes.
    await at(`${DAY1}T09:45`);
    expect(await cat.say('refund please')).toEqual([expect.stringMatching(/order number/)]);
    // dan's first message is welcomed; the channel redelivers it, which must count nothing twice.
    await at(`${DAY1}T09:50`);
    const welcome = await dan.say('Good morning');
    expect(welcome).toEqual([expect.stringMatching(/welcome to Parley Shop/)]);
    // The redelivery gets the first delivery's replies again, without running anything.
    expect(await dan.redeliver('Good morning')).toEqual({ duplicate: true, replies: welcome });
    await at(`${DAY1}T09:55`);
    expect(await dan.say('Is anyone there?')).toEqual(['Thanks for your message! An agent will be with you shortly.']);
    // eve starts a demo booking, then asks for a refund instead: the waiting question is replaced.
    await at(`${DAY1}T10:00`);
    expect(await eve.say('I need a demo')).toEqual([expect.stringMatching(/What's your name\?/)]);
    await at(`${DAY1}T10:05`);
    expect(await eve.say('refund')).toEqual([expect.stringMatching(/order number/)]);
    await at(`${DAY1}T10:06`);
    expect(await eve.say('E55')).toEqual([expect.stringMatching(/order E55/), expect.stringMatching(/support team/)]);
    await at(`${DAY1}T10:20`);
    expect(receiver.texts.get('cat')).toEqual([expect.stringMatching(/write "refund" again/)]);
    await at(`${DAY1}T10:30`);
    await resolve(bob);
    await at(`${DAY1}T10:35`);
    expect(await bob.say('meh')).toEqual(['Please pick one: Good, OK or Bad.']);
    await at(`${DAY1}T10:36`);
    expect(await bob.say('bad')).toEqual(['Thank you for your feedback! Have a great day.']);
    // eve is resolved too, and leaves the satisfaction question open: she stays parked on version 1.
    await at(`${DAY1}T10:40`);
    await resolve(eve);
    // kim asks about pricing and never tells her name: that question times out after an hour.
    await at(`${DAY1}T11:00`);
    expect(await kim.say('Can I get pricing?')).toEqual([expect.stringMatching(/What's your name\?/)]);
    await at(`${DAY1}T12:05`);
    expect(receiver.texts.get('kim')).toBeUndefined();

    // 14:00: refund version 2 is published; eve's session stays on version 1.
    await at(`${DAY1}T14:00`);
    const refundV1 = published.get('refund')?.get(1);
    if (!refundV1) throw new Error('refund v1 was published');
    const v2 = refundV2(refundV1);
    const draft = await api('GET', '/api/flows/refund', editor);
    const saved = await api('PUT', '/api/flows/refund', editor, { graph: v2.graph, revision: z.object({ revision: z.number() }).parse(draft.body).revision });
    expect(saved.status).toBe(200);
    expect(await publish(v2, z.object({ revision: z.number() }).parse(saved.body).revision)).toBe(2);

    await at(`${DAY1}T14:10`);
    expect(await gus.say('I want to return my shoes')).toEqual([expect.stringMatching(/order number/)]);
    await at(`${DAY1}T14:12`);
    expect(await gus.say('B77')).toEqual([expect.stringMatching(/order B77/), expect.stringMatching(/support team/)]);
    await at(`${DAY1}T15:00`);
    await resolve(gus);
    expect(await gus.say('great')).toEqual(['Thank you for your feedback! Have a great day.']);
    // hal is handed off and nobody answers: the handoff times out after 4 hours (19:31).
    await at(`${DAY1}T15:30`);
    expect(await hal.say('退款')).toEqual([expect.stringMatching(/order number/)]);
    await at(`${DAY1}T15:31`);
    expect(await hal.say('H9')).toHaveLength(2);

    // Evening, off-hours: fay floods; the 4th message goes to a person whose 2 hours run past midnight.
    await at(`${DAY1}T22:30`);
    expect(receiver.texts.get('hal')).toEqual([expect.stringMatching(/We'll email you about order H9/)]);
    expect(await fay.say('hello??')).toEqual([expect.stringMatching(/welcome to Parley Shop/)]);
    await at(`${DAY1}T22:35`);
    expect(await fay.say('is anyone there')).toEqual([expect.stringMatching(/We're closed right now/)]);
    await at(`${DAY1}T22:40`);
    expect(await fay.say('please answer')).toEqual([expect.stringMatching(/We're closed right now/)]);
    await at(`${DAY1}T22:45`);
    expect(await fay.say('ANSWER ME')).toEqual([expect.stringMatching(/get a person to help you/)]);
    await at(`${DAY1}T23:30`);
    expect(await ivy.say('hi')).toEqual([expect.stringMatching(/^(Hello|Hi) there!/)]);
    await at(`${DAY1}T23:40`);
    expect(await ivy.say('Is anyone there?')).toEqual([expect.stringMatching(/We're closed right now/)]);

    // Across local midnight into day 2.
    await at(`${DAY2}T00:10`);
    expect(await ivy.say('still closed?')).toEqual([expect.stringMatching(/We're closed right now/)]);
    await at(`${DAY2}T00:50`);
    expect(receiver.texts.get('fay')).toEqual([expect.stringMatching(/Our team is busy right now/)]);
    await at(`${DAY2}T08:30`);
    expect(await lee.say('hi')).toEqual([expect.stringMatching(/^(Hello|Hi) there!/)]);
    // bob comes back for another order: he starts on version 2.
    await at(`${DAY2}T09:10`);
    expect(await bob.say('refund again, sorry')).toEqual([expect.stringMatching(/order number/)]);
    await at(`${DAY2}T09:12`);
    expect(await bob.say('A124')).toHaveLength(2);
    await at(`${DAY2}T09:20`);
    await resolve(bob);
    expect(await bob.say('ok')).toEqual(['Thank you for your feedback! Have a great day.']);
    await at(`${DAY2}T09:30`);
    const [amyAgain] = await amy.say('hello');
    expect(amyAgain).toMatch(/^(Hello|Hi) there!/);
    // Still waiting when the numbers are read: jay (v2 order number), kim (email), eve (v1 rating).
    await at(`${DAY2}T09:40`);
    expect(await jay.say('refund')).toEqual([expect.stringMatching(/order number/)]);
    await at(`${DAY2}T09:45`);
    expect(await kim.say('demo')).toEqual([expect.stringMatching(/What's your name\?/)]);
    expect(await kim.say('Kim')).toEqual([expect.stringMatching(/What's your work email\?/)]);
    expect(await kim.say('not an email')).toEqual([expect.stringMatching(/doesn't look like an email/)]);
    await at(`${DAY2}T09:50`);

    // ---------- the recorded trace, read straight from the store ----------
    const events: EventLogRecord[] = [];
    for (let guard = 0; guard < 100; guard++) {
      const page = await parley.store.listEvents({ afterSeq: events.at(-1)?.seq ?? 0, limit: 100 });
      events.push(...page);
      if (page.length < 100) break;
    }
    const contactOf = new Map<string, string>();
    const parked: Recorded['parked'] = [];
    for (const conversationId of new Set(events.map((e) => e.conversationId))) {
      const conversation = await parley.store.getConversation(conversationId);
      if (!conversation) throw new Error(`conversation ${conversationId} is in the event log but not in the store`);
      contactOf.set(conversationId, conversation.state.contact.id);
      const session = conversation.state.session;
      if (session) parked.push({ flowId: session.flowId, version: session.version, nodeId: session.nodeId });
    }
    const timezones = new Map(documents.map((d) => [d.id, d.settings.timezone]));
    const replay = new TraceReplay(events, contactOf, (flowId) => timezones.get(flowId) ?? 'UTC');
    const recorded: Recorded = { replay, parked, published };

    // The story went as told: both days, both refund versions, every way of leaving that matters here.
    expect(contactOf.size).toBe(12);
    expect(parked.sort((a, b) => a.flowId.localeCompare(b.flowId) || a.version - b.version)).toEqual([
      { flowId: 'lead-capture', version: 1, nodeId: 'ask-email' },
      { flowId: 'refund', version: 1, nodeId: 'ask-satisfaction' },
      { flowId: 'refund', version: 2, nodeId: 'ask-order' },
    ]);
    const both = (flowId: string, versions: number[], nodeId: string) => replay.sum(flowId, versions, nodeId, DAY1, DAY2);
    expect(replay.sum('welcome-faq', [1], 'trigger-welcome', DAY1, DAY2).entered).toBe(2); // dan once despite the redelivery, fay
    expect(both('refund', [1], 'ask-order').exits).toEqual({ answered: 2, timeout: 1 });
    expect(both('lead-capture', [1], 'ask-name').droppedByReason).toEqual({ replaced: 1 });
    expect(both('lead-capture', [1], 'ask-name').exits).toEqual({ timeout: 1, answered: 1 });
    expect(replay.sum('anti-spam', [1], 'handoff', DAY1, DAY1)).toMatchObject({ entered: 1, exited: 0 });
    expect(replay.sum('anti-spam', [1], 'handoff', DAY2, DAY2)).toMatchObject({ entered: 0, exited: 1, exits: { timeout: 1 } });
    expect(replay.sum('off-hours', [1], 'reply-closed', DAY2, DAY2).entered).toBe(1);
    expect(both('refund', [2], 'trigger').contacts).toEqual(new Set(['gus', 'hal', 'bob', 'jay']));

    // ---------- every number of the API against the replay ----------
    const ranges = [
      { from: DAY1, to: DAY1 },
      { from: DAY2, to: DAY2 },
      { from: DAY1, to: DAY2 },
    ];
    let compared = 0;
    for (const doc of documents) {
      const versions = [...(published.get(doc.id)?.keys() ?? [])];
      for (const version of [null, ...versions]) {
        for (const { from, to } of ranges) {
          const query = `from=${from}&to=${to}${version === null ? '' : `&version=${version}`}`;
          const res = await api('GET', `/api/flows/${doc.id}/stats?${query}`, analyst);
          expect({ query, status: res.status }).toEqual({ query, status: 200 });
          expect({ query, negative: negativeNumbers(res.body, 'stats') }).toEqual({ query, negative: [] });
          const stats = flowStatsSchema.parse(res.body);
          const { nodes, ...flowLevel } = stats;
          const expected = expectedStats(recorded, doc.id, version, from, to);
          const { nodes: expectedNodes, ...expectedFlowLevel } = expected;
          expect({ flow: doc.id, query, ...flowLevel }).toEqual({ flow: doc.id, query, ...expectedFlowLevel });
          expect(nodes.map((n) => n.nodeId).sort()).toEqual(Object.keys(expectedNodes).sort());
          for (const node of nodes) {
            expect({ flow: doc.id, query, ...node }).toEqual({ flow: doc.id, query, ...expectedNodes[node.nodeId] });
            compared++;
          }
          if (from === DAY1 && to === DAY2) {
            // Over the whole story nothing falls between the counters: every entry is an exit, a drop
            // the trace names, or a session still parked.
            for (const node of nodes) {
              const named = Object.values(node.droppedByReason).reduce((a, b) => a + b, 0);
              expect({ flow: doc.id, query, node: node.nodeId, unexplained: node.entered - node.exited - node.waitingNow - named }).toEqual({
                flow: doc.id,
                query,
                node: node.nodeId,
                unexplained: 0,
              });
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(200);

    // A few numbers an analyst would check by hand.
    const statsOf = async (flowId: string, query: string) => flowStatsSchema.parse((await api('GET', `/api/flows/${flowId}/stats?${query}`, analyst)).body);
    const refundAll = await statsOf('refund', `from=${DAY1}&to=${DAY2}`);
    expect(refundAll.totals).toEqual({ started: 7, completed: 5, handedOff: 5 });
    // bob asked for a refund on both versions: one contact, not two.
    expect(refundAll.nodes.find((n) => n.nodeId === 'trigger')).toMatchObject({ entered: 7, uniqueContacts: 6 });
    expect(refundAll.nodes.find((n) => n.nodeId === 'end')).toMatchObject({ entered: 5, exited: 5, exits: { end: 5 }, dropped: 0, completionRate: 1 });
    expect((await statsOf('refund', `from=${DAY1}&to=${DAY2}&version=1`)).totals).toEqual({ started: 3, completed: 2, handedOff: 2 });
    expect((await statsOf('refund', `from=${DAY1}&to=${DAY2}&version=2`)).totals).toEqual({ started: 4, completed: 3, handedOff: 3 });
    expect((await statsOf('ab-welcome', `from=${DAY1}&to=${DAY2}`)).nodes.find((n) => n.nodeId === 'trigger')).toMatchObject({ entered: 4, uniqueContacts: 3 });
  });
});
