// The peer harness's keyword workload (../shared/bench/peer): its reference `reply(set, body)` and its
// data, loaded from the harness itself so the baseline is exactly the loop the peers are measured on.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';

/** Where the harness lives; BENCH_PEER_DIR overrides it. */
export const PEER_DIR = process.env.BENCH_PEER_DIR ?? path.resolve(__dirname, '../../../shared/bench/peer');

const ruleSetSchema = z.object({
  fallback: z.string(),
  rules: z.array(z.object({ id: z.string(), priority: z.number(), keyword: z.string(), reply: z.string() })),
});
const bodySchema = z.object({ contactId: z.string(), text: z.string() });
export type PeerBody = z.infer<typeof bodySchema>;

export interface PeerWorkload {
  k: number;
  ruleSet: z.infer<typeof ruleSetSchema>;
  /** The 500 request bodies of data/requests-K.ndjson. */
  bodies: PeerBody[];
  /** The harness's reference implementation: lowercase, first rule whose keyword is a substring, render. */
  reply: (body: PeerBody) => unknown;
}

export function loadPeerWorkload(k: number): PeerWorkload {
  const dataDir = path.join(PEER_DIR, 'data');
  const ruleSet = ruleSetSchema.parse(JSON.parse(readFileSync(path.join(dataDir, `rules-${k}.json`), 'utf8')));
  const bodies = readFileSync(path.join(dataDir, `requests-${k}.ndjson`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => bodySchema.parse(JSON.parse(line)));
  const workload: unknown = createRequire(__filename)(path.join(PEER_DIR, 'workload.cjs'));
  if (typeof workload !== 'object' || workload === null || !('reply' in workload) || typeof workload.reply !== 'function') {
    throw new Error(`${PEER_DIR}/workload.cjs does not export reply(set, body)`);
  }
  const reference = workload.reply;
  // The raw parsed JSON goes in, as the harness's servers pass it: the reference reads only fallback and rules.
  return { k, ruleSet, bodies, reply: (body) => reference(ruleSet, body) };
}
