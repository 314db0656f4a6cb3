// The analytics as CSV for spreadsheets: per-node stats of a flow and the missed-keywords report.
// Cells are quoted per RFC 4180; text a customer typed that a spreadsheet would run as a formula
// (=, +, -, @ first) gets a leading apostrophe.
import type { FlowStats, MissedKeywords } from '@parley/shared';

type Cell = string | number | null;

/** `uniqueContacts`: per node id (StatsService.uniqueContactsByNode). */
export function flowStatsCsv(stats: FlowStats, uniqueContacts: ReadonlyMap<string, number>): string {
  const reasons = [...new Set(stats.nodes.flatMap((node) => Object.keys(node.droppedByReason)))].sort();
  const header = ['node_id', 'node_type', 'entered', 'exited', 'completion_rate', 'waiting_now', 'dropped', ...reasons.map((r) => `dropped_${r}`), 'unique_contacts', 'exits'];
  const rows = stats.nodes.map((node) => [
    node.nodeId,
    node.nodeType,
    node.entered,
    node.exited,
    node.completionRate === null ? null : round(node.completionRate),
    node.waitingNow,
    node.dropped,
    ...reasons.map((r) => node.droppedByReason[r] ?? 0),
    uniqueContacts.get(node.nodeId) ?? 0,
    Object.entries(node.exits)
      .map(([handle, count]) => `${handle}=${count}`)
      .join('; '),
  ]);
  return csv(header, rows);
}

export function missedKeywordsCsv(report: MissedKeywords): string {
  const header = ['text', 'count', 'last_seen', 'variants', ...report.days];
  const rows = report.groups.map((group) => [
    group.text,
    group.count,
    new Date(group.lastAt).toISOString(),
    group.variants.map((v) => `${v.text} (${v.count})`).join('; '),
    ...group.daily,
  ]);
  return csv(header, rows);
}

function csv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function round(rate: number): number {
  return Math.round(rate * 10_000) / 10_000;
}
