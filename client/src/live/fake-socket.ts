// For component tests: stands in for socket.io-client's `io` (the network boundary of live updates),
// so a test can play server events to whatever the components subscribed.
type Listener = (payload: unknown) => void;

export class FakeSocket {
  active = false;
  private readonly listeners = new Map<string, Set<Listener>>();

  connect(): this {
    this.active = true;
    return this;
  }

  disconnect(): this {
    this.active = false;
    return this;
  }

  on(event: string, listener: Listener): this {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return this;
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  /** What the server would send. */
  serverEmit(event: string, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }
}

export const fakeSocket = new FakeSocket();
