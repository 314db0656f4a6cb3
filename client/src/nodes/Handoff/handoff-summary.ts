import type { HandoffData } from '@parley/shared';
import { minutes, quoted, type NodeSummary } from '../summary-text';

const STRATEGY: Record<HandoffData['strategy'], string> = {
  least_busy: 'least busy agent',
  sticky: 'previous agent first',
  round_robin: 'round robin',
  broadcast: 'offer to everyone',
};

export function handoffSummary(data: HandoffData): NodeSummary {
  const lines = [`Team ${data.team} · ${STRATEGY[data.strategy]}`];
  if (data.message !== '') lines.push(quoted(data.message));
  if (data.timeoutMinutes !== null) lines.push(`Times out after ${minutes(data.timeoutMinutes)}`);
  return { lines, outputLabels: { no_agent: 'no agent' } };
}
