import { flowNodeSchema, handlesOf } from './registry';

describe('node registry', () => {
  it('derives condition handles from its branches, plus else', () => {
    const node = flowNodeSchema.parse({
      id: 'c1',
      type: 'condition',
      data: { branches: [{ id: 'vip', rules: [{ field: 'tag', op: 'has', value: 'vip' }] }] },
    });
    expect(handlesOf(node)).toEqual(['vip', 'else']);
  });

  it('rejects node data that does not fit its type, naming the field', () => {
    const result = flowNodeSchema.safeParse({ id: 'r1', type: 'reply', data: { messages: [] } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['data', 'messages']);
  });
});
