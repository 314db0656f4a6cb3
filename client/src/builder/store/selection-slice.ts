// What is selected, kept as ids beside the nodes' own `selected` flags (which React Flow draws), so
// panels read the selection without scanning every node.
import type { BuilderSlice } from './builder-state';

export interface SelectionSlice {
  selectedNodeIds: string[];
  selectedEdgeIds: string[];
  /** Selects exactly these nodes and edges. */
  select: (selection: { nodeIds?: readonly string[]; edgeIds?: readonly string[] }) => void;
}

export const createSelectionSlice: BuilderSlice<SelectionSlice> = (set, get) => ({
  selectedNodeIds: [],
  selectedEdgeIds: [],
  select: ({ nodeIds = [], edgeIds = [] }) => {
    const state = get();
    const nodeSet = new Set(nodeIds);
    const edgeSet = new Set(edgeIds);
    set(
      {
        nodes: state.nodes.map((node) => (nodeSet.has(node.id) === (node.selected === true) ? node : { ...node, selected: nodeSet.has(node.id) })),
        edges: state.edges.map((edge) => (edgeSet.has(edge.id) === (edge.selected === true) ? edge : { ...edge, selected: edgeSet.has(edge.id) })),
        selectedNodeIds: state.nodes.filter((node) => nodeSet.has(node.id)).map((node) => node.id),
        selectedEdgeIds: state.edges.filter((edge) => edgeSet.has(edge.id)).map((edge) => edge.id),
        coalesceKey: null,
      },
      false,
      'selection/select',
    );
  },
});
