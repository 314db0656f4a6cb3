import { layeredPositions } from './auto-layout';

const reply = { messages: [{ type: 'text', text: 'Hi', buttons: [] }] };
const branch = (id: string) => ({ id, match: 'all', rules: [{ field: 'tag', op: 'has', value: id }] });

describe('auto-layout', () => {
  it('puts each step in a layer to the right of the one before, branches in their handle order', async () => {
    const nodes = [
      // Listed out of order, all at one spot: the layout must not depend on either.
      { id: 'late', type: 'reply' as const, data: reply },
      { id: 'else', type: 'end' as const, data: {} },
      { id: 'vip', type: 'reply' as const, data: reply },
      { id: 'c', type: 'condition' as const, data: { branches: [branch('vip'), branch('late')] } },
      { id: 't', type: 'trigger' as const, data: { kind: 'any_message' } },
    ];
    const edges = [
      { id: 'e1', source: 't', sourceHandle: 'next', target: 'c' },
      { id: 'e4', source: 'c', sourceHandle: 'else', target: 'else' },
      { id: 'e3', source: 'c', sourceHandle: 'late', target: 'late' },
      { id: 'e2', source: 'c', sourceHandle: 'vip', target: 'vip' },
    ];
    const at = await layeredPositions(nodes, edges);
    const x = (id: string) => at.get(id)?.x ?? Number.NaN;
    const y = (id: string) => at.get(id)?.y ?? Number.NaN;

    expect(x('t')).toBeLessThan(x('c'));
    expect(x('c') - x('t')).toBeGreaterThanOrEqual(240);
    for (const id of ['vip', 'late', 'else']) expect(x(id)).toBeGreaterThan(x('c') + 240);
    // Same layer, stacked in the condition's output order: vip, late, else.
    expect(x('vip')).toBe(x('late'));
    expect(y('vip')).toBeLessThan(y('late'));
    expect(y('late')).toBeLessThan(y('else'));
  });
});
