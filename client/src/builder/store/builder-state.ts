// The builder store's shape: one bound store made of slices (graph, selection, history, ui, simulator),
// each a StateCreator over the whole state so an action can touch its neighbours in one `set`.
import type { Edge, Node } from '@xyflow/react';
import type { NodeType } from '@parley/shared';
import type { StateCreator } from 'zustand';
import type { GraphSlice } from './graph-slice';
import type { HistorySlice } from './history-slice';
import type { SelectionSlice } from './selection-slice';
import type { SimulatorSlice } from './simulator-slice';
import type { UiSlice } from './ui-slice';

/** A node on the canvas: the shared schema's shape; `data` is the draft data, unchecked until parsed. */
export type BuilderNode = Node<Record<string, unknown>, NodeType>;
/** An edge on the canvas: the shared schema's shape (one source handle, the target's only input). */
export type BuilderEdge = Edge & { sourceHandle: string };

/** The graph as saved and as undo restores it: no selection, sizes or drag state. */
export interface GraphSnapshot {
  nodes: { id: string; type: NodeType; position: { x: number; y: number }; data: Record<string, unknown> }[];
  edges: { id: string; source: string; sourceHandle: string; target: string }[];
}

export type BuilderState = GraphSlice & SelectionSlice & HistorySlice & UiSlice & SimulatorSlice;

export type BuilderSlice<T> = StateCreator<BuilderState, [['zustand/devtools', never]], [], T>;

export function snapshotOf(state: { nodes: readonly BuilderNode[]; edges: readonly BuilderEdge[] }): GraphSnapshot {
  return {
    nodes: state.nodes.map(({ id, type, position, data }) => ({ id, type, position, data })),
    edges: state.edges.map(({ id, source, sourceHandle, target }) => ({ id, source, sourceHandle, target })),
  };
}
