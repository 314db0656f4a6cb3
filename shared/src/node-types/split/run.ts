import type { NodeContext, NodeResult } from '../../engine/node-context';
import type { NodeOfType } from '../registry';

/**
 * Sticky A/B: the variant comes from a hash of (contact, flow, node), not from the random source, so a
 * contact who passes the node again lands in the same variant while contacts spread by the weights.
 */
export function runSplit(node: NodeOfType<'split'>, ctx: NodeContext): NodeResult {
  const { variants } = node.data;
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  const point = unitHash(`${ctx.state.contact.id}\u0000${ctx.session.flowId}\u0000${node.id}`) * total;
  let cumulative = 0;
  for (const variant of variants) {
    cumulative += variant.weight;
    if (point < cumulative) return { handle: variant.id };
  }
  // Only reached through rounding at the very top of the range: the last variant with any weight.
  const last = variants.findLast((v) => v.weight > 0) ?? variants[variants.length - 1];
  if (last === undefined) throw new Error('split has no variants');
  return { handle: last.id };
}

/** FNV-1a (32 bit) of the UTF-16 code units, scaled to [0, 1). */
export function unitHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // FNV-1a alone leaves ids that differ in their last character (contact-1, contact-2, …) close
  // together in the high bits; murmur3's finaliser spreads them so the weights hold.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}
