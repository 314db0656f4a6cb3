import { chatMessageSchema, chatPostbackSchema, visitorIdSchema, type InboundEvent } from '@parley/shared';
import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import { ApiError } from '../../http/api-error';
import { toApiError } from '../../http/error-handler';
import { parseInput } from '../../http/validate';
import type { Runtime } from '../../runtime/runtime';
import type { Store } from '../../store/store';
import { visitorRoom } from './web-chat-channel';

type Ack = (response: { ok: true; duplicate: boolean; conversationId: string | null } | { error: { code: string; message: string; details?: unknown } }) => void;

const HISTORY_LIMIT = 50;

/**
 * The public `/chat` namespace for site visitors. A visitor connects with `auth: { visitorId }`,
 * joins its room and receives the conversation so far (`history`); `message` {id, text} and
 * `postback` {id, payload} go to the runtime on the 'web' channel and are acknowledged
 * `{ ok, duplicate }` or `{ error }`. Replies arrive as `message` events (WebChatChannel).
 */
export function setupChatNamespace(namespace: Namespace, deps: { runtime: Runtime; store: Store; logger: Logger }): void {
  namespace.use((socket, next) => {
    const visitorId = visitorIdSchema.safeParse(readVisitorId(socket));
    if (!visitorId.success) {
      const refusal = ApiError.invalid('auth', [{ path: ['visitorId'], message: '8–64 letters, digits, _ or -', code: 'invalid_format' }]);
      // socket.io hands `data` to the client's connect_error: the same body an HTTP client gets.
      return next(Object.assign(new Error(refusal.message), { data: refusal.toBody() }));
    }
    socket.data.visitorId = visitorId.data;
    next();
  });

  namespace.on('connection', async (socket) => {
    const visitorId = visitorIdSchema.parse(socket.data.visitorId);
    // Handlers are registered before anything is awaited, so no early message is missed.
    const joined = socket.join(visitorRoom(visitorId));

    /** Validates the payload like an HTTP body (errors named after the event), then runs the event. */
    const handle = async (ack: unknown, toEvent: () => InboundEvent): Promise<void> => {
      const reply: Ack = typeof ack === 'function' ? (response) => ack(response) : () => {};
      try {
        const result = await deps.runtime.handleInbound({ channel: 'web', externalId: visitorId, event: toEvent() });
        reply({ ok: true, duplicate: result.status === 'duplicate', conversationId: result.conversationId });
      } catch (error) {
        const apiError = toApiError(error);
        if (apiError) return reply(apiError.toBody());
        deps.logger.error({ err: error, visitorId }, 'web chat message failed');
        reply({ error: { code: 'internal', message: 'internal error' } });
      }
    };

    // Message ids are namespaced by visitor: idempotency is per channel, and one visitor must not be
    // able to shadow another's messages by reusing their ids.
    socket.on('message', (payload: unknown, ack: unknown) =>
      handle(ack, (): InboundEvent => {
        const m = parseInput('message', chatMessageSchema, payload);
        return { type: 'message', id: m.id, messageType: 'text', text: m.text, mediaUrl: null, payload: null };
      }),
    );
    socket.on('postback', (payload: unknown, ack: unknown) =>
      handle(ack, (): InboundEvent => {
        const p = parseInput('postback', chatPostbackSchema, payload);
        return { type: 'postback', id: p.id, payload: p.payload, title: p.title };
      }),
    );

    try {
      await joined;
      const conversation = await deps.store.findConversation('web', visitorId);
      const messages = conversation ? await deps.store.listMessages(conversation.id, HISTORY_LIMIT) : [];
      socket.emit('history', messages.map((m) => ({ id: m.id, direction: m.direction, body: m.body, at: m.at })));
    } catch (error) {
      deps.logger.error({ err: error, visitorId }, 'web chat history failed');
    }
  });
}

function readVisitorId(socket: Socket): unknown {
  const auth: unknown = socket.handshake.auth;
  return typeof auth === 'object' && auth !== null && 'visitorId' in auth ? auth.visitorId : undefined;
}
