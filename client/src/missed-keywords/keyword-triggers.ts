import { triggerDataSchema, type DraftGraph, type Keyword } from '@parley/shared';

export interface KeywordTrigger {
  nodeId: string;
  keywords: Keyword[];
}

/** The draft's triggers that start the flow on keywords; an unfinished trigger (data that does not parse) is left out. */
export function keywordTriggers(graph: DraftGraph): KeywordTrigger[] {
  return graph.nodes.flatMap((node) => {
    if (node.type !== 'trigger') return [];
    const parsed = triggerDataSchema.safeParse(node.data);
    return parsed.success && parsed.data.kind === 'keyword' ? [{ nodeId: node.id, keywords: parsed.data.keywords }] : [];
  });
}
