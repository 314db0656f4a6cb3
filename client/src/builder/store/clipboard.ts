// Copy and paste between flows: the copied nodes live in localStorage under one key, so a paste works
// in another flow and in another tab. What is read back is parsed, since anything could have written it.
import { draftNodeSchema, flowEdgeSchema } from '@parley/shared';
import { z } from 'zod';
import type { GraphSnapshot } from './builder-state';
import { newId } from './new-id';

export const CLIPBOARD_KEY = 'parley:builder-clipboard';
/** How far a paste lands from what was copied, so the copy does not hide its original. */
export const PASTE_OFFSET = 40;

const clipboardSchema = z.object({ nodes: z.array(draftNodeSchema), edges: z.array(flowEdgeSchema) });

/** Keeps the given nodes and the edges between them; edges to nodes left behind are dropped. */
export function writeClipboard(graph: GraphSnapshot, nodeIds: readonly string[]): number {
  const ids = new Set(nodeIds);
  const nodes = graph.nodes.filter((node) => ids.has(node.id));
  const edges = graph.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target));
  if (nodes.length > 0) localStorage.setItem(CLIPBOARD_KEY, JSON.stringify({ nodes, edges }));
  return nodes.length;
}

/**
 * The clipboard's nodes and edges under new ids, moved by PASTE_OFFSET. The clipboard itself moves on
 * too, so pasting again lands beside the last paste. Null when there is nothing (valid) to paste.
 */
export function takeFromClipboard(): GraphSnapshot | null {
  let stored: unknown;
  try {
    stored = JSON.parse(localStorage.getItem(CLIPBOARD_KEY) ?? 'null');
  } catch {
    return null;
  }
  const parsed = clipboardSchema.safeParse(stored);
  if (!parsed.success || parsed.data.nodes.length === 0) return null;
  const shifted = parsed.data.nodes.map((node) => ({ ...node, position: { x: node.position.x + PASTE_OFFSET, y: node.position.y + PASTE_OFFSET } }));
  localStorage.setItem(CLIPBOARD_KEY, JSON.stringify({ nodes: shifted, edges: parsed.data.edges }));
  const copies = shifted.map((node) => ({ originalId: node.id, node: { ...node, id: newId(node.type) } }));
  const idFor = new Map(copies.map(({ originalId, node }) => [originalId, node.id]));
  const nodes = copies.map(({ node }) => node);
  const edges = parsed.data.edges.flatMap((edge) => {
    const source = idFor.get(edge.source);
    const target = idFor.get(edge.target);
    return source === undefined || target === undefined ? [] : [{ id: newId('e'), source, sourceHandle: edge.sourceHandle, target }];
  });
  return { nodes, edges };
}
