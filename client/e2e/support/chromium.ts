// Headless Chromium for the browser tests and the builder benchmark: the Debian package, never a
// downloaded browser, so what runs here is what CI installs (.ci/run: apt-get install chromium).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The viewport every test and screenshot uses: the docs' screenshots are 1440×900 at scale 1. */
export const VIEWPORT = { width: 1440, height: 900 } as const;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}; the browser tests need it. ` +
        'Install the Debian package: `sudo apt-get update && sudo apt-get install -y chromium` (.ci/run does this in CI).',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}

/** How long one step (a click, a wait for text) may take: a failing step names itself well before the test's timeout. */
const STEP_TIMEOUT_MS = 15_000;

/** A fresh profile (cookies, local storage) on the app's origin. */
export async function newAppContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: VIEWPORT, deviceScaleFactor: 1 });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  return context;
}
