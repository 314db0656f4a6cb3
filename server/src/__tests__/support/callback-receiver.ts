// Stands in for the customer's system behind WEBHOOK_CALLBACK_URL: an HTTP server on 127.0.0.1 that
// checks each callback's signature (with the test Parley's secret) and keeps what arrives.
import http from 'node:http';
import { outMessageSchema, type OutMessage } from '@parley/shared';
import { z } from 'zod';
import { signWebhook, WEBHOOK_SECRET } from './sign-webhook';

const callbackBodySchema = z.object({ contactId: z.string(), conversationId: z.string(), messageId: z.string(), message: outMessageSchema });
type Callback = z.infer<typeof callbackBodySchema>;

export class CallbackReceiver {
  readonly received: Callback[] = [];
  /** Callbacks answered 401: a wrong signature or a body that is not a callback. */
  rejected = 0;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<CallbackReceiver> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the callback receiver has no TCP address');
    const receiver = new CallbackReceiver(server, `http://127.0.0.1:${address.port}/callback`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const timestamp = req.headers['x-parley-timestamp'];
        const signed = typeof timestamp === 'string' && req.headers['x-parley-signature'] === signWebhook(WEBHOOK_SECRET, timestamp, raw);
        const body = callbackBodySchema.safeParse(JSON.parse(raw.toString('utf8')));
        if (!signed || !body.success) {
          receiver.rejected += 1;
          res.writeHead(401).end();
          return;
        }
        receiver.received.push(body.data);
        res.writeHead(204).end();
      });
    });
    return receiver;
  }

  /** Texts delivered to this contact so far, taken off the list. */
  take(contactId: string): string[] {
    const mine = this.received.filter((c) => c.contactId === contactId);
    for (const callback of mine) this.received.splice(this.received.indexOf(callback), 1);
    return mine.map((c) => textOf(c.message));
  }

  /** Texts on the list, by contact; a contact that got none has no entry. */
  get texts(): Map<string, string[]> {
    const texts = new Map<string, string[]>();
    for (const callback of this.received) texts.set(callback.contactId, [...(texts.get(callback.contactId) ?? []), textOf(callback.message)]);
    return texts;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** What a contact reads of a message: its text, or `[type]` for a message without one. */
export function textOf(message: OutMessage): string {
  return message.type === 'text' ? message.text : `[${message.type}]`;
}
