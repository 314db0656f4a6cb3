import type { TagData } from '@parley/shared';
import { listed, type NodeSummary } from '../summary-text';

export function tagSummary(data: TagData): NodeSummary {
  const lines: string[] = [];
  if (data.add.length > 0) lines.push(`Add ${listed(data.add)}`);
  if (data.remove.length > 0) lines.push(`Remove ${listed(data.remove)}`);
  return { lines };
}
