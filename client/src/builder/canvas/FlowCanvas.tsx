// The React Flow canvas: draws the draft (or a version, read-only), takes nodes dropped from the
// palette, refuses connections that break the rules with a visible reason, and carries out the
// viewport requests (centre a node, fit the view) other panels put in the store. The analytics view
// shows a version here with its edges typed as stats edges.
import { NODE_TYPES, nodeTypeSchema } from '@parley/shared';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type EdgeTypes,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeTypes,
  type OnConnectEnd,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { STATS_EDGE_TYPE, StatsEdge } from '../../analytics/StatsEdge';
import { nodeRegistry } from '../../nodes/node-registry';
import type { BuilderEdge, BuilderNode, BuilderState } from '../store/builder-state';
import { useBuilderStore } from '../store/builder-store';
import { connectionRefusal } from '../store/connect-rules';
import { CanvasNotice } from './CanvasNotice';
import { PALETTE_MIME } from './palette-drag';
import { SearchBox } from './SearchBox';
import { useCanvasShortcuts } from './use-canvas-shortcuts';

const nodeTypes: NodeTypes = Object.fromEntries(NODE_TYPES.map((type) => [type, nodeRegistry[type].Node]));
const edgeTypes: EdgeTypes = { [STATS_EDGE_TYPE]: StatsEdge };

const selectCanvas = (state: BuilderState) => ({
  nodes: state.viewing?.nodes ?? state.nodes,
  edges: state.viewing?.edges ?? state.edges,
  readOnly: state.viewing !== null,
  litEdgeIds: state.lit.edgeIds,
  onNodesChange: state.viewing === null ? state.onNodesChange : state.onViewingNodesChange,
  onEdgesChange: state.viewing === null ? state.onEdgesChange : undefined,
  connect: state.connect,
  addNode: state.addNode,
  showNotice: state.showNotice,
});
const selectViewportRequest = (state: BuilderState) => state.viewportRequest;

/** A small flow opens at 100 %, not magnified. */
const FIT_VIEW_OPTIONS = { maxZoom: 1 } as const;

const minimapColor = (node: BuilderNode) => nodeRegistry[node.type].accent;

export function FlowCanvas() {
  const { nodes, edges, readOnly, litEdgeIds, onNodesChange, onEdgesChange, connect, addNode, showNotice } = useBuilderStore(useShallow(selectCanvas));
  const viewportRequest = useBuilderStore(selectViewportRequest);
  const flow = useReactFlow<BuilderNode, BuilderEdge>();
  const wrapper = useRef<HTMLDivElement>(null);
  // The view fits what was loaded, once every node has been measured, and never later: React Flow's own
  // initial fit misses nodes measured late on a large flow (the bottom rows of 500 nodes stayed off-screen),
  // and on an empty flow it would fit the first dropped node, moving it away and zooming it to the maximum.
  const fitPending = useRef(nodes.length > 0);
  const nodesInitialized = useNodesInitialized();
  useEffect(() => {
    if (!fitPending.current || !nodesInitialized) return;
    fitPending.current = false;
    void flow.fitView(FIT_VIEW_OPTIONS);
  }, [nodesInitialized, flow]);
  useCanvasShortcuts(useBuilderStore, wrapper);

  useEffect(() => {
    if (viewportRequest === null) return;
    if (viewportRequest.kind === 'fit') {
      void flow.fitView({ duration: 300, padding: 0.2 });
      return;
    }
    const node = flow.getInternalNode(viewportRequest.nodeId);
    if (node === undefined) return;
    const { x, y } = node.internals.positionAbsolute;
    const width = node.measured.width ?? 0;
    const height = node.measured.height ?? 0;
    void flow.setCenter(x + width / 2, y + height / 2, { zoom: Math.max(flow.getZoom(), 1), duration: 300 });
  }, [viewportRequest, flow]);

  // The simulated path: lit edges are drawn animated in the lit colour.
  const shownEdges = useMemo(() => {
    if (litEdgeIds.length === 0) return edges;
    const lit = new Set(litEdgeIds);
    return edges.map((edge) => (lit.has(edge.id) ? { ...edge, animated: true, className: 'edge--lit' } : edge));
  }, [edges, litEdgeIds]);

  const isValidConnection = useCallback<IsValidConnection<BuilderEdge>>((connection) => {
    const { source, sourceHandle, target } = connection;
    return sourceHandle !== null && sourceHandle !== undefined && connectionRefusal(useBuilderStore.getState(), { source, sourceHandle, target }) === null;
  }, []);

  const onConnect = useCallback((connection: Connection) => void connect(connection), [connect]);

  // React Flow does not call onConnect for a refused connection; say why it was refused here.
  const onConnectEnd = useCallback<OnConnectEnd>(
    (_event, state: FinalConnectionState) => {
      if (state.isValid !== false || state.fromNode === null || state.toNode === null) return;
      const fromSource = state.fromHandle?.type !== 'target';
      const sourceHandle = (fromSource ? state.fromHandle?.id : state.toHandle?.id) ?? null;
      const source = fromSource ? state.fromNode.id : state.toNode.id;
      const target = fromSource ? state.toNode.id : state.fromNode.id;
      const refusal = sourceHandle === null ? null : connectionRefusal(useBuilderStore.getState(), { source, sourceHandle, target });
      showNotice(refusal ?? 'Connect an output (right side) to another node’s input (left side).');
    },
    [showNotice],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = nodeTypeSchema.safeParse(event.dataTransfer.getData(PALETTE_MIME));
      if (!type.success || readOnly) return;
      event.preventDefault();
      const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addNode(type.data, position, nodeRegistry[type.data].defaultData());
    },
    [addNode, flow, readOnly],
  );

  return (
    <div className="builder-canvas" ref={wrapper} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<BuilderNode, BuilderEdge>
        nodes={nodes}
        edges={shownEdges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={false}
        deleteKeyCode={null}
        onlyRenderVisibleElements={nodes.length > 200}
        minZoom={0.1}
        aria-label={readOnly ? 'Flow canvas (read-only)' : 'Flow canvas'}
      >
        <Background gap={16} />
        <MiniMap<BuilderNode> nodeColor={minimapColor} pannable zoomable ariaLabel="Minimap" />
        <Controls showInteractive={false} />
      </ReactFlow>
      <div className="builder-canvas__top">
        <SearchBox />
      </div>
      <CanvasNotice />
    </div>
  );
}
