// A background loop that runs one pass, sleeps for the delay the pass asks for, and repeats; `kick`
// runs the next pass at once and `stop` waits for the pass in progress. Its timers are unref'd, so
// a forgotten loop never keeps the process alive.

export interface PollLoopOptions {
  /** One pass; returns how long to sleep before the next one (ms). */
  pass: () => Promise<number>;
  /** Called when a pass throws; the loop goes on after `errorDelayMs`. */
  onError: (error: unknown) => void;
  errorDelayMs: number;
}

export class PollLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private kicked = false;
  private stopped = true;

  constructor(private readonly options: PollLoopOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Runs a pass now (or right after the current one), instead of waiting for the sleep to end. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.kicked = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.runPass();
    }, Math.max(0, delayMs));
    this.timer.unref();
  }

  private async runPass(): Promise<void> {
    let delay: number;
    try {
      delay = await this.options.pass();
    } catch (error) {
      this.options.onError(error);
      delay = this.options.errorDelayMs;
    }
    this.running = null;
    if (this.stopped) return;
    const again = this.kicked;
    this.kicked = false;
    this.schedule(again ? 0 : delay);
  }
}
