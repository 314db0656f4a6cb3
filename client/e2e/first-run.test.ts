// A fresh install: no user yet. The quick start sends people to /setup on the server's machine; the
// form creates the first admin and must land them in the app, signed in.
import type { Browser } from 'playwright-core';
import { launchChromium, newAppContext } from './support/chromium';
import { startParley, type ParleyServer } from './support/parley-server';

let server: ParleyServer;
let browser: Browser;

beforeAll(async () => {
  server = await startParley({ withAdmin: false });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('creates the first admin on /setup and opens the flows list signed in', async () => {
  const context = await newAppContext(browser, server.url);
  const page = await context.newPage();
  await page.goto(`${server.url}/setup`);
  await page.getByLabel('Name').fill('Ada Admin');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button').click();
  await page.waitForURL(/\/flows$/);
  await page.getByText('Ada Admin').first().waitFor();
  // Setup is over: the page now says so instead of offering the form again.
  const again = await page.request.get(`${server.url}/setup`);
  expect(again.status()).toBe(409);
  expect(await again.text()).toContain('Sign in at /login');
  await context.close();
});
