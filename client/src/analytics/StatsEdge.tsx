// An edge in the analytics view: its count and its share of the source's exits on a label, and a stroke
// whose width grows with the square root of the count against the busiest edge (1 to 8 px), so a
// branch ten times busier reads clearly wider without drowning the others.
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BuilderEdge } from '../builder/store/builder-state';
import { useAnalyticsStore, type AnalyticsState } from './analytics-store';
import { formatCount, formatPercent } from './format-stats';
import { edgeStatsOf } from './stats-index';

const MIN_WIDTH = 1;
const MAX_WIDTH = 8;

/** The edge type the analytics view gives the edges it draws. */
export const STATS_EDGE_TYPE = 'stats';

const selectEdge = (source: string, sourceHandle: string, target: string) => (state: AnalyticsState) => {
  const index = state.stats.data?.index;
  if (index === undefined) return null;
  const { count, share } = edgeStatsOf(index, source, sourceHandle, target);
  return { count, share, max: index.maxEdgeCount };
};

export const StatsEdge = memo(function StatsEdge(props: EdgeProps<BuilderEdge>) {
  const { id, source, target, sourceHandleId, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, selected } = props;
  const sourceHandle = sourceHandleId ?? '';
  const stats = useAnalyticsStore(useShallow(useMemo(() => selectEdge(source, sourceHandle, target), [source, sourceHandle, target])));
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const width = stats === null || stats.max === 0 ? MIN_WIDTH : MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * Math.sqrt(stats.count / stats.max);
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected === true ? 'stats-edge stats-edge--selected' : 'stats-edge'} style={{ strokeWidth: width }} />
      {stats !== null && (
        <EdgeLabelRenderer>
          <div
            className="stats-edge__label nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-stats-${source}-${sourceHandle}`}
            title={`${formatCount(stats.count)} sessions took this edge: ${formatPercent(stats.share)} of the exits of its source`}
          >
            <span data-stat="count">{formatCount(stats.count)}</span> · <span data-stat="share">{formatPercent(stats.share)}</span>
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
