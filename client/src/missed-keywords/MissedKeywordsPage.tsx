// `/missed-keywords`: the inbound texts no trigger understood, grouped, over a range of UTC days, kept
// up to date while open; each group can be turned into a keyword of a flow in one step.
import type { MissedKeywords } from '@parley/shared';
import { Download, SearchX } from 'lucide-react';
import { useState } from 'react';
import { statsApi } from '../api/stats-api';
import { PageState } from '../app/PageState';
import { AddKeywordDialog } from './AddKeywordDialog';
import { MissedKeywordsTable } from './MissedKeywordsTable';
import type { MissedGroup } from './near-duplicates';
import { RangeControls } from '../forms/RangeControls';
import { dayRange, type RangeChoice } from '../forms/day-range';
import { useMissedKeywords, type ReportState } from './use-missed-keywords';
import './missed-keywords.css';

export function MissedKeywordsPage() {
  const [choice, setChoice] = useState<RangeChoice>({ kind: 'preset', preset: 'week' });
  const [adding, setAdding] = useState<MissedGroup | null>(null);
  const now = Date.now();
  const range = dayRange(choice, 'UTC', now);
  const { state, reload } = useMissedKeywords(range);

  return (
    <>
      {/* Inert while the dialog is open: keyboard focus stays in the dialog. */}
      <main className="missed-main" inert={adding !== null}>
        <div className="missed-heading">
          <h1>Missed keywords</h1>
          {/* The server names the file (range in the name); the browser sends the session cookie. */}
          <a className="app-button" href={statsApi.missedKeywordsCsvUrl(range)} download>
            <Download size={14} aria-hidden /> Export CSV
          </a>
        </div>
        <p className="missed-help">
          Messages that no trigger of a live flow matched, grouped by their normalised text with near-duplicates (typos, punctuation) counted together, most frequent first.
          Add one as a keyword to answer it next time.
        </p>
        <RangeControls choice={choice} range={range} onChange={setChoice} />
        <p className="missed-note">
          {range.from === range.to ? range.from : `${range.from} to ${range.to}`} — days in this report are UTC days (00:00–24:00 UTC), whatever your time zone or the
          flows’ time zones.
        </p>
        <ReportBody state={state} now={now} onRetry={reload} onAdd={setAdding} />
      </main>
      {adding !== null && <AddKeywordDialog group={adding} onClose={() => setAdding(null)} />}
    </>
  );
}

const count = new Intl.NumberFormat('en-US');

/** How much of the range the groups cover: the server groups the most frequent texts only. */
function ReportCoverage({ report }: { report: MissedKeywords }) {
  const left = report.texts - report.textsGrouped;
  return (
    <p className="missed-note" data-testid="missed-coverage">
      {count.format(report.messages)} unmatched {report.messages === 1 ? 'message' : 'messages'}, {count.format(report.texts)} different {report.texts === 1 ? 'text' : 'texts'}.
      {left > 0 && ` The groups are built from the ${count.format(report.textsGrouped)} most frequent texts; the ${count.format(left)} least frequent are left out of them and of their counts.`}
    </p>
  );
}

function ReportBody({ state, now, onRetry, onAdd }: { state: ReportState; now: number; onRetry(): void; onAdd(group: MissedGroup): void }) {
  switch (state.kind) {
    case 'loading':
      return <PageState kind="loading" message="Loading the report…" />;
    case 'error':
      return <PageState kind="error" message={`The report could not be loaded: ${state.message}`} onRetry={onRetry} />;
    case 'ready':
      if (state.report.groups.length === 0) {
        return (
          <section className="app-empty missed-empty" aria-label="Empty report">
            <SearchX size={40} aria-hidden />
            <h2>No unmatched messages in this range</h2>
            <p>Every inbound message started a flow or answered one. Try a longer range.</p>
          </section>
        );
      }
      return (
        <>
          <ReportCoverage report={state.report} />
          <MissedKeywordsTable report={state.report} now={now} onAdd={onAdd} />
        </>
      );
    default: {
      const never: never = state;
      throw new Error(`unknown report state ${JSON.stringify(never)}`);
    }
  }
}
