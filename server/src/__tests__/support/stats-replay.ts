// Every analytics number recomputed from what Parley stored raw: the event log (each event's trace, in
// order), the conversations (who is parked where right now) and the published graphs. Written apart from
// the server's stat-increments and stats service on purpose: a check that reused their code could not
// catch their mistakes. Time to complete and the A/B credit come from following each conversation's
// sessions through the log, not from the `completed` entries the engine writes.
import type { Flow, FlowVersion } from '@parley/shared';
import type { Conversation, EventLogRecord, Store } from '../../store/store';

export interface DayRange {
  from: string;
  to: string;
}

interface Tally {
  entered: number;
  exited: number;
  exits: Record<string, number>;
  droppedByReason: Record<string, number>;
  contacts: Set<string>;
}

export interface ExpectedNode {
  nodeId: string;
  nodeType: string | null;
  entered: number;
  exited: number;
  exits: Record<string, number>;
  droppedByReason: Record<string, number>;
  dropped: number;
  uniqueContacts: number;
  waitingNow: number;
  completionRate: number | null;
}

export interface ExpectedFlowStats {
  flowId: string;
  version: number | null;
  from: string;
  to: string;
  totals: {
    started: number;
    completed: number;
    handedOff: number;
    uniqueContacts: number;
    completionRate: number | null;
    medianTimeToCompleteMs: number | null;
  };
  nodes: ExpectedNode[];
  edges: { source: string; sourceHandle: string; target: string | null; count: number; share: number | null }[];
  splits: { nodeId: string; variants: { handle: string; exited: number; completed: number }[] }[];
}

export interface ExpectedMiss {
  count: number;
  lastAt: number;
  /** Count per UTC day. */
  days: Map<string, number>;
}

/** The days from `from` to `to`, both included (YYYY-MM-DD). */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${range.from}T00:00:00Z`); ms <= Date.parse(`${range.to}T00:00:00Z`); ms += 86_400_000) {
    days.push(new Date(ms).toISOString().slice(0, 10));
  }
  return days;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** YYYY-MM-DD of `at` in `timezone`, read with Intl. */
export function localDay(timezone: string, at: number): string {
  let format = dayFormats.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timezone, format);
  }
  const parts = format.formatToParts(at);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '??';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

const key = (...parts: (string | number)[]): string => JSON.stringify(parts);

export class StatsReplay {
  /** By (flow, version, node), then by local day. */
  private readonly tallies = new Map<string, Map<string, Tally>>();
  private readonly completions: { flowId: string; version: number; day: string; seconds: number }[] = [];
  /** A completion credited to the split variant the session took, on the day it took it. */
  private readonly credits: { flowId: string; version: number; nodeId: string; handle: string; day: string }[] = [];
  private readonly misses: { text: string; day: string; at: number }[] = [];
  private readonly parked: { flowId: string; version: number; nodeId: string }[] = [];
  private readonly versions = new Map<string, FlowVersion>();

  constructor(input: { events: readonly EventLogRecord[]; conversations: readonly Conversation[]; versions: readonly FlowVersion[] }) {
    for (const version of input.versions) this.versions.set(key(version.flowId, version.version), version);
    const contactOf = new Map(input.conversations.map((c) => [c.id, c.state.contact.id]));
    for (const conversation of input.conversations) {
      const session = conversation.state.session;
      if (session !== null) this.parked.push({ flowId: session.flowId, version: session.version, nodeId: session.nodeId });
    }
    /** Each conversation's running session: when it started and the split variants it took. */
    const sessions = new Map<string, { startedAt: number; splits: Map<string, { handle: string; at: number }> }>();
    for (const record of [...input.events].sort((a, b) => a.seq - b.seq)) {
      const contact = contactOf.get(record.conversationId);
      if (contact === undefined) throw new Error(`event ${record.seq}: no conversation ${record.conversationId}`);
      const at = record.at;
      for (const entry of record.trace) {
        switch (entry.type) {
          case 'entered': {
            const tally = this.tally(entry.flowId, entry.version, entry.nodeId, at);
            tally.entered += 1;
            tally.contacts.add(contact);
            // Entering a trigger starts a session (a goto enters the next flow's trigger: a new start too).
            if (this.typeIn(entry.flowId, entry.version, entry.nodeId) === 'trigger') sessions.set(record.conversationId, { startedAt: at, splits: new Map() });
            break;
          }
          case 'exited': {
            const tally = this.tally(entry.flowId, entry.version, entry.nodeId, at);
            tally.exited += 1;
            tally.exits[entry.handle] = (tally.exits[entry.handle] ?? 0) + 1;
            const session = sessions.get(record.conversationId);
            if (this.typeIn(entry.flowId, entry.version, entry.nodeId) === 'split') session?.splits.set(entry.nodeId, { handle: entry.handle, at });
            if (entry.handle !== 'end') break;
            if (session === undefined) throw new Error(`event ${record.seq}: ${entry.flowId} ended without a start`);
            const timezone = this.timezoneOf(entry.flowId, entry.version);
            this.completions.push({ flowId: entry.flowId, version: entry.version, day: localDay(timezone, at), seconds: Math.round((at - session.startedAt) / 1000) });
            for (const [nodeId, taken] of session.splits) {
              this.credits.push({ flowId: entry.flowId, version: entry.version, nodeId, handle: taken.handle, day: localDay(timezone, taken.at) });
            }
            sessions.delete(record.conversationId);
            break;
          }
          case 'dropped': {
            const tally = this.tally(entry.flowId, entry.version, entry.nodeId, at);
            tally.droppedByReason[entry.reason] = (tally.droppedByReason[entry.reason] ?? 0) + 1;
            break;
          }
          case 'unmatched':
            // No flow, so no flow's time zone: misses are counted by UTC day.
            this.misses.push({ text: entry.text, day: localDay('UTC', at), at });
            break;
          case 'completed':
          case 'error':
            // The engine's own account of a completion is what this replay checks, so it is not read; errors are no counter.
            break;
          default: {
            const never: never = entry;
            throw new Error(`unknown trace entry ${JSON.stringify(never)}`);
          }
        }
      }
    }
  }

  /** What GET /api/flows/:id/stats should answer for this version (null: all) and range, split intervals aside. */
  flowStats(flowId: string, version: number | null, range: DayRange): ExpectedFlowStats {
    const versions = this.versionsAsked(flowId, version);
    const days = daysOf(range);
    // A node's type as the newest of the versions asked has it.
    const types = new Map<string, string>();
    for (const v of versions) for (const node of v.graph.nodes) types.set(node.id, node.type);

    const nodes = new Map<string, ExpectedNode>();
    const totals = { started: 0, completed: 0, handedOff: 0 };
    const starters = new Set<string>();
    const edges = new Map<string, ExpectedFlowStats['edges'][number]>();
    const edge = (source: string, sourceHandle: string, target: string | null): ExpectedFlowStats['edges'][number] => {
      const k = key(source, sourceHandle, target ?? '\u0000');
      let found = edges.get(k);
      if (found === undefined) {
        found = { source, sourceHandle, target, count: 0, share: null };
        edges.set(k, found);
      }
      return found;
    };
    for (const v of versions) for (const e of v.graph.edges) edge(e.source, e.sourceHandle, e.target);

    for (const [nodeId, nodeType] of types) {
      const sum = this.sum(flowId, versions, nodeId, days);
      const waitingNow = this.parked.filter((p) => p.flowId === flowId && versions.some((v) => v.version === p.version) && p.nodeId === nodeId).length;
      nodes.set(nodeId, {
        nodeId,
        nodeType,
        entered: sum.entered,
        exited: sum.exited,
        exits: sum.exits,
        droppedByReason: sum.droppedByReason,
        dropped: Object.values(sum.droppedByReason).reduce((a, b) => a + b, 0),
        uniqueContacts: sum.contacts.size,
        waitingNow,
        completionRate: sum.entered === 0 ? null : sum.exited / sum.entered,
      });
      for (const v of versions) {
        const inVersion = this.sum(flowId, [v], nodeId, days);
        const typeThere = this.typeIn(flowId, v.version, nodeId);
        if (typeThere === 'trigger') {
          totals.started += inVersion.entered;
          for (const contact of inVersion.contacts) starters.add(contact);
        } else if (typeThere === 'end') totals.completed += inVersion.entered;
        else if (typeThere === 'handoff') totals.handedOff += inVersion.entered;
        for (const [handle, count] of Object.entries(inVersion.exits)) edge(nodeId, handle, this.targetIn(v, nodeId, handle)).count += count;
      }
    }
    for (const e of edges.values()) {
      const exited = nodes.get(e.source)?.exited ?? 0;
      e.share = exited === 0 ? null : e.count / exited;
    }

    const inRange = (row: { flowId: string; version: number; day: string }): boolean =>
      row.flowId === flowId && versions.some((v) => v.version === row.version) && row.day >= range.from && row.day <= range.to;
    const seconds = this.completions
      .filter(inRange)
      .map((c) => c.seconds)
      .sort((a, b) => a - b);
    const middle = Math.floor(seconds.length / 2);
    const median = seconds.length === 0 ? null : seconds.length % 2 === 1 ? (seconds[middle] ?? 0) : ((seconds[middle - 1] ?? 0) + (seconds[middle] ?? 0)) / 2;

    const splits = [...types]
      .filter(([, type]) => type === 'split')
      .map(([nodeId]) => {
        const node = [...versions].reverse().flatMap((v) => v.graph.nodes).find((n) => n.id === nodeId);
        const drawn = node?.type === 'split' ? node.data.variants.map((variant) => variant.id) : [];
        const exits = nodes.get(nodeId)?.exits ?? {};
        const handles = [...drawn, ...Object.keys(exits).filter((handle) => !drawn.includes(handle))];
        const credited = this.credits.filter((c) => inRange(c) && c.nodeId === nodeId);
        return { nodeId, variants: handles.map((handle) => ({ handle, exited: exits[handle] ?? 0, completed: credited.filter((c) => c.handle === handle).length })) };
      });

    return {
      flowId,
      version,
      ...range,
      totals: {
        ...totals,
        uniqueContacts: starters.size,
        completionRate: totals.started === 0 ? null : totals.completed / totals.started,
        medianTimeToCompleteMs: median === null ? null : median * 1000,
      },
      nodes: [...nodes.values()],
      edges: [...edges.values()],
      splits,
    };
  }

  /** One node's entered, exited and dropped on each day of the range. */
  nodeDaily(flowId: string, version: number | null, nodeId: string, range: DayRange): { day: string; entered: number; exited: number; dropped: number }[] {
    const versions = this.versionsAsked(flowId, version);
    return daysOf(range).map((day) => {
      const sum = this.sum(flowId, versions, nodeId, [day]);
      return { day, entered: sum.entered, exited: sum.exited, dropped: Object.values(sum.droppedByReason).reduce((a, b) => a + b, 0) };
    });
  }

  /** For each step of the list, the contacts of the range that entered it and every step before it, and those that entered it. */
  funnel(flowId: string, version: number | null, steps: readonly string[], range: DayRange): { nodeId: string; contacts: number; enteredContacts: number }[] {
    const versions = this.versionsAsked(flowId, version);
    const days = daysOf(range);
    let through: Set<string> | null = null;
    return steps.map((nodeId) => {
      const entered = this.sum(flowId, versions, nodeId, days).contacts;
      const reached: Set<string> = through === null ? new Set(entered) : new Set([...through].filter((contact) => entered.has(contact)));
      through = reached;
      return { nodeId, contacts: reached.size, enteredContacts: entered.size };
    });
  }

  /** The graph of the latest of the versions asked for. */
  graph(flowId: string, version: number | null): FlowVersion['graph'] {
    const versions = this.versionsAsked(flowId, version);
    return this.version(flowId, versions[versions.length - 1]?.version ?? 0).graph;
  }

  /** Unmatched texts of the range (UTC days), as the engine normalised them. */
  missed(range: DayRange): Map<string, ExpectedMiss> {
    const texts = new Map<string, ExpectedMiss>();
    for (const miss of this.misses) {
      if (miss.day < range.from || miss.day > range.to) continue;
      const text = texts.get(miss.text) ?? { count: 0, lastAt: 0, days: new Map<string, number>() };
      text.count += 1;
      text.lastAt = Math.max(text.lastAt, miss.at);
      text.days.set(miss.day, (text.days.get(miss.day) ?? 0) + 1);
      texts.set(miss.text, text);
    }
    return texts;
  }

  private versionsAsked(flowId: string, version: number | null): FlowVersion[] {
    const all = [...this.versions.values()].filter((v) => v.flowId === flowId && (version === null || v.version === version)).sort((a, b) => a.version - b.version);
    if (all.length === 0) throw new Error(`flow ${flowId} has no version ${version ?? '(any)'}`);
    return all;
  }

  private sum(flowId: string, versions: readonly FlowVersion[], nodeId: string, days: readonly string[]): Tally {
    const total: Tally = { entered: 0, exited: 0, exits: {}, droppedByReason: {}, contacts: new Set() };
    for (const v of versions) {
      const byDay = this.tallies.get(key(flowId, v.version, nodeId));
      for (const day of days) {
        const tally = byDay?.get(day);
        if (tally === undefined) continue;
        total.entered += tally.entered;
        total.exited += tally.exited;
        for (const [handle, count] of Object.entries(tally.exits)) total.exits[handle] = (total.exits[handle] ?? 0) + count;
        for (const [reason, count] of Object.entries(tally.droppedByReason)) total.droppedByReason[reason] = (total.droppedByReason[reason] ?? 0) + count;
        for (const contact of tally.contacts) total.contacts.add(contact);
      }
    }
    return total;
  }

  private tally(flowId: string, version: number, nodeId: string, at: number): Tally {
    const day = localDay(this.timezoneOf(flowId, version), at);
    let byDay = this.tallies.get(key(flowId, version, nodeId));
    if (byDay === undefined) {
      byDay = new Map();
      this.tallies.set(key(flowId, version, nodeId), byDay);
    }
    let tally = byDay.get(day);
    if (tally === undefined) {
      tally = { entered: 0, exited: 0, exits: {}, droppedByReason: {}, contacts: new Set() };
      byDay.set(day, tally);
    }
    return tally;
  }

  private version(flowId: string, version: number): FlowVersion {
    const found = this.versions.get(key(flowId, version));
    if (found === undefined) throw new Error(`the trace names ${flowId} version ${version}, which was never published`);
    return found;
  }

  private timezoneOf(flowId: string, version: number): string {
    return this.version(flowId, version).settings.timezone;
  }

  private typeIn(flowId: string, version: number, nodeId: string): string | undefined {
    return this.version(flowId, version).graph.nodes.find((n) => n.id === nodeId)?.type;
  }

  private targetIn(version: FlowVersion, source: string, handle: string): string | null {
    return version.graph.edges.find((e) => e.source === source && e.sourceHandle === handle)?.target ?? null;
  }
}

const EVENT_PAGE = 500;

/** What a replay reads, raw from the store: the whole event log, the conversations in it, every flow and published version. */
export async function readStored(store: Store): Promise<{ events: EventLogRecord[]; conversations: Conversation[]; flows: Flow[]; versions: FlowVersion[] }> {
  const events: EventLogRecord[] = [];
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await store.listEvents({ afterSeq: events.at(-1)?.seq ?? 0, limit: EVENT_PAGE });
    events.push(...page);
    if (page.length < EVENT_PAGE) break;
  }
  const conversations: Conversation[] = [];
  for (const id of new Set(events.map((e) => e.conversationId))) {
    const conversation = await store.getConversation(id);
    if (conversation === null) throw new Error(`conversation ${id} is in the event log but not in the store`);
    conversations.push(conversation);
  }
  const flows = await store.listFlows();
  const versions = (await Promise.all(flows.map((flow) => store.listVersions(flow.id)))).flat();
  return { events, conversations, flows, versions };
}
