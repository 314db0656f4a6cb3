// The analytics view in real Chromium on the server as `npm start` runs it: customers post through a hook
// URL to the example A/B welcome and refund flows, then every node card, edge label and the KPI bar must
// equal the replay of what the server stored (read raw from its SQLite file), for one version and for
// all versions; while the page is open, more traffic arrives and the canvas follows without a reload.
// Then the missed-keywords report groups the questions no trigger understood, and one becomes a keyword.
// (analytics-correctness.test.ts does the same comparison over generated traffic, per day and per version.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { addDays, dayKey, type FlowVersion } from '@parley/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readStored, StatsReplay } from '../../server/src/__tests__/support/stats-replay';
import { hookPath } from '../../server/src/channels/hook/hook-key';
import { openSqliteStore } from '../../server/src/store/sqlite-store';
import { canvasProblems } from './support/analytics-compare';
import { openAnalytics, readAnalytics, selectNode } from './support/analytics-page';
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

/** The replay of everything the spawned server stored so far, read raw from its SQLite file. */
async function replayStored(): Promise<{ replay: StatsReplay; versions: FlowVersion[] }> {
  const store = openSqliteStore({ file: path.join(server.dataDir, 'parley.db'), backgroundCheckpoints: false });
  try {
    const { events, conversations, versions } = await readStored(store);
    return { replay: new StatsReplay({ events, conversations, versions }), versions };
  } finally {
    await store.close();
  }
}

/** Waits until every card, edge label and KPI equals the replay of the last 30 days (the view's default); fails naming what differs. */
async function expectCanvasToMatch(flowId: string, version: number | null): Promise<void> {
  const deadline = Date.now() + 10_000;
  let problems: string[];
  for (;;) {
    const { replay, versions } = await replayStored();
    const drawn = versions.filter((v) => v.flowId === flowId).findLast((v) => version === null || v.version === version);
    if (drawn === undefined) throw new Error(`${flowId} has no version ${version ?? '(any)'}`);
    const to = dayKey(drawn.settings.timezone, Date.now());
    const range = { from: addDays(to, -29), to };
    problems = canvasProblems(`${flowId} ${version === null ? 'all versions' : `v${version}`}`, await readAnalytics(page), replay.flowStats(flowId, version, range), drawn);
    if (problems.length === 0 || Date.now() > deadline) break;
    await page.waitForTimeout(250);
  }
  expect(problems).toEqual([]);
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

  await openAnalytics(page, 'ab-welcome');
  await expectCanvasToMatch('ab-welcome', null);
  expect((await readAnalytics(page)).kpis.started?.value).toBe('14');
  // The split's panel: each variant's completion and the sentence comparing them, as the API words it.
  await selectNode(page, 'split');
  const comparisons = page.getByRole('region', { name: 'Selected node' }).getByRole('list', { name: 'Comparisons' });
  await comparisons.waitFor();
  const stats: { splits: { nodeId: string; comparisons: { sentence: string }[] }[] } = await (await context.request.get('/api/flows/ab-welcome/stats')).json();
  const sentences = stats.splits.find((split) => split.nodeId === 'split')?.comparisons.map((comparison) => comparison.sentence);
  expect(sentences?.length).toBeGreaterThan(0);
  expect(await comparisons.getByRole('listitem').allTextContents()).toEqual(sentences);
  await saveScreenshot(page, 'analytics', 'analytics');

  await openAnalytics(page, 'refund');
  await expectCanvasToMatch('refund', null);
  // A funnel along the refund path: the contacts through each step, as the stored events add up.
  const path = ['trigger', 'ask-order', 'reply-confirm', 'handoff'];
  for (const nodeId of path) {
    await selectNode(page, nodeId);
    await page.getByRole('button', { name: 'Add to funnel' }).click();
  }
  const funnel = page.getByRole('region', { name: 'Funnel' }).getByRole('figure', { name: 'All versions' });
  const { replay, versions } = await replayStored();
  const to = dayKey(versions.find((v) => v.flowId === 'refund')?.settings.timezone ?? 'UTC', Date.now());
  const expected = replay.funnel('refund', null, path, { from: addDays(to, -29), to }).map((step) => `${step.contacts} ${step.contacts === 1 ? 'contact' : 'contacts'}`);
  expect(expected.slice(0, 2)).toEqual(['8 contacts', '8 contacts']);
  let shown: string[] = [];
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(250)) {
    shown = (await funnel.locator('.funnel__count').allTextContents()).map((text) => text.split(' · ')[0] ?? '');
    if (shown.join() === expected.join()) break;
  }
  expect(shown).toEqual(expected);
  // Version 1 alone is the same traffic (nothing else was published).
  await page.getByLabel('Version', { exact: true }).selectOption({ label: 'v1' });
  await expectCanvasToMatch('refund', 1);

  // Live: two more customers while the page is open; the cards follow without a reload.
  await say('rf-live-1', 'refund please');
  await say('rf-live-2', 'refund please');
  await expectCanvasToMatch('refund', 1);
  // rf-7 never answered, rf-live-1 and rf-live-2 were just asked.
  expect((await readAnalytics(page)).nodes['ask-order']?.stats.waitingNow).toBe('3');
});

it('groups the messages no trigger understood, and turns one into a keyword trigger of a flow in one dialog', async () => {
  await page.goto('/missed-keywords');
  // "where is my parcel" (twice), "Where is my parcel??" and the typo "wher is my parcel": one question, four times.
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'where is my parcel' }) });
  await row.waitFor();
  expect(await row.getByRole('cell').first().textContent()).toBe('4');
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
