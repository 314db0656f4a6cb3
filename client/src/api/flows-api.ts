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

const base = (id: string) => `/api/flows/${encodeURIComponent(id)}`;

export const flowsApi = {
  list: () => apiRequest('GET', '/api/flows', z.array(flowSummarySchema)),
  get: (id: string) => apiRequest('GET', base(id), flowSchema),
  create: (body: z.input<typeof createFlowBodySchema>) => apiRequest('POST', '/api/flows', flowSchema, body),
  /** Takes a file's JSON as it is: the server validates the document and names every bad field. */
  import: (document: unknown) => apiRequest('POST', '/api/flows/import', flowSchema, document),
  /** Refused with 409 `revision_conflict` when someone saved a newer revision since `body.revision`. */
  save: (id: string, body: SaveFlowBody) => apiRequest('PUT', base(id), flowSchema, body),
  publish: (id: string, revision: number) =>
    apiRequest('POST', `${base(id)}/publish`, z.object({ flow: flowSchema, version: flowVersionSchema, warnings: z.array(graphIssueSchema) }), { revision }),
  archive: (id: string) => apiRequest('POST', `${base(id)}/archive`, flowSchema),
  unarchive: (id: string) => apiRequest('POST', `${base(id)}/unarchive`, flowSchema),
  versions: (id: string) => apiRequest('GET', `${base(id)}/versions`, z.array(flowVersionSummarySchema)),
  version: (id: string, version: number) => apiRequest('GET', `${base(id)}/versions/${version}`, flowVersionSchema),
  export: (id: string) => apiRequest('GET', `${base(id)}/export`, flowDocumentSchema),
  /** The flows list order (every flow id once), which is also the tie-break between equal trigger priorities. */
  setOrder: (ids: string[]) => apiRequest('PUT', '/api/flow-order', z.array(flowSummarySchema), { ids }),
};
