import type { FlowStats, NodeStats } from '@parley/shared';
import { funnelSteps } from './funnel';
import { indexStats } from './stats-index';

const node = (nodeId: string, entered: number): NodeStats => ({
  nodeId,
  nodeType: null,
  entered,
  exited: entered,
  exits: {},
  droppedByReason: {},
  dropped: 0,
 
  waitingNow: 0,
  completionRate: null,
});

const stats = (nodes: NodeStats[], edges: FlowStats['edges']): FlowStats => ({
  flowId: 'f',
  version: null,
  timezone: 'UTC',
  from: '2025-01-01',
  to: '2025-01-30',
  totals: { started: 0, completed: 0, handedOff: 0, uniqueContacts: 0, completionRate: null, medianTimeToCompleteMs: null },
  nodes,
  edges,
  splits: [],
});

describe('a funnel over picked nodes', () => {
  it('converts entered over entered, and sums the edges from the step before (one per handle)', () => {
    const index = indexStats(
      stats(
        [node('ask', 200), node('thanks', 150), node('end', 120)],
        [
          { source: 'ask', sourceHandle: 'answered', target: 'thanks', count: 100, share: 0.5 },
          { source: 'ask', sourceHandle: 'invalid', target: 'thanks', count: 40, share: 0.2 },
        ],
      ),
    );
    expect(funnelSteps(['ask', 'thanks', 'end'], index)).toEqual([
      { nodeId: 'ask', entered: 200, conversion: null, edgeCount: null },
      { nodeId: 'thanks', entered: 150, conversion: 0.75, edgeCount: 140 },
      // Not joined by an edge: the conversion still holds, there is no edge count.
      { nodeId: 'end', entered: 120, conversion: 0.8, edgeCount: null },
    ]);
  });

  it('has no conversion after a step nothing entered, nor to or from a node the version lacks', () => {
    const index = indexStats(stats([node('a', 0), node('b', 0)], []));
    expect(funnelSteps(['a', 'gone', 'b'], index).map((step) => [step.entered, step.conversion])).toEqual([
      [0, null],
      [null, null],
      [0, null],
    ]);
    expect(funnelSteps(['a', 'b'], index)[1]?.conversion).toBeNull();
  });
});
