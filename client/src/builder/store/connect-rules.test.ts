import { connectionRefusal } from './connect-rules';

const nodes = [
  { id: 't', type: 'trigger' as const },
  { id: 'c', type: 'condition' as const },
  { id: 'r', type: 'reply' as const },
  { id: 's', type: 'set' as const },
  { id: 'a', type: 'ask' as const },
];
const edges = [
  { source: 't', sourceHandle: 'next', target: 'c' },
  { source: 'c', sourceHandle: 'vip', target: 'r' },
  { source: 'r', sourceHandle: 'next', target: 's' },
];
const refusal = (source: string, sourceHandle: string, target: string) => connectionRefusal({ nodes, edges }, { source, sourceHandle, target });

describe('connection rules', () => {
  it('lets a free output lead to a node', () => {
    expect(refusal('c', 'else', 's')).toBeNull();
    expect(refusal('s', 'next', 'a')).toBeNull();
  });

  it('refuses a second edge on one output', () => {
    expect(refusal('c', 'vip', 's')).toBe(
      'Output “vip” is already connected: an output leads to one node only. Delete its connection first, or use a Split or Condition to branch.',
    );
  });

  it('refuses an edge into a trigger', () => {
    expect(refusal('s', 'next', 't')).toBe('A trigger only starts the flow: no connection can lead into it.');
  });

  it('refuses a self-loop on a node that does not wait, and allows it on one that does', () => {
    expect(refusal('s', 'next', 's')).toMatch(/lead straight back to itself without waiting/);
    expect(refusal('a', 'invalid', 'a')).toBeNull();
  });

  it('refuses a longer loop with no waiting step, and allows one through an ask', () => {
    expect(refusal('s', 'next', 'c')).toMatch(/close a loop with no waiting step/);
    const withAsk = [...edges, { source: 's', sourceHandle: 'next', target: 'a' }];
    expect(connectionRefusal({ nodes, edges: withAsk }, { source: 'a', sourceHandle: 'answered', target: 'c' })).toBeNull();
  });

  it('refuses an edge to a node that is not in the flow', () => {
    expect(refusal('s', 'next', 'gone')).toBe('Both ends of a connection must be nodes of this flow.');
  });
});
