import type { NodeContext, NodeResult } from '../../engine/node-context';
import type { NodeOfType } from '../registry';

/** The step resolves the target to its live version, so a goto always lands on what is published now. */
export function runGoto(node: NodeOfType<'goto'>, _ctx: NodeContext): NodeResult {
  return { goto: node.data.flowId };
}
