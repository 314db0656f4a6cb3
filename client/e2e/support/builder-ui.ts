// What a user does with the mouse in the builder, as page.mouse gestures on the real DOM: drag a palette
// entry onto the canvas, drag from an output handle to another node's input, and where things are.
import type { Locator, Page } from 'playwright-core';

/** Intermediate mouse moves per drag: enough for React Flow and HTML drag-and-drop to see a real drag. */
const DRAG_STEPS = 12;

export const nodeSelector = (nodeId: string) => `.react-flow__node[data-id="${nodeId}"]`;

export function canvasNode(page: Page, nodeId: string): Locator {
  return page.locator(nodeSelector(nodeId));
}

/** The centre of an element on screen; fails when it is not visible. */
export async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error(`${locator.toString()} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Presses at `from`, moves to `to` in steps, releases. */
export async function mouseDrag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 8, from.y + 8, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps: DRAG_STEPS });
  await page.mouse.up();
}

/**
 * Drags the palette entry labelled `label` (e.g. "Trigger") to a point of the canvas given as fractions
 * of its size, and returns the id of the node that appeared there.
 */
export async function dropFromPalette(page: Page, label: string, at: { x: number; y: number }): Promise<string> {
  const before = new Set(await nodeIds(page));
  const entry = page.locator('.palette__item', { hasText: new RegExp(`^${label}$`) });
  const canvas = await page.locator('.builder-canvas').boundingBox();
  if (canvas === null) throw new Error('the canvas is not visible');
  await mouseDrag(page, await centreOf(entry), { x: canvas.x + canvas.width * at.x, y: canvas.y + canvas.height * at.y });
  await page.waitForFunction((count) => document.querySelectorAll('.react-flow__node').length > count, before.size, { timeout: 5_000 });
  const added = (await nodeIds(page)).filter((id) => !before.has(id));
  if (added.length !== 1 || added[0] === undefined) throw new Error(`expected one new node after dropping ${label}, got ${JSON.stringify(added)}`);
  return added[0];
}

/** Drags from output `handle` of `source` to the input of `target`. */
export async function connectHandles(page: Page, source: string, handle: string, target: string): Promise<void> {
  const from = page.locator(`${nodeSelector(source)} .react-flow__handle.source[data-handleid="${handle}"]`);
  const to = page.locator(`${nodeSelector(target)} .react-flow__handle.target`);
  await mouseDrag(page, await centreOf(from), await centreOf(to));
}

export function nodeIds(page: Page): Promise<string[]> {
  return page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id') ?? ''));
}

/** The canvas zoom, read from the viewport's transform. */
export function canvasZoom(page: Page): Promise<number> {
  return page.locator('.react-flow__viewport').evaluate((viewport) => new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a);
}

/** Zooms the canvas with the mouse wheel around `at` until the zoom reaches `zoom` (at most 20 wheel turns). */
export async function wheelZoom(page: Page, at: { x: number; y: number }, zoom: number): Promise<void> {
  await page.mouse.move(at.x, at.y);
  for (let turn = 0; turn < 20; turn += 1) {
    const current = await canvasZoom(page);
    if (Math.abs(current - zoom) / zoom < 0.08) return;
    await page.mouse.wheel(0, current < zoom ? -100 : 100);
    await page.waitForTimeout(50);
  }
}
