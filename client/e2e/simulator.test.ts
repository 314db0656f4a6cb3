// The simulator in real Chromium: the example off-hours flow, run in the browser at a simulated time in
// Asia/Shanghai. Saturday 23:00 takes the "closed" branch, a weekday morning the other; the canvas lights
// the path taken (node cards and edges) and the trace lists the nodes with the outputs they took.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newAppContext } from './support/chromium';
import { importExampleFlow } from './support/flow-fixtures';
import { startParley, type ParleyServer } from './support/parley-server';
import { saveScreenshot } from './support/screenshots';
import { signInWithApi } from './support/sign-in';

const CLOSED_TEXT = "We're closed right now";
const OPEN_TEXT = 'An agent will be with you shortly.';

let server: ParleyServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startParley();
  browser = await launchChromium();
  context = await newAppContext(browser, server.url);
  await signInWithApi(context);
  await importExampleFlow(context.request, 'anti-spam');
  await importExampleFlow(context.request, 'off-hours');
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Ids of the nodes and edges the canvas draws lit, sorted. */
function litOnCanvas(): Promise<{ nodes: string[]; edges: string[] }> {
  return page.evaluate(() => ({
    nodes: [...document.querySelectorAll('.react-flow__node:has(.node-card--lit)')].map((node) => node.getAttribute('data-id') ?? '').sort(),
    edges: [...document.querySelectorAll('.react-flow__edge.edge--lit')].map((edge) => edge.getAttribute('data-id') ?? '').sort(),
  }));
}

/** Waits until the lit path (it lights hop by hop) is exactly `expected`; fails with what was lit instead. */
async function waitForLit(expected: { nodes: string[]; edges: string[] }): Promise<void> {
  const want = JSON.stringify({ nodes: [...expected.nodes].sort(), edges: [...expected.edges].sort() });
  try {
    await page.waitForFunction(
      (wanted) => {
        const lit = {
          nodes: [...document.querySelectorAll('.react-flow__node:has(.node-card--lit)')].map((node) => node.getAttribute('data-id') ?? '').sort(),
          edges: [...document.querySelectorAll('.react-flow__edge.edge--lit')].map((edge) => edge.getAttribute('data-id') ?? '').sort(),
        };
        return JSON.stringify(lit) === wanted;
      },
      want,
      { timeout: 5_000 },
    );
  } catch {
    expect(await litOnCanvas()).toEqual(JSON.parse(want));
  }
}

it('lights the closed path on Saturday 23:00 Asia/Shanghai and the open one on a weekday morning', async () => {
  await page.goto('/flows/off-hours');
  await page.locator('.react-flow__node').nth(4).waitFor();
  await page.getByRole('tab', { name: 'Test chat' }).click();
  const simulator = page.getByRole('region', { name: 'Test chat' });

  // The simulated clock starts in the flow's time zone; 28 November 2026 is a Saturday.
  expect(await simulator.getByLabel('Time zone').inputValue()).toBe('Asia/Shanghai');
  await simulator.getByLabel('Simulated date and time').fill('2026-11-28T23:00');
  await simulator.getByText('Saturday 23:00, 28 Nov 2026').waitFor();

  // A message matches no trigger of this flow (it starts by an API call, or as another flow's fallback):
  // the test chat says so and nothing lights up.
  await simulator.getByLabel('Message', { exact: true }).fill('Hello, is anyone there?');
  await simulator.getByRole('button', { name: 'Send' }).click();
  await simulator.getByRole('log', { name: 'Test conversation' }).getByText(/the fallback flow “anti-spam” would answer/).waitFor();
  expect(await litOnCanvas()).toEqual({ nodes: [], edges: [] });

  await simulator.getByRole('button', { name: 'Start via API' }).click();
  await simulator.getByRole('log', { name: 'Test conversation' }).getByText(CLOSED_TEXT).waitFor();
  await waitForLit({
    nodes: ['trigger', 'business-hours', 'reply-closed', 'end'],
    edges: ['e-trigger-next', 'e-business-hours-closed', 'e-reply-closed-next'],
  });
  const trace = simulator.getByRole('region', { name: 'Trace' });
  await trace.getByText('Started through the API').waitFor();
  // The "why": the condition left by its Closed output.
  expect(await trace.locator('.sim-trace__step').last().innerText()).toMatch(/Condition .*\n→ Closed\n/);
  await saveScreenshot(page, 'simulator-off-hours', 'simulator');

  // Monday 10:00 is inside the weekly hours: the other branch, and the closed reply is no longer lit.
  await simulator.getByLabel('Simulated date and time').fill('2026-11-30T10:00');
  await simulator.getByRole('button', { name: 'Start via API' }).click();
  await simulator.getByRole('log', { name: 'Test conversation' }).getByText(OPEN_TEXT).waitFor();
  await waitForLit({
    nodes: ['trigger', 'business-hours', 'reply-open', 'end'],
    edges: ['e-trigger-next', 'e-business-hours-else', 'e-reply-open-next'],
  });
});
