import type { GotoData } from '@parley/shared';
import type { NodeSummary } from '../summary-text';

export function gotoSummary(data: GotoData): NodeSummary {
  return { lines: [`Continue in flow “${data.flowId}”`] };
}
