// Builder UI state other parts ask for: the canvas notice, the live validation, requests to move the
// viewport (the canvas carries them out), the open side panel, and a published version being viewed.
import { applyNodeChanges, type NodeChange } from '@xyflow/react';
import type { GraphIssue, GraphValidation } from '@parley/shared';
import type { BuilderEdge, BuilderNode, BuilderSlice } from './builder-state';

export const SIDE_PANELS = ['node', 'settings', 'versions', 'simulator'] as const;
export type SidePanel = (typeof SIDE_PANELS)[number];

export type ViewportRequest = { kind: 'center'; nodeId: string; seq: number } | { kind: 'fit'; seq: number };

/** A published version shown read-only on the canvas instead of the draft. */
export interface ViewedVersion {
  version: number;
  nodes: BuilderNode[];
  edges: BuilderEdge[];
  settings: unknown;
}

export interface UiSlice {
  /** Why the last action was refused, shown near the canvas. */
  notice: { text: string; seq: number } | null;
  validation: GraphValidation | null;
  /** Issues by node id, for the markers on the canvas. */
  nodeIssues: Record<string, GraphIssue[]>;
  viewportRequest: ViewportRequest | null;
  panel: SidePanel;
  /** Bumped to move keyboard focus into the inspector. */
  inspectorFocus: number;
  viewing: ViewedVersion | null;
  showNotice: (text: string) => void;
  dismissNotice: () => void;
  setValidation: (validation: GraphValidation) => void;
  requestCenter: (nodeId: string) => void;
  requestFit: () => void;
  setPanel: (panel: SidePanel) => void;
  /** Selects a node, centres it and opens its inspector with focus (validation panel, search). */
  focusNode: (nodeId: string, options?: { focusInspector?: boolean }) => void;
  viewVersion: (version: ViewedVersion | null) => void;
  /** Only selection and measuring reach a version's nodes: it is read-only. */
  onViewingNodesChange: (changes: NodeChange<BuilderNode>[]) => void;
}

export const createUiSlice: BuilderSlice<UiSlice> = (set, get) => ({
  notice: null,
  validation: null,
  nodeIssues: {},
  viewportRequest: null,
  panel: 'node',
  inspectorFocus: 0,
  viewing: null,
  showNotice: (text) => set((state) => ({ notice: { text, seq: (state.notice?.seq ?? 0) + 1 } }), false, 'ui/showNotice'),
  dismissNotice: () => set({ notice: null }, false, 'ui/dismissNotice'),
  setValidation: (validation) => {
    const nodeIssues: Record<string, GraphIssue[]> = {};
    for (const issue of [...validation.errors, ...validation.warnings]) {
      if (issue.nodeId !== undefined) nodeIssues[issue.nodeId] = [...(nodeIssues[issue.nodeId] ?? []), issue];
    }
    set({ validation, nodeIssues }, false, 'ui/setValidation');
  },
  requestCenter: (nodeId) => set((state) => ({ viewportRequest: { kind: 'center', nodeId, seq: nextSeq(state.viewportRequest) } }), false, 'ui/requestCenter'),
  requestFit: () => set((state) => ({ viewportRequest: { kind: 'fit', seq: nextSeq(state.viewportRequest) } }), false, 'ui/requestFit'),
  setPanel: (panel) => set({ panel }, false, 'ui/setPanel'),
  focusNode: (nodeId, { focusInspector = false } = {}) => {
    const state = get();
    if (state.viewing === null) state.select({ nodeIds: [nodeId] });
    set(
      {
        viewportRequest: { kind: 'center', nodeId, seq: nextSeq(state.viewportRequest) },
        ...(focusInspector ? { panel: 'node', inspectorFocus: state.inspectorFocus + 1 } : {}),
      },
      false,
      'ui/focusNode',
    );
  },
  viewVersion: (viewing) => set({ viewing }, false, 'ui/viewVersion'),
  onViewingNodesChange: (changes) => {
    const viewing = get().viewing;
    if (viewing === null) return;
    const allowed = changes.filter((change) => change.type === 'select' || change.type === 'dimensions');
    set({ viewing: { ...viewing, nodes: applyNodeChanges(allowed, viewing.nodes) } }, false, 'ui/onViewingNodesChange');
  },
});

function nextSeq(request: ViewportRequest | null): number {
  return (request?.seq ?? 0) + 1;
}
