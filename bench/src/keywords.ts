// Benchmark 2, keyword matching at scale: per-message cost of routing a message through the trigger index
// that `compileFlowSet` builds (what `step` asks for every inbound message) with 10 to 100,000 keyword
// rules, plus the index's build time and heap size per K. Each rule is a published keyword trigger with
// its own reply, 2,000 rules per flow (a version holds at most 5,000 nodes). Baseline: the naive loop
// (lowercase, then `includes` over the rules in order, first hit wins: the peers' matching) at K = 10
// and K = 1000, on the same messages, so the index's flat curve reads against a linear one.
import { compileFlowSet, type FlowNode, type FlowVersion, type EngineEvent } from '@parley/shared';
import { triggerIndexOf } from '@parley/shared/dist/engine/trigger-index';
import { envNumber, envNumberList } from './env-number';
import { printFigure } from './figure';
import { keywordWorkload, type KeywordWorkload } from './keyword-workload';
import { quantile } from './quantile';
import { timeReps } from './time-reps';

const KS = envNumberList('BENCH_KEYWORD_KS', [10, 1_000, 10_000, 100_000]);
const NAIVE_KS = envNumberList('BENCH_NAIVE_KS', [10, 1_000]);
const MESSAGES = 500;
/** Matches per timed run. */
const MATCHES = envNumber('BENCH_KEYWORD_MATCHES', 100_000);
const REPS = Math.max(5, envNumber('BENCH_REPS', 7));
const RULES_PER_FLOW = 2_000;
const SEED = 0x6b657973;
const NOW = Date.parse('2026-03-02T10:00:00Z');
const TARGET_RATIO = 2;

function main(): void {
  const ks = [...new Set([...KS, ...NAIVE_KS])].sort((a, b) => a - b);
  const smallest = ks[0];
  if (smallest === undefined) throw new Error('no K to measure');
  const workloads = new Map(ks.map((k) => [k, keywordWorkload(k, MESSAGES, SEED + k)]));
  const lengths = workloads.get(smallest)?.messages.map((m) => m.text.length) ?? [];
  process.stderr.write(`keywords: ${MESSAGES} messages per K, median ${quantile(lengths, 0.5)} characters, ${Math.round(MESSAGES * 0.7)} hits\n`);

  let base: { ns: number; buildMs: number; k: number } | null = null;
  for (const k of KS) {
    const workload = workloads.get(k);
    if (workload === undefined) continue;
    const measured = measureIndex(k, workload);
    base ??= { ns: measured.ns, buildMs: measured.buildMs, k };
    const baseCase = `index-K${base.k}`;
    const ratio = measured.ns / base.ns;
    const isTarget = k === 100_000 && base.k === 10;
    printFigure({
      bench: 'keywords',
      case: `index-K${k}`,
      metric: 'ns_per_message',
      value: measured.ns,
      unit: 'ns',
      baseline: `${baseCase}/ns_per_message`,
      ratio,
      ...(isTarget ? { target: `ratio < ${TARGET_RATIO}`, met: ratio < TARGET_RATIO } : {}),
    });
    printFigure({ bench: 'keywords', case: `index-K${k}`, metric: 'build_ms', value: measured.buildMs, unit: 'ms', baseline: `${baseCase}/build_ms`, ratio: measured.buildMs / base.buildMs });
    if (measured.heapBytes !== null) {
      printFigure({ bench: 'keywords', case: `index-K${k}`, metric: 'index_heap_bytes', value: measured.heapBytes, unit: 'B', baseline: null, ratio: null });
      printFigure({ bench: 'keywords', case: `index-K${k}`, metric: 'index_heap_bytes_per_rule', value: measured.heapBytes / k, unit: 'B', baseline: null, ratio: null });
    }
  }

  let naiveBase: { ns: number; k: number } | null = null;
  for (const k of NAIVE_KS) {
    const workload = workloads.get(k);
    if (workload === undefined) continue;
    const ns = measureNaive(workload);
    naiveBase ??= { ns, k };
    printFigure({ bench: 'keywords', case: `naive-K${k}`, metric: 'ns_per_message', value: ns, unit: 'ns', baseline: `naive-K${naiveBase.k}/ns_per_message`, ratio: ns / naiveBase.ns });
  }
}

// ---------- the engine's trigger index ----------

function measureIndex(k: number, workload: KeywordWorkload): { ns: number; buildMs: number; heapBytes: number | null } {
  const versions = ruleFlows(workload.keywords);
  const build = timeReps({
    warmups: 1,
    reps: k >= 100_000 ? 5 : REPS,
    run: () => {
      triggerIndexOf(compileFlowSet(versions));
      return 1;
    },
  });
  const heapBytes = heapGrowth(() => compileFlowSet(versions));
  const index = triggerIndexOf(compileFlowSet(versions));
  const events = workload.messages.map((m, i): EngineEvent => ({ type: 'message', id: `m${i}`, messageType: 'text', text: m.text, mediaUrl: null, payload: null }));
  const match = (event: EngineEvent) => index.matching({ event, channel: 'webhook', now: NOW, previousInboundAt: NOW - 60_000 });

  // The index must route each message to the rule it was written for before its speed means anything.
  workload.messages.forEach((message, i) => {
    const event = events[i];
    const first = event === undefined ? undefined : match(event)[0];
    const expected = message.target < 0 ? undefined : `t${message.target}`;
    if (first?.node.id !== expected) throw new Error(`K=${k}: "${message.text}" matched ${first?.node.id ?? 'nothing'}, expected ${expected ?? 'nothing'}`);
  });

  let sink = 0;
  const times = timeReps({
    warmups: 2,
    reps: REPS,
    run: () => {
      for (let i = 0; i < MATCHES; i++) {
        const event = events[i % events.length];
        if (event !== undefined) sink += match(event).length;
      }
      return MATCHES;
    },
  });
  if (sink === 0) throw new Error(`K=${k}: no message matched`);
  process.stderr.write(`keywords index K=${k}: ${times.median.toFixed(0)} ns/message (min ${times.min.toFixed(0)}), build ${(build.median / 1e6).toFixed(1)} ms\n`);
  return { ns: times.median, buildMs: build.median / 1e6, heapBytes };
}

/** K keyword rules as published versions: per rule a keyword trigger (priority = rule order) and its reply. */
function ruleFlows(keywords: readonly string[]): FlowVersion[] {
  const versions: FlowVersion[] = [];
  for (let from = 0; from < keywords.length; from += RULES_PER_FLOW) {
    const nodes: FlowNode[] = [];
    const edges: FlowVersion['graph']['edges'] = [];
    keywords.slice(from, from + RULES_PER_FLOW).forEach((keyword, offset) => {
      const i = from + offset;
      nodes.push({
        id: `t${i}`,
        type: 'trigger',
        position: { x: 0, y: i * 100 },
        data: { kind: 'keyword', keywords: [{ text: keyword, match: 'contains' }], channels: [], activeFrom: null, activeUntil: null, priority: i + 1 },
      });
      nodes.push({ id: `r${i}`, type: 'reply', position: { x: 300, y: i * 100 }, data: { messages: [{ type: 'text', text: `About ${keyword}: we will look into it.`, buttons: [] }], typingDelayMs: 0 } });
      edges.push({ id: `e${i}`, source: `t${i}`, sourceHandle: 'next', target: `r${i}` });
    });
    const n = versions.length;
    versions.push({
      flowId: `rules-${n}`,
      version: 1,
      name: `Rules ${from + 1}–${from + nodes.length / 2}`,
      graph: { nodes, edges },
      settings: { timezone: 'UTC', calendar: null, reentry: 'always', interrupt: 'allow', fallbackFlowId: null },
      flowCreatedAt: n,
      publishedAt: n,
    });
  }
  return versions;
}

/**
 * Heap held by what `make` returns: the median over three builds, all kept alive until the end (a dropped
 * build may linger until the collector is sure of it), each read after two full collections on either side.
 * Null without --expose-gc.
 */
function heapGrowth(make: () => unknown): number | null {
  const collect = globalThis.gc;
  if (collect === undefined) {
    process.stderr.write('keywords: run node with --expose-gc for the index heap figures (the runner does)\n');
    return null;
  }
  const settledHeap = (): number => {
    collect();
    collect();
    return process.memoryUsage().heapUsed;
  };
  const kept: unknown[] = [];
  const growths: number[] = [];
  for (let i = 0; i < 3; i++) {
    const before = settledHeap();
    kept.push(make());
    growths.push(settledHeap() - before);
  }
  if (kept.length !== growths.length) throw new Error('a build went missing');
  return quantile(growths, 0.5);
}

// ---------- the baseline: the peers' loop ----------

function measureNaive(workload: KeywordWorkload): number {
  const { keywords, messages } = workload;
  const naive = (text: string): number => {
    const lower = text.toLowerCase();
    for (let i = 0; i < keywords.length; i++) if (lower.includes(keywords[i] ?? '\u0000')) return i;
    return -1;
  };
  for (const message of messages) {
    if (naive(message.text) !== message.target) throw new Error(`naive K=${keywords.length}: wrong rule for "${message.text}"`);
  }
  let sink = 0;
  const times = timeReps({
    warmups: 2,
    reps: REPS,
    run: () => {
      const count = Math.max(messages.length, Math.round(MATCHES / Math.max(1, keywords.length / 100)));
      for (let i = 0; i < count; i++) sink += naive(messages[i % messages.length]?.text ?? "") + 1;
      return count;
    },
  });
  if (sink === 0) throw new Error('the naive loop matched nothing');
  process.stderr.write(`keywords naive K=${keywords.length}: ${times.median.toFixed(0)} ns/message (min ${times.min.toFixed(0)})\n`);
  return times.median;
}

main();
