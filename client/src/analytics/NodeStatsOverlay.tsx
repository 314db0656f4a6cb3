// A node's numbers on its card in the analytics view: entered, completed (exited) and the completion
// rate, waiting now, dropped with its reasons, and the outputs that lead nowhere ("stopped here").
// Nothing is drawn outside the analytics view (no stats are loaded there).
import type { EdgeStats } from '@parley/shared';
import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAnalyticsStore, type AnalyticsState } from './analytics-store';
import { dropReasonLabel, formatCount, formatPercent, rateNote } from './format-stats';
import { zeroNodeStats } from './stats-index';

interface NodeStatsOverlayProps {
  nodeId: string;
  /** The card's names for its outputs (handle id → label). */
  outputLabels: Readonly<Record<string, string>> | undefined;
}

const NO_OUTPUTS: readonly EdgeStats[] = [];
const selectNode = (nodeId: string) => (state: AnalyticsState) => {
  const index = state.stats.data?.index;
  return { loaded: index !== undefined, stats: index?.nodes.get(nodeId), outputs: index?.outputs.get(nodeId) ?? NO_OUTPUTS };
};

export const NodeStatsOverlay = memo(function NodeStatsOverlay({ nodeId, outputLabels }: NodeStatsOverlayProps) {
  const { loaded, stats, outputs } = useAnalyticsStore(useShallow(useMemo(() => selectNode(nodeId), [nodeId])));
  if (!loaded) return null;
  const node = stats ?? zeroNodeStats(nodeId);
  const reasons = Object.entries(node.droppedByReason)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${dropReasonLabel(reason)}: ${formatCount(count)}`)
    .join(', ');
  const stopped = outputs.filter((output) => output.target === null);
  return (
    <div className="node-stats" data-testid={`node-stats-${nodeId}`}>
      <dl className="node-stats__grid">
        <div>
          <dt>Entered</dt>
          <dd data-stat="entered">{formatCount(node.entered)}</dd>
        </div>
        <div>
          <dt>Completed</dt>
          <dd>
            <span data-stat="exited">{formatCount(node.exited)}</span> <span className="node-stats__rate" data-stat="completionRate" title={rateNote(node.completionRate)}>{formatPercent(node.completionRate)}</span>
          </dd>
        </div>
        <div>
          <dt>Waiting now</dt>
          <dd data-stat="waitingNow">{formatCount(node.waitingNow)}</dd>
        </div>
        <div title={reasons === '' ? undefined : reasons}>
          <dt>Dropped</dt>
          <dd data-stat="dropped">{formatCount(node.dropped)}</dd>
        </div>
      </dl>
      {reasons !== '' && <p className="node-stats__reasons">{reasons}</p>}
      {stopped.length > 0 && (
        <ul className="node-stats__stopped" aria-label="Stopped at outputs that lead nowhere">
          {stopped.map((output) => (
            <li key={output.sourceHandle} data-stat-handle={output.sourceHandle}>
              stopped here: {formatCount(output.count)} ({outputLabels?.[output.sourceHandle] ?? output.sourceHandle})
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
