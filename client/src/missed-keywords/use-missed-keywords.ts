// Loads the missed-keywords report for a range, and loads it again while the page is open whenever
// `/live` says unmatched messages were stored (one reload at a time, see useStatsLive).
import type { MissedKeywords } from '@parley/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { statsApi, type StatsRange } from '../api/stats-api';
import { useStatsLive } from '../live/use-stats-live';

export type ReportState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; report: MissedKeywords };

export function useMissedKeywords({ from, to }: StatsRange): { state: ReportState; reload: () => void } {
  const [state, setState] = useState<ReportState>({ kind: 'loading' });
  // Only the latest request may set the state: an older range's answer can arrive after a newer one.
  const latest = useRef(0);

  const load = useCallback(
    async (quiet: boolean) => {
      const request = ++latest.current;
      // A live reload keeps the table on screen instead of flashing a loading state.
      if (!quiet) setState({ kind: 'loading' });
      try {
        // The server's default number of groups, the same the CSV export has.
        const report = await statsApi.missedKeywords({ from, to });
        if (request === latest.current) setState({ kind: 'ready', report });
      } catch (error) {
        if (request === latest.current) setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    },
    [from, to],
  );

  useEffect(() => {
    void load(false);
  }, [load]);

  // A live reload keeps the table on screen (quiet).
  useStatsLive((tick) => tick.unmatched, () => load(true));

  return { state, reload: useCallback(() => void load(false), [load]) };
}
