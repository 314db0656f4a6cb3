// The "why did the customer get this reply" view: per event, every node run (with the output it took or
// what it waits for), the effects, the variables set, misses and errors. A node row selects and centres
// its node on the canvas.
import type { Effect } from '@parley/shared';
import { AlertCircle, CircleStop, Clock, Globe, Headset, MessageSquare, SearchX, Tag, Variable, type LucideIcon } from 'lucide-react';
import { useMemo } from 'react';
import { nodeRegistry } from '../../nodes/node-registry';
import type { BuilderNode, BuilderState } from '../store/builder-state';
import { useBuilderStore } from '../store/builder-store';
import { unmatchedText, type NodeOutcome, type TraceRow } from './describe-step';
import { formatShort } from './sim-time';
import type { SimStep } from './simulation';

const selectNodes = (state: BuilderState) => state.nodes;
const selectFocusNode = (state: BuilderState) => state.focusNode;

const EFFECT_ICONS: Record<Effect['type'], LucideIcon> = {
  send: MessageSquare,
  tag: Tag,
  setAttributes: Variable,
  assign: Headset,
  release: Headset,
  schedule: Clock,
  cancel: Clock,
  http: Globe,
  close: CircleStop,
};

const WAIT_TEXT = { reply: 'a reply', timer: 'the timer', handoff: 'a person', http: 'the call' } as const;

export function TraceList({ steps, timezone }: { steps: readonly SimStep[]; timezone: string }) {
  const nodes = useBuilderStore(selectNodes);
  const focusNode = useBuilderStore(selectFocusNode);
  const byId = useMemo(() => new Map(nodes.map((node) => [node.id, node])), [nodes]);
  if (steps.length === 0) return null;
  return (
    <section className="sim-trace" aria-label="Trace">
      <h2 className="panel-title">Trace</h2>
      <ol className="sim-trace__steps">
        {steps.map((step) => (
          <li key={step.id} className="sim-trace__step">
            <p className="sim-trace__event">
              <span>
                {step.id}. {step.label}
              </span>
              <time className="sim-trace__time">{formatShort(step.at, timezone)}</time>
            </p>
            <ul className="sim-trace__rows">
              {step.rows.map((row, index) => (
                <li key={index}>
                  <Row row={row} node={row.kind === 'node' ? byId.get(row.nodeId) : undefined} onFocus={focusNode} />
                </li>
              ))}
              {step.rows.length === 0 && <li className="sim-trace__quiet">Nothing ran.</li>}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

interface RowProps {
  row: TraceRow;
  node: BuilderNode | undefined;
  onFocus: (nodeId: string) => void;
}

function Row({ row, node, onFocus }: RowProps) {
  switch (row.kind) {
    case 'node': {
      const type = node?.type ?? row.nodeType;
      const kind = type === null ? undefined : nodeRegistry[type];
      const summary = node === undefined || kind === undefined ? null : kind.summary(node.data);
      const Icon = kind?.icon ?? AlertCircle;
      return (
        <button type="button" className="sim-trace__node" disabled={node === undefined} onClick={() => onFocus(row.nodeId)} title={node === undefined ? 'This node is no longer in the draft' : 'Show on the canvas'}>
          <Icon size={14} color={kind?.accent} aria-hidden />
          <span className="sim-trace__label">
            <strong>{kind?.label ?? 'Node'}</strong> <span className="sim-trace__summary">{summary?.lines[0] ?? row.nodeId}</span>
          </span>
          <span className={`sim-trace__outcome sim-trace__outcome--${row.outcome.kind}`}>
            {row.resumed && row.outcome.kind !== 'waiting' ? 'resumed, ' : ''}
            {outcomeText(row.outcome, summary?.outputLabels)}
          </span>
        </button>
      );
    }
    case 'unmatched':
      return (
        <p className="sim-trace__line sim-trace__line--warning">
          <SearchX size={14} aria-hidden /> {unmatchedText(row)}
        </p>
      );
    case 'error':
      return (
        <p className="sim-trace__line sim-trace__line--error">
          <AlertCircle size={14} aria-hidden /> {row.message}
        </p>
      );
    case 'effect': {
      const Icon = EFFECT_ICONS[row.effect];
      return (
        <p className="sim-trace__line">
          <Icon size={14} aria-hidden /> {row.text}
        </p>
      );
    }
    case 'variable':
      return (
        <p className="sim-trace__line">
          <Variable size={14} aria-hidden /> vars.{row.name} = <code>{row.value}</code>
        </p>
      );
    case 'ended':
      return (
        <p className="sim-trace__line">
          <CircleStop size={14} aria-hidden /> Session ended
        </p>
      );
    default: {
      const never: never = row;
      throw new Error(`unknown trace row ${JSON.stringify(never)}`);
    }
  }
}

function outcomeText(outcome: NodeOutcome, labels: Record<string, string> | undefined): string {
  switch (outcome.kind) {
    case 'exited':
      return `→ ${labels?.[outcome.handle] ?? outcome.handle}`;
    case 'waiting':
      // When it times out is in the trace's own "Timer set" row.
      return `waits for ${WAIT_TEXT[outcome.wait]}`;
    case 'dropped':
      return `dropped (${outcome.reason})`;
    case 'left_flow':
      return `→ flow “${outcome.flowId}” (not simulated)`;
    case 'stopped':
      return 'stopped';
    default: {
      const never: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(never)}`);
    }
  }
}
