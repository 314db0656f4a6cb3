// Times a loop the way every micro-benchmark here does: warm-up runs first (the JIT settles), then
// `reps` timed runs, each reported as nanoseconds per operation, so min and median can be read off.
import { quantile } from './quantile';

export interface RepTimes {
  /** ns per operation of each timed run, in run order. */
  nsPerOp: number[];
  min: number;
  median: number;
}

/** `run(rep)` performs its operations and returns how many it did; rep < 0 marks a warm-up run. */
export function timeReps(options: { warmups: number; reps: number; run: (rep: number) => number }): RepTimes {
  for (let w = 0; w < options.warmups; w++) options.run(-1 - w);
  const nsPerOp: number[] = [];
  for (let rep = 0; rep < options.reps; rep++) {
    const start = process.hrtime.bigint();
    const ops = options.run(rep);
    const elapsed = Number(process.hrtime.bigint() - start);
    nsPerOp.push(elapsed / ops);
  }
  return { nsPerOp, min: Math.min(...nsPerOp), median: quantile(nsPerOp, 0.5) };
}
