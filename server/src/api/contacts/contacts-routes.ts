import { contactListQuerySchema, contactParamsSchema, contactViewSchema, type ContactView } from '@parley/shared';
import { z } from 'zod';
import { ACCESS } from '../../auth/access';
import { ApiError } from '../../http/api-error';
import { defineRoute, type Route } from '../../http/define-route';
import type { Conversation, Store } from '../../store/store';

/**
 * Contacts are a view over conversations: the runtime keeps one conversation per contact and
 * channel, and the contact (name, tags, attributes) lives in its state.
 */
export function contactsRoutes(store: Store): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/contacts',
      operationId: 'listContacts',
      summary: 'Contacts, most recently active first',
      tag: 'contacts',
      roles: ACCESS.contactsRead,
      query: contactListQuerySchema,
      response: z.array(contactViewSchema),
      async handler({ query }) {
        const conversations = await store.listConversations({ limit: query.limit, ...(query.channel ? { channel: query.channel } : {}) });
        return conversations.map(contactView);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/contacts/:id',
      operationId: 'getContact',
      summary: 'One contact',
      tag: 'contacts',
      roles: ACCESS.contactsRead,
      params: contactParamsSchema,
      response: contactViewSchema,
      async handler({ params }) {
        const conversation = await store.findConversation(params.id.channel, params.id.externalId);
        if (!conversation) throw ApiError.notFound(`contact "${params.id.channel}:${params.id.externalId}"`);
        return contactView(conversation);
      },
    }),
  ];
}

function contactView(conversation: Conversation): ContactView {
  const { contact, activity } = conversation.state;
  // Contacts are addressed by channel and address, whatever id the runtime gives them internally.
  return {
    id: `${conversation.channel}:${conversation.externalId}`,
    conversationId: conversation.id,
    name: contact.name,
    channel: conversation.channel,
    externalId: conversation.externalId,
    tags: contact.tags,
    attributes: contact.attributes,
    lastSeenAt: activity.lastInboundAt ?? conversation.createdAt,
  };
}
