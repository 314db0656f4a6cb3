// Turns one event's trace into the per-node counter increments, completion times and missed-keyword rows
// its commit writes; every statistic comes from here, so the canvas numbers equal a replay of the event log.
import { dayKey } from '@parley/shared';
import type { TraceEntry } from '@parley/shared';
import type { EventCommit, StatIncrement } from '../store/store';

export interface StatContext {
  contactId: string;
  /** When the event was processed (epoch ms). */
  at: number;
  /** The time zone of a flow version's settings: stats are bucketed by the flow's local day. */
  timezoneOf(flowId: string, version: number): string;
}

export type TraceStats = Pick<EventCommit, 'stats' | 'completions' | 'unmatched'>;

export function statIncrementsFromTrace(trace: readonly TraceEntry[], context: StatContext): TraceStats {
  const stats: StatIncrement[] = [];
  const completions: TraceStats['completions'] = [];
  const unmatched: TraceStats['unmatched'] = [];
  const dayOf = (entry: { flowId: string; version: number }, at: number): string => dayKey(context.timezoneOf(entry.flowId, entry.version), at);
  const increment = (entry: { flowId: string; version: number; nodeId: string }, metric: string, at = context.at): void => {
    stats.push({ flowId: entry.flowId, version: entry.version, nodeId: entry.nodeId, day: dayOf(entry, at), metric, contactId: context.contactId });
  };
  for (const entry of trace) {
    switch (entry.type) {
      case 'entered':
        increment(entry, 'entered');
        break;
      case 'exited':
        increment(entry, 'exited');
        increment(entry, `exit:${entry.handle}`);
        break;
      case 'dropped':
        increment(entry, `dropped:${entry.reason}`);
        break;
      case 'completed': {
        completions.push({
          flowId: entry.flowId,
          version: entry.version,
          day: dayOf(entry, context.at),
          seconds: Math.max(0, Math.round((context.at - entry.startedAt) / 1000)),
        });
        // Credited to the day the variant was taken, so of a range's takers, completed ≤ exited.
        for (const [nodeId, taken] of Object.entries(entry.splits)) increment({ ...entry, nodeId }, `completed:${taken.handle}`, taken.at);
        break;
      }
      case 'unmatched':
        // An unmatched message belongs to no flow, hence to no flow's time zone: its day is the UTC day.
        unmatched.push({ text: entry.text, day: dayKey('UTC', context.at), at: context.at });
        break;
      case 'error':
        // Errors are kept in the event log's trace; they are not a counter.
        break;
      default: {
        const never: never = entry;
        throw new Error(`unknown trace entry ${JSON.stringify(never)}`);
      }
    }
  }
  return { stats, completions, unmatched };
}
