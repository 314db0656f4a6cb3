// For component tests: a stand-in for the server at the network boundary (global fetch), answering
// from a table of routes and recording every request, so tests assert what the user's actions sent.
export interface FakeCall {
  method: string;
  path: string;
  body: unknown;
}

export type FakeReply = { status: number; body?: unknown };

/** A reply, or a promise of one: a test holds an answer back to see what the page does meanwhile. */
type Replier = (call: FakeCall) => FakeReply | Promise<FakeReply>;

interface FakeRoute {
  method: string;
  path: string | RegExp;
  reply: Replier;
}

export class FakeServer {
  readonly calls: FakeCall[] = [];
  private readonly routes: FakeRoute[] = [];

  /** Later routes win, so a test can change an answer midway. */
  on(method: string, path: string | RegExp, reply: FakeReply | Replier): this {
    this.routes.unshift({ method, path, reply: typeof reply === 'function' ? reply : () => reply });
    return this;
  }

  callsTo(method: string, path: string): FakeCall[] {
    return this.calls.filter((call) => call.method === method && call.path === path);
  }

  install(): void {
    Object.defineProperty(globalThis, 'fetch', {
      configurable: true,
      writable: true,
      value: async (input: unknown, init: { method?: string; body?: unknown } = {}) => {
        const call: FakeCall = { method: init.method ?? 'GET', path: String(input), body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
        this.calls.push(call);
        const route = this.routes.find((r) => r.method === call.method && (typeof r.path === 'string' ? r.path === call.path : r.path.test(call.path)));
        const { status, body } = route ? await route.reply(call) : { status: 404, body: { error: { code: 'not_found', message: `no fake route for ${call.method} ${call.path}`, details: [] } } };
        const text = body === undefined ? '' : JSON.stringify(body);
        return { ok: status >= 200 && status < 300, status, text: async () => text };
      },
    });
  }
}

/** The server's error body. */
export function apiError(status: number, code: string, message: string, details: unknown = []): FakeReply {
  return { status, body: { error: { code, message, details } } };
}
