// What the analyst reads the stats for: the version (or all), the days (presets counted in the version's
// time zone, or custom), a CSV of the same numbers, and when they were last updated.
import { Download, Loader2 } from 'lucide-react';
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { statsApi } from '../api/stats-api';
import { formatTime } from '../app/format-time';
import { dayRange } from '../forms/day-range';
import { RangeControls } from '../forms/RangeControls';
import { statsFilter, statsTimezone, useAnalyticsStore, type AnalyticsState } from './analytics-store';

const selectToolbar = (state: AnalyticsState) => ({
  flowId: state.flowId,
  timezone: statsTimezone(state),
  versions: state.versions,
  version: state.version,
  range: state.range,
  loading: state.stats.loading,
  answered: state.stats.data?.stats,
  updatedAt: state.updatedAt,
  setVersion: state.setVersion,
  setRange: state.setRange,
});

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

export function AnalyticsToolbar() {
  const { flowId, timezone, versions, version, range, loading, answered, updatedAt, setVersion, setRange } = useAnalyticsStore(useShallow(selectToolbar));
  const versionId = useId();
  if (flowId === null || versions === null) return null;
  const latest = versions[0]?.version;
  return (
    <div className="analytics-toolbar">
      <div className="analytics-toolbar__field">
        <label htmlFor={versionId}>Version</label>
        <select id={versionId} className="form-input" value={version ?? 'all'} onChange={(event) => setVersion(event.target.value === 'all' ? null : Number(event.target.value))}>
          <option value="all">All versions</option>
          {versions.map((summary) => (
            <option key={summary.version} value={summary.version} title={`Published ${formatTime(summary.publishedAt)}`}>
              v{summary.version}
            </option>
          ))}
        </select>
        {version === null && latest !== undefined && <span className="muted">drawn on the graph of v{latest}</span>}
      </div>
      <RangeControls choice={range} range={dayRange(range, timezone, Date.now())} onChange={setRange} />
      {answered !== undefined && (
        <span className="muted">
          {answered.from === answered.to ? answered.from : `${answered.from} to ${answered.to}`} ({answered.timezone})
        </span>
      )}
      <div className="analytics-toolbar__end">
        <span className="muted" role="status">
          {loading ? (
            <>
              <Loader2 className="app-spin" size={14} aria-hidden /> Loading…
            </>
          ) : updatedAt === null ? null : (
            `Updated ${clock.format(updatedAt)}`
          )}
        </span>
        <a className="app-button" href={statsApi.flowCsvUrl(flowId, statsFilter({ range, versions, version }, version))} download>
          <Download size={14} aria-hidden /> Export CSV
        </a>
      </div>
    </div>
  );
}
