// Benchmark 1, the engine: events per second through the shared pure `step` on one core, for the keyword
// FAQ, the off-hours calendar flow and a generated 50-node branching flow. The flow set is compiled once,
// as the server does for published versions; each flow gets a pool of contacts whose state carries from
// event to event, and a message sequence with keyword hits and misses at advancing times of day.
// Baseline: the peer harness's reference keyword loop (reply(set, body), K = 10) on the same machine.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  compileFlowSet,
  flowDocumentSchema,
  flowVersionSchema,
  newConversationState,
  step,
  validateGraph,
  type ConversationState,
  type EngineEvent,
  type FlowDocument,
  type FlowSet,
  type FlowSettings,
} from '@parley/shared';
import { BRANCHING_KEYWORDS, branchingFlow } from './branching-flow';
import { envNumber } from './env-number';
import { printFigure } from './figure';
import { mulberry32 } from './mulberry32';
import { loadPeerWorkload } from './peer-workload';
import { timeReps, type RepTimes } from './time-reps';

const EVENTS = envNumber('BENCH_ENGINE_EVENTS', 20_000);
const WARMUP = envNumber('BENCH_ENGINE_WARMUP', 5_000);
const REPS = Math.max(5, envNumber('BENCH_REPS', 7));
const BRANCHING_NODES = envNumber('BENCH_ENGINE_NODES', 50);
const CONTACTS = 500;
/** Messages per contact in a row before the next contact writes (a short conversation). */
const BURST = 4;
const FLOWS_DIR = path.resolve(__dirname, '../../flows');
const BASELINE = 'keyword-loop-K10';

interface Workload {
  name: string;
  flows: FlowSet;
  /** The event sequence one timed run replays (EVENTS long). */
  events: readonly EngineEvent[];
  start: number;
  /** Clock advance between two events. */
  stepMs: number;
}

function main(): void {
  const baseline = measureBaseline();
  report(BASELINE, baseline, null);
  for (const workload of [welcomeFaq(), offHours(), branching()]) {
    const { times, nodesPerEvent } = measureEngine(workload);
    report(workload.name, times, baseline);
    printFigure({ bench: 'engine', case: workload.name, metric: 'nodes_per_event', value: nodesPerEvent, unit: 'nodes', baseline: null, ratio: null });
  }
}

function report(name: string, times: RepTimes, baseline: RepTimes | null): void {
  const us = (ns: number): number => ns / 1000;
  const against = (metric: string, value: number, base: number | undefined) => ({
    baseline: baseline === null ? null : `${BASELINE}/${metric}`,
    ratio: base === undefined ? null : value / base,
  });
  const perSecond = 1e9 / times.median;
  printFigure({ bench: 'engine', case: name, metric: 'events_per_s', value: Math.round(perSecond), unit: '1/s', ...against('events_per_s', perSecond, baseline ? 1e9 / baseline.median : undefined) });
  printFigure({ bench: 'engine', case: name, metric: 'us_per_event_median', value: us(times.median), unit: 'µs', ...against('us_per_event_median', times.median, baseline?.median) });
  printFigure({ bench: 'engine', case: name, metric: 'us_per_event_min', value: us(times.min), unit: 'µs', ...against('us_per_event_min', times.min, baseline?.min) });
}

// ---------- the baseline: the peers' bare keyword loop ----------

function measureBaseline(): RepTimes {
  const peer = loadPeerWorkload(10);
  let sink = 0;
  // The bare loop is some fifty times cheaper than a step: ten times the events keep each timed run long enough to time.
  const run = (rep: number): number => {
    const count = (rep < 0 ? WARMUP : EVENTS) * 10;
    for (let i = 0; i < count; i++) {
      const body = peer.bodies[i % peer.bodies.length];
      if (body !== undefined && peer.reply(body) !== null) sink++;
    }
    return count;
  };
  const times = timeReps({ warmups: 1, reps: REPS, run });
  if (sink === 0) throw new Error('the peer reference loop replied to nothing');
  return times;
}

// ---------- the engine ----------

function measureEngine(workload: Workload): { times: RepTimes; nodesPerEvent: number } {
  const states: ConversationState[] = Array.from({ length: CONTACTS }, (_, c) =>
    newConversationState(`conversation-${c}`, 'webhook', { id: `contact-${c}`, name: c % 3 === 0 ? '' : `Contact ${c}` }),
  );
  const random = mulberry32(0xbe7c4);
  const tally = { events: 0, entered: 0, sends: 0, unmatched: 0 };
  const errors: string[] = [];
  // One clock across warm-up and timed runs: time only moves forwards, as for a real conversation.
  let g = 0;
  const run = (rep: number): number => {
    const count = rep < 0 ? WARMUP : EVENTS;
    for (let i = 0; i < count; i++, g++) {
      const contact = Math.floor(g / BURST) % CONTACTS;
      const event = workload.events[g % workload.events.length];
      const state = states[contact];
      if (event === undefined || state === undefined) throw new Error('workload index out of range');
      const result = step({ flows: workload.flows, state, event, now: workload.start + g * workload.stepMs, random });
      states[contact] = result.state;
      if (rep >= 0) {
        tally.events++;
        for (const entry of result.trace) {
          if (entry.type === 'entered') tally.entered++;
          else if (entry.type === 'unmatched') tally.unmatched++;
          else if (entry.type === 'error') errors.push(entry.message);
        }
        for (const effect of result.effects) if (effect.type === 'send') tally.sends++;
      }
    }
    return count;
  };
  const times = timeReps({ warmups: 1, reps: REPS, run });
  // A benchmark of the error path would flatter the engine: every event must run the flow as designed.
  if (errors.length > 0) throw new Error(`${workload.name}: ${errors.length} engine errors, first: ${errors[0]}`);
  const per = (n: number): string => (n / tally.events).toFixed(2);
  process.stderr.write(`engine ${workload.name}: ${tally.events} events, per event ${per(tally.entered)} nodes entered, ${per(tally.sends)} sends, ${per(tally.unmatched)} unmatched\n`);
  return { times, nodesPerEvent: tally.entered / tally.events };
}

/** Published versions of the documents, parsed and validated as publish does, compiled once. */
function compile(docs: readonly FlowDocument[], settings: (doc: FlowDocument) => Partial<FlowSettings> = () => ({})): FlowSet {
  const known = new Set(docs.map((doc) => doc.id));
  const versions = docs.map((doc, index) => {
    const { errors } = validateGraph(doc.graph, { knownFlowIds: known });
    if (errors.length > 0) throw new Error(`${doc.id}: graph errors: ${errors.map((e) => e.message).join('; ')}`);
    return flowVersionSchema.parse({
      flowId: doc.id,
      version: 1,
      name: doc.name,
      graph: doc.graph,
      settings: { ...doc.settings, ...settings(doc) },
      flowCreatedAt: index,
      publishedAt: index,
    });
  });
  return compileFlowSet(versions);
}

function exampleFlow(name: string): FlowDocument {
  return flowDocumentSchema.parse(JSON.parse(readFileSync(path.join(FLOWS_DIR, `${name}.json`), 'utf8')));
}

/** A texts-only sequence of EVENTS events, drawn from weighted groups with a fixed seed. */
function sequence(seed: number, groups: readonly { weight: number; events: readonly EngineEvent[] }[]): EngineEvent[] {
  const rnd = mulberry32(seed);
  const total = groups.reduce((sum, g) => sum + g.weight, 0);
  return Array.from({ length: EVENTS }, () => {
    let left = rnd() * total;
    const group = groups.find((g) => (left -= g.weight) < 0) ?? groups[groups.length - 1];
    const event = group?.events[Math.floor(rnd() * group.events.length)];
    if (event === undefined) throw new Error('empty event group');
    return event;
  });
}

let messageSeq = 0;
function message(text: string): EngineEvent {
  messageSeq++;
  return { type: 'message', id: `m${messageSeq}`, messageType: 'text', text, mediaUrl: null, payload: null };
}

function postback(payload: string, title: string): EngineEvent {
  messageSeq++;
  return { type: 'postback', id: `m${messageSeq}`, payload, title };
}

/** Keyword FAQ alone: hits (contains and exact, Chinese too), button presses, misses (no fallback: traced unmatched). */
function welcomeFaq(): Workload {
  const flows = compile([exampleFlow('welcome-faq')], () => ({ fallbackFlowId: null }));
  const events = sequence(1, [
    {
      weight: 60,
      events: [
        'How much is shipping to Berlin?',
        'when is my delivery coming, it is late',
        'What are your opening hours on Saturday?',
        'hours',
        'PRICES',
        'price',
        'how much does the blue one cost',
        '请问什么时候发货？',
        '你们的营业时间是什么',
        '这个价格可以优惠吗',
      ].map(message),
    },
    { weight: 10, events: [postback('FAQ_SHIPPING', 'Shipping'), postback('FAQ_HOURS', 'Opening hours'), postback('FAQ_PRICES', 'Prices')] },
    {
      weight: 30,
      events: ['hello is anyone there', 'I want to talk to a person', 'my parcel arrived broken', 'thanks!', 'ok', 'Can I pay by card?'].map(message),
    },
  ]);
  return { name: 'welcome-faq', flows, events, start: Date.parse('2026-03-02T08:00:00+08:00'), stepMs: 20_000 };
}

/**
 * The off-hours calendar flow as the answer to every message no trigger takes (it is its own fallback
 * here, as anti-spam's goto reaches it in the example set): each message runs the business-hours check.
 * 7 min 13 s between messages walks the clock through every time of day, lunch breaks, weekends and, from
 * late September, the National Day holidays.
 */
function offHours(): Workload {
  const flows = compile([exampleFlow('off-hours')], () => ({ fallbackFlowId: 'off-hours' }));
  const events = sequence(2, [{ weight: 1, events: ['hello?', 'Is anyone there', 'I need help with my order', 'where is my parcel', '你好'].map(message) }]);
  return { name: 'off-hours', flows, events, start: Date.parse('2026-09-20T00:00:00+08:00'), stepMs: 433_000 };
}

/** The generated branching flow: 85 % of the messages hold one of its keywords. */
function branching(): Workload {
  const flows = compile([branchingFlow(BRANCHING_NODES, 0x50)]);
  const hits = BRANCHING_KEYWORDS.flatMap((keyword) => [
    `my ${keyword} is late, please help today`,
    `${keyword.toUpperCase()}!`,
    `Quick question about my ${keyword}: can I get a refund? thanks`,
    `urgent: ${keyword}`,
  ]);
  const events = sequence(3, [
    { weight: 85, events: hits.map(message) },
    { weight: 15, events: ['hello', 'thanks a lot', 'bye'].map(message) },
  ]);
  return { name: `branching-${BRANCHING_NODES}`, flows, events, start: Date.parse('2026-03-02T09:00:00Z'), stepMs: 20_000 };
}

main();
