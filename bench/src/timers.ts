// Benchmark 3, waiting conversations: N conversations parked at a wait node of a published flow, due over
// a window, against the real server process. Seeding goes through the server's own Runtime and SQLite
// store (in this process, on the server's data file, with a clock we set), so every conversation has a
// real session, timer row, message, event log entry and stats. Then the server is started and each
// timer's reply is timed as it reaches a local webhook receiver; midway the server is killed and started
// again, and we time how soon it fires the overdue timers. Baseline: the same schedule in plain
// in-memory setTimeouts of an idle node process, running at the same time (see README).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { flowDocumentSchema } from '@parley/shared';
import { FlowService } from '@parley/server/dist/api/flows/flow-service';
import { Runtime } from '@parley/server/dist/runtime/runtime';
import { openSqliteStore } from '@parley/server/dist/store/sqlite-store';
import type { Store } from '@parley/server/dist/store/store';
import { CallbackReceiver } from './callback-receiver';
import { envNumber } from './env-number';
import { printFigure, type Figure } from './figure';
import { quantile } from './quantile';
import { killChildren, rssBytes, spawnServer, stopProcess, trackChild } from './server-process';

const N = Math.round(envNumber('BENCH_TIMER_N', 100_000));
const SPREAD_MS = envNumber('BENCH_TIMER_SPREAD_S', 120) * 1000;
const RESTART = restartSignal(process.env.BENCH_TIMER_RESTART ?? 'SIGKILL');
const DOWN_MS = envNumber('BENCH_TIMER_DOWN_S', 2) * 1000;
const DRAIN_MS = envNumber('BENCH_TIMER_DRAIN_S', 60) * 1000;
const KEEP_DATA = process.env.BENCH_KEEP_DATA === '1';
/** The wait node's delay: seeding sets the clock this far before each conversation's due time. */
const WAIT_S = 60;
const CALIBRATION = 2_000;
const SEED_CONCURRENCY = 64;
/** Parking slows down as the file grows: the calibrated time is doubled. */
const SEED_BUDGET_FACTOR = 2;
const SETTLE_MS = 3_000;
const RSS_SAMPLES = 5;
const RSS_GAP_MS = 300;
/** From the end of seeding to the first due time: start, settle and the idle memory samples. */
const START_BUDGET_MS = 15_000;
/** Timers due this close before the kill are left out of the steady-state lateness. */
const STEADY_MARGIN_MS = 5_000;
const BASELINE_TIMERS = 10_000;
const SECRET = randomBytes(24).toString('hex');
const MiB = 1024 * 1024;

const reminderFlow = flowDocumentSchema.parse({
  id: 'reminder',
  name: 'Reminder',
  graph: {
    nodes: [
      { id: 'trigger', type: 'trigger', data: { kind: 'keyword', keywords: [{ text: 'remind', match: 'contains' }] } },
      { id: 'wait', type: 'wait', data: { mode: 'delay', amount: WAIT_S, unit: 'seconds' } },
      { id: 'reply', type: 'reply', data: { messages: [{ type: 'text', text: 'Reminder for {{contact.id}}: your appointment is soon.' }] } },
      { id: 'end', type: 'end', data: {} },
    ],
    edges: [
      { id: 'e1', source: 'trigger', sourceHandle: 'next', target: 'wait' },
      { id: 'e2', source: 'wait', sourceHandle: 'next', target: 'reply' },
      { id: 'e3', source: 'reply', sourceHandle: 'next', target: 'end' },
    ],
  },
});

function restartSignal(value: string): NodeJS.Signals | null {
  if (value === 'SIGKILL' || value === 'SIGTERM') return value;
  if (value === 'none') return null;
  throw new Error(`BENCH_TIMER_RESTART=${value}: expected SIGKILL, SIGTERM or none`);
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-timers-'));
  const receiver = await CallbackReceiver.start(SECRET);
  try {
    await run(work, receiver);
  } finally {
    killChildren();
    await receiver.close();
    if (KEEP_DATA) process.stderr.write(`timers: data kept in ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

async function run(work: string, receiver: CallbackReceiver): Promise<void> {
  const serverEnv = (dataDir: string) => ({ DATA_DIR: dataDir, WEBHOOK_SECRET: SECRET, WEBHOOK_CALLBACK_URL: receiver.url });
  const figure = (f: Omit<Figure, 'bench'>): void => {
    printFigure({ bench: 'timers', ...f });
  };
  const parkedCase = `parked-${N}`;

  // 1. The same server and flow with an empty store: the memory everything else is measured against.
  const emptyDir = path.join(work, 'empty');
  await withStore(path.join(emptyDir, 'parley.db'), (store) => publish(store));
  const empty = spawnServer(serverEnv(emptyDir));
  await empty.listening;
  await sleep(SETTLE_MS);
  const emptyRss = await sampleRss(empty.child.pid);
  await stopProcess(empty.child, 'SIGTERM');
  figure({ case: 'empty-store', metric: 'rss_idle', value: emptyRss / MiB, unit: 'MiB', baseline: null, ratio: null });

  // 2. How fast this machine parks conversations now, so the first due time leaves room for all of them.
  const calibrationMs = (await seed(path.join(work, 'calibration', 'parley.db'), CALIBRATION, () => Date.now() + 3_600_000)).ms;
  const seedBudgetMs = (N / CALIBRATION) * calibrationMs * SEED_BUDGET_FACTOR;
  const firstDue = Math.ceil(Date.now() + seedBudgetMs + START_BUDGET_MS);
  const plannedDue = (i: number): number => firstDue + Math.floor((i * SPREAD_MS) / N);
  process.stderr.write(`timers: parking ${N} conversations (about ${Math.round(seedBudgetMs / 1000)} s); first due in ${Math.round((firstDue - Date.now()) / 1000)} s, spread over ${SPREAD_MS / 1000} s\n`);

  // 3. Park N conversations through the runtime, on the file the server will open.
  const dataDir = path.join(work, 'parked');
  const seeded = await seed(path.join(dataDir, 'parley.db'), N, plannedDue);
  const dueOf = (i: number): number => seeded.due[i] ?? Number.NaN;
  figure({ case: parkedCase, metric: 'seed_per_s', value: Math.round(N / (seeded.ms / 1000)), unit: '1/s', baseline: null, ratio: null });
  figure({ case: parkedCase, metric: 'store_bytes_per_conversation', value: Math.round(storeBytes(dataDir) / N), unit: 'B', baseline: null, ratio: null });

  // 4. The server with N parked, idle until the first due time.
  const first = spawnServer(serverEnv(dataDir));
  const firstListen = await first.listening;
  if (firstListen.at > firstDue) {
    process.stderr.write(`timers: WARNING the server listened ${firstListen.at - firstDue} ms after the first due time (parking took longer than budgeted): its idle memory is measured while it fires, and it starts with a backlog\n`);
  }
  await sleep(Math.max(0, Math.min(SETTLE_MS, firstDue - Date.now() - RSS_SAMPLES * RSS_GAP_MS - 500)));
  const parkedRss = await sampleRss(first.child.pid);
  const perConversation = (parkedRss - emptyRss) / N;
  figure({ case: parkedCase, metric: 'rss_idle', value: parkedRss / MiB, unit: 'MiB', baseline: 'empty-store/rss_idle', ratio: parkedRss / emptyRss });
  figure({ case: parkedCase, metric: 'rss_per_parked_conversation', value: Math.round(perConversation), unit: 'B', baseline: null, ratio: null, target: '< 1024', met: perConversation < 1024 });

  // 5. Firing, with the setTimeout baseline over the same steady window, then the restart midway.
  const killAt = RESTART === null ? firstDue + SPREAD_MS : firstDue + SPREAD_MS / 2;
  const steadyEnd = RESTART === null ? killAt : killAt - STEADY_MARGIN_MS;
  // Its first timer is due once its process is surely up, so that start-up never reads as lateness.
  const baselineStart = Math.max(firstDue, Date.now() + 1_000);
  const baseline = runSetTimeoutBaseline(baselineStart, steadyEnd - baselineStart, Math.min(BASELINE_TIMERS, N));
  let firingRss = parkedRss;
  const sampler = setInterval(() => (firingRss = Math.max(firingRss, rssBytes(first.child.pid) ?? 0)), 1_000);
  await sleep(Math.max(0, killAt - Date.now()));
  clearInterval(sampler);

  let restart: { spawnedAt: number; listenAt: number } | null = null;
  let current = first;
  if (RESTART !== null) {
    await stopProcess(first.child, RESTART);
    await sleep(DOWN_MS);
    current = spawnServer(serverEnv(dataDir));
    restart = { spawnedAt: current.spawnedAt, listenAt: (await current.listening).at };
  }

  // 6. Until every reply has arrived, bounded by the drain time after the last due time.
  const deadline = Math.max(firstDue + SPREAD_MS, Date.now()) + DRAIN_MS;
  while (receiver.arrivals.size < N && Date.now() < deadline) await sleep(250);
  const stoppedWaiting = Date.now();
  await stopProcess(current.child, 'SIGTERM');
  const setTimeoutLateness = await baseline;

  // ---------- figures ----------
  const steady: number[] = [];
  const lateness: number[] = [];
  let unfired = 0;
  let unfiredSteady = 0;
  // Throughput over the first server's firing time: what came due in it against what it delivered in it.
  let dueInRun = 0;
  let firedInRun = 0;
  let doubleFired = 0;
  let repeatedDeliveries = 0;
  const overdue: number[] = [];
  for (let i = 0; i < N; i++) {
    const due = dueOf(i);
    const inSteady = due >= firstListen.at && due <= steadyEnd;
    if (inSteady) steady.push(i);
    if (due >= firstDue && due < killAt) dueInRun++;
    const arrival = receiver.arrivals.get(`c${i}`);
    if (arrival === undefined) {
      unfired++;
      // Not fired when we stopped waiting: it counts with the lateness it had reached (a lower bound).
      if (inSteady) {
        unfiredSteady++;
        lateness.push(stoppedWaiting - due);
      }
      continue;
    }
    if (arrival.messageIds.size > 1) doubleFired++;
    repeatedDeliveries += arrival.deliveries - arrival.messageIds.size;
    if (inSteady) lateness.push(arrival.first - due);
    if (arrival.first >= firstDue && arrival.first < killAt) firedInRun++;
    if (restart !== null && due < restart.spawnedAt && arrival.first >= restart.spawnedAt) overdue.push(arrival.first);
  }
  if (unfiredSteady > 0) process.stderr.write(`timers: ${unfiredSteady} steady-window timers had not fired when the benchmark stopped waiting; their lateness is a lower bound\n`);
  const steadyS = (steadyEnd - firstDue) / 1000;
  const runS = (killAt - firstDue) / 1000;
  const offered = dueInRun / runS;
  const achieved = firedInRun / runS;

  if (setTimeoutLateness !== null) {
    figure({ case: 'set-timeout', metric: 'lateness_p50_ms', value: setTimeoutLateness.p50, unit: 'ms', baseline: null, ratio: null });
    figure({ case: 'set-timeout', metric: 'lateness_p99_ms', value: setTimeoutLateness.p99, unit: 'ms', baseline: null, ratio: null });
    figure({ case: 'set-timeout', metric: 'lateness_max_ms', value: setTimeoutLateness.max, unit: 'ms', baseline: null, ratio: null });
  }
  const versus = (metric: string, value: number, base: number | undefined) =>
    setTimeoutLateness === null || base === undefined ? { baseline: null, ratio: null } : { baseline: `set-timeout/${metric}`, ratio: base > 0 ? value / base : null };
  const p50 = quantile(lateness, 0.5);
  const p99 = quantile(lateness, 0.99);
  const max = Math.max(...lateness);
  figure({ case: 'fire', metric: 'lateness_p50_ms', value: p50, unit: 'ms', ...versus('lateness_p50_ms', p50, setTimeoutLateness?.p50) });
  figure({ case: 'fire', metric: 'lateness_p99_ms', value: p99, unit: 'ms', ...versus('lateness_p99_ms', p99, setTimeoutLateness?.p99), target: '< 1000', met: p99 < 1000 });
  figure({ case: 'fire', metric: 'lateness_max_ms', value: max, unit: 'ms', ...versus('lateness_max_ms', max, setTimeoutLateness?.max) });
  // Where the lateness arises: the scheduler running the timer (the reply's stored time) against the outbox delivering the reply.
  const split = await commitTimes(path.join(dataDir, 'parley.db'), steady);
  const committed = steady.flatMap((i) => {
    const at = split.get(i);
    return at === undefined ? [] : [{ fire: at - dueOf(i), deliver: (receiver.arrivals.get(`c${i}`)?.first ?? Number.NaN) - at }];
  });
  const delivered = committed.filter((c) => Number.isFinite(c.deliver));
  figure({ case: 'fire', metric: 'scheduler_lateness_p50_ms', value: quantile(committed.map((c) => c.fire), 0.5), unit: 'ms', baseline: null, ratio: null });
  figure({ case: 'fire', metric: 'scheduler_lateness_p99_ms', value: quantile(committed.map((c) => c.fire), 0.99), unit: 'ms', baseline: null, ratio: null });
  figure({ case: 'fire', metric: 'outbox_delay_p50_ms', value: quantile(delivered.map((c) => c.deliver), 0.5), unit: 'ms', baseline: null, ratio: null });
  figure({ case: 'fire', metric: 'outbox_delay_p99_ms', value: quantile(delivered.map((c) => c.deliver), 0.99), unit: 'ms', baseline: null, ratio: null });
  figure({ case: 'offered', metric: 'due_per_s', value: offered, unit: '1/s', baseline: null, ratio: null });
  figure({ case: 'fire', metric: 'fired_per_s', value: achieved, unit: '1/s', baseline: 'offered/due_per_s', ratio: achieved / offered });
  figure({ case: 'fire', metric: 'rss_max', value: firingRss / MiB, unit: 'MiB', baseline: `${parkedCase}/rss_idle`, ratio: firingRss / parkedRss });
  if (restart !== null) {
    const restartCase = `restart-${RESTART}`;
    figure({ case: restartCase, metric: 'spawn_to_listen_ms', value: restart.listenAt - restart.spawnedAt, unit: 'ms', baseline: null, ratio: null });
    figure({ case: restartCase, metric: 'overdue_at_restart', value: overdue.length, unit: 'timers', baseline: null, ratio: null });
    if (overdue.length === 0) process.stderr.write('timers: no overdue timer fired after the restart\n');
    else {
      const firstOverdue = Math.min(...overdue);
      const lastOverdue = Math.max(...overdue);
      figure({ case: restartCase, metric: 'spawn_to_first_overdue_fire_ms', value: firstOverdue - restart.spawnedAt, unit: 'ms', baseline: null, ratio: null });
      figure({ case: restartCase, metric: 'spawn_to_last_overdue_fire_ms', value: lastOverdue - restart.spawnedAt, unit: 'ms', baseline: null, ratio: null });
    }
  }
  figure({ case: 'all', metric: 'unfired_at_end', value: unfired, unit: 'timers', baseline: null, ratio: null, target: '= 0', met: unfired === 0 });
  figure({ case: 'all', metric: 'double_fired', value: doubleFired, unit: 'contacts', baseline: null, ratio: null, target: '= 0', met: doubleFired === 0 });
  figure({ case: 'all', metric: 'repeated_deliveries', value: repeatedDeliveries, unit: 'callbacks', baseline: null, ratio: null });
  if (receiver.rejected > 0) process.stderr.write(`timers: ${receiver.rejected} callbacks had a bad signature or body\n`);
  process.stderr.write(`timers: ${N - unfired} of ${N} replies arrived; steady window: ${steady.length} timers due over ${steadyS.toFixed(0)} s\n`);
}

/** When each contact's reply was committed (its outbound message's time), read back from the store. */
async function commitTimes(file: string, contacts: readonly number[]): Promise<Map<number, number>> {
  return withStore(file, async (store) => {
    const times = new Map<number, number>();
    for (const i of contacts) {
      const conversation = await store.findConversation('webhook', `c${i}`);
      if (conversation === null) continue;
      const reply = (await store.listMessages(conversation.id, 5)).find((message) => message.direction === 'out');
      if (reply !== undefined) times.set(i, reply.at);
    }
    return times;
  });
}

// ---------- seeding through the server's runtime ----------

async function withStore<T>(file: string, task: (store: Store) => Promise<T>): Promise<T> {
  mkdirSync(path.dirname(file), { recursive: true });
  const store = openSqliteStore({ file });
  try {
    return await task(store);
  } finally {
    await store.close();
  }
}

async function publish(store: Store, clock = { now: () => Date.now() }): Promise<void> {
  const [outcome] = await new FlowService(store, clock).loadAndPublish([reminderFlow]);
  if (outcome?.outcome !== 'published') throw new Error(`the reminder flow was not published: ${JSON.stringify(outcome)}`);
}

/**
 * Parks `count` conversations (contacts c0, c1, …) at the wait node, conversation i due at about `dueOf(i)`:
 * each sends "remind me" through the runtime, on a clock set to dueOf(i) − WAIT_S, from SEED_CONCURRENCY
 * contacts at a time (so group commit works as it does under real traffic). Events interleave, so the clock
 * an event reads may be a neighbour's: each conversation's exact due time is read back from its session.
 */
async function seed(file: string, count: number, dueOf: (i: number) => number): Promise<{ ms: number; due: number[] }> {
  return withStore(file, async (store) => {
    let now = Date.now();
    const clock = { now: () => now };
    await publish(store, clock);
    const runtime = new Runtime({ store, clock, channels: [] });
    await runtime.init();
    const started = Date.now();
    let reported = started;
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < count; i = next++) {
        now = dueOf(i) - WAIT_S * 1000;
        const result = await runtime.handleInbound({
          channel: 'webhook',
          externalId: `c${i}`,
          event: { type: 'message', id: `m${i}`, messageType: 'text', text: 'remind me', mediaUrl: null, payload: null },
        });
        if (result.status !== 'processed') throw new Error(`seeding c${i}: ${result.status}`);
        if (Date.now() - reported > 10_000) {
          reported = Date.now();
          process.stderr.write(`timers: parked ${i + 1} of ${count}\n`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SEED_CONCURRENCY, count) }, worker));
    const ms = Date.now() - started;
    await runtime.stop();
    const timers = await store.countTimers();
    if (timers !== count) throw new Error(`expected ${count} parked timers, the store holds ${timers}`);
    const due: number[] = [];
    for (let i = 0; i < count; i++) {
      const until = (await store.findConversation('webhook', `c${i}`))?.state.session?.waiting.until;
      if (until === undefined || until === null) throw new Error(`c${i} is not parked at a timed wait`);
      due.push(until);
    }
    return { ms, due };
  });
}

function storeBytes(dir: string): number {
  return readdirSync(dir)
    .filter((name) => name.startsWith('parley.db'))
    .reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
}

// ---------- measurements ----------

async function sampleRss(pid: number | undefined): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < RSS_SAMPLES; i++) {
    const rss = rssBytes(pid);
    if (rss === null) throw new Error('the server exited while its memory was measured');
    samples.push(rss);
    await sleep(RSS_GAP_MS);
  }
  return quantile(samples, 0.5);
}

interface Lateness {
  p50: number;
  p99: number;
  max: number;
}

/** Runs set-timeout-baseline.js in its own process; resolves with its lateness, or null when it failed. */
function runSetTimeoutBaseline(start: number, windowMs: number, count: number): Promise<Lateness | null> {
  const child = spawn(process.execPath, [path.join(__dirname, 'set-timeout-baseline.js'), String(start), String(windowMs), String(count)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  trackChild(child);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      try {
        const parsed: unknown = JSON.parse(out);
        if (code === 0 && typeof parsed === 'object' && parsed !== null && 'p50' in parsed && 'p99' in parsed && 'max' in parsed) {
          const { p50, p99, max } = parsed;
          if (typeof p50 === 'number' && typeof p99 === 'number' && typeof max === 'number') return resolve({ p50, p99, max });
        }
      } catch {
        // reported below
      }
      process.stderr.write(`timers: the setTimeout baseline failed (exit ${code}): ${out}\n`);
      resolve(null);
    });
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`timers: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
