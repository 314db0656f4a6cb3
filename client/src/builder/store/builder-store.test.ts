import type { NodeChange } from '@xyflow/react';
import type { BuilderNode, GraphSnapshot } from './builder-state';
import { createBuilderStore } from './builder-store';
import { CLIPBOARD_KEY, PASTE_OFFSET } from './clipboard';

const reply = (text: string) => ({ messages: [{ type: 'text', text, buttons: [] }], typingDelayMs: 0 });

const graph: GraphSnapshot = {
  nodes: [
    { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { kind: 'any_message' } },
    { id: 'r', type: 'reply', position: { x: 300, y: 0 }, data: reply('Hi') },
    { id: 'w', type: 'wait', position: { x: 600, y: 0 }, data: { mode: 'reply', amount: 1, unit: 'hours' } },
  ],
  edges: [{ id: 'e1', source: 't', sourceHandle: 'next', target: 'r' }],
};

function loadedStore() {
  const store = createBuilderStore();
  store.getState().load(graph, {});
  return store;
}

const positionOf = (store: ReturnType<typeof createBuilderStore>, id: string) => store.getState().nodes.find((node) => node.id === id)?.position;
const drag = (id: string, x: number, dragging: boolean): NodeChange<BuilderNode> => ({ id, type: 'position', position: { x, y: 0 }, dragging });

describe('undo and redo', () => {
  it('undoes and redoes an added node, a connection and a deletion step by step', () => {
    const store = loadedStore();
    const id = store.getState().addNode('end', { x: 900, y: 0 }, { closeConversation: false });
    expect(store.getState().connect({ source: 'r', sourceHandle: 'next', target: id })).toBeNull();
    store.getState().select({ nodeIds: ['r'] });
    store.getState().deleteSelection();
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['t', 'w', id]);
    // The deleted node's edges went with it.
    expect(store.getState().edges).toEqual([]);

    store.getState().undo();
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['t', 'r', 'w', id]);
    expect(store.getState().edges.map((e) => `${e.source}.${e.sourceHandle}->${e.target}`)).toEqual(['t.next->r', `r.next->${id}`]);
    store.getState().undo();
    expect(store.getState().edges).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['t', 'r', 'w']);
    expect(store.getState().past).toHaveLength(0);

    store.getState().redo();
    store.getState().redo();
    expect(store.getState().edges).toHaveLength(2);
    store.getState().redo();
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['t', 'w', id]);
    expect(store.getState().future).toHaveLength(0);
  });

  it('makes one drag one step, however many positions it reported', () => {
    const store = loadedStore();
    store.getState().onNodesChange([drag('r', 310, true)]);
    store.getState().onNodesChange([drag('r', 350, true)]);
    store.getState().onNodesChange([drag('r', 400, true)]);
    store.getState().onNodesChange([drag('r', 420, false)]);
    expect(positionOf(store, 'r')).toEqual({ x: 420, y: 0 });
    // A second drag is a step of its own.
    store.getState().onNodesChange([drag('r', 500, true)]);
    store.getState().onNodesChange([drag('r', 520, false)]);
    expect(store.getState().past).toHaveLength(2);

    store.getState().undo();
    expect(positionOf(store, 'r')).toEqual({ x: 420, y: 0 });
    store.getState().undo();
    expect(positionOf(store, 'r')).toEqual({ x: 300, y: 0 });
  });

  it('makes edits typed into one node one step, and a new step once another node is selected', () => {
    const store = loadedStore();
    store.getState().updateNodeData('r', reply('Hel'));
    store.getState().updateNodeData('r', reply('Hello'));
    store.getState().select({ nodeIds: ['w'] });
    store.getState().updateNodeData('r', reply('Hello!'));
    store.getState().undo();
    expect(store.getState().nodes[1]?.data).toEqual(reply('Hello'));
    store.getState().undo();
    expect(store.getState().nodes[1]?.data).toEqual(reply('Hi'));
  });

  it('forgets what was undone once a new edit is made', () => {
    const store = loadedStore();
    store.getState().addNode('end', { x: 0, y: 0 }, {});
    store.getState().undo();
    store.getState().addNode('tag', { x: 0, y: 0 }, {});
    store.getState().redo();
    expect(store.getState().nodes.map((n) => n.type)).toEqual(['trigger', 'reply', 'wait', 'tag']);
  });
});

describe('connecting', () => {
  it('shows the reason a connection is refused and draws nothing', () => {
    const store = loadedStore();
    const reason = store.getState().connect({ source: 't', sourceHandle: 'next', target: 'w' });
    expect(reason).toMatch(/already connected: an output leads to one node only/);
    expect(store.getState().notice?.text).toBe(reason);
    expect(store.getState().edges).toHaveLength(1);
    expect(store.getState().past).toHaveLength(0);
  });

  it('refuses a connection that does not start at an output', () => {
    const store = loadedStore();
    expect(store.getState().connect({ source: 'r', sourceHandle: null, target: 'w' })).toMatch(/outputs/);
  });
});

describe('copy and paste', () => {
  beforeEach(() => localStorage.clear());

  it('pastes into another flow under new ids, keeping edges among the copied nodes and dropping the others', () => {
    const source = loadedStore();
    source.getState().connect({ source: 'r', sourceHandle: 'next', target: 'w' });
    source.getState().select({ nodeIds: ['r', 'w'] });
    expect(source.getState().copySelection()).toBe(2);
    expect(localStorage.getItem(CLIPBOARD_KEY)).not.toBeNull();

    const target = createBuilderStore();
    target.getState().load({ nodes: [{ id: 'r', type: 'end', position: { x: 0, y: 0 }, data: {} }], edges: [] }, {});
    expect(target.getState().paste()).toBe(2);
    const { nodes, edges, selectedNodeIds } = target.getState();
    expect(nodes).toHaveLength(3);
    const pasted = nodes.slice(1);
    expect(pasted.map((n) => n.type)).toEqual(['reply', 'wait']);
    expect(pasted.map((n) => n.id)).not.toContain('r');
    expect(pasted.map((n) => n.id)).not.toContain('w');
    expect(pasted[0]?.position).toEqual({ x: 300 + PASTE_OFFSET, y: PASTE_OFFSET });
    expect(pasted[0]?.data).toEqual(reply('Hi'));
    // t → r stayed behind with the trigger; r → w came along, between the new nodes.
    expect(edges).toEqual([{ id: expect.any(String), source: pasted[0]?.id, sourceHandle: 'next', target: pasted[1]?.id }]);
    expect(selectedNodeIds).toEqual(pasted.map((n) => n.id));

    // Pasting again lands beside the first paste, under yet other ids.
    target.getState().paste();
    const again = target.getState().nodes.slice(3);
    expect(again[0]?.position).toEqual({ x: 300 + 2 * PASTE_OFFSET, y: 2 * PASTE_OFFSET });
    expect(new Set(target.getState().nodes.map((n) => n.id)).size).toBe(5);
  });

  it('pastes nothing when the clipboard holds something that is not nodes', () => {
    localStorage.setItem(CLIPBOARD_KEY, '{"nodes":[{"id":"x","type":"teleport"}]}');
    const store = loadedStore();
    expect(store.getState().paste()).toBe(0);
    expect(store.getState().nodes).toHaveLength(3);
  });
});
