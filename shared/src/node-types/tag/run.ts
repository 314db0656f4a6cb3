import type { NodeContext, NodeResult } from '../../engine/node-context';
import type { NodeOfType } from '../registry';

/** Tags are a set that keeps its order: new tags go last, and a tag both added and removed ends up removed. */
export function runTag(node: NodeOfType<'tag'>, ctx: NodeContext): NodeResult {
  const { add, remove } = node.data;
  const removed = new Set(remove);
  const adding = add.filter((tag) => !removed.has(tag));
  const tags = ctx.state.contact.tags.filter((tag) => !removed.has(tag));
  for (const tag of adding) if (!tags.includes(tag)) tags.push(tag);
  ctx.state.contact.tags = tags;
  ctx.emit({ type: 'tag', add: [...new Set(adding)], remove: [...removed] });
  return { handle: 'next' };
}
