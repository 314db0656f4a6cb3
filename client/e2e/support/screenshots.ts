// Screenshots as test artefacts (test-artifacts/screenshots, gitignored). With PARLEY_DOCS_SCREENSHOTS=1
// the ones the README shows are also written to docs/screenshots, so the docs can be refreshed by a test run.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../../..');
const ARTEFACTS = path.join(ROOT, 'test-artifacts/screenshots');
const DOCS = path.join(ROOT, 'docs/screenshots');

/** The screenshots the README shows. */
export type DocsScreenshot = 'builder' | 'simulator' | 'versions' | 'analytics' | 'missed-keywords';

/** Saves the viewport as test-artifacts/screenshots/<name>.png; returns its path. */
export async function saveScreenshot(page: Page, name: string, docs?: DocsScreenshot): Promise<string> {
  mkdirSync(ARTEFACTS, { recursive: true });
  const file = path.join(ARTEFACTS, `${name}.png`);
  // Animations (lit edges, the "saving" badge) are frozen so the picture is the same on every run.
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  if (docs !== undefined && process.env.PARLEY_DOCS_SCREENSHOTS === '1') {
    mkdirSync(DOCS, { recursive: true });
    copyFileSync(file, path.join(DOCS, `${docs}.png`));
  }
  return file;
}
