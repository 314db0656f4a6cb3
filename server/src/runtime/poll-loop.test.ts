import { PollLoop } from './poll-loop';

const HOUR = 3_600_000;
// Node runs equal-delay timers in the order they were set, so this resolves after any timer the loop set before.
const nextMacrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('PollLoop', () => {
  it('runs a pass at start, another on kick, and none after stop', async () => {
    let passes = 0;
    const loop = new PollLoop({ pass: async () => (passes++, HOUR), onError: () => undefined, errorDelayMs: HOUR });
    loop.start();
    await nextMacrotask();
    expect(passes).toBe(1);
    loop.kick();
    await nextMacrotask();
    expect(passes).toBe(2);
    await loop.stop();
    loop.kick();
    await nextMacrotask();
    expect(passes).toBe(2);
  });

  it('waits for the pass in progress when stopped, and runs a kick made during a pass right after it', async () => {
    let release: () => void = () => undefined;
    const log: string[] = [];
    const loop = new PollLoop({
      pass: async () => {
        log.push('start');
        await new Promise<void>((resolve) => (release = resolve));
        log.push('end');
        return HOUR;
      },
      onError: () => undefined,
      errorDelayMs: HOUR,
    });
    loop.start();
    await nextMacrotask();
    loop.kick();
    release();
    // One macrotask for the pass to finish and set its next timer, one for that timer.
    await nextMacrotask();
    await nextMacrotask();
    expect(log).toEqual(['start', 'end', 'start']);
    const stopped = loop.stop();
    release();
    await stopped;
    expect(log).toEqual(['start', 'end', 'start', 'end']);
  });

  it('reports a failing pass and keeps the loop alive', async () => {
    const errors: unknown[] = [];
    let passes = 0;
    const loop = new PollLoop({
      pass: async () => {
        passes++;
        throw new Error('store down');
      },
      onError: (error) => errors.push(error),
      errorDelayMs: HOUR,
    });
    loop.start();
    await nextMacrotask();
    loop.kick();
    await nextMacrotask();
    await loop.stop();
    expect(passes).toBe(2);
    expect(errors).toHaveLength(2);
  });
});
