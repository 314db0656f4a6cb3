import {
  createFlowBodySchema,
  flowDocumentSchema,
  flowOrderBodySchema,
  flowParamsSchema,
  flowSchema,
  flowSummarySchema,
  flowVersionParamsSchema,
  flowVersionSchema,
  flowVersionSummarySchema,
  graphIssueSchema,
  graphValidationSchema,
  publishFlowBodySchema,
  saveFlowBodySchema,
  validateFlowBodySchema,
} from '@parley/shared';
import { z } from 'zod';
import { ACCESS } from '../../auth/access';
import { defineRoute, type Route } from '../../http/define-route';
import type { UserRecord } from '../../store/store';
import type { Actor, FlowService } from './flow-service';

export function flowsRoutes(flows: FlowService): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/flows',
      operationId: 'listFlows',
      summary: 'List flows in the flows list order (summaries, without graphs)',
      tag: 'flows',
      roles: ACCESS.flowsRead,
      response: z.array(flowSummarySchema),
      async handler() {
        return flows.list();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/flows',
      operationId: 'createFlow',
      summary: 'Create a draft flow (id generated from the name when left out)',
      tag: 'flows',
      roles: ACCESS.flowsWrite,
      body: createFlowBodySchema,
      status: 201,
      response: flowSchema,
      async handler({ body }, { user }) {
        return flows.create(body, actor(user));
      },
    }),
    defineRoute({
      method: 'put',
      // Not under /api/flows/: "order" is a valid flow id.
      path: '/api/flow-order',
      operationId: 'setFlowOrder',
      summary: 'Reorder the flows list (every flow id once); equal-priority triggers fire in this order, live at once',
      tag: 'flows',
      roles: ACCESS.flowsWrite,
      body: flowOrderBodySchema,
      response: z.array(flowSummarySchema),
      async handler({ body }, { user }) {
        return flows.setOrder(body.ids, actor(user));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/flows/import',
      operationId: 'importFlow',
      summary: 'Import a flow document as a new draft flow (409 when its id exists)',
      tag: 'flows',
      roles: ACCESS.flowsWrite,
      body: flowDocumentSchema,
      status: 201,
      response: flowSchema,
      async handler({ body }, { user }) {
        return flows.importDocument(body, actor(user));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/flows/:id',
      operationId: 'getFlow',
      summary: 'A flow with its draft graph',
      tag: 'flows',
      roles: ACCESS.flowsRead,
      params: flowParamsSchema,
      response: flowSchema,
      async handler({ params }) {
        return flows.get(params.id);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/flows/:id',
      operationId: 'saveFlow',
      summary: 'Save the draft; fields left out are kept; 409 revision_conflict when `revision` is stale',
      tag: 'flows',
      roles: ACCESS.flowsWrite,
      params: flowParamsSchema,
      body: saveFlowBodySchema,
      response: flowSchema,
      async handler({ params, body }, { user }) {
        return flows.save(params.id, body, actor(user));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/flows/:id/validate',
      operationId: 'validateFlow',
      summary: 'Validate the posted graph, or the stored draft when none is posted',
      tag: 'flows',
      roles: ACCESS.flowsRead,
      params: flowParamsSchema,
      body: validateFlowBodySchema,
      response: graphValidationSchema,
      async handler({ params, body }) {
        return flows.validate(params.id, body.graph);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/flows/:id/publish',
      operationId: 'publishFlow',
      summary: 'Publish the draft as a new immutable version; 422 graph_invalid lists every error',
      tag: 'flows',
      roles: ACCESS.flowsWrite,
      params: flowParamsSchema,
      body: publishFlowBodySchema,
      response: z.object({ flow: flowSchema, version: flowVersionSchema, warnings: z.array(graphIssueSchema) }),
      async handler({ params, body }, { user }) {
        return flows.publish(params.id, body.revision, actor(user));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/flows/:id/archive',
      operationId: 'archiveFlow',
      summary: 'Archive a flow: its triggers stop firing; running conversations finish on their version',
      tag: 'flows',
      roles: ACCESS.flowsWrite,
      params: flowParamsSchema,
      response: flowSchema,
      async handler({ params }, { user }) {
        return flows.setArchived(params.id, true, actor(user));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/flows/:id/unarchive',
      operationId: 'unarchiveFlow',
      summary: 'Unarchive a flow (published again when it has a version, else draft)',
      tag: 'flows',
      roles: ACCESS.flowsWrite,
      params: flowParamsSchema,
      response: flowSchema,
      async handler({ params }, { user }) {
        return flows.setArchived(params.id, false, actor(user));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/flows/:id/versions',
      operationId: 'listFlowVersions',
      summary: 'Published versions of a flow',
      tag: 'flows',
      roles: ACCESS.flowsRead,
      params: flowParamsSchema,
      response: z.array(flowVersionSummarySchema),
      async handler({ params }) {
        return flows.listVersions(params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/flows/:id/versions/:version',
      operationId: 'getFlowVersion',
      summary: 'One published version with its graph',
      tag: 'flows',
      roles: ACCESS.flowsRead,
      params: flowVersionParamsSchema,
      response: flowVersionSchema,
      async handler({ params }) {
        return flows.getVersion(params.id, params.version);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/flows/:id/export',
      operationId: 'exportFlow',
      summary: 'The draft as a flow document (the import format), as a download',
      tag: 'flows',
      roles: ACCESS.flowsRead,
      params: flowParamsSchema,
      response: flowDocumentSchema,
      async handler({ params }, { res }) {
        const flow = await flows.get(params.id);
        res.attachment(`${flow.id}.json`);
        return flows.exportDocument(flow);
      },
    }),
  ];
}

function actor(user: UserRecord | null): Actor {
  return user?.name ?? null;
}
