// Stands in for the customer's system behind WEBHOOK_CALLBACK_URL (127.0.0.1 only): checks each
// callback's signature and records when each contact's reply arrived, how often, and under which message ids.
import http from 'node:http';
import { signWebhook } from '@parley/server/dist/channels/webhook/webhook-signature';
import { z } from 'zod';

const callbackSchema = z.object({ contactId: z.string(), messageId: z.string() });

export interface Arrival {
  /** Date.now() when the first callback for the contact had been read. */
  first: number;
  deliveries: number;
  messageIds: Set<string>;
}

export class CallbackReceiver {
  readonly arrivals = new Map<string, Arrival>();
  /** Contacts in the order their first callback arrived. */
  readonly order: string[] = [];
  /** Callbacks with a wrong signature or body (answered 401). */
  rejected = 0;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(secret: string): Promise<CallbackReceiver> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the callback receiver has no TCP address');
    const receiver = new CallbackReceiver(server, `http://127.0.0.1:${address.port}/callback`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const at = Date.now();
        const raw = Buffer.concat(chunks);
        const timestamp = req.headers['x-parley-timestamp'];
        const expected = typeof timestamp === 'string' ? signWebhook(secret, timestamp, raw) : null;
        const body = callbackSchema.safeParse(safeJson(raw.toString('utf8')));
        if (expected === null || req.headers['x-parley-signature'] !== expected || !body.success) {
          receiver.rejected++;
          res.writeHead(401).end();
          return;
        }
        receiver.record(body.data.contactId, body.data.messageId, at);
        res.writeHead(204).end();
      });
    });
    return receiver;
  }

  private record(contactId: string, messageId: string, at: number): void {
    const arrival = this.arrivals.get(contactId);
    if (arrival === undefined) {
      this.arrivals.set(contactId, { first: at, deliveries: 1, messageIds: new Set([messageId]) });
      this.order.push(contactId);
      return;
    }
    arrival.deliveries++;
    arrival.messageIds.add(messageId);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
