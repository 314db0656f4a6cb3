// The draft edit behind "Add as keyword": a new keyword trigger, left unconnected right of the
// rightmost node, or the keywords appended to one of the draft's keyword triggers.
import { normalizeText, triggerDataSchema, type DraftGraph, type DraftNode, type Keyword } from '@parley/shared';
import { newId } from '../builder/store/new-id';
import { keywordTriggers } from './keyword-triggers';

export type KeywordTarget = { kind: 'new-trigger' } | { kind: 'trigger'; nodeId: string };

export type DraftChange = { ok: true; graph: DraftGraph } | { ok: false; error: string };

// A node card is 240 px wide by default: this leaves a gap the eye reads as "not connected".
const GAP_X = 320;

/** Matching is case- and width-insensitive, so "Refund" and "refund" with the same mode are one keyword. */
function sameKeyword(a: Keyword, b: Keyword): boolean {
  return a.match === b.match && normalizeText(a.text) === normalizeText(b.text);
}

function withoutRepeats(keywords: readonly Keyword[]): Keyword[] {
  return keywords.filter((keyword, index) => keywords.findIndex((other) => sameKeyword(other, keyword)) === index);
}

export function addKeywordsToDraft(graph: DraftGraph, target: KeywordTarget, keywords: readonly Keyword[]): DraftChange {
  switch (target.kind) {
    case 'new-trigger': {
      const rightmost = graph.nodes.reduce<DraftNode | undefined>((best, node) => (best === undefined || node.position.x > best.position.x ? node : best), undefined);
      const node: DraftNode = {
        id: newId('trigger'),
        type: 'trigger',
        position: rightmost === undefined ? { x: 0, y: 0 } : { x: rightmost.position.x + GAP_X, y: rightmost.position.y },
        // Parsed, so the trigger gets the schema's defaults (all channels, no time window, priority).
        data: triggerDataSchema.parse({ kind: 'keyword', keywords: withoutRepeats(keywords) }),
      };
      return { ok: true, graph: { ...graph, nodes: [...graph.nodes, node] } };
    }
    case 'trigger': {
      const trigger = keywordTriggers(graph).find((candidate) => candidate.nodeId === target.nodeId);
      if (trigger === undefined) return { ok: false, error: 'That trigger is no longer a keyword trigger in the flow’s draft (it was changed or deleted meanwhile). Choose another.' };
      const added = withoutRepeats(keywords).filter((keyword) => !trigger.keywords.some((existing) => sameKeyword(existing, keyword)));
      if (added.length === 0) return { ok: false, error: 'That trigger already has these keywords with this match mode.' };
      // The node's other data (channels, window, priority, fields this page does not know) is kept as it is.
      const nodes = graph.nodes.map((node) => (node.id === trigger.nodeId ? { ...node, data: { ...node.data, keywords: [...trigger.keywords, ...added] } } : node));
      return { ok: true, graph: { ...graph, nodes } };
    }
    default: {
      const never: never = target;
      throw new Error(`unknown keyword target ${JSON.stringify(never)}`);
    }
  }
}
