// The example refund flow in the builder: auto-layout and the inspector on a realistic graph, the
// versions panel's diff between the published version and the edited draft, and two tabs editing the
// same flow, where the second save is refused with a clear message instead of overwriting the first.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { canvasNode, centreOf, dropFromPalette, nodeSelector, wheelZoom } from './support/builder-ui';
import { launchChromium, newAppContext } from './support/chromium';
import { importExampleFlow, publishFlow } from './support/flow-fixtures';
import { startParley, type ParleyServer } from './support/parley-server';
import { saveScreenshot } from './support/screenshots';
import { signInWithApi } from './support/sign-in';

let server: ParleyServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  server = await startParley();
  browser = await launchChromium();
  context = await newAppContext(browser, server.url);
  await signInWithApi(context);
  // refund names anti-spam as its fallback flow, which must exist for publishing.
  await importExampleFlow(context.request, 'anti-spam');
  await publishFlow(context.request, 'refund', await importExampleFlow(context.request, 'refund'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openRefund(): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/flows/refund');
  await page.locator('.react-flow__node').nth(9).waitFor();
  return page;
}

async function select(page: Page, nodeId: string): Promise<void> {
  await canvasNode(page, nodeId).locator('.node-card__header').click();
  await page.locator('.inspector__id', { hasText: nodeId }).waitFor();
}

/** Selects a node through the canvas search (Enter goes to the match), wherever it is on the canvas. */
async function find(page: Page, nodeId: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Find a node' }).fill(nodeId);
  await page.keyboard.press('Enter');
  await page.locator('.inspector__id', { hasText: nodeId }).waitFor();
}

const saveStatus = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

async function draftOnServer(): Promise<{ revision: number; graph: { nodes: { id: string; data: { messages?: { text?: string }[] } }[] } }> {
  return (await context.request.get('/api/flows/refund')).json();
}

const replyText = (draft: Awaited<ReturnType<typeof draftOnServer>>, nodeId: string) => draft.graph.nodes.find((node) => node.id === nodeId)?.data.messages?.[0]?.text;

it('lays the refund flow out, and the versions panel lists what the draft changed since version 1', async () => {
  const page = await openRefund();
  const before = await canvasNode(page, 'end').boundingBox();
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  // The layout moves the nodes (the example is laid out by hand, on one long row), then the view fits
  // them; the layout engine loads on first use, so wait for the move, then for the save it causes.
  await page.waitForFunction(
    ([selector, x, y]) => {
      const box = document.querySelector(selector)?.getBoundingClientRect();
      return box !== undefined && (box.x !== x || box.y !== y);
    },
    [nodeSelector('end'), before?.x ?? null, before?.y ?? null] as const,
  );
  await saveStatus(page, /^Saved$/).waitFor();
  expect(await canvasNode(page, 'end').boundingBox()).not.toEqual(before);

  // Closer, to read the cards: the start of the flow at a legible zoom, the ask's inspector open.
  await wheelZoom(page, await centreOf(canvasNode(page, 'trigger')), 0.7);
  await select(page, 'ask-order');
  await page.locator('.inspector').getByLabel('Question', { exact: true }).waitFor();
  await saveScreenshot(page, 'builder-refund', 'builder');

  // Change one reply and add a tag step, in the empty space above the flow.
  await select(page, 'reply-confirm');
  await page.locator('.inspector').getByLabel('Message 1 text').fill('Thanks! Your refund for order {{vars.order_id}} is on its way to a person.');
  await dropFromPalette(page, 'Tag', { x: 0.3, y: 0.12 });
  await saveStatus(page, /^Saved$/).waitFor();

  await page.getByRole('tab', { name: 'Versions' }).click();
  await page.getByRole('button', { name: 'Diff version 1 with the draft' }).click();
  const diff = page.getByLabel('Differences from the draft');
  await diff.getByRole('heading', { name: 'Added in the draft (1)' }).waitFor();
  await diff.getByRole('heading', { name: 'Changed (1)' }).waitFor();
  expect(await diff.locator('.versions-diff-changed li').allTextContents()).toEqual([expect.stringMatching(/^Reply “Thanks! Your refund for order .* — settings$/)]);
  expect(await diff.locator('.versions-diff-added li').allTextContents()).toEqual([expect.stringMatching(/^Tag /)]);
  await saveScreenshot(page, 'versions-diff', 'versions');
  await page.close();
});

it('two tabs on one flow: the second save is refused with the conflict message, and keeps what was typed', async () => {
  const first = await openRefund();
  const second = await openRefund();
  const revision = (await draftOnServer()).revision;

  await find(first, 'reply-no-order');
  await first.locator('.inspector').getByLabel('Message 1 text').fill('Typed in the first tab.');
  await saveStatus(first, /^Saved$/).waitFor();
  expect(replyText(await draftOnServer(), 'reply-no-order')).toBe('Typed in the first tab.');

  await find(second, 'reply-email');
  await second.locator('.inspector').getByLabel('Message 1 text').fill('Typed in the second tab.');
  await second.getByRole('alert').filter({ hasText: 'This flow was saved in another tab or by someone else' }).waitFor();
  await saveStatus(second, 'Not saved: conflict').waitFor();
  await saveScreenshot(second, 'two-tabs-conflict');

  // Nothing was overwritten on the server, and nothing typed in the second tab was thrown away.
  const draft = await draftOnServer();
  expect(draft.revision).toBe(revision + 1);
  expect(replyText(draft, 'reply-no-order')).toBe('Typed in the first tab.');
  expect(replyText(draft, 'reply-email')).not.toBe('Typed in the second tab.');
  expect(await second.locator('.inspector').getByLabel('Message 1 text').inputValue()).toBe('Typed in the second tab.');

  // Reloading shows the first tab's text in the second.
  await second.getByRole('button', { name: 'Reload their version' }).click();
  await canvasNode(second, 'reply-no-order').getByText('Typed in the first tab.').waitFor();
  await saveStatus(second, /^Saved$/).waitFor();
  await first.close();
  await second.close();
});
