// End to end over HTTP, side by side with the peers: the harness's compare.sh starts its raw node:http
// and express baselines and Node-RED, and this starts Parley (the real server on its embedded SQLite
// store, a published flow per rule set, answering on a hook URL with passive replies) as one more
// target. compare.sh checks every reply of every target, then runs the same wrk load on each in turn,
// interleaved. Figures: Parley's requests/s, p50 and p99 per K, and their ratios to each peer.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hookKey } from '@parley/server/dist/channels/hook/hook-key';
import { z } from 'zod';
import { printFigure } from './figure';
import { PEER_DIR, loadPeerWorkload } from './peer-workload';
import { rulesFlow } from './rules-flow';
import { SERVER_ENTRY } from './server-process';

const KS = [10, 1000];
const PORT = 18094;
const PEERS = ['node-http', 'express', 'node-red-fn', 'node-red-switch'] as const;
const resultSchema = z.object({ target: z.string(), k: z.number(), rps: z.number(), p50_ms: z.number(), p99_ms: z.number() });

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-http-'));
  try {
    const secret = randomBytes(24).toString('hex');
    const env = { ...process.env, DATA_DIR: dataDir, WEBHOOK_SECRET: secret, MONGODB_URI: '' };
    const flowsDir = path.join(dataDir, 'flows');
    mkdirSync(flowsDir);
    for (const k of KS) writeFileSync(path.join(flowsDir, `keywords-${k}.json`), JSON.stringify(rulesFlow(loadPeerWorkload(k), `kw${k}`)));
    const cli = path.join(path.dirname(SERVER_ENTRY), 'cli.js');
    const load = spawnSync(process.execPath, [cli, 'load-flows', flowsDir], { env, encoding: 'utf8' });
    if (load.status !== 0) throw new Error(`load-flows failed: ${load.stdout}${load.stderr}`);

    const serverEnv = `DATA_DIR=${dataDir} WEBHOOK_SECRET=${secret} MONGODB_URI= PORT=${PORT} HOST=127.0.0.1 LOG_LEVEL=warn`;
    const compareEnv = {
      ...process.env,
      START_EXTRA: `exec env ${serverEnv} ${process.execPath} ${SERVER_ENTRY}`,
      EXTRA_TARGETS: `parley=http://127.0.0.1:${PORT}/hooks/${hookKey(secret)}/kw{k}`,
    };
    const { stderr } = await run(path.join(PEER_DIR, 'compare.sh'), compareEnv);
    const workDir = /logs and raw results in (\S+);/.exec(stderr)?.[1];
    if (!workDir) throw new Error('compare.sh did not say where its results are');
    report(readFileSync(path.join(workDir, 'results.jsonl'), 'utf8'));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs compare.sh with its progress on our stderr (it takes minutes), keeping its stderr to read. */
function run(script: string, env: NodeJS.ProcessEnv): Promise<{ stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script], { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve({ stderr }) : reject(new Error(`compare.sh exited with ${code}`))));
  });
}

function report(jsonl: string): void {
  const results = jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => resultSchema.parse(JSON.parse(line)));
  for (const k of KS) {
    const median = (target: string, metric: 'rps' | 'p50_ms' | 'p99_ms') => medianOf(results.filter((r) => r.target === target && r.k === k).map((r) => r[metric]));
    const ours = { rps: median('parley', 'rps'), p50: median('parley', 'p50_ms'), p99: median('parley', 'p99_ms') };
    const kase = `parley-K${k}`;
    printFigure({ bench: 'http', case: kase, metric: 'requests_per_s', value: ours.rps, unit: '1/s', baseline: null, ratio: null });
    printFigure({ bench: 'http', case: kase, metric: 'p50_ms', value: ours.p50, unit: 'ms', baseline: null, ratio: null });
    for (const peer of PEERS) {
      const rps = median(peer, 'rps');
      const target = peer === 'express' ? '≥ 1.0' : peer === 'node-red-fn' ? '≥ 1.3' : undefined;
      const ratio = ours.rps / rps;
      printFigure({ bench: 'http', case: kase, metric: `rps_vs_${peer}`, value: ours.rps, unit: '1/s', baseline: `${peer}-K${k}/requests_per_s (${Math.round(rps)})`, ratio, ...(target ? { target: `ratio ${target}`, met: ratio >= Number(target.slice(2)) } : {}) });
    }
    const expressP99 = median('express', 'p99_ms');
    printFigure({ bench: 'http', case: kase, metric: 'p99_ms', value: ours.p99, unit: 'ms', baseline: `express-K${k}/p99_ms (${expressP99})`, ratio: ours.p99 / expressP99, target: 'ratio ≤ 1', met: ours.p99 <= expressP99 });
  }
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('no results for a target');
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

main().catch((error: unknown) => {
  process.stderr.write(`http-peer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
