import {
  addDays,
  daysBetween,
  dayKey,
  dayRangeSchema,
  edgeKey,
  handlesOf,
  splitDataSchema,
  type DayRange,
  type EdgeStats,
  type FlowFunnel,
  type FlowFunnelQuery,
  type FlowStats,
  type FlowVersion,
  type MissedKeywords,
  type NodeDailyStats,
  type NodeStats,
} from '@parley/shared';
import { ApiError } from '../../http/api-error';
import type { Clock } from '../../runtime/runtime-types';
import type { NodeStatRow, Store } from '../../store/store';
import { groupMissedKeywords } from './group-missed-keywords';
import { splitStats, type SplitVariant } from './split-stats';

const DEFAULT_RANGE_DAYS = 30;
const MISSED_TEXTS_READ = 2000;

export interface StatsFilter {
  version?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * Per-node funnels, edges, A/B splits and flow totals of a flow, one node's days, and the missed-keywords
 * report: all read from the counters the runtime commits from each trace (DESIGN.md, stats semantics).
 */
export class StatsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Distinct unmatched texts read to build the groups of a report: the most frequent ones. */
    private readonly missedTextsRead = MISSED_TEXTS_READ,
  ) {}

  async flowStats(flowId: string, filter: StatsFilter): Promise<FlowStats> {
    const { timezone, range, version, versions } = await this.scope(flowId, filter);
    const statsQuery = { flowId, version, ...range };
    const graphs = new Graphs(versions);
    const triggers = versions.flatMap((v) => v.graph.nodes.filter((node) => node.type === 'trigger').map((node) => ({ version: v.version, nodeId: node.id })));
    const [rows, waiting, started, times] = await Promise.all([
      this.store.nodeStats(statsQuery),
      this.store.waitingNow(flowId, version),
      this.store.contactsEntering({ flowId, ...range, nodes: triggers }),
      this.store.completionTimes(statsQuery),
    ]);
    const nodes = new Map<string, NodeStats>();
    const completedVia = new Map<string, Record<string, number>>();
    const nodeFor = (nodeId: string): NodeStats => {
      let node = nodes.get(nodeId);
      if (!node) {
        node = { nodeId, nodeType: graphs.latestType(nodeId), entered: 0, exited: 0, exits: {}, droppedByReason: {}, dropped: 0, waitingNow: 0, completionRate: null };
        nodes.set(nodeId, node);
      }
      return node;
    };
    // Every node of the versions asked for is listed, with zeros when nothing passed it yet.
    for (const nodeId of graphs.nodeIds()) nodeFor(nodeId);

    const edges = new EdgeCounter(graphs);
    const totals = { started: 0, completed: 0, handedOff: 0 };
    for (const row of rows) {
      const node = nodeFor(row.nodeId);
      node.entered += row.entered;
      node.exited += row.exited;
      addCounts(node.exits, row.exits);
      addCounts(node.droppedByReason, row.dropped);
      edges.add(row);
      const via = completedVia.get(row.nodeId) ?? {};
      addCounts(via, row.completedVia);
      completedVia.set(row.nodeId, via);
      const type = graphs.typeIn(row.version, row.nodeId);
      if (type === 'trigger') totals.started += row.entered;
      else if (type === 'end') totals.completed += row.entered;
      else if (type === 'handoff') totals.handedOff += row.entered;
    }
    for (const w of waiting) nodeFor(w.nodeId).waitingNow += w.count;
    for (const node of nodes.values()) {
      // Drops are counted when they happen (a replaced session, an error), never derived, so never negative.
      node.dropped = Object.values(node.droppedByReason).reduce((sum, n) => sum + n, 0);
      node.completionRate = node.entered === 0 ? null : node.exited / node.entered;
    }

    const median = medianSeconds(times);
    return {
      flowId,
      version,
      timezone,
      ...range,
      totals: {
        ...totals,
        uniqueContacts: started,
        completionRate: totals.started === 0 ? null : totals.completed / totals.started,
        medianTimeToCompleteMs: median === null ? null : median * 1000,
      },
      nodes: [...nodes.values()],
      edges: edges.list(nodes),
      splits: graphs.splitIds().map((nodeId) => splitStats(nodeId, graphs.splitVariants(nodeId), nodeFor(nodeId).exits, completedVia.get(nodeId) ?? {})),
    };
  }

  async nodeDaily(flowId: string, nodeId: string, filter: StatsFilter): Promise<NodeDailyStats> {
    const { timezone, range, version, versions } = await this.scope(flowId, filter);
    if (!hasNode(versions, nodeId)) {
      // A mistyped id would otherwise read as a node nobody reached.
      const where = version === null ? 'any published version' : `version ${version}`;
      throw ApiError.badRequest('unknown_node', `query.nodeId: flow "${flowId}" has no node "${nodeId}" in ${where}`, [
        { path: ['nodeId'], message: `no node "${nodeId}" in ${where}`, code: 'unknown_node' },
      ]);
    }
    const [rows, contacts] = await Promise.all([
      this.store.nodeDailyStats({ flowId, version, nodeId, ...range }),
      this.store.uniqueContacts({ flowId, version, nodeIds: [nodeId], ...range }),
    ]);
    const byDay = new Map(rows.map((row) => [row.day, row]));
    const days = daysOf(range).map((day) => {
      const row = byDay.get(day);
      return { day, entered: row?.entered ?? 0, exited: row?.exited ?? 0, dropped: row?.dropped ?? 0 };
    });
    return { flowId, version, nodeId, timezone, ...range, uniqueContacts: contacts[0]?.contacts ?? 0, days };
  }

  /** The funnel over `steps` (DESIGN.md's unique contacts entered, per step and through every step before). */
  async funnel(flowId: string, query: FlowFunnelQuery): Promise<FlowFunnel> {
    const { timezone, range, version, versions } = await this.scope(flowId, query);
    const published = version === null ? versions : await this.store.listVersions(flowId);
    const unknown = query.steps.filter((nodeId) => !hasNode(published, nodeId));
    if (unknown.length > 0) {
      // A mistyped id would otherwise read as a step nobody reached.
      const names = unknown.map((nodeId) => `"${nodeId}"`).join(', ');
      throw ApiError.badRequest('unknown_node', `query.steps: flow "${flowId}" has no node ${names} in any published version`, [
        { path: ['steps'], message: `no node ${names} in any published version`, code: 'unknown_node' },
      ]);
    }
    const { reaching, entered } = await this.store.funnelContacts({ flowId, version, ...range, nodeIds: query.steps });
    const steps = query.steps.map((nodeId, k) => ({ nodeId, inVersion: hasNode(versions, nodeId), contacts: reaching[k] ?? 0, enteredContacts: entered[k] ?? 0 }));
    return { flowId, version, timezone, ...range, steps };
  }

  /**
   * Distinct contacts per node over the range and versions of `stats` (a contact counts once per node,
   * whatever the versions and days): what the CSV export adds to the canvas numbers.
   */
  async uniqueContactsByNode(stats: FlowStats): Promise<Map<string, number>> {
    const nodeIds = stats.nodes.map((node) => node.nodeId);
    const rows = await this.store.uniqueContacts({ flowId: stats.flowId, version: stats.version, from: stats.from, to: stats.to, nodeIds });
    return new Map(rows.map((row) => [row.nodeId, row.contacts]));
  }

  async missedKeywords(query: { from?: string | undefined; to?: string | undefined; limit: number }): Promise<MissedKeywords> {
    // Unmatched messages belong to no flow, so their days are UTC days (as the runtime records them).
    const range = this.range('UTC', query);
    const rows = await this.store.missedKeywords({ ...range, limit: this.missedTextsRead });
    const { messages, texts } = await this.store.unmatchedTotals(range);
    const days = daysOf(range);
    return { ...range, days, messages, texts, textsGrouped: new Set(rows.map((row) => row.text)).size, groups: groupMissedKeywords(rows, days, query.limit) };
  }

  /**
   * The versions asked for, the time zone their days are counted in (the version's own settings: the
   * runtime counts each conversation in its version's zone; all versions: the latest one's) and the
   * filled-in range. An unknown flow is a 404, an unknown version a 400.
   */
  private async scope(flowId: string, filter: StatsFilter): Promise<{ timezone: string; range: DayRange; version: number | null; versions: FlowVersion[] }> {
    const flow = await this.store.getFlow(flowId);
    if (!flow) throw ApiError.notFound(`flow "${flowId}"`);
    const version = filter.version ?? null;
    if (version === null) {
      const versions = await this.store.listVersions(flowId);
      const latest = versions.reduce<FlowVersion | undefined>((newest, v) => (newest === undefined || v.version > newest.version ? v : newest), undefined);
      const timezone = latest?.settings.timezone ?? flow.settings.timezone;
      return { timezone, range: this.range(timezone, filter), version, versions };
    }
    const found = await this.store.getVersion(flowId, version);
    if (!found) {
      const latest = flow.publishedVersion === null ? 'the flow was never published' : `the latest is ${flow.publishedVersion}`;
      throw ApiError.badRequest('unknown_version', `query.version: flow "${flowId}" has no version ${version} (${latest})`, [
        { path: ['version'], message: `no version ${version}: ${latest}`, code: 'unknown_version' },
      ]);
    }
    const timezone = found.settings.timezone;
    return { timezone, range: this.range(timezone, filter), version, versions: [found] };
  }

  /** Fills in the last 30 days (ending today in `timezone`) and checks the result like a posted range. */
  private range(timezone: string, query: { from?: string | undefined; to?: string | undefined }): DayRange {
    const to = query.to ?? (query.from === undefined ? dayKey(timezone, this.clock.now()) : maxDay(dayKey(timezone, this.clock.now()), query.from));
    const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
    const parsed = dayRangeSchema.safeParse({ from, to });
    if (!parsed.success) throw ApiError.fromZod('query', parsed.error);
    return parsed.data;
  }
}

/** The graphs of the versions asked for: node types, edges and split variants, the newest version winning. */
class Graphs {
  private readonly byVersion = new Map<number, FlowVersion>();
  private readonly latest = new Map<string, FlowVersion['graph']['nodes'][number]>();
  /** Per version: node id → type, and edgeKey(source, handle) → target (the first edge, as the engine follows). */
  private readonly types = new Map<number, Map<string, string>>();
  private readonly targets = new Map<number, Map<string, string>>();

  constructor(versions: readonly FlowVersion[]) {
    for (const version of [...versions].sort((a, b) => a.version - b.version)) {
      this.byVersion.set(version.version, version);
      for (const node of version.graph.nodes) this.latest.set(node.id, node);
      this.types.set(version.version, new Map(version.graph.nodes.map((node) => [node.id, node.type])));
      const targets = new Map<string, string>();
      for (const edge of version.graph.edges) {
        const key = edgeKey(edge.source, edge.sourceHandle);
        if (!targets.has(key)) targets.set(key, edge.target);
      }
      this.targets.set(version.version, targets);
    }
  }

  nodeIds(): string[] {
    return [...this.latest.keys()];
  }

  latestType(nodeId: string): string | null {
    return this.latest.get(nodeId)?.type ?? null;
  }

  typeIn(version: number, nodeId: string): string | undefined {
    return this.types.get(version)?.get(nodeId);
  }

  /** Where (source, handle) led in that version; null when nowhere. */
  targetIn(version: number, source: string, handle: string): string | null {
    return this.targets.get(version)?.get(edgeKey(source, handle)) ?? null;
  }

  edges(): { source: string; sourceHandle: string; target: string }[] {
    return [...this.byVersion.values()].flatMap((version) => version.graph.edges);
  }

  splitIds(): string[] {
    return [...this.latest.values()].filter((node) => node.type === 'split').map((node) => node.id);
  }

  /** The split's variants in the latest version that has it: handle and the label the marketer gave it. */
  splitVariants(nodeId: string): SplitVariant[] {
    const node = this.latest.get(nodeId);
    if (node === undefined) return [];
    const labels = new Map(splitDataSchema.safeParse(node.data).data?.variants.map((variant) => [variant.id, variant.label]));
    return handlesOf(node).map((handle) => ({ handle, label: labels.get(handle) ?? '' }));
  }
}

/** Exits by (source, handle, target): each version's exits follow that version's edges. */
class EdgeCounter {
  private readonly counts = new Map<string, EdgeStats>();

  constructor(private readonly graphs: Graphs) {
    // Every drawn edge is listed, with 0 when nothing went that way.
    for (const edge of graphs.edges()) this.edge(edge.source, edge.sourceHandle, edge.target);
  }

  add(row: NodeStatRow): void {
    for (const [handle, count] of Object.entries(row.exits)) {
      this.edge(row.nodeId, handle, this.graphs.targetIn(row.version, row.nodeId, handle)).count += count;
    }
  }

  list(nodes: ReadonlyMap<string, NodeStats>): EdgeStats[] {
    return [...this.counts.values()].map((edge) => {
      const exited = nodes.get(edge.source)?.exited ?? 0;
      return { ...edge, share: exited === 0 ? null : edge.count / exited };
    });
  }

  private edge(source: string, sourceHandle: string, target: string | null): EdgeStats {
    const key = JSON.stringify([source, sourceHandle, target]);
    let edge = this.counts.get(key);
    if (!edge) {
      edge = { source, sourceHandle, target, count: 0, share: null };
      this.counts.set(key, edge);
    }
    return edge;
  }
}

/** The median of per-second counts (the mean of the two middle ones for an even total); null when empty. */
export function medianSeconds(times: readonly { seconds: number; count: number }[]): number | null {
  const total = times.reduce((sum, t) => sum + t.count, 0);
  if (total === 0) return null;
  const at = (index: number): number => {
    let seen = 0;
    for (const t of times) {
      seen += t.count;
      if (index < seen) return t.seconds;
    }
    return times[times.length - 1]?.seconds ?? 0;
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

function hasNode(versions: readonly FlowVersion[], nodeId: string): boolean {
  return versions.some((version) => version.graph.nodes.some((node) => node.id === nodeId));
}

function daysOf(range: DayRange): string[] {
  return Array.from({ length: daysBetween(range.from, range.to) + 1 }, (_, i) => addDays(range.from, i));
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
}
