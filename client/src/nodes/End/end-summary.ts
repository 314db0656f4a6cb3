import type { EndData } from '@parley/shared';
import type { NodeSummary } from '../summary-text';

export function endSummary(data: EndData): NodeSummary {
  return { lines: [data.closeConversation ? 'End and close the conversation' : 'End the flow'] };
}
