import { KeyedQueue } from './keyed-queue';

/** A promise the test settles by hand, so ordering is observed without measuring time. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('KeyedQueue', () => {
  it('runs tasks of one key one at a time, in order', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const gate = deferred();
    const first = queue.run('a', async () => {
      log.push('first start');
      await gate.promise;
      log.push('first end');
    });
    const second = queue.run('a', async () => {
      log.push('second');
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(log).toEqual(['first start']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(['first start', 'first end', 'second']);
  });

  it('runs different keys concurrently', async () => {
    const queue = new KeyedQueue();
    const gate = deferred();
    const log: string[] = [];
    const blocked = queue.run('a', async () => {
      await gate.promise;
      log.push('a');
    });
    await queue.run('b', async () => {
      log.push('b');
    });
    expect(log).toEqual(['b']);
    gate.resolve();
    await blocked;
    expect(log).toEqual(['b', 'a']);
  });

  it('keeps going after a failed task and reports the failure to its caller only', async () => {
    const queue = new KeyedQueue();
    const failing = queue.run('a', async () => {
      throw new Error('boom');
    });
    const next = queue.run('a', async () => 'fine');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('fine');
  });

  it('forgets a key once its work is done', async () => {
    const queue = new KeyedQueue();
    await Promise.all(Array.from({ length: 50 }, (_, i) => queue.run(`k${i % 5}`, async () => i)));
    // The cleanup runs one microtask after the tail settles.
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.size).toBe(0);
  });
});
