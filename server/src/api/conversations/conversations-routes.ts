import {
  changeTagsBodySchema,
  conversationListQuerySchema,
  conversationParamsSchema,
  conversationViewSchema,
  messageListQuerySchema,
  messageViewSchema,
  startFlowBodySchema,
  type ConversationView,
  type MessageView,
} from '@parley/shared';
import { z } from 'zod';
import { ACCESS } from '../../auth/access';
import { ApiError } from '../../http/api-error';
import { defineRoute, type Route } from '../../http/define-route';
import type { Runtime } from '../../runtime/runtime';
import type { Conversation, MessageRecord, Store } from '../../store/store';

// The documented response shapes are the store's records as they are: these assignments fail to
// compile when the two drift apart.
const conversationView = (conversation: Conversation): ConversationView => conversation;
const messageView = (message: MessageRecord): MessageView => message;

export function conversationsRoutes(store: Store, runtime: Runtime): Route[] {
  const find = async (id: string): Promise<Conversation> => {
    const conversation = await store.getConversation(id);
    if (!conversation) throw ApiError.notFound(`conversation "${id}"`);
    return conversation;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/conversations',
      operationId: 'listConversations',
      summary: 'Conversations, most recently active first, filtered by status, assignee and channel',
      tag: 'conversations',
      roles: ACCESS.conversations,
      query: conversationListQuerySchema,
      response: z.array(conversationViewSchema),
      async handler({ query }) {
        return (await store.listConversations(query)).map(conversationView);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/conversations/:id',
      operationId: 'getConversation',
      summary: 'A conversation with its contact, session and status',
      tag: 'conversations',
      roles: ACCESS.conversations,
      params: conversationParamsSchema,
      response: conversationViewSchema,
      async handler({ params }) {
        return conversationView(await find(params.id));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/conversations/:id/messages',
      operationId: 'listMessages',
      summary: "A conversation's latest messages, inbound and outbound",
      tag: 'conversations',
      roles: ACCESS.conversations,
      params: conversationParamsSchema,
      query: messageListQuerySchema,
      response: z.array(messageViewSchema),
      async handler({ params, query }) {
        await find(params.id);
        return (await store.listMessages(params.id, query.limit)).map(messageView);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/conversations/:id/resolve',
      operationId: 'resolveConversation',
      summary: 'End the handoff: automation resumes and the flow continues on `resolved` (409 when not handed off)',
      tag: 'conversations',
      roles: ACCESS.conversations,
      params: conversationParamsSchema,
      response: conversationViewSchema,
      async handler({ params }) {
        await find(params.id);
        return conversationView(await runtime.resolveHandoff(params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/conversations/:id/tags',
      operationId: 'changeConversationTags',
      summary: "Add and remove the contact's tags (tag_added triggers fire)",
      tag: 'conversations',
      roles: ACCESS.conversations,
      params: conversationParamsSchema,
      body: changeTagsBodySchema,
      response: conversationViewSchema,
      async handler({ params, body }) {
        await find(params.id);
        return conversationView(await runtime.changeTags(params.id, body.add, body.remove));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/conversations/:id/start',
      operationId: 'startFlow',
      summary:
        "Start a published flow for the conversation through the flow's api trigger (409 with the reason when it would not start: no api trigger, a person has the conversation, a waiting flow may not be interrupted, the trigger is outside its window)",
      tag: 'conversations',
      roles: ACCESS.conversations,
      params: conversationParamsSchema,
      body: startFlowBodySchema,
      response: conversationViewSchema,
      async handler({ params, body }) {
        const conversation = await find(params.id);
        const flow = await store.getFlow(body.flowId);
        if (!flow) {
          throw new ApiError(404, 'not_found', `flow "${body.flowId}" not found`, [{ path: ['flowId'], message: 'no such flow', code: 'not_found' }]);
        }
        // Checked here for their own codes and the flowId detail; whatever else the engine refuses, the
        // runtime answers with flow_not_started and the engine's reason.
        if (conversation.status === 'handed_off') {
          throw ApiError.conflict('handed_off', `a person has conversation "${conversation.id}"; resolve the handoff before starting a flow`);
        }
        const live = flow.status === 'published' && flow.publishedVersion !== null ? await store.getVersion(flow.id, flow.publishedVersion) : null;
        if (live && !live.graph.nodes.some((node) => node.type === 'trigger' && node.data.kind === 'api')) {
          throw ApiError.conflict('no_api_trigger', `flow "${flow.id}" has no api trigger, so the API cannot start it; add a trigger of kind "api" and publish`, [
            { path: ['flowId'], message: 'the published version has no api trigger', code: 'no_api_trigger' },
          ]);
        }
        return conversationView(await runtime.startFlow(params.id, body.flowId, body.variables));
      },
    }),
  ];
}
