// Comparing what the analytics view shows (support/analytics-page.ts reads it) with a replay of the
// event log (the server test support's StatsReplay): every node card, edge label and KPI, as problems
// named precisely ("refund v2 … ask-order entered: shown "9", replay 10"); none expected.
import type { DayRange, FlowVersion } from '@parley/shared';
import type { ExpectedFlowStats } from '../../../server/src/__tests__/support/stats-replay';
import { dropReasonLabel, formatCount, formatDuration, formatPercent } from '../../src/analytics/format-stats';
import type { AnalyticsReadout } from './analytics-page';

/** How the toolbar names the days of the numbers shown. */
export const answeredText = (range: DayRange, timezone: string): string => `${range.from === range.to ? range.from : `${range.from} to ${range.to}`} (${timezone})`;
export const labelKey = (edge: { source: string; sourceHandle: string }): string => `${edge.source}-${edge.sourceHandle}`;
export const sameKeys = (record: Record<string, unknown>, keys: readonly string[]): boolean => JSON.stringify(Object.keys(record).sort()) === JSON.stringify([...keys].sort());

/** Counts are written in full with thousands separators ("1,234"): anything else (a sign, a decimal) is a mismatch. */
export function countProblem(where: string, text: string | undefined, expected: number): string[] {
  const shown = text !== undefined && /^\d{1,3}(,\d{3})*$/.test(text) ? Number(text.replaceAll(',', '')) : Number.NaN;
  return shown === expected ? [] : [`${where}: shown ${JSON.stringify(text)}, replay ${expected}`];
}

export function textProblem(where: string, text: string | undefined, expected: string): string[] {
  return text === expected ? [] : [`${where}: shown ${JSON.stringify(text)}, replay ${JSON.stringify(expected)}`];
}

/** A minus sign starting a number (dates and ranges like 4–20 have a digit before theirs). */
export function negativeTexts(where: string, texts: readonly string[]): string[] {
  return texts.filter((text) => /(^|[\s(])[-−]\s?\d/.test(text)).map((text) => `${where}: negative number rendered: ${JSON.stringify(text)}`);
}

/** Every node card, edge label and KPI of the view against the replay's stats for the same version and days. */
export function canvasProblems(where: string, shown: AnalyticsReadout, expected: ExpectedFlowStats, { graph, settings }: FlowVersion): string[] {
  const problems: string[] = [...negativeTexts(where, shown.texts)];
  if (shown.answered !== answeredText(expected, settings.timezone)) problems.push(`${where}: the toolbar says the numbers are for ${shown.answered ?? 'nothing'}`);

  const nodeIds = graph.nodes.map((n) => n.id);
  if (!sameKeys(shown.nodes, nodeIds)) problems.push(`${where}: node cards ${Object.keys(shown.nodes).sort().join()}, graph ${[...nodeIds].sort().join()}`);
  for (const nodeId of nodeIds) {
    const want = expected.nodes.find((n) => n.nodeId === nodeId);
    const got = shown.nodes[nodeId];
    if (want === undefined || got === undefined) {
      problems.push(`${where} ${nodeId}: ${want === undefined ? 'the replay' : 'the canvas'} has no numbers`);
      continue;
    }
    const at = `${where} ${nodeId}`;
    problems.push(
      ...countProblem(`${at} entered`, got.stats.entered, want.entered),
      ...countProblem(`${at} completed`, got.stats.exited, want.exited),
      ...textProblem(`${at} completion rate`, got.stats.completionRate, formatPercent(want.completionRate)),
      ...countProblem(`${at} waiting now`, got.stats.waitingNow, want.waitingNow),
      ...countProblem(`${at} dropped`, got.stats.dropped, want.dropped),
    );
    const reasons = Object.entries(want.droppedByReason)
      .filter(([, count]) => count > 0)
      .map(([reason, count]) => `${dropReasonLabel(reason)}: ${formatCount(count)}`)
      .sort();
    problems.push(...textProblem(`${at} drop reasons`, (got.reasons ?? '').split(', ').filter(Boolean).sort().join(', '), reasons.join(', ')));
    // Outputs that lead nowhere: "stopped here: <count> (<output>)".
    const stopped = expected.edges.filter((e) => e.source === nodeId && e.target === null);
    if (!sameKeys(got.stopped, stopped.map((e) => e.sourceHandle))) problems.push(`${at}: stopped at ${Object.keys(got.stopped).join() || 'no output'}, replay ${stopped.map((e) => e.sourceHandle).join() || 'none'}`);
    for (const e of stopped) problems.push(...countProblem(`${at} stopped at ${e.sourceHandle}`, /^stopped here: ([\d,]+) \(/.exec(got.stopped[e.sourceHandle] ?? '')?.[1], e.count));
  }

  if (!sameKeys(shown.edges, graph.edges.map(labelKey))) problems.push(`${where}: edge labels ${Object.keys(shown.edges).sort().join()}, graph ${graph.edges.map(labelKey).sort().join()}`);
  for (const edge of graph.edges) {
    const at = `${where} edge ${edge.source}/${edge.sourceHandle}→${edge.target}`;
    const want = expected.edges.find((e) => e.source === edge.source && e.sourceHandle === edge.sourceHandle && e.target === edge.target);
    const got = shown.edges[labelKey(edge)];
    if (want === undefined || got === undefined) {
      problems.push(`${at}: ${want === undefined ? 'the replay' : 'the canvas'} has no numbers`);
      continue;
    }
    problems.push(...countProblem(`${at} count`, got.count, want.count), ...textProblem(`${at} share`, got.share, formatPercent(want.share)));
  }

  const { totals } = expected;
  problems.push(
    ...countProblem(`${where} KPI started`, shown.kpis.started?.value, totals.started),
    ...countProblem(`${where} KPI completed`, shown.kpis.completed?.value, totals.completed),
    ...textProblem(`${where} KPI completion rate`, shown.kpis.completed?.completionRate, formatPercent(totals.completionRate)),
    ...countProblem(`${where} KPI handed off`, shown.kpis.handedOff?.value, totals.handedOff),
    ...countProblem(`${where} KPI unique contacts`, shown.kpis.uniqueContacts?.value, totals.uniqueContacts),
    ...textProblem(`${where} KPI median time to complete`, shown.kpis.medianTimeToComplete?.value, formatDuration(totals.medianTimeToCompleteMs)),
  );
  return problems;
}

