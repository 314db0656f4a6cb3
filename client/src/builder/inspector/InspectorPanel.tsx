// The node inspector: the selected node's own form (from the registry), whose every edit goes into the
// graph as an undoable step. Read-only while a published version is shown.
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { nodeRegistry } from '../../nodes/node-registry';
import type { BuilderState } from '../store/builder-state';
import { useBuilderStore } from '../store/builder-store';

const selectInspected = (state: BuilderState) => {
  const nodes = state.viewing?.nodes ?? state.nodes;
  const selected = state.viewing === null ? state.selectedNodeIds : nodes.filter((node) => node.selected === true).map((node) => node.id);
  return {
    count: selected.length,
    node: selected.length === 1 ? nodes.find((node) => node.id === selected[0]) : undefined,
    readOnly: state.viewing !== null,
    focus: state.inspectorFocus,
    updateNodeData: state.updateNodeData,
  };
};
const selectIssues = (nodeId: string | undefined) => (state: BuilderState) => (nodeId === undefined ? undefined : state.nodeIssues[nodeId]);

export function InspectorPanel({ flows }: { flows: readonly { id: string; name: string }[] }) {
  const { count, node, readOnly, focus, updateNodeData } = useBuilderStore(useShallow(selectInspected));
  const issues = useBuilderStore(selectIssues(node?.id));
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (focus > 0) heading.current?.focus();
  }, [focus]);

  if (node === undefined) {
    return (
      <div className="inspector inspector--empty">
        <h2 className="panel-title" ref={heading} tabIndex={-1}>
          Inspector
        </h2>
        <p className="muted">{count > 1 ? `${count} nodes selected: select one to edit it.` : 'Select a node to edit its settings.'}</p>
      </div>
    );
  }
  const kind = nodeRegistry[node.type];
  const Inspector = kind.Inspector;
  const Icon = kind.icon;
  const errors = issues?.filter((issue) => issue.severity === 'error') ?? [];
  return (
    <div className="inspector">
      <h2 className="panel-title" ref={heading} tabIndex={-1}>
        <Icon size={16} color={kind.accent} aria-hidden /> {kind.label} <span className="muted inspector__id">{node.id}</span>
      </h2>
      {readOnly && <p className="muted">Read-only: this is a published version.</p>}
      {!readOnly && errors.length > 0 && (
        <ul className="inspector__issues" aria-label="Problems with this node">
          {errors.map((issue, index) => (
            <li key={index}>{issue.message}</li>
          ))}
        </ul>
      )}
      <Inspector
        key={node.id}
        nodeId={node.id}
        type={node.type}
        data={node.data}
        onChange={(data) => updateNodeData(node.id, data)}
        readOnly={readOnly}
        flows={flows}
      />
    </div>
  );
}
