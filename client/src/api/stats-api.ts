// Typed calls for the analytics: a flow's per-node stats (JSON and CSV), one node's days, a funnel, and
// the missed-keywords report. Ranges are YYYY-MM-DD days in the version's time zone (missed keywords: UTC).
import { flowFunnelSchema, flowStatsSchema, missedKeywordsSchema, nodeDailyStatsSchema } from '@parley/shared';
import { apiRequest } from './api-client';
import { flowPath } from './flows-api';

export interface StatsRange {
  from: string;
  to: string;
}

/** `version` null = all versions. */
export interface FlowStatsFilter extends StatsRange {
  version: number | null;
}

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export const statsApi = {
  flow: (flowId: string, filter: FlowStatsFilter) => apiRequest('GET', `${flowPath(flowId)}/stats${query({ ...filter })}`, flowStatsSchema),
  nodeDaily: (flowId: string, nodeId: string, filter: FlowStatsFilter) =>
    apiRequest('GET', `${flowPath(flowId)}/stats/daily${query({ ...filter, nodeId })}`, nodeDailyStatsSchema),
  funnel: (flowId: string, steps: readonly string[], filter: FlowStatsFilter) =>
    apiRequest('GET', `${flowPath(flowId)}/stats/funnel${query({ ...filter, steps: steps.join(',') })}`, flowFunnelSchema),
  missedKeywords: (range: StatsRange, limit?: number) => apiRequest('GET', `/api/stats/missed-keywords${query({ ...range, limit })}`, missedKeywordsSchema),
  /** Download links (the browser sends the session cookie): per-node stats and the missed keywords as CSV. */
  flowCsvUrl: (flowId: string, filter: FlowStatsFilter) => `${flowPath(flowId)}/stats.csv${query({ ...filter })}`,
  missedKeywordsCsvUrl: (range: StatsRange) => `/api/stats/missed-keywords.csv${query({ ...range })}`,
};
