// The flow's totals over the chosen version and range: started, completed (and the completion rate),
// handed off, unique contacts and the median time from start to end.
import type { FlowStats } from '@parley/shared';
import { formatCount, formatDuration, formatPercent, rateNote } from './format-stats';

export function KpiBar({ totals }: { totals: FlowStats['totals'] }) {
  return (
    <dl className="kpi-bar" aria-label="Flow totals">
      <div className="kpi" data-testid="kpi-started">
        <dt>Started</dt>
        <dd data-stat="value">{formatCount(totals.started)}</dd>
      </div>
      <div className="kpi" data-testid="kpi-completed">
        <dt>Completed</dt>
        <dd>
          <span data-stat="value">{formatCount(totals.completed)}</span>{' '}
          <span className="kpi__sub" data-stat="completionRate" title={rateNote(totals.completionRate)}>
            {formatPercent(totals.completionRate)}
          </span>
        </dd>
      </div>
      <div className="kpi" data-testid="kpi-handedOff">
        <dt>Handed off</dt>
        <dd data-stat="value">{formatCount(totals.handedOff)}</dd>
      </div>
      <div className="kpi" data-testid="kpi-uniqueContacts">
        <dt>Unique contacts</dt>
        <dd data-stat="value">{formatCount(totals.uniqueContacts)}</dd>
      </div>
      <div className="kpi" data-testid="kpi-medianTimeToComplete">
        <dt>Median time to complete</dt>
        <dd data-stat="value">{formatDuration(totals.medianTimeToCompleteMs)}</dd>
      </div>
    </dl>
  );
}
