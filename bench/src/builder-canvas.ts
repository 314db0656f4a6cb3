// The builder with a big flow, in real headless Chromium against the real server: a generated 500-node
// flow (branching-flow.ts, laid out on a grid) opened in the builder. Figures: time to first render
// (navigation start → every node card drawn and measured), and frame times while dragging a node and
// while panning the canvas, from requestAnimationFrame timestamps taken in the page. Baseline: the same
// measurements on a 50-node flow in the same run (ratio = 500 / 50).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FlowDocument } from '@parley/shared';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { branchingFlow } from './branching-flow';
import { envNumber } from './env-number';
import { printFigure } from './figure';
import { quantile } from './quantile';
import { spawnServer, stopProcess } from './server-process';

const CHROMIUM_PATH = '/usr/bin/chromium';
const SIZE = envNumber('BENCH_BUILDER_NODES', 500);
const BASELINE_SIZE = envNumber('BENCH_BUILDER_BASELINE_NODES', 50);
/** Page loads per flow for the first-render figure (the median is reported). */
const LOADS = Math.max(1, envNumber('BENCH_BUILDER_LOADS', 3));
/** How long each gesture lasts, and the pause between two mouse moves (about one 60 Hz frame). */
const GESTURE_MS = 2_000;
const MOVE_EVERY_MS = 16;
const RENDER_TIMEOUT_MS = 60_000;
const COLUMNS = 20;
const ADMIN = { email: 'bench@parley.test', password: 'bench-password-1' };

interface Measured {
  firstRenderMs: number;
  drag: number[];
  pan: number[];
}

/**
 * Runs in the page from its first script on: a requestAnimationFrame loop that notes when every node card
 * is drawn and measured (React Flow hides a node until it knows its size), and records frame timestamps
 * between start() and stop(). Plain JavaScript: it runs in the browser, not in this process.
 */
const RECORDER = (expected: number) => `(() => {
  const state = { renderedAt: null, frames: [], recording: false };
  window.__bench = {
    renderedAt: () => state.renderedAt,
    start: () => { state.frames = []; state.recording = true; },
    stop: () => { state.recording = false; return state.frames; },
  };
  const tick = (now) => {
    if (state.renderedAt === null) {
      const nodes = document.querySelectorAll('.react-flow__node');
      if (nodes.length >= ${expected} && Array.from(nodes).every((node) => node.style.visibility !== 'hidden')) state.renderedAt = now;
    }
    if (state.recording) state.frames.push(now);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/** The generated flow under its own id, its nodes on a grid (row by row: edges lead at most 6 nodes on). */
function gridFlow(nodeCount: number): FlowDocument {
  const flow = branchingFlow(nodeCount, 42);
  const nodes = flow.graph.nodes.map((node, i) => ({ ...node, position: { x: (i % COLUMNS) * 320, y: Math.floor(i / COLUMNS) * 220 } }));
  return { ...flow, id: `builder-${nodeCount}`, name: `Builder benchmark (${nodeCount} nodes)`, graph: { ...flow.graph, nodes } };
}

async function createFlow(context: BrowserContext, nodeCount: number): Promise<string> {
  const flow = gridFlow(nodeCount);
  const response = await context.request.post('/api/flows', { data: flow });
  if (!response.ok()) throw new Error(`creating the ${nodeCount}-node flow failed: ${response.status()} ${await response.text()}`);
  return flow.id;
}

/** Opens the flow in a fresh page and returns ms from navigation start until every node is drawn. */
async function openFlow(context: BrowserContext, flowId: string, nodeCount: number): Promise<{ page: Page; firstRenderMs: number }> {
  const page = await context.newPage();
  await page.addInitScript({ content: RECORDER(nodeCount) });
  await page.goto(`/flows/${flowId}`);
  try {
    await page.waitForFunction('window.__bench.renderedAt() !== null', undefined, { timeout: RENDER_TIMEOUT_MS, polling: 100 });
  } catch (error) {
    const seen = await page.evaluate(`[location.pathname, document.querySelectorAll('.react-flow__node').length, document.body.innerText.slice(0, 300)]`);
    throw new Error(`the ${nodeCount} nodes were not all drawn in ${RENDER_TIMEOUT_MS / 1000} s (the page shows ${JSON.stringify(seen)})`, { cause: error });
  }
  const firstRenderMs = Number(await page.evaluate('window.__bench.renderedAt()'));
  return { page, firstRenderMs };
}

/** Frame durations (ms) while `gesture` runs: differences between consecutive animation frames. */
async function frameTimes(page: Page, gesture: () => Promise<void>): Promise<number[]> {
  await page.evaluate('window.__bench.start()');
  await gesture();
  const stamps: unknown = await page.evaluate('window.__bench.stop()');
  if (!Array.isArray(stamps) || stamps.length < 10) throw new Error(`too few frames recorded (${Array.isArray(stamps) ? stamps.length : 'none'})`);
  const times = stamps.map(Number);
  return times.slice(1).map((t, i) => t - (times[i] ?? t));
}

/** Presses at `from` and moves around it (a circle of `radius` px, once per GESTURE_MS) for GESTURE_MS, then releases. */
async function circleDrag(page: Page, from: { x: number; y: number }, radius: number): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const started = Date.now();
  while (Date.now() - started < GESTURE_MS) {
    const angle = ((Date.now() - started) / GESTURE_MS) * 2 * Math.PI;
    await page.mouse.move(from.x + radius * Math.sin(angle), from.y + radius * (1 - Math.cos(angle)));
    await new Promise((resolve) => setTimeout(resolve, MOVE_EVERY_MS));
  }
  await page.mouse.up();
}

/** The centre of the node card nearest the canvas centre, and a point of the empty pane (no node under it). */
async function targets(page: Page): Promise<{ node: { x: number; y: number }; pane: { x: number; y: number } }> {
  const found: unknown = await page.evaluate(`(() => {
    const canvas = document.querySelector('.react-flow__pane').getBoundingClientRect();
    const cx = canvas.x + canvas.width / 2, cy = canvas.y + canvas.height / 2;
    let node = null, best = Infinity;
    for (const element of document.querySelectorAll('.react-flow__node')) {
      const box = element.getBoundingClientRect();
      const x = box.x + box.width / 2, y = box.y + box.height / 2, d = Math.hypot(x - cx, y - cy);
      if (d < best) { best = d; node = { x, y }; }
    }
    let pane = null;
    for (let fy = 0.05; fy < 0.95 && pane === null; fy += 0.05) {
      for (let fx = 0.05; fx < 0.95 && pane === null; fx += 0.05) {
        const x = canvas.x + canvas.width * fx, y = canvas.y + canvas.height * fy;
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) pane = { x, y };
      }
    }
    return { node, pane };
  })()`);
  if (typeof found !== 'object' || found === null || !('node' in found) || !('pane' in found) || !isPoint(found.node) || !isPoint(found.pane)) {
    throw new Error(`no node or no empty pane to drag: ${JSON.stringify(found)}`);
  }
  return { node: found.node, pane: found.pane };
}

function isPoint(value: unknown): value is { x: number; y: number } {
  return typeof value === 'object' && value !== null && 'x' in value && 'y' in value && typeof value.x === 'number' && typeof value.y === 'number';
}

async function measure(context: BrowserContext, nodeCount: number): Promise<Measured> {
  const flowId = await createFlow(context, nodeCount);
  const renders: number[] = [];
  for (let load = 1; load < LOADS; load++) {
    const { page, firstRenderMs } = await openFlow(context, flowId, nodeCount);
    renders.push(firstRenderMs);
    await page.close();
  }
  // The last load stays open for the gestures, on the fitted view that shows every node.
  const { page, firstRenderMs } = await openFlow(context, flowId, nodeCount);
  renders.push(firstRenderMs);
  const { node, pane } = await targets(page);
  const drag = await frameTimes(page, () => circleDrag(page, node, 60));
  // The drag is autosaved a moment later: pan once that is done, so the two figures stay apart.
  await page.waitForSelector('.save-status--saved', { timeout: RENDER_TIMEOUT_MS });
  const pan = await frameTimes(page, () => circleDrag(page, pane, 150));
  await page.close();
  return { firstRenderMs: quantile(renders, 0.5), drag, pan };
}

function report(caseName: string, measured: Measured, baseline: Measured | null): void {
  const figures: [string, number, (m: Measured) => number][] = [
    ['first_render_ms', measured.firstRenderMs, (m) => m.firstRenderMs],
    ['drag_frame_median_ms', quantile(measured.drag, 0.5), (m) => quantile(m.drag, 0.5)],
    ['drag_frame_p95_ms', quantile(measured.drag, 0.95), (m) => quantile(m.drag, 0.95)],
    ['pan_frame_median_ms', quantile(measured.pan, 0.5), (m) => quantile(m.pan, 0.5)],
    ['pan_frame_p95_ms', quantile(measured.pan, 0.95), (m) => quantile(m.pan, 0.95)],
  ];
  for (const [metric, value, ofBaseline] of figures) {
    printFigure({
      bench: 'builder',
      case: caseName,
      metric,
      value,
      unit: 'ms',
      baseline: baseline === null ? null : `${BASELINE_SIZE}-nodes/${metric}`,
      ratio: baseline === null ? null : value / ofBaseline(baseline),
    });
  }
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: \`apt-get install -y chromium\` (Debian) first`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-builder-'));
  const server = spawnServer({ DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  let browser: Browser | null = null;
  try {
    const { url } = await server.listening;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    const context = await browser.newContext({ baseURL: url, viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    const login = await context.request.post('/api/auth/login', { data: ADMIN });
    if (!login.ok()) throw new Error(`sign-in failed: ${login.status()} ${await login.text()}`);
    const baseline = await measure(context, BASELINE_SIZE);
    const big = await measure(context, SIZE);
    report(`${BASELINE_SIZE}-nodes`, baseline, null);
    report(`${SIZE}-nodes`, big, baseline);
    process.stderr.write(
      `[builder] frames recorded: ${SIZE} nodes drag ${big.drag.length}, pan ${big.pan.length}; ${BASELINE_SIZE} nodes drag ${baseline.drag.length}, pan ${baseline.pan.length}\n`,
    );
  } finally {
    await browser?.close();
    await stopProcess(server.child, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`builder: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
