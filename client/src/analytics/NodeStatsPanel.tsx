// The selected node's numbers in the side panel: the counts on its card with unique contacts, its drop
// reasons, its exits by output, an A/B split's variants, and its days as a small chart. From here the
// node joins the funnel.
import { ListPlus } from 'lucide-react';
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BuilderNode, BuilderState } from '../builder/store/builder-state';
import { useBuilderStore } from '../builder/store/builder-store';
import { nodeRegistry } from '../nodes/node-registry';
import { useAnalyticsStore, type AnalyticsState } from './analytics-store';
import { DailyChart } from './DailyChart';
import { dropReasonLabel, formatCount, formatPercent, rateNote } from './format-stats';
import { nodeLabel } from './node-label';
import { SplitStatsTable } from './SplitStatsTable';
import { zeroNodeStats } from './stats-index';

const NO_NODES: readonly BuilderNode[] = [];
const selectSelection = (state: BuilderState) => {
  const nodes = state.viewing?.nodes ?? NO_NODES;
  const selected = nodes.filter((node) => node.selected === true);
  return { count: selected.length, node: selected.length === 1 ? selected[0] : undefined, nodes };
};
const selectPanel = (state: AnalyticsState) => ({
  index: state.stats.data?.index,
  daily: state.daily,
  funnel: state.funnel,
  showDaily: state.showDaily,
  addToFunnel: state.addToFunnel,
});

export function NodeStatsPanel() {
  const { count, node, nodes } = useBuilderStore(useShallow(selectSelection));
  const { index, daily, funnel, showDaily, addToFunnel } = useAnalyticsStore(useShallow(selectPanel));
  const nodeId = node?.id ?? null;
  useEffect(() => showDaily(nodeId), [nodeId, showDaily]);

  if (node === undefined) {
    return (
      <section className="analytics-panel" aria-label="Selected node">
        <h2 className="panel-title">Node</h2>
        <p className="muted">{count > 1 ? `${count} nodes selected: select one to see its numbers.` : 'Select a node to see its numbers, its exits and its days.'}</p>
      </section>
    );
  }
  const kind = nodeRegistry[node.type];
  const Icon = kind.icon;
  const outputLabels = kind.summary(node.data)?.outputLabels;
  const stats = index?.nodes.get(node.id) ?? zeroNodeStats(node.id);
  const outputs = index?.outputs.get(node.id) ?? [];
  const split = index?.splits.get(node.id);
  const reasons = Object.entries(stats.droppedByReason).filter(([, dropped]) => dropped > 0);
  const step = funnel.indexOf(node.id);
  const targetLabel = (target: string | null) => {
    if (target === null) return 'stopped here';
    const found = nodes.find((candidate) => candidate.id === target);
    return found === undefined ? target : nodeLabel(found);
  };

  return (
    <section className="analytics-panel" aria-label="Selected node">
      <h2 className="panel-title">
        <Icon size={16} color={kind.accent} aria-hidden /> {kind.label} <span className="muted inspector__id">{node.id}</span>
      </h2>
      <button type="button" className="app-button" disabled={step !== -1} onClick={() => addToFunnel(node.id)}>
        <ListPlus size={14} aria-hidden /> {step === -1 ? 'Add to funnel' : `In the funnel (step ${step + 1})`}
      </button>
      {index !== undefined && (
        <>
          <dl className="analytics-numbers">
            <dt>Entered</dt>
            <dd>{formatCount(stats.entered)}</dd>
            <dt>Completed</dt>
            <dd>
              {formatCount(stats.exited)} (<span title={rateNote(stats.completionRate)}>{formatPercent(stats.completionRate)}</span>)
            </dd>
            <dt>Waiting now</dt>
            <dd>{formatCount(stats.waitingNow)}</dd>
            <dt>Dropped</dt>
            <dd>{formatCount(stats.dropped)}</dd>
            <dt>Unique contacts</dt>
            {/* Read with the node's days: the one count that grows with the history is fetched per node. */}
            <dd>{daily.data?.nodeId === node.id ? formatCount(daily.data.uniqueContacts) : '…'}</dd>
          </dl>
          {reasons.length > 0 && (
            <>
              <h3 className="analytics-panel__heading">Why they dropped</h3>
              <ul className="analytics-list">
                {reasons.map(([reason, dropped]) => (
                  <li key={reason}>
                    {dropReasonLabel(reason)}: {formatCount(dropped)}
                  </li>
                ))}
              </ul>
            </>
          )}
          {outputs.length > 0 && (
            <table className="analytics-table">
              <caption>Exits by output</caption>
              <thead>
                <tr>
                  <th scope="col" className="analytics-table__text">
                    Output
                  </th>
                  <th scope="col">Sessions</th>
                  <th scope="col">Share</th>
                  <th scope="col" className="analytics-table__text">
                    Leads to
                  </th>
                </tr>
              </thead>
              <tbody>
                {outputs.map((output) => (
                  <tr key={`${output.sourceHandle}:${output.target ?? ''}`}>
                    <th scope="row">{outputLabels?.[output.sourceHandle] ?? output.sourceHandle}</th>
                    <td>{formatCount(output.count)}</td>
                    <td>{formatPercent(output.share)}</td>
                    <td className="analytics-table__text">{targetLabel(output.target)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {split !== undefined && <SplitStatsTable split={split} labels={outputLabels} />}
        </>
      )}
      <h3 className="analytics-panel__heading">Per day</h3>
      {daily.error !== null ? (
        <p className="analytics-error" role="alert">
          The days could not be loaded: {daily.error}
        </p>
      ) : daily.data === null || daily.data.nodeId !== node.id ? (
        // Until the selection reaches the store, the answer is still the previously selected node's.
        <p className="muted">Loading the days…</p>
      ) : (
        <DailyChart days={daily.data.days} />
      )}
    </section>
  );
}
