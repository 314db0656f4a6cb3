// The builder's analytics mode: the chosen version's graph read-only on the canvas with every node's and
// edge's numbers, the toolbar (version, days, CSV), the flow's totals, and a side panel with the selected
// node's numbers and the funnel. Numbers refetch when the server says this flow's counters moved.
import type { Flow } from '@parley/shared';
import { BarChart3 } from 'lucide-react';
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { PageState } from '../app/PageState';
import { FlowCanvas } from '../builder/canvas/FlowCanvas';
import { useFlowLive } from '../live/use-flow-live';
import { useStatsLive } from '../live/use-stats-live';
import { useAnalyticsStore, type AnalyticsState } from './analytics-store';
import { AnalyticsToolbar } from './AnalyticsToolbar';
import { FunnelPanel } from './FunnelPanel';
import { KpiBar } from './KpiBar';
import { NodeStatsPanel } from './NodeStatsPanel';
import { useVersionGraph } from './use-version-graph';
import './analytics.css';

const selectView = (state: AnalyticsState) => ({
  versions: state.versions,
  versionsError: state.versionsError,
  version: state.version,
  stats: state.stats,
  open: state.open,
  close: state.close,
  refresh: state.refresh,
  reloadVersions: state.reloadVersions,
});

export function AnalyticsView({ flow }: { flow: Flow }) {
  const { versions, versionsError, version, stats, open, close, refresh, reloadVersions } = useAnalyticsStore(useShallow(selectView));
  useEffect(() => {
    void open(flow.id);
    return close;
  }, [flow.id, open, close]);
  useStatsLive((tick) => tick.flowIds.includes(flow.id), refresh);
  // Published elsewhere meanwhile: a new version to choose, and "all versions" now drawn on it.
  useFlowLive(flow.id, (notice) => {
    if (notice.kind === 'published') void reloadVersions();
  });
  // All versions are drawn on the latest one's graph.
  const { graph, retry } = useVersionGraph(flow.id, version ?? versions?.[0]?.version ?? null);

  if (versionsError !== null) return <PageState kind="error" message={`The versions could not be loaded: ${versionsError}`} onRetry={() => void open(flow.id)} />;
  if (versions === null) return <PageState kind="loading" message="Loading the stats…" />;
  if (versions.length === 0) {
    return (
      <div className="app-empty">
        <BarChart3 size={32} aria-hidden />
        <h2>No stats yet</h2>
        <p>Publish this flow to collect stats: they are counted for the published versions that conversations run on.</p>
      </div>
    );
  }
  const answer = stats.data?.stats;
  const noTraffic = answer !== undefined && answer.totals.started === 0 && answer.nodes.every((node) => node.entered === 0 && node.waitingNow === 0);
  return (
    <div className="analytics">
      <AnalyticsToolbar />
      {stats.error !== null && (
        <div className="builder-banner builder-banner--danger" role="alert">
          <span>
            {stats.data === null
              ? `The stats could not be loaded: ${stats.error}`
              : `The stats could not be refreshed: ${stats.error}. The numbers shown are those of the last update.`}
          </span>
          <button type="button" className="app-button" onClick={() => void refresh()}>
            Try again
          </button>
        </div>
      )}
      {answer !== undefined && <KpiBar totals={answer.totals} />}
      {noTraffic && (
        <p className="builder-banner" role="status">
          No traffic in this range: every count is zero.
        </p>
      )}
      <div className="analytics__body">
        <main className="analytics__main">
          {graph.kind === 'shown' ? (
            // A new canvas per version: it fits the graph it opens with.
            <FlowCanvas key={graph.version} />
          ) : graph.kind === 'error' ? (
            <PageState kind="error" message={`The version could not be loaded: ${graph.message}`} onRetry={retry} />
          ) : (
            <PageState kind="loading" message="Loading the version…" />
          )}
        </main>
        <aside className="analytics__side" aria-label="Analytics panels">
          <NodeStatsPanel />
          <FunnelPanel />
        </aside>
      </div>
    </div>
  );
}
