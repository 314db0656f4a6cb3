// The analytics view in real Chromium, on traffic with known outcomes: customers post through a hook URL
// to the example A/B welcome and refund flows, then the numbers on every node card, every edge label and
// the KPI bar must equal a recount made here from the raw rows the server stored (its SQLite file: the
// event log's traces and the conversations' parked sessions), for one version and for all versions.
// While the page is open, more traffic arrives and the canvas follows without a reload.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hookPath } from '../../server/src/channels/hook/hook-key';
import { launchChromium, newAppContext } from './support/chromium';
import { importExampleFlow, publishFlow } from './support/flow-fixtures';
import { startParley, type ParleyServer } from './support/parley-server';
import { saveScreenshot } from './support/screenshots';
import { signInWithApi } from './support/sign-in';

let server: ParleyServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let hook: string;

beforeAll(async () => {
  server = await startParley();
  browser = await launchChromium();
  context = await newAppContext(browser, server.url);
  await signInWithApi(context);
  for (const name of ['ab-welcome', 'refund']) await publishFlow(context.request, name, await importExampleFlow(context.request, name));
  hook = hookPath(readFileSync(path.join(server.dataDir, 'webhook-secret'), 'utf8').trim(), 'shop');
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** One customer message through the hook URL (passive reply); returns the replies. */
async function say(contactId: string, text: string): Promise<string[]> {
  const response = await context.request.post(hook, { data: { contactId, text } });
  if (!response.ok()) throw new Error(`hook post failed: ${response.status()} ${await response.text()}`);
  const body: { replies: string[] } = await response.json();
  return body.replies;
}

interface NodeCount {
  entered: number;
  exited: number;
  dropped: number;
  waitingNow: number;
  exits: Record<string, number>;
}

/**
 * The recount: every trace entry in the event log, folded per node of `flowId` (and version, when given),
 * plus the sessions parked now. Written from the stored rows alone, not through the server's stats code.
 */
function recount(flowId: string, version: number | null): Map<string, NodeCount> {
  const db = new Database(path.join(server.dataDir, 'parley.db'), { readonly: true, fileMustExist: true });
  try {
    const counts = new Map<string, NodeCount>();
    const node = (nodeId: string): NodeCount => {
      let count = counts.get(nodeId);
      if (!count) {
        count = { entered: 0, exited: 0, dropped: 0, waitingNow: 0, exits: {} };
        counts.set(nodeId, count);
      }
      return count;
    };
    const ours = (entry: { flowId?: string; version?: number }): boolean => entry.flowId === flowId && (version === null || entry.version === version);
    const rows: { trace: string }[] = db.prepare('SELECT trace FROM event_log ORDER BY seq').all() as { trace: string }[];
    for (const row of rows) {
      const trace: { type: string; flowId?: string; version?: number; nodeId?: string; handle?: string }[] = JSON.parse(row.trace);
      for (const entry of trace) {
        if (!ours(entry) || entry.nodeId === undefined) continue;
        const count = node(entry.nodeId);
        if (entry.type === 'entered') count.entered += 1;
        if (entry.type === 'dropped') count.dropped += 1;
        if (entry.type === 'exited' && entry.handle !== undefined) {
          count.exited += 1;
          count.exits[entry.handle] = (count.exits[entry.handle] ?? 0) + 1;
        }
      }
    }
    const states: { state: string }[] = db.prepare('SELECT state FROM conversations').all() as { state: string }[];
    for (const { state } of states) {
      const session: { flowId: string; version: number; nodeId: string } | null = JSON.parse(state).session;
      if (session !== null && ours(session)) node(session.nodeId).waitingNow += 1;
    }
    return counts;
  } finally {
    db.close();
  }
}

/** The numbers as the canvas shows them: every node card's stats and every edge label, digits only. */
function readCanvas(): Promise<{ nodes: Record<string, Record<string, string>>; edges: Record<string, Record<string, string>> }> {
  return page.evaluate(() => {
    const read = (prefix: string) =>
      Object.fromEntries(
        [...document.querySelectorAll(`[data-testid^="${prefix}"]`)].map((element) => [
          (element.getAttribute('data-testid') ?? '').slice(prefix.length),
          Object.fromEntries([...element.querySelectorAll('[data-stat]')].map((stat) => [stat.getAttribute('data-stat') ?? '', stat.textContent ?? ''])),
        ]),
      );
    return { nodes: read('node-stats-'), edges: read('edge-stats-') };
  });
}

const integer = (text: string | null | undefined): number => Number((text ?? '').replace(/[^\d]/g, ''));

/** Compares every node and edge on the canvas with the recount; returns the differences (none expected). */
async function differences(flowId: string, version: number | null): Promise<string[]> {
  const expected = recount(flowId, version);
  const shown = await readCanvas();
  const found: string[] = [];
  const { graph }: { graph: { edges: { source: string; sourceHandle: string; target: string }[]; nodes: { id: string }[] } } = await (
    await context.request.get(`/api/flows/${flowId}/versions/1`)
  ).json();
  for (const { id } of graph.nodes) {
    const want = expected.get(id) ?? { entered: 0, exited: 0, dropped: 0, waitingNow: 0, exits: {} };
    const got = shown.nodes[id];
    if (got === undefined) {
      found.push(`node ${id}: no stats on the canvas`);
      continue;
    }
    for (const stat of ['entered', 'exited', 'dropped', 'waitingNow'] as const) {
      if (integer(got[stat]) !== want[stat]) found.push(`node ${id} ${stat}: canvas ${got[stat]}, recount ${want[stat]}`);
    }
    const rate = want.entered === 0 ? null : (100 * want.exited) / want.entered;
    const shownRate = Number.parseFloat((got.completionRate ?? '').replace(/[^\d.]/g, ''));
    if (rate !== null && !(Math.abs(shownRate - rate) <= 0.05)) found.push(`node ${id} completion: canvas ${got.completionRate}, recount ${rate.toFixed(1)}%`);
  }
  for (const edge of graph.edges) {
    const got = shown.edges[`${edge.source}-${edge.sourceHandle}`];
    const count = expected.get(edge.source)?.exits[edge.sourceHandle] ?? 0;
    if (got === undefined) found.push(`edge ${edge.source}/${edge.sourceHandle}: no label on the canvas`);
    else if (integer(got.count) !== count) found.push(`edge ${edge.source}/${edge.sourceHandle}: canvas ${got.count}, recount ${count}`);
  }
  return found;
}

async function openAnalytics(flowId: string): Promise<void> {
  await page.goto(`/flows/${flowId}?view=analytics`);
  await page.getByTestId('kpi-started').waitFor();
}

/** Waits until the canvas agrees with the recount (numbers arrive by fetch, live updates a second later). */
async function expectCanvasToMatch(flowId: string, version: number | null): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await differences(flowId, version);
    if (last.length === 0) return;
    await page.waitForTimeout(250);
  }
  expect(last).toEqual([]);
}

it('shows on every node and edge exactly what the stored events add up to, and follows new traffic live', async () => {
  // The A/B welcome: twelve customers say hello; the split sends each down a sticky variant.
  for (let i = 0; i < 12; i++) expect((await say(`ab-${i}`, i % 2 === 0 ? 'hello' : 'hi')).length).toBeGreaterThan(0);
  // The refund flow: eight ask, five give an order number, two are replaced by another trigger while asked.
  for (let i = 0; i < 8; i++) await say(`rf-${i}`, 'I want a refund');
  for (let i = 0; i < 5; i++) await say(`rf-${i}`, `A12${i}`);
  for (const i of [5, 6]) await say(`rf-${i}`, 'hello');
  await say('lost-1', 'where is my parcel');
  await say('lost-4', 'where is my parcel');
  await say('lost-2', 'Where is my parcel??');
  await say('lost-3', 'wher is my parcel');

  await openAnalytics('ab-welcome');
  await expectCanvasToMatch('ab-welcome', null);
  const started = integer((await page.getByTestId('kpi-started').textContent()) ?? '');
  expect(started).toBe(recount('ab-welcome', null).get('trigger')?.entered);
  await saveScreenshot(page, 'analytics', 'analytics');

  await openAnalytics('refund');
  await expectCanvasToMatch('refund', null);
  // Version 1 alone is the same traffic (nothing else was published).
  await page.getByLabel('Version').selectOption({ label: 'v1' });
  await expectCanvasToMatch('refund', 1);

  // Live: two more customers while the page is open; the cards follow without a reload.
  await say('rf-live-1', 'refund please');
  await say('rf-live-2', 'refund please');
  await expectCanvasToMatch('refund', 1);
  expect(recount('refund', 1).get('ask-order')?.waitingNow).toBeGreaterThanOrEqual(2);
});

it('groups the messages no trigger understood, and turns one into a keyword trigger of a flow in one dialog', async () => {
  await page.goto('/missed-keywords');
  // "where is my parcel" (twice), "Where is my parcel??" and the typo "wher is my parcel": one question, four times.
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'where is my parcel' }) });
  await row.waitFor();
  expect(integer(await row.getByRole('cell').first().textContent())).toBe(4);
  await saveScreenshot(page, 'missed-keywords', 'missed-keywords');

  await row.getByRole('button', { name: /^Add as keyword…/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Add as keyword' });
  await dialog.getByLabel('Flow').selectOption({ label: 'Refund request' });
  await dialog.getByRole('button', { name: 'Add keyword' }).click();
  await page.waitForURL(/\/flows\/refund$/);

  const draft: { graph: { nodes: { type: string; data: { kind?: string; keywords?: { text: string }[] } }[] } } = await (await context.request.get('/api/flows/refund')).json();
  const keywords = draft.graph.nodes.filter((node) => node.type === 'trigger').flatMap((node) => node.data.keywords ?? []).map((k) => k.text);
  expect(keywords).toContain('where is my parcel');
});
