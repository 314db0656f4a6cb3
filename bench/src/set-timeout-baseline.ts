// Child process of the timers benchmark: the same schedule kept the way the design forbids, in plain
// in-memory setTimeouts of an otherwise idle node process, run at the same time as the server fires its
// timers. Its lateness is the floor this machine, loaded as it is at that moment, allows any scheduler.
// Usage: node set-timeout-baseline.js <first due, epoch ms> <window ms> <count>; prints one JSON line.
import { quantile } from './quantile';

function main(): void {
  const [start, windowMs, count] = process.argv.slice(2).map(Number);
  if (start === undefined || windowMs === undefined || count === undefined || ![start, windowMs, count].every(Number.isFinite)) {
    throw new Error('usage: set-timeout-baseline.js <first due epoch ms> <window ms> <count>');
  }
  const lateness: number[] = [];
  const guard = setTimeout(() => {
    process.stderr.write(`set-timeout baseline: only ${lateness.length} of ${count} timers fired\n`);
    process.exit(1);
  }, start - Date.now() + windowMs + 30_000);
  for (let i = 0; i < count; i++) {
    const due = start + Math.floor((i * windowMs) / count);
    setTimeout(() => {
      lateness.push(Date.now() - due);
      if (lateness.length < count) return;
      clearTimeout(guard);
      process.stdout.write(`${JSON.stringify({ count, p50: quantile(lateness, 0.5), p99: quantile(lateness, 0.99), max: Math.max(...lateness) })}\n`);
    }, due - Date.now());
  }
}

main();
