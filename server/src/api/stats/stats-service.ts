import { addDays, dayKey, dayRangeSchema, type DayRange, type FlowStats, type FlowVersion, type MissedKeywords, type NodeStats } from '@parley/shared';
import { ApiError } from '../../http/api-error';
import type { Clock } from '../../runtime/runtime-types';
import type { NodeStatRow, Store } from '../../store/store';

const DEFAULT_RANGE_DAYS = 30;

/** Per-node funnels and flow totals, derived from the counters the runtime commits from each trace. */
export class StatsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async flowStats(flowId: string, query: { version?: number | undefined; from?: string | undefined; to?: string | undefined }): Promise<FlowStats> {
    const flow = await this.store.getFlow(flowId);
    if (!flow) throw ApiError.notFound(`flow "${flowId}"`);
    const timezone = flow.settings.timezone;
    const range = this.range(timezone, query);
    const version = query.version ?? null;
    let versions: FlowVersion[];
    if (version === null) {
      versions = await this.store.listVersions(flowId);
    } else {
      const found = await this.store.getVersion(flowId, version);
      if (!found) throw ApiError.notFound(`version ${version} of flow "${flowId}"`);
      versions = [found];
    }

    const statsQuery = { flowId, version, ...range };
    const [rows, contacts, waiting] = await Promise.all([
      this.store.nodeStats(statsQuery),
      this.store.uniqueContacts(statsQuery),
      this.store.waitingNow(flowId, version),
    ]);
    const typeOf = nodeTypes(versions);
    const nodes = new Map<string, NodeStats>();
    const nodeFor = (nodeId: string): NodeStats => {
      let node = nodes.get(nodeId);
      if (!node) {
        node = { nodeId, nodeType: typeOf.latest.get(nodeId) ?? null, entered: 0, exited: 0, exits: {}, droppedByReason: {}, uniqueContacts: 0, waitingNow: 0, dropped: 0, completionRate: null };
        nodes.set(nodeId, node);
      }
      return node;
    };
    // Every node of the versions asked for is listed, with zeros when nothing passed it yet.
    for (const nodeId of typeOf.latest.keys()) nodeFor(nodeId);

    const totals = { started: 0, completed: 0, handedOff: 0 };
    for (const row of rows) {
      const node = nodeFor(row.nodeId);
      node.entered += row.entered;
      node.exited += row.exited;
      addCounts(node.exits, row.exits);
      addCounts(node.droppedByReason, row.dropped);
      countTotals(totals, typeOf.byVersion.get(versionNodeKey(row)), row);
    }
    // Distinct over the versions asked for, not summed per version: one contact is one contact.
    for (const c of contacts) nodeFor(c.nodeId).uniqueContacts = c.contacts;
    for (const w of waiting) nodeFor(w.nodeId).waitingNow += w.count;

    for (const node of nodes.values()) {
      // Counters are bounded by the date range, waitingNow is a count at this instant: sessions that
      // entered before `from` and still wait (or left after entering before `from`) can make the
      // difference negative, which means "nothing dropped within the range", hence the clamp.
      node.dropped = Math.max(0, node.entered - node.exited - node.waitingNow);
      node.completionRate = node.entered === 0 ? null : node.exited / node.entered;
    }
    return { flowId, version, timezone, ...range, totals, nodes: [...nodes.values()] };
  }

  async missedKeywords(query: { from?: string | undefined; to?: string | undefined; limit: number }): Promise<MissedKeywords> {
    // Unmatched messages belong to no flow, so their days are UTC days (as the runtime records them).
    const range = this.range('UTC', query);
    return { ...range, keywords: await this.store.missedKeywords({ ...range, limit: query.limit }) };
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

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
}

function versionNodeKey(row: { version: number; nodeId: string }): string {
  return `${row.version}\u0000${row.nodeId}`;
}

/** Node types per (version, node), and per node id as the newest version has it. */
function nodeTypes(versions: readonly FlowVersion[]): { byVersion: Map<string, string>; latest: Map<string, string> } {
  const byVersion = new Map<string, string>();
  const latest = new Map<string, string>();
  for (const version of [...versions].sort((a, b) => a.version - b.version)) {
    for (const node of version.graph.nodes) {
      byVersion.set(versionNodeKey({ version: version.version, nodeId: node.id }), node.type);
      latest.set(node.id, node.type);
    }
  }
  return { byVersion, latest };
}

/** Flow totals: started = entered a trigger, completed = reached an end, handed off = entered a handoff. */
function countTotals(totals: FlowStats['totals'], nodeType: string | undefined, row: NodeStatRow): void {
  if (nodeType === 'trigger') totals.started += row.entered;
  else if (nodeType === 'end') totals.completed += row.entered;
  else if (nodeType === 'handoff') totals.handedOff += row.entered;
}
