import {
  changeTagsBodySchema,
  conversationListQuerySchema,
  conversationParamsSchema,
  messageListQuerySchema,
  startFlowBodySchema,
} from '@parley/shared';
import { ACCESS } from '../../auth/access';
import { ApiError } from '../../http/api-error';
import { defineRoute, type Route } from '../../http/define-route';
import type { Runtime } from '../../runtime/runtime';
import type { Conversation, Store } from '../../store/store';

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
      handler({ query }) {
        return store.listConversations(query);
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
      handler({ params }) {
        return find(params.id);
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
      async handler({ params, query }) {
        await find(params.id);
        return store.listMessages(params.id, query.limit);
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
      handler({ params }) {
        return runtime.resolveHandoff(params.id);
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
      handler({ params, body }) {
        return runtime.changeTags(params.id, body.add, body.remove);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/conversations/:id/start',
      operationId: 'startFlow',
      summary: "Start a published flow for the conversation through the flow's api trigger",
      tag: 'conversations',
      roles: ACCESS.conversations,
      params: conversationParamsSchema,
      body: startFlowBodySchema,
      async handler({ params, body }) {
        await find(params.id);
        if (!(await store.getFlow(body.flowId))) {
          throw new ApiError(404, 'not_found', `flow "${body.flowId}" not found`, [{ path: ['flowId'], message: 'no such flow', code: 'not_found' }]);
        }
        return runtime.startFlow(params.id, body.flowId, body.variables);
      },
    }),
  ];
}
