// Runs the registered benchmarks (all, or those named), each in its own node process so that memory
// figures see nothing of the others; passes their JSON figure lines through to stdout as they come and
// ends with a markdown table of every figure. Usage: node bench/dist/run.js [--list] [name ...]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { benchmarks, type Benchmark } from './benchmarks';
import { envNumber } from './env-number';
import { figureSchema, type Figure } from './figure';
import { trackChild } from './server-process';

const TIMEOUT_MS = envNumber('BENCH_TIMEOUT_S', 1_800) * 1000;
const KILL_GRACE_MS = 10_000;

interface Outcome {
  name: string;
  status: 'ok' | 'failed' | 'timed out';
  seconds: number;
  figures: Figure[];
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--list')) {
    for (const [name, { what }] of Object.entries(benchmarks)) process.stdout.write(`${name.padEnd(10)} ${what}\n`);
    return 0;
  }
  const names = args.length === 0 ? Object.keys(benchmarks) : args;
  const unknown = names.filter((name) => benchmarks[name] === undefined);
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}\n`);
    return 2;
  }
  const loadBefore = os.loadavg()[0] ?? 0;
  const outcomes: Outcome[] = [];
  for (const name of names) {
    const benchmark = benchmarks[name];
    if (benchmark !== undefined) outcomes.push(await runOne(name, benchmark));
  }
  process.stdout.write(summary(outcomes, loadBefore, os.loadavg()[0] ?? 0));
  return outcomes.every((o) => o.status === 'ok') ? 0 : 1;
}

function runOne(name: string, benchmark: Benchmark): Promise<Outcome> {
  const script = path.join(__dirname, benchmark.script);
  const started = Date.now();
  const figures: Figure[] = [];
  const seconds = (): number => Math.round((Date.now() - started) / 1000);
  if (!existsSync(script)) {
    process.stderr.write(`[${name}] ${script} does not exist: build with \`npx tsc -p bench\`\n`);
    return Promise.resolve({ name, status: 'failed', seconds: 0, figures });
  }
  process.stderr.write(`[${name}] ${benchmark.what}\n`);
  const child = spawn(process.execPath, ['--expose-gc', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  trackChild(child);
  createInterface({ input: child.stdout }).on('line', (line) => {
    const figure = figureSchema.safeParse(safeJson(line));
    if (figure.success) {
      figures.push(figure.data);
      process.stdout.write(`${line}\n`);
    } else if (line.trim() !== '') {
      // Only figures go to stdout: anything else a benchmark prints there is shown as a note.
      process.stderr.write(`[${name}] ${line}\n`);
    }
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.stderr.write(`[${name}] no end after ${TIMEOUT_MS / 1000} s (BENCH_TIMEOUT_S): stopping it\n`);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
  }, TIMEOUT_MS);
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const status = timedOut ? 'timed out' : code === 0 ? 'ok' : 'failed';
      if (status === 'failed') process.stderr.write(`[${name}] exited with ${code ?? signal}\n`);
      resolve({ name, status, seconds: seconds(), figures });
    });
  });
}

function summary(outcomes: readonly Outcome[], loadBefore: number, loadAfter: number): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const lines = [
    '',
    '## Benchmark summary',
    '',
    `node ${process.version}, ${os.cpus().length} cores (${cpu}), load average ${loadBefore.toFixed(2)} at start and ${loadAfter.toFixed(2)} at the end.`,
    `Ran: ${outcomes.map((o) => `${o.name} ${o.status} in ${o.seconds} s`).join(', ')}.`,
    'Ratios divide by the baseline named in the row, measured in the same run.',
    '',
    '| bench | case | metric | value | unit | ratio | baseline | target |',
    '|---|---|---|---:|---|---:|---|---|',
    ...outcomes.flatMap((o) =>
      o.figures.map((f) => {
        const target = f.target === undefined ? '' : `${f.target} ${f.met === true ? '✓ met' : f.met === false ? '✗ missed' : ''}`.trim();
        return `| ${f.bench} | ${f.case} | ${f.metric} | ${f.value} | ${f.unit} | ${f.ratio === null ? '' : `${f.ratio}×`} | ${f.baseline ?? ''} | ${target} |`;
      }),
    ),
    '',
  ];
  return lines.join('\n');
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
