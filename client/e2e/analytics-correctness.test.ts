// What an analyst reads in the browser equals a replay of the event log. Seeded traffic — 40 contacts over
// 10 days through every example flow, second versions of the A/B welcome and the refund flow published
// mid-run — plays through a real Parley in this process (support/generated-traffic.ts); the server test
// support's replay recomputes every number from the raw stored events. Then, in Chromium, for both flows
// with two versions, over the traffic's days as a custom range, for each version and all versions, every
// node card, every edge label and the KPI bar must show exactly the replay's numbers; so must every node's
// panel with its "Numbers per day", and the canvas on single days. Nothing rendered may be negative.
import type { DayRange, FlowVersion } from '@parley/shared';
import type { Browser, Page } from 'playwright-core';
import { localDay, type ExpectedFlowStats, type ExpectedNode, type StatsReplay } from '../../server/src/__tests__/support/stats-replay';
import { formatCount, formatPercent } from '../src/analytics/format-stats';
import { answeredText, canvasProblems, countProblem, labelKey, sameKeys, textProblem } from './support/analytics-compare';
import { chooseDays, chooseVersion, openAnalytics, readAnalytics, readNodePanel, selectNode, type AnalyticsReadout, type NodePanelReadout } from './support/analytics-page';
import { launchChromium, newAppContext } from './support/chromium';
import { startWithGeneratedTraffic, type GeneratedParley } from './support/generated-traffic';
import { saveScreenshot } from './support/screenshots';
import { signInWithApi } from './support/sign-in';

const SEED = 20_261_005;
/** A Monday: the weekend and the National Day holidays (from 1 October) fall inside the ten days. */
const FIRST_DAY = '2026-09-28';
const FLOWS = ['ab-welcome', 'refund'] as const;
/** How long a choice may take to show its answer on the canvas (a stats request and a version's graph). */
const SETTLE_MS = 10_000;

let world: GeneratedParley;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  world = await startWithGeneratedTraffic({ seed: SEED, contacts: 40, days: 10, firstDay: FIRST_DAY });
  browser = await launchChromium();
  const context = await newAppContext(browser, world.url);
  await signInWithApi(context);
  page = await context.newPage();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

function versionsOf(flowId: string): FlowVersion[] {
  return world.versions.filter((v) => v.flowId === flowId).sort((a, b) => a.version - b.version);
}

/** The version whose graph the canvas draws: the one chosen, or the newest for all versions. */
function drawn(flowId: string, version: number | null): FlowVersion {
  const found = versionsOf(flowId).findLast((v) => version === null || v.version === version);
  if (found === undefined) throw new Error(`${flowId} has no version ${version ?? '(any)'}`);
  return found;
}

/** All versions (null), then each version. */
const versionChoices = (flowId: string): (number | null)[] => [null, ...versionsOf(flowId).map((v) => v.version)];
const versionName = (version: number | null): string => (version === null ? 'all versions' : `v${version}`);
/** Reads the view once the answer to the range asked is in and the chosen version's graph is drawn with its labels. */
async function readSettled(flowId: string, version: number | null, range: DayRange): Promise<AnalyticsReadout> {
  const { graph, settings } = drawn(flowId, version);
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const shown = await readAnalytics(page);
    const settled =
      !shown.loading &&
      shown.answered === answeredText(range, settings.timezone) &&
      sameKeys(shown.nodes, graph.nodes.map((n) => n.id)) &&
      sameKeys(shown.edges, graph.edges.map(labelKey));
    // Past the deadline the comparison names whatever is still missing.
    if (settled || Date.now() > deadline) return shown;
    await page.waitForTimeout(100);
  }
}

/** The selected node's panel: its numbers, its exits by output and its "Numbers per day" against the replay. */
function panelProblems(where: string, shown: NodePanelReadout, expected: ExpectedNode, exits: ExpectedFlowStats['edges'], days: ReturnType<StatsReplay['nodeDaily']>): string[] {
  const completed = /^(\S+) \((.+)\)$/.exec(shown.numbers.Completed ?? '');
  const problems = [
    ...countProblem(`${where} entered`, shown.numbers.Entered, expected.entered),
    ...countProblem(`${where} completed`, completed?.[1], expected.exited),
    ...textProblem(`${where} completion rate`, completed?.[2], formatPercent(expected.completionRate)),
    ...countProblem(`${where} waiting now`, shown.numbers['Waiting now'], expected.waitingNow),
    ...countProblem(`${where} dropped`, shown.numbers.Dropped, expected.dropped),
    ...countProblem(`${where} unique contacts`, shown.numbers['Unique contacts'], expected.uniqueContacts),
  ];
  // Rows are named by the card's output labels: compared as (sessions, share) pairs.
  const shownExits = shown.exits.map(([, sessions, share]) => `${sessions} · ${share}`).sort();
  const expectedExits = exits.map((e) => `${formatCount(e.count)} · ${formatPercent(e.share)}`).sort();
  problems.push(...textProblem(`${where} exits by output`, shownExits.join(' | '), expectedExits.join(' | ')));
  const rows = shown.days;
  problems.push(...textProblem(`${where} days listed`, rows.map(([day]) => day).join(), days.map((d) => d.day).join()));
  for (const [i, d] of days.entries()) {
    const [, entered, exited, dropped] = rows[i] ?? [];
    problems.push(
      ...countProblem(`${where} ${d.day} entered`, entered, d.entered),
      ...countProblem(`${where} ${d.day} completed`, exited, d.exited),
      ...countProblem(`${where} ${d.day} dropped`, dropped, d.dropped),
    );
  }
  return problems;
}

it('ran traffic on both versions of both flows, with drops, sessions still waiting and outputs that lead nowhere', () => {
  for (const flowId of FLOWS) {
    const range = world.rangeOf(flowId);
    expect({ flowId, versions: versionsOf(flowId).map((v) => v.version) }).toEqual({ flowId, versions: [1, 2] });
    for (const { version } of versionsOf(flowId)) expect({ flowId, version, started: world.replay.flowStats(flowId, version, range).totals.started > 0 }).toEqual({ flowId, version, started: true });
  }
  // So the cards' drop reasons, waiting counts and "stopped here" lines are compared with something other than zero.
  const all = FLOWS.map((flowId) => world.replay.flowStats(flowId, null, world.rangeOf(flowId)));
  expect(all.flatMap((s) => s.nodes).some((n) => n.dropped > 0)).toBe(true);
  expect(all.flatMap((s) => s.nodes).some((n) => n.waitingNow > 0)).toBe(true);
  expect(all.flatMap((s) => s.edges).some((e) => e.target === null && e.count > 0)).toBe(true);
});

describe.each(FLOWS)('the analytics view of %s shows the replay’s numbers', (flowId) => {
  it('on every node, edge and KPI, for each version and all versions, over the traffic’s days', async () => {
    const range = world.rangeOf(flowId);
    await openAnalytics(page, flowId);
    await chooseDays(page, range);
    const problems: string[] = [];
    for (const version of versionChoices(flowId)) {
      await chooseVersion(page, version);
      const shown = await readSettled(flowId, version, range);
      problems.push(...canvasProblems(`${flowId} ${versionName(version)} ${range.from}..${range.to}`, shown, world.replay.flowStats(flowId, version, range), drawn(flowId, version)));
      if (version === null) await saveScreenshot(page, `analytics-generated-${flowId}`);
    }
    expect(problems).toEqual([]);
  });

  it('on single days: the first, the day a second version was published, and the last', async () => {
    const range = world.rangeOf(flowId);
    const published = world.versions.find((v) => v.flowId === flowId && v.version === 2);
    if (published === undefined) throw new Error(`${flowId} has no version 2`);
    const days = [range.from, localDay(published.settings.timezone, published.publishedAt), range.to];
    await openAnalytics(page, flowId);
    const problems: string[] = [];
    for (const day of days) {
      await chooseDays(page, { from: day, to: day });
      for (const version of versionChoices(flowId)) {
        await chooseVersion(page, version);
        const shown = await readSettled(flowId, version, { from: day, to: day });
        problems.push(...canvasProblems(`${flowId} ${versionName(version)} ${day}`, shown, world.replay.flowStats(flowId, version, { from: day, to: day }), drawn(flowId, version)));
      }
    }
    expect(problems).toEqual([]);
  });

  it('in each node’s panel and its numbers per day, for each version and all versions', async () => {
    const range = world.rangeOf(flowId);
    await openAnalytics(page, flowId);
    await chooseDays(page, range);
    const problems: string[] = [];
    let nodesRead = 0;
    for (const version of versionChoices(flowId)) {
      await chooseVersion(page, version);
      await readSettled(flowId, version, range);
      const expected = world.replay.flowStats(flowId, version, range);
      for (const { id } of drawn(flowId, version).graph.nodes) {
        const where = `${flowId} ${versionName(version)} ${id}`;
        const node = expected.nodes.find((n) => n.nodeId === id);
        if (node === undefined) {
          problems.push(`${where}: the replay has no numbers`);
          continue;
        }
        await selectNode(page, id);
        const panel = await readNodePanel(page, id);
        // Every number of the panel is read as a count or a rate: a negative one cannot match.
        problems.push(...panelProblems(where, panel, node, expected.edges.filter((e) => e.source === id), world.replay.nodeDaily(flowId, version, id, range)));
        nodesRead += 1;
      }
    }
    expect(problems).toEqual([]);
    expect(nodesRead).toBe(versionsOf(flowId).reduce((sum, v) => sum + v.graph.nodes.length, drawn(flowId, null).graph.nodes.length));
  });
});
