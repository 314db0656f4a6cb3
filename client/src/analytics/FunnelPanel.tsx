// The funnel the analyst builds from nodes ("Add to funnel" in the node panel): its steps, which can be
// removed or cleared, and the contacts through each as the server counts them, for the chosen version
// and, side by side, for a version to compare with (same days).
import { X } from 'lucide-react';
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BuilderState } from '../builder/store/builder-state';
import { useBuilderStore } from '../builder/store/builder-store';
import { useAnalyticsStore, type AnalyticsState } from './analytics-store';
import { funnelSteps } from './funnel';
import { FunnelChart } from './FunnelChart';
import { nodeLabel } from './node-label';

const selectViewedNodes = (state: BuilderState) => state.viewing?.nodes;
const selectFunnel = (state: AnalyticsState) => ({
  funnel: state.funnel,
  versions: state.versions,
  version: state.version,
  funnelStats: state.funnelStats,
  compareVersion: state.compareVersion,
  compare: state.compare,
  removeFromFunnel: state.removeFromFunnel,
  clearFunnel: state.clearFunnel,
  setCompareVersion: state.setCompareVersion,
});

export function FunnelPanel() {
  const nodes = useBuilderStore(selectViewedNodes);
  const { funnel, versions, version, funnelStats, compareVersion, compare, removeFromFunnel, clearFunnel, setCompareVersion } = useAnalyticsStore(useShallow(selectFunnel));
  const compareId = useId();
  const labelOf = (nodeId: string) => {
    const node = nodes?.find((candidate) => candidate.id === nodeId);
    return node === undefined ? nodeId : nodeLabel(node);
  };

  return (
    <section className="analytics-panel" aria-label="Funnel">
      <h2 className="panel-title">Funnel</h2>
      {funnel.length === 0 ? (
        <p className="muted">Select a node and choose “Add to funnel”, then the next node of the path, and so on.</p>
      ) : (
        <>
          <ol className="funnel-path" aria-label="Funnel steps">
            {funnel.map((nodeId) => (
              <li key={nodeId}>
                <span>{labelOf(nodeId)}</span>
                <button type="button" className="app-icon-button app-button-ghost" aria-label={`Remove ${labelOf(nodeId)} from the funnel`} onClick={() => removeFromFunnel(nodeId)}>
                  <X size={14} aria-hidden />
                </button>
              </li>
            ))}
          </ol>
          <div className="funnel-panel__actions">
            <button type="button" className="app-button" onClick={clearFunnel}>
              Clear funnel
            </button>
            <label htmlFor={compareId}>Compare with</label>
            <select id={compareId} className="form-input" value={compareVersion ?? ''} onChange={(event) => setCompareVersion(event.target.value === '' ? null : Number(event.target.value))}>
              <option value="">No comparison</option>
              {(versions ?? []).map((summary) => (
                <option key={summary.version} value={summary.version}>
                  v{summary.version}
                </option>
              ))}
            </select>
          </div>
          <div className="funnel-panel__charts">
            <FunnelAnswer version={version} answer={funnelStats} labelOf={labelOf} />
            {compareVersion !== null && <FunnelAnswer version={compareVersion} answer={compare} labelOf={labelOf} />}
          </div>
        </>
      )}
    </section>
  );
}

/** A funnel as the server answered it, or why it is not there yet. */
function FunnelAnswer({ version, answer, labelOf }: { version: number | null; answer: AnalyticsState['funnelStats']; labelOf: (nodeId: string) => string }) {
  const of = version === null ? 'all versions' : `v${version}`;
  if (answer.error !== null) {
    return (
      <p className="analytics-error" role="alert">
        The funnel of {of} could not be loaded: {answer.error}
      </p>
    );
  }
  if (answer.data === null) return <p className="muted">Loading the funnel of {of}…</p>;
  return <FunnelChart title={version === null ? 'All versions' : of} steps={funnelSteps(answer.data)} labelOf={labelOf} />;
}
