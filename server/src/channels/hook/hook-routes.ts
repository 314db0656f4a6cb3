import { randomUUID } from 'node:crypto';
import { hookAccountSchema, hookInboundSchema, hookReplySchema, type HookInbound, type InboundEvent } from '@parley/shared';
import { z } from 'zod';
import { ApiError } from '../../http/api-error';
import { defineRawRoute, type RawRoute } from '../../http/raw-route';
import type { Runtime } from '../../runtime/runtime';
import type { Clock } from '../../runtime/runtime-types';
import { hookKeyCheck } from './hook-key';
import { plainText } from './plain-text';

/**
 * The hook channel: POST a message to /hooks/<key>/<account>, get the flow's replies as plain text in
 * the response (a passive reply, as WeChat requires within 5 seconds). Contacts live on the channel
 * "webhook.<account>", so flows can listen to one account. Replies the flow sends later (after a wait,
 * or past the deadline) go out through the generic webhook's signed callback.
 */
export function hookRoutes(deps: { runtime: Runtime; clock: Clock; secret: string; syncDeadlineMs: number }): RawRoute<unknown, unknown>[] {
  const isHookKey = hookKeyCheck(deps.secret);
  return [
    defineRawRoute({
      method: 'post',
      path: '/hooks/:key/:account',
      operationId: 'hookInbound',
      summary: 'Inbound message on a hook URL (the URL is the credential); the replies come back in the response as plain text',
      tag: 'channels',
      roles: 'public',
      params: z.object({ key: z.string().min(1).max(100), account: hookAccountSchema }),
      body: hookInboundSchema,
      response: hookReplySchema,
      openapi: { security: [] },
      authorize({ key }) {
        if (!isHookKey(key)) {
          throw new ApiError(401, 'bad_hook_key', 'this is not a valid hook URL; print one with: node server/dist/cli.js hook-url <account>');
        }
      },
      async handle({ body, params }) {
        const result = await deps.runtime.handleInbound({
          channel: `webhook.${params.account}`,
          externalId: body.contactId,
          contactName: body.name,
          event: inboundEvent(body),
          sync: { deadline: deps.clock.now() + deps.syncDeadlineMs },
          idempotent: body.messageId !== undefined,
        });
        return { replies: result.replies.map(plainText) };
      },
    }),
  ];
}

function inboundEvent(body: HookInbound): InboundEvent {
  const id = body.messageId ?? randomUUID();
  if (body.text === undefined && body.payload !== undefined) return { type: 'postback', id, payload: body.payload, title: '' };
  return { type: 'message', id, messageType: 'text', text: body.text ?? '', mediaUrl: null, payload: body.payload ?? null };
}
