import {
  flowFunnelQuerySchema,
  flowFunnelSchema,
  flowParamsSchema,
  flowStatsQuerySchema,
  flowStatsSchema,
  missedKeywordsQuerySchema,
  missedKeywordsSchema,
  nodeDailyStatsQuerySchema,
  nodeDailyStatsSchema,
} from '@parley/shared';
import type { Response } from 'express';
import { ACCESS } from '../../auth/access';
import { defineRoute, type Route } from '../../http/define-route';
import { flowStatsCsv, missedKeywordsCsv } from './stats-csv';
import type { StatsService } from './stats-service';

export function statsRoutes(stats: StatsService): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/flows/:id/stats',
      operationId: 'flowStats',
      summary:
        "Per-node and per-edge counts, A/B splits and flow totals for a version (or all) over a day range in the version's time zone, the latest version's for all (default: last 30 days)",
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
      path: '/api/flows/:id/stats.csv',
      operationId: 'flowStatsCsv',
      summary: 'The per-node stats of GET /api/flows/{id}/stats as CSV, one row per node',
      tag: 'stats',
      roles: ACCESS.statsRead,
      params: flowParamsSchema,
      query: flowStatsQuerySchema,
      openapi: { produces: 'text/csv' },
      async handler({ params, query }, { res }) {
        const result = await stats.flowStats(params.id, query);
        sendCsv(res, `${params.id}-${result.version === null ? 'all' : `v${result.version}`}-${result.from}-${result.to}.csv`, flowStatsCsv(result, await stats.uniqueContactsByNode(result)));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/flows/:id/stats/daily',
      operationId: 'nodeDailyStats',
      summary: "One node in detail: its distinct contacts over the range, and its entered, exited and dropped per day (every day listed), in the version's time zone",
      tag: 'stats',
      roles: ACCESS.statsRead,
      params: flowParamsSchema,
      query: nodeDailyStatsQuerySchema,
      response: nodeDailyStatsSchema,
      handler({ params, query }) {
        return stats.nodeDaily(params.id, query.nodeId, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/flows/:id/stats/funnel',
      operationId: 'flowFunnel',
      summary: 'A funnel over a path of nodes (steps=a,b,c): per step, the distinct contacts that entered it and every step before it, and those that entered it at all',
      tag: 'stats',
      roles: ACCESS.statsRead,
      params: flowParamsSchema,
      query: flowFunnelQuerySchema,
      response: flowFunnelSchema,
      handler({ params, query }) {
        return stats.funnel(params.id, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/stats/missed-keywords',
      operationId: 'missedKeywords',
      summary: 'Inbound texts no trigger matched, near-duplicates grouped, most frequent first, with counts per day (UTC days)',
      tag: 'stats',
      roles: ACCESS.statsRead,
      query: missedKeywordsQuerySchema,
      response: missedKeywordsSchema,
      handler({ query }) {
        return stats.missedKeywords(query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/stats/missed-keywords.csv',
      operationId: 'missedKeywordsCsv',
      summary: 'The missed-keywords report as CSV: one row per group, with its variants and a column per day',
      tag: 'stats',
      roles: ACCESS.statsRead,
      query: missedKeywordsQuerySchema,
      openapi: { produces: 'text/csv' },
      async handler({ query }, { res }) {
        const report = await stats.missedKeywords(query);
        sendCsv(res, `missed-keywords-${report.from}-${report.to}.csv`, missedKeywordsCsv(report));
      },
    }),
  ];
}

function sendCsv(res: Response, filename: string, body: string): void {
  res.type('text/csv; charset=utf-8').attachment(filename).send(body);
}
