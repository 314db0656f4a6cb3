// The funnel the analyst builds from nodes ("Add to funnel" in the node panel): its steps, which can be
// removed or cleared, drawn for the chosen version and, side by side, for a version to compare with
// (same days).
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
  index: state.stats.data?.index,
  compareVersion: state.compareVersion,
  compare: state.compare,
  removeFromFunnel: state.removeFromFunnel,
  clearFunnel: state.clearFunnel,
  setCompareVersion: state.setCompareVersion,
});

export function FunnelPanel() {
  const nodes = useBuilderStore(selectViewedNodes);
  const { funnel, versions, version, index, compareVersion, compare, removeFromFunnel, clearFunnel, setCompareVersion } = useAnalyticsStore(useShallow(selectFunnel));
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
            {index !== undefined && <FunnelChart title={version === null ? 'All versions' : `v${version}`} steps={funnelSteps(funnel, index)} labelOf={labelOf} />}
            {compareVersion !== null &&
              (compare.error !== null ? (
                <p className="analytics-error" role="alert">
                  v{compareVersion} could not be loaded: {compare.error}
                </p>
              ) : compare.data === null ? (
                <p className="muted">Loading v{compareVersion}…</p>
              ) : (
                <FunnelChart title={`v${compareVersion}`} steps={funnelSteps(funnel, compare.data)} labelOf={labelOf} />
              ))}
          </div>
        </>
      )}
    </section>
  );
}
