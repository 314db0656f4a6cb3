import type { DraftGraph } from '@parley/shared';
import { diffGraphs } from './diff-graphs';

const at = { x: 0, y: 0 };
const trigger = { id: 't', type: 'trigger' as const, position: at, data: { kind: 'keyword', keywords: [{ text: 'hi', match: 'contains' }] } };
const reply = (id: string, text: string) => ({ id, type: 'reply' as const, position: at, data: { messages: [{ type: 'text', text }] } });
const end = { id: 'end', type: 'end' as const, position: at, data: {} };
const edge = (source: string, sourceHandle: string, target: string) => ({ id: `${source}-${sourceHandle}`, source, sourceHandle, target });

const published: DraftGraph = { nodes: [trigger, reply('r', 'Hello'), end], edges: [edge('t', 'next', 'r'), edge('r', 'next', 'end')] };
const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);

describe('diffGraphs', () => {
  it('finds nothing between a graph and itself, nor when only positions or key order differ', () => {
    expect(diffGraphs(published, published)).toEqual({ added: [], removed: [], changed: [] });
    const moved = { ...published, nodes: published.nodes.map((n) => ({ ...n, position: { x: 300, y: 120 } })) };
    const reordered = { nodes: [...published.nodes].reverse().map(({ data, type, id, position }) => ({ data, type, id, position })), edges: [...published.edges].reverse() };
    expect(diffGraphs(published, moved)).toEqual({ added: [], removed: [], changed: [] });
    expect(diffGraphs(published, reordered)).toEqual({ added: [], removed: [], changed: [] });
  });

  it('does not count defaults a publish filled in as a change', () => {
    const withDefaults = { ...published, nodes: [trigger, { ...reply('r', 'Hello'), data: { messages: [{ type: 'text', text: 'Hello', buttons: [] }], typingDelayMs: 0 } }, end] };
    expect(diffGraphs(withDefaults, published).changed).toEqual([]);
  });

  it('lists added and removed nodes with their type and data', () => {
    const draft: DraftGraph = { nodes: [trigger, reply('r2', 'Bye'), end], edges: [edge('t', 'next', 'r2'), edge('r2', 'next', 'end')] };
    const diff = diffGraphs(published, draft);
    expect(diff.added).toEqual([{ id: 'r2', type: 'reply', data: { messages: [{ type: 'text', text: 'Bye' }] } }]);
    expect(diff.removed).toEqual([{ id: 'r', type: 'reply', data: { messages: [{ type: 'text', text: 'Hello' }] } }]);
    // The trigger now leads elsewhere: changed in its connections only.
    expect(diff.changed).toEqual([expect.objectContaining({ id: 't', aspects: ['connections'] })]);
  });

  it('says what changed: type, data, outgoing edges', () => {
    const draft: DraftGraph = {
      nodes: [trigger, reply('r', 'Hello again'), { id: 'end', type: 'tag', position: at, data: { add: ['done'] } }],
      edges: [edge('t', 'next', 'r')],
    };
    const diff = diffGraphs(published, draft);
    expect(ids(diff.added)).toEqual([]);
    expect(ids(diff.removed)).toEqual([]);
    expect(diff.changed.map((c) => [c.id, c.aspects])).toEqual([
      ['r', ['data', 'connections']],
      ['end', ['type', 'data']],
    ]);
  });

  it('ignores edges into a node: only what leaves it is the node’s own', () => {
    const draft: DraftGraph = { nodes: [trigger, reply('r', 'Hello'), end, reply('r3', 'Other')], edges: [edge('t', 'next', 'r3'), edge('r3', 'next', 'end'), edge('r', 'next', 'end')] };
    const diff = diffGraphs(published, draft);
    expect(diff.changed.map((c) => c.id)).toEqual(['t']);
    expect(ids(diff.added)).toEqual(['r3']);
  });
});
