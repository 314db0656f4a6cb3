import type { HttpData } from '@parley/shared';
import { listed, quoted, type NodeSummary } from '../summary-text';

export function httpSummary(data: HttpData): NodeSummary {
  const lines = [`${data.method} ${quoted(data.url, 48)}`];
  if (data.saveAs.length > 0) lines.push(`Saves ${listed(data.saveAs.map((s) => `vars.${s.variable}`))}`);
  return { lines };
}
