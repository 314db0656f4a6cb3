// The benchmarks `node bench/dist/run.js [name ...]` knows, in the order it runs them. Registering another
// is one line: its compiled script in bench/dist, which prints figures (see figure.ts) as JSON lines.
export interface Benchmark {
  /** File in bench/dist, run as its own node process (with --expose-gc). */
  script: string;
  what: string;
}

export const benchmarks: Readonly<Record<string, Benchmark>> = {
  engine: { script: 'engine.js', what: 'events/s through the pure step: keyword FAQ, off-hours calendar, 50-node branching flow' },
  keywords: { script: 'keywords.js', what: 'per-message trigger matching with 10 to 100,000 keyword rules, index build time and heap' },
  http: { script: 'http-peer.js', what: 'end to end over HTTP with the peer harness (compare.sh): Parley vs node:http, express, Node-RED, K = 10 and 1000' },
  timers: { script: 'timers.js', what: '100,000 parked conversations in the real server: memory, timer lateness, restart' },
  analytics: { script: 'analytics.js', what: 'analytics reads over 30 days on a store with 1,000,000 node entries (refund flow, 90 days, 3 versions) vs 10,000' },
  builder: { script: 'builder-canvas.js', what: 'the builder in headless Chromium with a 500-node flow: first render, frame times while dragging and panning' },
};
