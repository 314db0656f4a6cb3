// Analytics reads at scale: 1,000,000 node entries of one flow loaded into a real SQLite store
// file through its write path (analytics-traffic.ts: the refund example flow, 90 days, three versions),
// then the analytics queries for the last 30 days timed through the real StatsService — a flow's stats for
// one version and for all, one node's days, the missed-keywords report — and the store reads behind them
// one by one, to show which dominates. Baseline: the same on a store with 10,000 node entries, loaded the
// same way in the same run: the ratio says how the reads grow with the history.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { dayKey } from '@parley/shared';
import { StatsService } from '@parley/server/dist/api/stats/stats-service';
import { openSqliteStore } from '@parley/server/dist/store/sqlite-store';
import type { Store } from '@parley/server/dist/store/store';
import { REFUND_FLOW_ID, VERSION_DAYS, analyticsTraffic, type TrafficLoad } from './analytics-traffic';
import { envNumber } from './env-number';
import { printFigure } from './figure';
import { quantile } from './quantile';

const ENTRIES = Math.round(envNumber('BENCH_ANALYTICS_ENTRIES', 1_000_000));
const BASELINE_ENTRIES = Math.round(envNumber('BENCH_ANALYTICS_BASELINE_ENTRIES', 10_000));
const RUNS = Math.max(5, Math.round(envNumber('BENCH_ANALYTICS_RUNS', 20)));
const WARMUPS = 3;
const KEEP_DATA = process.env.BENCH_KEEP_DATA === '1';
const SEED = 0xa7a1;
const DAYS = 90;
const RANGE_DAYS = 30;
const DAY_MS = 86_400_000;
const TIMEZONE = 'Asia/Shanghai';
/** Midnight in Beijing (the flow's time zone), a Monday. */
const START = Date.parse('2026-03-02T00:00:00+08:00');
/** The last 30 days of the traffic: unmatched texts are kept by UTC day, the same day names serve both. */
const RANGE = { from: dayKey(TIMEZONE, START + (DAYS - RANGE_DAYS) * DAY_MS), to: dayKey(TIMEZONE, START + (DAYS - 1) * DAY_MS) };
const LATEST_VERSION = VERSION_DAYS.length;
const TRIGGERS = VERSION_DAYS.map((_, i) => ({ version: i + 1, nodeId: 'trigger' }));
/** The node whose days are charted: the handoff, where refunds wait longest. */
const DAILY_NODE = 'handoff';
/** Distinct unmatched texts the service reads per report (its MISSED_TEXTS_READ). */
const MISSED_TEXTS_READ = 2000;
const MiB = 1024 * 1024;
const FUNNEL_PATH = ['trigger', 'ask-order', 'reply-confirm', 'handoff', 'ask-satisfaction'];

interface Scope {
  store: Store;
  service: StatsService;
  /** Every node id of the flow's versions (what flowStats asks uniqueContacts for). */
  nodeIds: string[];
}

type Timing = { median: number; p95: number };

/** What is timed: the service calls the API makes, then the store reads behind flowStats and the report one by one. */
const QUERIES = {
  'flowStats-latest': ({ service }) => service.flowStats(REFUND_FLOW_ID, { version: LATEST_VERSION, ...RANGE }),
  'flowStats-all': ({ service }) => service.flowStats(REFUND_FLOW_ID, RANGE),
  'nodeDaily-all': ({ service }) => service.nodeDaily(REFUND_FLOW_ID, DAILY_NODE, RANGE),
  missedKeywords: ({ service }) => service.missedKeywords({ ...RANGE, limit: 50 }),
  // The refund path an analyst would pick: started, asked, confirmed, handed off, rated.
  'funnel-5steps': ({ service }) => service.funnel(REFUND_FLOW_ID, { ...RANGE, steps: FUNNEL_PATH }),
  'store.nodeStats': ({ store }) => store.nodeStats({ flowId: REFUND_FLOW_ID, version: null, ...RANGE }),
  'store.uniqueContacts': ({ store, nodeIds }) => store.uniqueContacts({ flowId: REFUND_FLOW_ID, nodeIds, version: null, ...RANGE }),
  // The range's last day alone: what a read would cost if the closed days' contact sets were kept (see README).
  'store.uniqueContacts-1day': ({ store, nodeIds }) => store.uniqueContacts({ flowId: REFUND_FLOW_ID, nodeIds, version: null, from: RANGE.to, to: RANGE.to }),
  'store.contactsEntering': ({ store }) => store.contactsEntering({ flowId: REFUND_FLOW_ID, ...RANGE, nodes: TRIGGERS }),
  'store.completionTimes': ({ store }) => store.completionTimes({ flowId: REFUND_FLOW_ID, version: null, ...RANGE }),
  'store.waitingNow': ({ store }) => store.waitingNow(REFUND_FLOW_ID, null),
  'store.missedKeywords': ({ store }) => store.missedKeywords({ ...RANGE, limit: MISSED_TEXTS_READ }),
} satisfies Record<string, (scope: Scope) => Promise<unknown>>;

interface Measured {
  label: string;
  file: string;
  load: TrafficLoad;
  fileBytes: number;
  rows: Record<string, number>;
  times: Map<string, Timing>;
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-analytics-'));
  try {
    const baseline = await measure(work, BASELINE_ENTRIES);
    report(baseline, null);
    const large = await measure(work, ENTRIES);
    report(large, baseline);
  } finally {
    if (KEEP_DATA) process.stderr.write(`analytics: data kept in ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

async function measure(work: string, entries: number): Promise<Measured> {
  const label = countLabel(entries);
  const dir = path.join(work, label);
  const file = path.join(dir, 'parley.db');
  const store = openSqliteStore({ file });
  let load: TrafficLoad;
  try {
    process.stderr.write(`analytics ${label}: loading ${entries} node entries over ${DAYS} days\n`);
    load = await analyticsTraffic(store, { entries, days: DAYS, start: START, seed: SEED });
    process.stderr.write(
      `analytics ${label}: ${load.entries} entries (and ${load.otherEntries} in the welcome flow), ${load.events} events, ${load.sessions} refund sessions, ${load.contacts} contacts, ${load.unmatched} unmatched, in ${(load.ms / 1000).toFixed(1)} s\n`,
    );
    await checkCounters(store, load);
  } finally {
    await store.close();
  }
  // Reopened, as a server starts on its file; closed, the WAL is checkpointed into the file and removed.
  const times = await withScope(file, async (scope) => {
    await checkAnswers(scope, label);
    const timed = new Map<string, Timing>();
    for (const [name, run] of Object.entries(QUERIES)) timed.set(name, (await timeQueries([() => run(scope)]))[0] ?? NO_TIMING);
    return timed;
  });
  return { label, file, load, fileBytes: storeBytes(dir), rows: rowCounts(file), times };
}

async function withScope<T>(file: string, task: (scope: Scope) => Promise<T>): Promise<T> {
  const store = openSqliteStore({ file });
  try {
    const versions = await store.listVersions(REFUND_FLOW_ID);
    const nodeIds = [...new Set(versions.flatMap((v) => v.graph.nodes.map((node) => node.id)))];
    return await task({ store, nodeIds, service: new StatsService(store, { now: () => START + DAYS * DAY_MS - 1 }) });
  } finally {
    await store.close();
  }
}

/** The counters hold exactly the node entries the traffic made: nothing was lost or counted twice on the way. */
async function checkCounters(store: Store, load: TrafficLoad): Promise<void> {
  const all = { flowId: REFUND_FLOW_ID, version: null, from: dayKey(TIMEZONE, START), to: dayKey(TIMEZONE, START + DAYS * DAY_MS) };
  const entered = (await store.nodeStats(all)).reduce((sum, row) => sum + row.entered, 0);
  if (entered !== load.entries) throw new Error(`the store counted ${entered} node entries, the traffic made ${load.entries}`);
}

/** Timing empty answers would flatter the reads: the range must hold traffic of every kind the reports show. */
async function checkAnswers({ service }: Scope, label: string): Promise<void> {
  const stats = await service.flowStats(REFUND_FLOW_ID, RANGE);
  const missed = await service.missedKeywords({ ...RANGE, limit: 50 });
  const sum = (of: (node: (typeof stats.nodes)[number]) => number): number => stats.nodes.reduce((total, node) => total + of(node), 0);
  const { started, completed, handedOff, uniqueContacts, medianTimeToCompleteMs } = stats.totals;
  const [entered, waiting, dropped] = [sum((n) => n.entered), sum((n) => n.waitingNow), sum((n) => n.dropped)];
  process.stderr.write(
    `analytics ${label}: ${RANGE.from}..${RANGE.to}: ${entered} entries, ${started} started, ${completed} completed, ${handedOff} handed off, ${uniqueContacts} contacts, ${dropped} dropped, ${waiting} waiting now, median ${Math.round((medianTimeToCompleteMs ?? 0) / 60_000)} min to complete, ${missed.groups.length} missed-keyword groups\n`,
  );
  if ([started, completed, handedOff, waiting, dropped, medianTimeToCompleteMs ?? 0, missed.groups.length].includes(0)) {
    throw new Error(`analytics ${label}: the ${RANGE_DAYS}-day range lacks some kind of traffic`);
  }
}

const NO_TIMING: Timing = { median: Number.NaN, p95: Number.NaN };

/** Times each query RUNS times after WARMUPS, taking turns (one run of each per round); median and p95 in ms per query. */
async function timeQueries(runs: readonly (() => Promise<unknown>)[]): Promise<Timing[]> {
  for (let i = 0; i < WARMUPS; i++) for (const run of runs) await run();
  const ms = runs.map((): number[] => []);
  for (let round = 0; round < RUNS; round++) {
    for (const [i, run] of runs.entries()) {
      const start = process.hrtime.bigint();
      await run();
      ms[i]?.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return ms.map((times) => ({ median: quantile(times, 0.5), p95: quantile(times, 0.95) }));
}

/** Rows the range's reads go through, per table (for reading the ratios), with a connection of its own. */
function rowCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const count = (sql: string, ...params: string[]): number => {
      const row: unknown = db.prepare(sql).get(...params);
      return typeof row === 'object' && row !== null && 'n' in row && typeof row.n === 'number' ? row.n : 0;
    };
    const inRange = [REFUND_FLOW_ID, RANGE.from, RANGE.to];
    return {
      counter_rows_in_range: count('SELECT COUNT(*) AS n FROM stat_counters WHERE flow_id = ? AND day BETWEEN ? AND ?', ...inRange),
      unique_rows_in_range: count('SELECT COUNT(*) AS n FROM stat_uniques WHERE flow_id = ? AND day BETWEEN ? AND ?', ...inRange),
      duration_rows_in_range: count('SELECT COUNT(*) AS n FROM stat_durations WHERE flow_id = ? AND day BETWEEN ? AND ?', ...inRange),
      unmatched_rows_in_range: count('SELECT COUNT(*) AS n FROM unmatched WHERE day BETWEEN ? AND ?', RANGE.from, RANGE.to),
      conversations: count('SELECT COUNT(*) AS n FROM conversations'),
    };
  } finally {
    db.close();
  }
}

function report(measured: Measured, baseline: Measured | null): void {
  const { label, load } = measured;
  const figure = (name: string, metric: string, value: number, unit: string, base: number | undefined): void => {
    const against = baseline === null || base === undefined ? { baseline: null, ratio: null } : { baseline: `${name}-${baseline.label}/${metric}`, ratio: base > 0 ? value / base : null };
    printFigure({ bench: 'analytics', case: `${name}-${label}`, metric, value, unit, ...against });
  };
  for (const [name, time] of measured.times) {
    const base = baseline?.times.get(name);
    figure(name, 'median_ms', time.median, 'ms', base?.median);
    figure(name, 'p95_ms', time.p95, 'ms', base?.p95);
  }
  const perSecond = (of: Measured): number => Math.round(of.load.entries / (of.load.ms / 1000));
  figure('load', 'entries', load.entries, 'entries', baseline?.load.entries);
  figure('load', 'events', load.events, 'events', baseline?.load.events);
  figure('load', 'load_s', load.ms / 1000, 's', baseline === null ? undefined : baseline.load.ms / 1000);
  figure('load', 'entries_per_s', perSecond(measured), '1/s', baseline === null ? undefined : perSecond(baseline));
  figure('load', 'file_mib', measured.fileBytes / MiB, 'MiB', baseline === null ? undefined : baseline.fileBytes / MiB);
  figure('load', 'file_bytes_per_entry', Math.round(measured.fileBytes / load.entries), 'B', baseline === null ? undefined : Math.round(baseline.fileBytes / baseline.load.entries));
  for (const [metric, value] of Object.entries(measured.rows)) figure('rows', metric, value, 'rows', baseline?.rows[metric]);
}

/** 1000000 → "1M", 10000 → "10k", 12345 → "12345". */
function countLabel(n: number): string {
  if (n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n % 1_000 === 0) return `${n / 1_000}k`;
  return String(n);
}

function storeBytes(dir: string): number {
  return readdirSync(dir)
    .filter((name) => name.startsWith('parley.db'))
    .reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`analytics: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
