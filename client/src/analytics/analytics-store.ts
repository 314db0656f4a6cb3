// The analytics view's state: what the analyst chose (version, range, a version to compare with, a funnel
// path, the node whose days are charted) and what the server answered. Each choice refetches what depends
// on it; `refresh` (live updates, retry) refetches everything shown and keeps every choice.
import type { FlowFunnel, FlowStats, FlowVersionSummary, NodeDailyStats } from '@parley/shared';
import { create } from 'zustand';
import { devtools } from 'zustand/middleware';
import { flowsApi } from '../api/flows-api';
import { statsApi, type FlowStatsFilter } from '../api/stats-api';
import { dayRange, type RangeChoice } from '../forms/day-range';
import { indexStats, type StatsIndex } from './stats-index';

/** A server answer; the last good data stays shown while the next request runs, an error replaces it (stats: see loadStats). */
interface Answer<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

interface AnalyticsData {
  flowId: string | null;
  /** Published versions, newest first; null until loaded. */
  versions: FlowVersionSummary[] | null;
  versionsError: string | null;
  /** Null: all versions. */
  version: number | null;
  range: RangeChoice;
  stats: Answer<{ stats: FlowStats; index: StatsIndex }>;
  /** When the shown stats arrived (epoch ms). */
  updatedAt: number | null;
  /** The funnel over `funnel` for the chosen version, and for the version to compare with (same days). */
  funnelStats: Answer<FlowFunnel>;
  compareVersion: number | null;
  compare: Answer<FlowFunnel>;
  /** The selected node, whose days are charted. */
  dailyNodeId: string | null;
  daily: Answer<NodeDailyStats>;
  /** Node ids, in path order. */
  funnel: string[];
}

export interface AnalyticsState extends AnalyticsData {
  /** Starts over for a flow: loads its versions, then the stats of the last 30 days over all of them. */
  open: (flowId: string) => Promise<void>;
  /** A version was published meanwhile: loads the versions again, then everything shown; keeps every choice. */
  reloadVersions: () => Promise<void>;
  /** Forgets everything (the analyst left the view); answers still on their way are dropped. */
  close: () => void;
  setVersion: (version: number | null) => void;
  setRange: (range: RangeChoice) => void;
  setCompareVersion: (version: number | null) => void;
  showDaily: (nodeId: string | null) => void;
  addToFunnel: (nodeId: string) => void;
  removeFromFunnel: (nodeId: string) => void;
  clearFunnel: () => void;
  refresh: () => Promise<void>;
}

const NO_ANSWER = { data: null, error: null, loading: false } as const;

const INITIAL: AnalyticsData = {
  flowId: null,
  versions: null,
  versionsError: null,
  version: null,
  range: { kind: 'preset', preset: 'month' },
  stats: NO_ANSWER,
  updatedAt: null,
  funnelStats: NO_ANSWER,
  compareVersion: null,
  compare: NO_ANSWER,
  dailyNodeId: null,
  daily: NO_ANSWER,
  funnel: [],
};

/**
 * The time zone the days are counted in: the chosen version's (the server counts each conversation in its
 * version's zone), the latest one's for all versions; the draft's zone counts nothing until it is published.
 */
export function statsTimezone(state: Pick<AnalyticsData, 'versions' | 'version'>): string {
  const versions = state.versions ?? [];
  const shown = state.version === null ? versions[0] : versions.find((summary) => summary.version === state.version);
  return shown?.timezone ?? 'UTC';
}

/** The filter the server is asked for: the range is worked out now, so "today" moves on at midnight. */
export function statsFilter(state: Pick<AnalyticsData, 'range' | 'versions' | 'version'>, version: number | null): FlowStatsFilter {
  return { version, ...dayRange(state.range, statsTimezone(state), Date.now()) };
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

const REQUEST_KINDS = ['versions', 'stats', 'funnel', 'compare', 'daily'] as const;
type RequestKind = (typeof REQUEST_KINDS)[number];

function createAnalyticsStore() {
  return create<AnalyticsState>()(
    devtools(
      (set, get) => {
        // Only the answer to the latest request of a kind is kept: an earlier, slower one must not overwrite it.
        const latest: Record<RequestKind, number> = { versions: 0, stats: 0, funnel: 0, compare: 0, daily: 0 };
        const forgetPending = () => {
          for (const kind of REQUEST_KINDS) latest[kind] += 1;
        };
        /** The request's outcome, or undefined when a later request of the same kind started meanwhile. */
        const latestOnly = async <T>(kind: RequestKind, request: () => Promise<T>): Promise<{ data: T } | { error: string } | undefined> => {
          latest[kind] += 1;
          const seq = latest[kind];
          try {
            const data = await request();
            return seq === latest[kind] ? { data } : undefined;
          } catch (error) {
            return seq === latest[kind] ? { error: errorText(error) } : undefined;
          }
        };

        /** True when there are published versions to ask stats for. */
        const loadVersions = async (): Promise<boolean> => {
          const { flowId } = get();
          if (flowId === null) return false;
          const result = await latestOnly('versions', () => flowsApi.versions(flowId));
          if (result === undefined) return false;
          if ('error' in result) {
            // Without versions there is nothing to show; a failed reload keeps the list it had (the next publish retries).
            if (get().versions === null) set({ versionsError: result.error }, false, 'analytics/versionsFailed');
            return false;
          }
          set({ versions: result.data.toReversed(), versionsError: null }, false, 'analytics/versionsLoaded');
          return result.data.length > 0;
        };

        const loadStats = async () => {
          const state = get();
          const { flowId } = state;
          if (flowId === null) return;
          const filter = statsFilter(state, state.version);
          set({ stats: { ...state.stats, loading: true } }, false, 'analytics/loadStats');
          const result = await latestOnly('stats', () => statsApi.flow(flowId, filter));
          if (result === undefined) return;
          // A failed refresh of the same numbers (live, retry) leaves them shown beside the error; numbers
          // of another version or range would be read as the ones asked for, so those go.
          const shown = get().stats.data;
          const stillAsked = shown !== null && shown.stats.version === filter.version && shown.stats.from === filter.from && shown.stats.to === filter.to;
          set(
            'data' in result
              ? { stats: { data: { stats: result.data, index: indexStats(result.data) }, error: null, loading: false }, updatedAt: Date.now() }
              : { stats: { data: stillAsked ? shown : null, error: result.error, loading: false } },
            false,
            'analytics/statsAnswered',
          );
        };

        /** The funnel of the chosen version (`funnelStats`) or of the one compared with (`compare`); none without steps. */
        const loadFunnel = async (kind: 'funnel' | 'compare') => {
          const state = get();
          const { flowId, funnel } = state;
          const version = kind === 'funnel' ? state.version : state.compareVersion;
          const key = kind === 'funnel' ? 'funnelStats' : 'compare';
          if (flowId === null || funnel.length === 0 || (kind === 'compare' && version === null)) {
            latest[kind] += 1;
            set({ [key]: NO_ANSWER }, false, `analytics/${kind}Cleared`);
            return;
          }
          const filter = statsFilter(state, version);
          set({ [key]: { ...state[key], loading: true } }, false, `analytics/${kind}Load`);
          const result = await latestOnly(kind, () => statsApi.funnel(flowId, funnel, filter));
          if (result === undefined) return;
          set({ [key]: 'data' in result ? { data: result.data, error: null, loading: false } : { data: null, error: result.error, loading: false } }, false, `analytics/${kind}Answered`);
        };
        const loadFunnels = () => Promise.all([loadFunnel('funnel'), loadFunnel('compare')]);

        const loadDaily = async () => {
          const state = get();
          const { flowId, dailyNodeId } = state;
          if (flowId === null || dailyNodeId === null) return;
          const filter = statsFilter(state, state.version);
          set({ daily: { ...state.daily, loading: true } }, false, 'analytics/loadDaily');
          const result = await latestOnly('daily', () => statsApi.nodeDaily(flowId, dailyNodeId, filter));
          if (result === undefined) return;
          set(
            { daily: 'data' in result ? { data: result.data, error: null, loading: false } : { data: null, error: result.error, loading: false } },
            false,
            'analytics/dailyAnswered',
          );
        };

        return {
          ...INITIAL,
          open: async (flowId) => {
            forgetPending();
            set({ ...INITIAL, flowId }, false, 'analytics/open');
            if (await loadVersions()) await loadStats();
          },
          reloadVersions: async () => {
            if (await loadVersions()) await get().refresh();
          },
          close: () => {
            forgetPending();
            set(INITIAL, false, 'analytics/close');
          },
          setVersion: (version) => {
            set({ version }, false, 'analytics/setVersion');
            void loadStats();
            void loadFunnel('funnel');
            void loadDaily();
          },
          setRange: (range) => {
            set({ range }, false, 'analytics/setRange');
            void get().refresh();
          },
          setCompareVersion: (compareVersion) => {
            set({ compareVersion, compare: NO_ANSWER }, false, 'analytics/setCompareVersion');
            void loadFunnel('compare');
          },
          showDaily: (dailyNodeId) => {
            if (dailyNodeId === get().dailyNodeId) return;
            if (dailyNodeId === null) latest.daily += 1;
            set({ dailyNodeId, daily: NO_ANSWER }, false, 'analytics/showDaily');
            void loadDaily();
          },
          addToFunnel: (nodeId) => {
            if (get().funnel.includes(nodeId)) return;
            set((state) => ({ funnel: [...state.funnel, nodeId] }), false, 'analytics/addToFunnel');
            void loadFunnels();
          },
          removeFromFunnel: (nodeId) => {
            set((state) => ({ funnel: state.funnel.filter((id) => id !== nodeId) }), false, 'analytics/removeFromFunnel');
            void loadFunnels();
          },
          clearFunnel: () => {
            set({ funnel: [] }, false, 'analytics/clearFunnel');
            void loadFunnels();
          },
          refresh: async () => {
            await Promise.all([loadStats(), loadFunnels(), loadDaily()]);
          },
        };
      },
      { name: 'parley-analytics' },
    ),
  );
}

export const useAnalyticsStore = createAnalyticsStore();
