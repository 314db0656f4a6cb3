// The analytics view as an analyst drives it (version select, custom day range, a node picked with the
// keyboard) and its numbers read back off the DOM exactly as rendered: node cards, edge labels, the KPI
// bar, the selected node's panel and its "Numbers per day" table. Reading returns texts; judging them
// is the test's business.
import type { DayRange } from '@parley/shared';
import type { Page } from 'playwright-core';

/** What the view shows now, as texts. */
export interface AnalyticsReadout {
  /** The stats request is still on its way. */
  loading: boolean;
  /** The days the shown stats answer covers, as the toolbar writes them ("2026-09-28 to 2026-10-07 (Asia/Shanghai)"). */
  answered: string | null;
  /** By node id: each [data-stat] of its card, the drop reasons line, and the "stopped here" lines by handle. */
  nodes: Record<string, { stats: Record<string, string>; reasons: string | null; stopped: Record<string, string> }>;
  /** By the label's test id suffix (`<source>-<sourceHandle>`): each [data-stat]. */
  edges: Record<string, Record<string, string>>;
  /** By KPI name (started, completed, …): each [data-stat]. */
  kpis: Record<string, Record<string, string>>;
  /** Each text node of the view but those of an A/B split's comparisons (differences between variants are signed by nature). */
  texts: string[];
}

export interface NodePanelReadout {
  /** Its numbers list, term → value ("Entered" → "12"). */
  numbers: Record<string, string>;
  /** "Exits by output" rows: [output, sessions, share, leads to]. */
  exits: string[][];
  /** "Numbers per day" rows: [day, entered, completed, dropped]. */
  days: string[][];
}

export async function openAnalytics(page: Page, flowId: string): Promise<void> {
  await page.goto(`/flows/${flowId}?view=analytics`);
  await page.getByTestId('kpi-started').waitFor();
}

/** Custom range: the "Custom" button, then From and To, then "Show". */
export async function chooseDays(page: Page, range: DayRange): Promise<void> {
  const custom = page.getByRole('form', { name: 'Custom range' });
  if (!(await custom.isVisible())) await page.getByRole('button', { name: 'Custom' }).click();
  await custom.getByLabel('From').fill(range.from);
  await custom.getByLabel('To').fill(range.to);
  await custom.getByRole('button', { name: 'Show' }).click();
}

/** Null: all versions. */
export async function chooseVersion(page: Page, version: number | null): Promise<void> {
  await page.getByLabel('Version').selectOption({ label: version === null ? 'All versions' : `v${version}` });
}

export function readAnalytics(page: Page): Promise<AnalyticsReadout> {
  return page.evaluate(() => {
    const stats = (element: Element) => Object.fromEntries([...element.querySelectorAll('[data-stat]')].map((stat) => [stat.getAttribute('data-stat') ?? '', stat.textContent ?? '']));
    const byTestId = <T>(prefix: string, read: (element: Element) => T) =>
      Object.fromEntries([...document.querySelectorAll(`[data-testid^="${prefix}"]`)].map((element) => [(element.getAttribute('data-testid') ?? '').slice(prefix.length), read(element)]));
    const toolbar = document.querySelector('.analytics-toolbar');
    const texts: string[] = [];
    const view = document.querySelector('.analytics');
    if (view !== null) {
      const walker = document.createTreeWalker(view, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? '';
        if (text !== '' && (node.parentElement?.closest('.split-stats') ?? null) === null) texts.push(text);
      }
    }
    return {
      loading: toolbar?.querySelector('[role="status"]')?.textContent?.includes('Loading') ?? true,
      answered: [...(toolbar?.querySelectorAll('span') ?? [])].map((span) => span.textContent ?? '').find((text) => /^\d{4}-\d{2}-\d{2}.*\(.+\)$/.test(text)) ?? null,
      nodes: byTestId('node-stats-', (card) => ({
        stats: stats(card),
        reasons: card.querySelector('.node-stats__reasons')?.textContent ?? null,
        stopped: Object.fromEntries([...card.querySelectorAll('[data-stat-handle]')].map((line) => [line.getAttribute('data-stat-handle') ?? '', line.textContent ?? ''])),
      })),
      edges: byTestId('edge-stats-', stats),
      kpis: byTestId('kpi-', stats),
      texts,
    };
  });
}

/** Selects a node of the canvas as a keyboard user does: focus it, press Enter. */
export async function selectNode(page: Page, nodeId: string): Promise<void> {
  const node = page.locator(`.react-flow__node[data-id="${nodeId}"]`);
  await node.focus();
  await node.press('Enter');
}

/** Once the panel shows `nodeId` and its days have arrived, opens its "Numbers per day" and reads the panel. */
export async function readNodePanel(page: Page, nodeId: string): Promise<NodePanelReadout> {
  const panel = page.getByRole('region', { name: 'Selected node' });
  const exactly = new RegExp(`^${nodeId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await panel.locator('.inspector__id', { hasText: exactly }).waitFor();
  await panel.getByText('Numbers per day', { exact: true }).click();
  await panel.getByRole('table', { name: 'Numbers per day' }).waitFor();
  return panel.evaluate((section) => {
    const rows = (table: Element | null | undefined) => [...(table?.querySelectorAll('tbody tr') ?? [])].map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? ''));
    const numbers = section.querySelector('.analytics-numbers');
    const terms = [...(numbers?.querySelectorAll('dt') ?? [])];
    const exits = [...section.querySelectorAll('table')].find((table) => table.querySelector('caption')?.textContent === 'Exits by output');
    return {
      numbers: Object.fromEntries(terms.map((term) => [term.textContent ?? '', term.nextElementSibling?.textContent ?? ''])),
      exits: rows(exits),
      days: rows(section.querySelector('table[aria-label="Numbers per day"]')),
    };
  });
}
