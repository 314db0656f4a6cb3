// Signing in: through the login form where that is what the test is about, else through the API (the
// browser context shares its cookies with context.request, so the app sees the session).
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN } from './parley-server';

export async function signInWithForm(page: Page): Promise<void> {
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signInWithApi(context: BrowserContext): Promise<void> {
  const response = await context.request.post('/api/auth/login', { data: ADMIN });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
}
