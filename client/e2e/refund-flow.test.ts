// The end-to-end story in real Chromium against the real server: from an empty flows list, sign
// in, draw the refund flow with the mouse (palette drags, handle-to-handle connections), fill the
// inspector, meet a validation error and fix it, publish, and get the reply in the web chat.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { canvasNode, connectHandles, dropFromPalette } from './support/builder-ui';
import { launchChromium, newAppContext } from './support/chromium';
import { startParley, type ParleyServer } from './support/parley-server';
import { saveScreenshot } from './support/screenshots';
import { signInWithForm } from './support/sign-in';

const REPLY_TEXT = 'Sorry to hear that. Let’s sort out your refund.';
const QUESTION = 'What is your order number?';

let server: ParleyServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startParley();
  browser = await launchChromium();
  context = await newAppContext(browser, server.url);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const publishButton = () => page.getByRole('button', { name: 'Publish', exact: true });
const validationPanel = () => page.getByRole('region', { name: 'Validation' });
const inspector = () => page.locator('.inspector');

/** Clicks a node's header (not a handle) so the inspector shows it. */
async function select(nodeId: string): Promise<void> {
  await canvasNode(page, nodeId).locator('.node-card__header').click();
  await page.locator('.inspector__id', { hasText: nodeId }).waitFor();
}

it('builds the refund flow from an empty list, publishes it, and the web chat answers "refund"', async () => {
  await page.goto('/');
  await page.waitForURL(/\/login$/);
  await signInWithForm(page);
  await page.getByRole('heading', { name: 'No flows yet' }).waitFor();

  await page.getByRole('button', { name: 'Create your first flow' }).click();
  await page.getByLabel('Name of the new flow').fill('Refund');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(/\/flows\/refund$/);

  // An empty flow cannot be published: nothing would start it.
  await validationPanel().getByText('The flow has no trigger node').waitFor();
  expect(await publishButton().isDisabled()).toBe(true);

  // Draw: trigger → reply → ask, and the ask's "answered" output → handoff.
  const trigger = await dropFromPalette(page, 'Trigger', { x: 0.03, y: 0.12 });
  const reply = await dropFromPalette(page, 'Reply', { x: 0.34, y: 0.12 });
  const ask = await dropFromPalette(page, 'Ask', { x: 0.65, y: 0.12 });
  const handoff = await dropFromPalette(page, 'Handoff', { x: 0.65, y: 0.55 });
  await connectHandles(page, trigger, 'next', reply);
  await connectHandles(page, reply, 'next', ask);
  await connectHandles(page, ask, 'answered', handoff);
  await page.locator('.react-flow__edge').nth(2).waitFor();
  expect(await page.locator('.react-flow__edge').evaluateAll((edges) => edges.map((edge) => edge.getAttribute('aria-label')))).toEqual([
    `Edge from ${trigger} to ${reply}`,
    `Edge from ${reply} to ${ask}`,
    `Edge from ${ask} to ${handoff}`,
  ]);

  // The trigger without a keyword is an error beside the field, in the panel and on the card; publish waits.
  await select(trigger);
  await inspector().getByRole('button', { name: 'Remove keyword 1' }).click();
  await validationPanel().getByRole('button', { name: new RegExp(`Error Node "${trigger}" \\(trigger\\)`) }).waitFor();
  await canvasNode(page, trigger).locator('.node-card--error').waitFor();
  await page.getByRole('button', { name: 'Publish', exact: true, disabled: true }).waitFor();
  await saveScreenshot(page, 'refund-validation-error');

  await inspector().getByRole('button', { name: 'Add keyword' }).click();
  await inspector().getByLabel('Keyword 1', { exact: true }).fill('refund');
  await validationPanel().getByText(/^0 errors/).waitFor();
  await canvasNode(page, trigger).getByText('Keywords: “refund”').waitFor();

  await select(reply);
  await inspector().getByLabel('Message 1 text').fill(REPLY_TEXT);
  await select(ask);
  await inspector().getByLabel('Question', { exact: true }).fill(QUESTION);
  await inspector().getByLabel('Expected answer').selectOption('text');
  await inspector().getByLabel('Save the answer to variable').fill('order_id');
  await select(handoff);
  await inspector().getByLabel('Team').fill('billing');

  await publishButton().click();
  await page.getByRole('status').filter({ hasText: 'Published version 1' }).waitFor();
  await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor();

  // What was published is what was drawn: four nodes, the three connections by their handles.
  const saved = await (await context.request.get('/api/flows/refund')).json();
  expect(saved).toMatchObject({ status: 'published', publishedVersion: 1 });
  expect(saved.graph.edges.map((edge: { source: string; sourceHandle: string; target: string }) => `${edge.source}:${edge.sourceHandle}>${edge.target}`)).toEqual([
    `${trigger}:next>${reply}`,
    `${reply}:next>${ask}`,
    `${ask}:answered>${handoff}`,
  ]);

  // A visitor (another browser profile, not signed in) writes "refund" in the web chat.
  const visitor = await newAppContext(browser, server.url);
  try {
    const chat = await visitor.newPage();
    await chat.goto('/chat');
    await chat.getByText(/^connected as /).waitFor();
    await chat.getByPlaceholder('Type a message').fill('refund');
    await chat.keyboard.press('Enter');
    await chat.locator('.msg.out', { hasText: REPLY_TEXT }).waitFor();
    await chat.locator('.msg.out', { hasText: QUESTION }).waitFor();
    expect(await chat.locator('.msg').allTextContents()).toEqual(['refund', REPLY_TEXT, QUESTION]);
    await saveScreenshot(chat, 'refund-web-chat');
  } finally {
    await visitor.close();
  }
});
