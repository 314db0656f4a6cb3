import { triggerDataSchema, type DraftGraph } from '@parley/shared';
import { addKeywordsToDraft } from './add-keywords-to-draft';

const graph: DraftGraph = {
  nodes: [
    { id: 'kw', type: 'trigger', position: { x: 0, y: 0 }, data: { kind: 'keyword', keywords: [{ text: 'Refund', match: 'contains' }] } },
    { id: 'half-done', type: 'trigger', position: { x: 0, y: 200 }, data: { kind: 'keyword', keywords: [] } },
    { id: 'end', type: 'end', position: { x: 500, y: 80 }, data: { closeConversation: false } },
  ],
  edges: [{ id: 'e', source: 'kw', sourceHandle: 'next', target: 'end' }],
};

function keywordsOf(result: ReturnType<typeof addKeywordsToDraft>, nodeId: string) {
  if (!result.ok) throw new Error(result.error);
  const data = triggerDataSchema.parse(result.graph.nodes.find((node) => node.id === nodeId)?.data);
  return data.kind === 'keyword' ? data.keywords : [];
}

describe('addKeywordsToDraft', () => {
  it('skips keywords the trigger already matches (case and width are ignored) and repeats among the new ones', () => {
    const result = addKeywordsToDraft(graph, { kind: 'trigger', nodeId: 'kw' }, [
      { text: 'ＲＥＦＵＮＤ', match: 'contains' },
      { text: 'refund', match: 'exact' },
      { text: 'Refund', match: 'exact' },
    ]);
    expect(keywordsOf(result, 'kw')).toEqual([
      { text: 'Refund', match: 'contains' },
      { text: 'refund', match: 'exact' },
    ]);
  });

  it('refuses a change that adds nothing, and a trigger that is not a finished keyword trigger', () => {
    expect(addKeywordsToDraft(graph, { kind: 'trigger', nodeId: 'kw' }, [{ text: 'refund', match: 'contains' }])).toEqual({ ok: false, error: expect.stringMatching(/already has/) });
    expect(addKeywordsToDraft(graph, { kind: 'trigger', nodeId: 'half-done' }, [{ text: 'refund', match: 'contains' }])).toEqual({ ok: false, error: expect.stringMatching(/no longer a keyword trigger/) });
    expect(addKeywordsToDraft(graph, { kind: 'trigger', nodeId: 'end' }, [{ text: 'refund', match: 'contains' }]).ok).toBe(false);
  });

  it('puts a new trigger right of the rightmost node, unconnected, or at the origin of an empty draft', () => {
    const result = addKeywordsToDraft(graph, { kind: 'new-trigger' }, [{ text: 'refund', match: 'exact' }]);
    if (!result.ok) throw new Error(result.error);
    const added = result.graph.nodes[3];
    expect(added?.position).toEqual({ x: 820, y: 80 });
    expect(result.graph.edges).toEqual(graph.edges);

    const empty = addKeywordsToDraft({ nodes: [], edges: [] }, { kind: 'new-trigger' }, [{ text: 'refund', match: 'exact' }]);
    expect(empty.ok && empty.graph.nodes.map((node) => node.position)).toEqual([{ x: 0, y: 0 }]);
  });
});
