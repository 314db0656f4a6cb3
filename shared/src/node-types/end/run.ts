import type { NodeContext, NodeResult } from '../../engine/node-context';
import type { NodeOfType } from '../registry';

export function runEnd(node: NodeOfType<'end'>, ctx: NodeContext): NodeResult {
  if (node.data.closeConversation) ctx.emit({ type: 'close' });
  return { end: true };
}
