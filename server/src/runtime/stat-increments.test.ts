import type { TraceEntry } from '@parley/shared';
import { statIncrementsFromTrace } from './stat-increments';

// 2024-03-01T17:30:00Z: still the 1st in UTC, already the 2nd in Shanghai (UTC+8).
const AT = Date.UTC(2024, 2, 1, 17, 30);

const timezoneOf = (flowId: string, version: number): string => (flowId === 'cn' && version === 2 ? 'Asia/Shanghai' : 'UTC');

describe('statIncrementsFromTrace', () => {
  it('counts entries, exits by handle and drops per node, on the flow version\'s local day', () => {
    const trace: TraceEntry[] = [
      { type: 'entered', flowId: 'cn', version: 2, nodeId: 'trigger', nodeType: 'trigger' },
      { type: 'exited', flowId: 'cn', version: 2, nodeId: 'trigger', handle: 'next' },
      { type: 'entered', flowId: 'cn', version: 2, nodeId: 'ask', nodeType: 'ask' },
      { type: 'dropped', flowId: 'en', version: 1, nodeId: 'wait', reason: 'replaced' },
      { type: 'error', flowId: 'cn', version: 2, nodeId: 'ask', message: 'ignored' },
    ];
    const { stats, unmatched } = statIncrementsFromTrace(trace, { contactId: 'c1', at: AT, timezoneOf });
    expect(stats).toEqual([
      { flowId: 'cn', version: 2, nodeId: 'trigger', day: '2024-03-02', metric: 'entered', contactId: 'c1' },
      { flowId: 'cn', version: 2, nodeId: 'trigger', day: '2024-03-02', metric: 'exited', contactId: 'c1' },
      { flowId: 'cn', version: 2, nodeId: 'trigger', day: '2024-03-02', metric: 'exit:next', contactId: 'c1' },
      { flowId: 'cn', version: 2, nodeId: 'ask', day: '2024-03-02', metric: 'entered', contactId: 'c1' },
      { flowId: 'en', version: 1, nodeId: 'wait', day: '2024-03-01', metric: 'dropped:replaced', contactId: 'c1' },
    ]);
    expect(unmatched).toEqual([]);
  });

  it('reports unmatched texts on their UTC day and counts nothing for them', () => {
    const { stats, unmatched } = statIncrementsFromTrace([{ type: 'unmatched', text: 'hello?' }], { contactId: 'c1', at: AT, timezoneOf });
    expect(stats).toEqual([]);
    expect(unmatched).toEqual([{ text: 'hello?', day: '2024-03-01', at: AT }]);
  });

  it('records a completion\'s time to the second and credits each split variant on the day it was taken', () => {
    const takenAt = Date.UTC(2024, 1, 29, 23, 0); // the 29th in UTC, the 1st in Shanghai
    const trace: TraceEntry[] = [
      { type: 'exited', flowId: 'cn', version: 2, nodeId: 'end', handle: 'end' },
      { type: 'completed', flowId: 'cn', version: 2, nodeId: 'end', startedAt: AT - 90_400, splits: { ab: { handle: 'b', at: takenAt } } },
    ];
    const { stats, completions } = statIncrementsFromTrace(trace, { contactId: 'c1', at: AT, timezoneOf });
    expect(completions).toEqual([{ flowId: 'cn', version: 2, day: '2024-03-02', seconds: 90 }]);
    expect(stats.filter((s) => s.metric.startsWith('completed:'))).toEqual([
      { flowId: 'cn', version: 2, nodeId: 'ab', day: '2024-03-01', metric: 'completed:b', contactId: 'c1' },
    ]);
  });

  it('gives nothing for an empty trace', () => {
    expect(statIncrementsFromTrace([], { contactId: 'c1', at: AT, timezoneOf })).toEqual({ stats: [], completions: [], unmatched: [] });
  });
});
