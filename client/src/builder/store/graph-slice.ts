// The draft being drawn: React Flow's nodes and edges in the shared schema's shape, plus the flow's
// settings. Every change to what gets saved bumps `editCount` (autosave watches it) and, except for
// settings, records an undo step first.
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { NodeType } from '@parley/shared';
import { NO_LIT } from '../simulator/lit-path';
import { snapshotOf, type BuilderEdge, type BuilderNode, type BuilderSlice, type BuilderState, type GraphSnapshot } from './builder-state';
import { takeFromClipboard, writeClipboard } from './clipboard';
import { connectionRefusal } from './connect-rules';
import { newId } from './new-id';

export interface GraphSlice {
  nodes: BuilderNode[];
  edges: BuilderEdge[];
  /** The flow's settings as the settings form last reported them (parsed when saved). */
  settings: unknown;
  /** Counts edits since the store was loaded; autosave saves when it moves past what was saved. */
  editCount: number;
  /** Starts over with a flow as loaded: no history, nothing selected. */
  load: (graph: GraphSnapshot, settings: unknown) => void;
  /** Replaces the whole draft (a restored version, a reload) as one undoable step; settings when given. */
  replaceGraph: (graph: GraphSnapshot, settings?: unknown) => void;
  onNodesChange: (changes: NodeChange<BuilderNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<BuilderEdge>[]) => void;
  /** Draws the edge, or refuses it: the reason is returned and shown as the canvas notice. */
  connect: (attempt: { source: string; sourceHandle: string | null; target: string }) => string | null;
  /** Adds a node with the given data, selects it and returns its id. */
  addNode: (type: NodeType, position: { x: number; y: number }, data: Record<string, unknown>) => string;
  /** Edits typed into one node's form in a row are one undo step. */
  updateNodeData: (nodeId: string, data: Record<string, unknown>) => void;
  /** Moves nodes (auto-layout) as one undo step. */
  moveNodes: (positions: ReadonlyMap<string, { x: number; y: number }>) => void;
  /** Deletes the selected nodes and edges, and the edges of deleted nodes. */
  deleteSelection: () => void;
  /** Copies the selected nodes (and the edges among them); returns how many. */
  copySelection: () => number;
  /** Pastes the clipboard under new ids, selected; returns how many nodes. */
  paste: () => number;
  setSettings: (settings: unknown) => void;
}

export function restored(graph: GraphSnapshot, state: Pick<BuilderState, 'editCount'>): Partial<BuilderState> {
  return {
    nodes: graph.nodes.map((node) => ({ ...node })),
    edges: graph.edges.map((edge) => ({ ...edge })),
    editCount: state.editCount + 1,
    selectedNodeIds: [],
    selectedEdgeIds: [],
  };
}

export const createGraphSlice: BuilderSlice<GraphSlice> = (set, get) => ({
  nodes: [],
  edges: [],
  settings: {},
  editCount: 0,

  load: (graph, settings) =>
    set(
      {
        ...restored(graph, { editCount: -1 }),
        settings,
        past: [],
        future: [],
        coalesceKey: null,
        viewing: null,
        validation: null,
        nodeIssues: {},
        // A test chat belongs to the flow it ran against.
        simulation: null,
        lit: NO_LIT,
      },
      false,
      'graph/load',
    ),

  replaceGraph: (graph, settings) => {
    get().record();
    set((state) => ({ ...restored(graph, state), ...(settings === undefined ? {} : { settings }) }), false, 'graph/replaceGraph');
  },

  onNodesChange: (changes) => {
    const state = get();
    const moves = changes.filter((change) => change.type === 'position' && change.position !== undefined);
    const dragging = moves.some((change) => change.type === 'position' && change.dragging === true);
    const dragEnded = moves.length > 0 && !dragging && state.coalesceKey === 'drag';
    const removes = changes.some((change) => change.type === 'remove');
    if (dragging) state.record('drag');
    else if ((moves.length > 0 && !dragEnded) || removes) state.record();
    const nodes = applyNodeChanges(changes, state.nodes);
    const selects = changes.some((change) => change.type === 'select');
    set(
      {
        nodes,
        ...(moves.length > 0 || removes ? { editCount: state.editCount + 1 } : {}),
        ...(selects || removes ? { selectedNodeIds: nodes.filter((node) => node.selected === true).map((node) => node.id) } : {}),
        ...(dragEnded ? { coalesceKey: null } : {}),
      },
      false,
      'graph/onNodesChange',
    );
  },

  onEdgesChange: (changes) => {
    const state = get();
    const removes = changes.some((change) => change.type === 'remove');
    if (removes) state.record();
    const edges = applyEdgeChanges(changes, state.edges);
    set(
      {
        edges,
        ...(removes ? { editCount: state.editCount + 1 } : {}),
        selectedEdgeIds: edges.filter((edge) => edge.selected === true).map((edge) => edge.id),
      },
      false,
      'graph/onEdgesChange',
    );
  },

  connect: (attempt) => {
    const state = get();
    const { source, sourceHandle, target } = attempt;
    const refuse = (reason: string) => {
      state.showNotice(reason);
      return reason;
    };
    if (sourceHandle === null) return refuse('Start the connection at one of the node’s outputs (the dots on its right side).');
    const refusal = connectionRefusal(state, { source, sourceHandle, target });
    if (refusal !== null) return refuse(refusal);
    state.record();
    const edge: BuilderEdge = { id: newId('e'), source, sourceHandle, target };
    set({ edges: [...state.edges, edge], editCount: state.editCount + 1 }, false, 'graph/connect');
    return null;
  },

  addNode: (type, position, data) => {
    const state = get();
    state.record();
    const id = newId(type);
    const deselected = state.nodes.map((node) => (node.selected === true ? { ...node, selected: false } : node));
    set(
      {
        nodes: [...deselected, { id, type, position, data, selected: true }],
        selectedNodeIds: [id],
        editCount: state.editCount + 1,
      },
      false,
      'graph/addNode',
    );
    return id;
  },

  updateNodeData: (nodeId, data) => {
    const state = get();
    state.record(`data:${nodeId}`);
    set(
      { nodes: state.nodes.map((node) => (node.id === nodeId ? { ...node, data } : node)), editCount: state.editCount + 1 },
      false,
      'graph/updateNodeData',
    );
  },

  moveNodes: (positions) => {
    const state = get();
    state.record();
    set(
      {
        nodes: state.nodes.map((node) => {
          const position = positions.get(node.id);
          return position === undefined ? node : { ...node, position };
        }),
        editCount: state.editCount + 1,
      },
      false,
      'graph/moveNodes',
    );
  },

  deleteSelection: () => {
    const state = get();
    const nodeIds = new Set(state.selectedNodeIds);
    const edgeIds = new Set(state.selectedEdgeIds);
    if (nodeIds.size === 0 && edgeIds.size === 0) return;
    state.record();
    set(
      {
        nodes: state.nodes.filter((node) => !nodeIds.has(node.id)),
        edges: state.edges.filter((edge) => !edgeIds.has(edge.id) && !nodeIds.has(edge.source) && !nodeIds.has(edge.target)),
        selectedNodeIds: [],
        selectedEdgeIds: [],
        editCount: state.editCount + 1,
      },
      false,
      'graph/deleteSelection',
    );
  },

  copySelection: () => {
    const state = get();
    return writeClipboard(snapshotOf(state), state.selectedNodeIds);
  },

  paste: () => {
    const pasted = takeFromClipboard();
    if (pasted === null) return 0;
    const state = get();
    state.record();
    set(
      {
        nodes: [
          ...state.nodes.map((node) => (node.selected === true ? { ...node, selected: false } : node)),
          ...pasted.nodes.map((node) => ({ ...node, selected: true })),
        ],
        edges: [...state.edges.map((edge) => (edge.selected === true ? { ...edge, selected: false } : edge)), ...pasted.edges],
        selectedNodeIds: pasted.nodes.map((node) => node.id),
        selectedEdgeIds: [],
        editCount: state.editCount + 1,
      },
      false,
      'graph/paste',
    );
    return pasted.nodes.length;
  },

  setSettings: (settings) => set((state) => ({ settings, editCount: state.editCount + 1 }), false, 'graph/setSettings'),
});
