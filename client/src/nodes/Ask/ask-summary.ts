import type { AskData } from '@parley/shared';
import { minutes, quoted, type NodeSummary } from '../summary-text';

export function askSummary(data: AskData): NodeSummary {
  const lines = [quoted(data.question), `Expects ${data.validate} → vars.${data.variable}`];
  if (data.retries > 0) lines.push(`Re-asks ${data.retries}× when invalid`);
  if (data.timeoutMinutes !== null) lines.push(`Times out after ${minutes(data.timeoutMinutes)}`);
  const outputLabels: Record<string, string> = Object.fromEntries(data.choices.map((choice) => [choice.id, choice.label]));
  return { lines, outputLabels };
}
