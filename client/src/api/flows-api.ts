// Typed calls for /api/flows: what the flows list and the builder load, save and publish.
import {
  createFlowBodySchema,
  flowDocumentSchema,
  flowSchema,
  flowSummarySchema,
  flowVersionSchema,
  flowVersionSummarySchema,
  graphIssueSchema,
  type SaveFlowBody,
} from '@parley/shared';
import { z } from 'zod';
import { apiRequest } from './api-client';

/** A flow's API path: every flow route (and its stats) hangs off it. */
export const flowPath = (id: string) => `/api/flows/${encodeURIComponent(id)}`;

export const flowsApi = {
  list: () => apiRequest('GET', '/api/flows', z.array(flowSummarySchema)),
  get: (id: string) => apiRequest('GET', flowPath(id), flowSchema),
  create: (body: z.input<typeof createFlowBodySchema>) => apiRequest('POST', '/api/flows', flowSchema, body),
  /** Takes a file's JSON as it is: the server validates the document and names every bad field. */
  import: (document: unknown) => apiRequest('POST', '/api/flows/import', flowSchema, document),
  /** Refused with 409 `revision_conflict` when someone saved a newer revision since `body.revision`. */
  save: (id: string, body: SaveFlowBody) => apiRequest('PUT', flowPath(id), flowSchema, body),
  publish: (id: string, revision: number) =>
    apiRequest('POST', `${flowPath(id)}/publish`, z.object({ flow: flowSchema, version: flowVersionSchema, warnings: z.array(graphIssueSchema) }), { revision }),
  archive: (id: string) => apiRequest('POST', `${flowPath(id)}/archive`, flowSchema),
  unarchive: (id: string) => apiRequest('POST', `${flowPath(id)}/unarchive`, flowSchema),
  versions: (id: string) => apiRequest('GET', `${flowPath(id)}/versions`, z.array(flowVersionSummarySchema)),
  version: (id: string, version: number) => apiRequest('GET', `${flowPath(id)}/versions/${version}`, flowVersionSchema),
  export: (id: string) => apiRequest('GET', `${flowPath(id)}/export`, flowDocumentSchema),
  /** The flows list order (every flow id once), which is also the tie-break between equal trigger priorities. */
  setOrder: (ids: string[]) => apiRequest('PUT', '/api/flow-order', z.array(flowSummarySchema), { ids }),
};
