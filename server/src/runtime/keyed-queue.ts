// Runs tasks one at a time per key (a conversation) while different keys run concurrently, so a
// conversation sees its events in arrival order without a global lock. Each key keeps only the tail
// of its chain, and the tail is dropped once it settles with nothing behind it, so idle keys cost nothing.

export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every task queued earlier under `key`; resolves or rejects with its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    // A failed task must not block the ones behind it: they wait for it to settle, not to succeed.
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with queued or running work. */
  get size(): number {
    return this.tails.size;
  }
}
