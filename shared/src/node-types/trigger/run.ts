import type { NodeContext, NodeResult } from '../../engine/node-context';
import type { NodeOfType } from '../registry';

/** Whether a trigger fires is decided by the engine's trigger index; once entered, it just leads on. */
export function runTrigger(_node: NodeOfType<'trigger'>, _ctx: NodeContext): NodeResult {
  return { handle: 'next' };
}
