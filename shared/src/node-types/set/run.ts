import type { NodeContext, NodeResult } from '../../engine/node-context';
import type { NodeOfType } from '../registry';

/** Assignments apply in order, so a later value may use an earlier one ("{{vars.first}} {{vars.last}}"). */
export function runSet(node: NodeOfType<'set'>, ctx: NodeContext): NodeResult {
  const attributes: Record<string, string> = {};
  let anyAttribute = false;
  for (const { target, name, value } of node.data.assignments) {
    const rendered = ctx.render(value);
    switch (target) {
      case 'variable':
        ctx.session.variables[name] = rendered;
        break;
      case 'attribute':
        ctx.state.contact.attributes[name] = rendered;
        attributes[name] = rendered;
        anyAttribute = true;
        break;
      default: {
        const never: never = target;
        throw new Error(`unknown set target ${String(never)}`);
      }
    }
  }
  if (anyAttribute) ctx.emit({ type: 'setAttributes', attributes });
  return { handle: 'next' };
}
