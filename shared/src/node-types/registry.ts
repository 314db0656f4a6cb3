import { z } from 'zod';
import { jsonSchema } from '../engine/engine-types';
import { askDataSchema, askHandles } from './ask/schema';
import { conditionDataSchema, conditionHandles } from './condition/schema';
import { endDataSchema, endHandles } from './end/schema';
import { gotoDataSchema, gotoHandles } from './goto/schema';
import { handoffDataSchema, handoffHandles } from './handoff/schema';
import { httpDataSchema, httpHandles } from './http/schema';
import { replyDataSchema, replyHandles } from './reply/schema';
import { setDataSchema, setHandles } from './set/schema';
import { splitDataSchema, splitHandles } from './split/schema';
import { tagDataSchema, tagHandles } from './tag/schema';
import { triggerDataSchema, triggerHandles } from './trigger/schema';
import { waitDataSchema, waitHandles } from './wait/schema';

export const NODE_TYPES = ['trigger', 'condition', 'reply', 'ask', 'wait', 'handoff', 'tag', 'set', 'split', 'http', 'goto', 'end'] as const;
export const nodeTypeSchema = z.enum(NODE_TYPES);
export type NodeType = z.infer<typeof nodeTypeSchema>;

/** Nodes that park the session until an event arrives; a cycle must pass through one. */
export const WAITING_NODE_TYPES: ReadonlySet<NodeType> = new Set(['ask', 'wait', 'handoff', 'http']);

const positionSchema = z.object({ x: z.number(), y: z.number() });
const nodeIdSchema = z.string().min(1).max(100);

function nodeOf<T extends NodeType, D extends z.ZodType>(type: T, data: D) {
  return z.object({
    id: nodeIdSchema,
    type: z.literal(type),
    position: positionSchema.default({ x: 0, y: 0 }),
    data,
  });
}

/** A node in React Flow's own shape: `{ id, type, position, data }`. */
export const flowNodeSchema = z.discriminatedUnion('type', [
  nodeOf('trigger', triggerDataSchema),
  nodeOf('condition', conditionDataSchema),
  nodeOf('reply', replyDataSchema),
  nodeOf('ask', askDataSchema),
  nodeOf('wait', waitDataSchema),
  nodeOf('handoff', handoffDataSchema),
  nodeOf('tag', tagDataSchema),
  nodeOf('set', setDataSchema),
  nodeOf('split', splitDataSchema),
  nodeOf('http', httpDataSchema),
  nodeOf('goto', gotoDataSchema),
  nodeOf('end', endDataSchema),
]);
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type NodeOfType<T extends NodeType> = Extract<FlowNode, { type: T }>;

/** Far above what any node drawn by hand holds, so only junk is refused; the body limit bounds a whole graph. */
export const MAX_DRAFT_NODE_DATA_CHARS = 256 * 1024;

/**
 * A node as the builder saves it while it is being drawn: a known type, an id and a position like a
 * finished node, but data that may still be unfinished (any JSON object). validateGraph reports what
 * is missing, and publishing parses every node with flowNodeSchema, so a version is always runnable.
 */
export const draftNodeSchema = z.object({
  id: nodeIdSchema,
  type: nodeTypeSchema,
  position: positionSchema.default({ x: 0, y: 0 }),
  data: z
    .record(z.string(), jsonSchema)
    .refine((data) => JSON.stringify(data).length <= MAX_DRAFT_NODE_DATA_CHARS, `node data: at most ${MAX_DRAFT_NODE_DATA_CHARS} characters as JSON`),
});
export type DraftNode = z.infer<typeof draftNodeSchema>;

/** The output handles a node declares: fixed, or derived from its data (branches, choices, variants). */
export function handlesOf(node: FlowNode): string[] {
  switch (node.type) {
    case 'trigger': return triggerHandles(node.data);
    case 'condition': return conditionHandles(node.data);
    case 'reply': return replyHandles(node.data);
    case 'ask': return askHandles(node.data);
    case 'wait': return waitHandles(node.data);
    case 'handoff': return handoffHandles(node.data);
    case 'tag': return tagHandles(node.data);
    case 'set': return setHandles(node.data);
    case 'split': return splitHandles(node.data);
    case 'http': return httpHandles(node.data);
    case 'goto': return gotoHandles(node.data);
    case 'end': return endHandles(node.data);
    default: {
      const never: never = node;
      throw new Error(`unknown node type ${JSON.stringify(never)}`);
    }
  }
}
