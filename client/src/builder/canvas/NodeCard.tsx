// The body every node type draws on the canvas: its header, a summary of its settings (or "incomplete"),
// markers for validation issues and the simulated path, its numbers in the analytics view, an input, and
// one labelled output per handle.
import type { NodeType } from '@parley/shared';
import { Handle, Position } from '@xyflow/react';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { NodeStatsOverlay } from '../../analytics/NodeStatsOverlay';
import { nodeRegistry } from '../../nodes/node-registry';
import type { BuilderState } from '../store/builder-state';
import { useBuilderStore } from '../store/builder-store';
import { declaredOutputs } from './node-outputs';

interface NodeCardProps {
  nodeId: string;
  type: NodeType;
  data: Record<string, unknown>;
  selected: boolean;
}

const NO_HANDLES: string[] = [];

const selectEdgeHandles = (nodeId: string) => (state: BuilderState) =>
  (state.viewing?.edges ?? state.edges).filter((edge) => edge.source === nodeId).map((edge) => edge.sourceHandle);
const selectIssues = (nodeId: string) => (state: BuilderState) => (state.viewing === null ? state.nodeIssues[nodeId] : undefined);
const selectLit = (nodeId: string) => (state: BuilderState) => state.lit.nodeIds.includes(nodeId);
const selectWaiting = (nodeId: string) => (state: BuilderState) => state.lit.waitingNodeId === nodeId;

export function NodeCard({ nodeId, type, data, selected }: NodeCardProps) {
  // Looked up at render time: the registry imports the node components that render this card.
  const kind = nodeRegistry[type];
  const summary = useMemo(() => kind.summary(data), [kind, data]);
  const declared = useMemo(() => declaredOutputs({ id: nodeId, type, data }), [nodeId, type, data]);
  const selectHandles = useMemo(() => (declared === null ? selectEdgeHandles(nodeId) : () => NO_HANDLES), [declared, nodeId]);
  const edgeHandles = useBuilderStore(useShallow(selectHandles));
  const outputs = declared ?? [...new Set(edgeHandles)];
  const issues = useBuilderStore(useMemo(() => selectIssues(nodeId), [nodeId]));
  const lit = useBuilderStore(useMemo(() => selectLit(nodeId), [nodeId]));
  const waiting = useBuilderStore(useMemo(() => selectWaiting(nodeId), [nodeId]));
  const errors = issues?.filter((issue) => issue.severity === 'error') ?? [];
  const warnings = issues?.filter((issue) => issue.severity === 'warning') ?? [];
  const Icon = kind.icon;

  const classes = ['node-card', selected ? 'node-card--selected' : '', lit ? 'node-card--lit' : '', waiting ? 'node-card--waiting' : '', errors.length > 0 ? 'node-card--error' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={classes} style={{ borderTopColor: kind.accent }} data-testid={`node-${nodeId}`}>
      {type !== 'trigger' && <Handle type="target" position={Position.Left} className="node-card__input" title="Input: connect an output here" />}
      <header className="node-card__header">
        <Icon size={14} color={kind.accent} aria-hidden />
        <span className="node-card__type">{kind.label}</span>
        {errors.length > 0 ? (
          <span className="node-card__marker node-card__marker--error" role="img" aria-label={`${errors.length} error${errors.length === 1 ? '' : 's'}`} title={errors.map((e) => e.message).join('\n')} />
        ) : warnings.length > 0 ? (
          <span className="node-card__marker node-card__marker--warning" role="img" aria-label={`${warnings.length} warning${warnings.length === 1 ? '' : 's'}`} title={warnings.map((w) => w.message).join('\n')} />
        ) : null}
      </header>
      <div className="node-card__body">
        {summary === null ? (
          <p className="node-card__incomplete">Incomplete — finish its settings in the inspector</p>
        ) : (
          summary.lines.map((line, index) => (
            <p key={index} className="node-card__line" title={line}>
              {line}
            </p>
          ))
        )}
      </div>
      <NodeStatsOverlay nodeId={nodeId} outputLabels={summary?.outputLabels} />
      {outputs.length > 0 && (
        <ul className="node-card__outputs" aria-label="Outputs">
          {outputs.map((handle) => {
            const label = summary?.outputLabels?.[handle] ?? handle;
            return (
              <li key={handle} className="node-card__output">
                {(outputs.length > 1 || handle !== 'next') && <span>{label}</span>}
                <Handle type="source" position={Position.Right} id={handle} className="node-card__handle" title={`Output “${label}”: drag to a node to connect`} />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
