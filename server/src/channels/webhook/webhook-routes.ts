import { createHash } from 'node:crypto';
import { webhookInboundSchema, type InboundEvent, type WebhookInbound } from '@parley/shared';
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { ApiError } from '../../http/api-error';
import { defineRoute, type Route } from '../../http/define-route';
import { rawBodyOf } from '../../http/raw-body';
import type { Runtime } from '../../runtime/runtime';
import type { Clock } from '../../runtime/runtime-types';
import { checkWebhookSignature } from './webhook-signature';

const webhookAcceptedSchema = z.object({
  accepted: z.literal(true),
  duplicate: z.boolean(),
  conversationId: z.string().nullable(),
  replies: z.array(z.unknown()),
});

/** The generic webhook: any system that can POST signed JSON can be a channel. */
export function webhookRoutes(deps: { runtime: Runtime; clock: Clock; secret: string; syncDeadlineMs: number }): Route[] {
  // Before validation: an unsigned request learns nothing, not even what a valid body looks like.
  const verifySignature: RequestHandler = (req, _res, next) => {
    const rawBody = rawBodyOf(req);
    if (rawBody === undefined) throw new ApiError(415, 'unsupported_media_type', 'send a JSON body with Content-Type: application/json');
    const check = checkWebhookSignature({
      secret: deps.secret,
      timestamp: req.get('x-parley-timestamp'),
      signature: req.get('x-parley-signature'),
      rawBody,
      nowMs: deps.clock.now(),
    });
    switch (check) {
      case 'ok':
        return next();
      case 'missing':
        throw new ApiError(401, 'missing_signature', 'X-Parley-Timestamp and X-Parley-Signature headers are required');
      case 'stale_timestamp':
        throw new ApiError(401, 'stale_timestamp', 'X-Parley-Timestamp must be unix seconds within 5 minutes of the server clock');
      case 'bad_signature':
        throw new ApiError(401, 'bad_signature', 'X-Parley-Signature does not match the body');
      default: {
        const never: never = check;
        throw new Error(`unknown signature check ${String(never)}`);
      }
    }
  };

  return [
    defineRoute({
      method: 'post',
      path: '/webhooks/generic',
      operationId: 'genericWebhook',
      summary: 'Inbound message from any system, signed with HMAC-SHA256; replies by signed callback, or in the response when sync is true',
      tag: 'channels',
      roles: 'public',
      before: [verifySignature],
      body: webhookInboundSchema,
      response: webhookAcceptedSchema,
      openapi: {
        security: [],
        headers: [
          { name: 'X-Parley-Timestamp', description: 'Unix seconds; refused when more than 5 minutes off' },
          { name: 'X-Parley-Signature', description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with WEBHOOK_SECRET>' },
        ],
      },
      async handler({ body }, { req }) {
        // The runtime scopes ids by contact. Without an id, the very same signed request posted again
        // (a retry) is one message; the same text sent later, with a later timestamp, is a new one.
        const messageId = body.messageId ?? requestDigest(req);
        const result = await deps.runtime.handleInbound({
          channel: 'webhook',
          externalId: body.contactId,
          contactName: body.name,
          event: inboundEvent(body, messageId),
          sync: body.sync ? { deadline: deps.clock.now() + deps.syncDeadlineMs } : undefined,
        });
        return { accepted: true, duplicate: result.status === 'duplicate', conversationId: result.conversationId, replies: result.replies };
      },
    }),
  ];
}

/** Digest of the timestamp and the raw body: the signature's input, so it names one signed request. */
function requestDigest(req: Request): string {
  const hash = createHash('sha256').update(`${req.get('x-parley-timestamp') ?? ''}.`).update(rawBodyOf(req) ?? Buffer.alloc(0));
  return `request-${hash.digest('hex').slice(0, 40)}`;
}

function inboundEvent(body: WebhookInbound, id: string): InboundEvent {
  if (body.postback) return { type: 'postback', id, payload: body.postback.payload, title: body.postback.title };
  return { type: 'message', id, messageType: body.type ?? 'text', text: body.text ?? '', mediaUrl: null, payload: body.payload ?? null };
}
