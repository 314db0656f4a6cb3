import { flowParamsSchema, flowStatsQuerySchema, flowStatsSchema, missedKeywordsQuerySchema, missedKeywordsSchema } from '@parley/shared';
import { ACCESS } from '../../auth/access';
import { defineRoute, type Route } from '../../http/define-route';
import type { StatsService } from './stats-service';

export function statsRoutes(stats: StatsService): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/flows/:id/stats',
      operationId: 'flowStats',
      summary: "Per-node stats and flow totals for a version (or all) over a day range in the flow's time zone (default: last 30 days)",
      tag: 'stats',
      roles: ACCESS.statsRead,
      params: flowParamsSchema,
      query: flowStatsQuerySchema,
      response: flowStatsSchema,
      handler({ params, query }) {
        return stats.flowStats(params.id, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/stats/missed-keywords',
      operationId: 'missedKeywords',
      summary: 'Inbound texts no trigger matched, grouped by normalised text, most frequent first (UTC days)',
      tag: 'stats',
      roles: ACCESS.statsRead,
      query: missedKeywordsQuerySchema,
      response: missedKeywordsSchema,
      handler({ query }) {
        return stats.missedKeywords(query);
      },
    }),
  ];
}
