// The test chat: runs the shared engine in the browser against the draft (not a published version), with
// a simulated clock, contact and channel. The path each event takes lights up on the canvas, and the
// trace says why the customer got each reply.
import { flowSettingsSchema } from '@parley/shared';
import { CircleX, Play, RotateCcw, Send } from 'lucide-react';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import '../../forms/forms.css';
import { nodeRegistry } from '../../nodes/node-registry';
import { snapshotOf, type BuilderState } from '../store/builder-state';
import { useBuilderStore } from '../store/builder-store';
import { ChatTranscript } from './ChatTranscript';
import { compileDraft, type DraftProblem } from './compile-draft';
import { PendingActions } from './PendingActions';
import { newSeed } from './seeded-random';
import { SimulatorContext } from './SimulatorContext';
import type { SimInput } from './simulation';
import './simulator.css';
import { TraceList } from './TraceList';
import { useLitAnimation } from './use-lit-animation';

const MINUTE_MS = 60_000;

const selectDraft = (state: BuilderState) => ({ nodes: state.nodes, edges: state.edges, settings: state.settings });
const selectSimulator = (state: BuilderState) => ({
  simulation: state.simulation,
  start: state.startSimulation,
  simulateInput: state.simulateInput,
  restart: state.restartSimulation,
});

export function SimulatorPanel({ flowId }: { flowId: string }) {
  const { nodes, edges, settings } = useBuilderStore(useShallow(selectDraft));
  const { simulation, start, simulateInput, restart } = useBuilderStore(useShallow(selectSimulator));
  const draft = useMemo(() => compileDraft({ flowId, name: flowId, graph: snapshotOf({ nodes, edges }), settings }), [flowId, nodes, edges, settings]);
  const [text, setText] = useState('');

  // A new simulation on first opening and after the flow is (re)loaded: it starts now, in the flow's zone.
  const idle = simulation === null;
  useEffect(() => {
    if (!idle) return;
    const parsed = flowSettingsSchema.safeParse(useBuilderStore.getState().settings);
    start({ now: Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS, timezone: parsed.success ? parsed.data.timezone : 'UTC', seed: newSeed() });
  }, [idle, start]);
  useLitAnimation(useBuilderStore, simulation?.path ?? null);

  if (simulation === null) return null;
  if (!draft.ok) return <DraftProblems problems={draft.problems} />;

  const onInput = (input: SimInput) => simulateInput(draft, input);
  const hasApiTrigger = draft.version.graph.nodes.some((node) => node.type === 'trigger' && node.data.kind === 'api');
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    onInput({ kind: 'say', text });
    setText('');
  };

  return (
    <section className="simulator" aria-label="Test chat">
      <SimulatorContext simulation={simulation} onInput={onInput} />
      <div className="simulator__toolbar">
        <button type="button" className="app-button" onClick={restart} title="A new conversation; the clock, channel and your tags stay">
          <RotateCcw size={14} aria-hidden /> Restart
        </button>
        {hasApiTrigger && (
          <button type="button" className="app-button" onClick={() => onInput({ kind: 'api_start' })} title="What an API call to start this flow does">
            <Play size={14} aria-hidden /> Start via API
          </button>
        )}
      </div>
      <ChatTranscript chat={simulation.chat} onPress={(button) => onInput({ kind: 'press', title: button.title, payload: button.payload })} />
      <PendingActions simulation={simulation} onInput={onInput} />
      <form className="simulator__composer" onSubmit={send}>
        <input className="form-input" aria-label="Message" placeholder="Type a message…" value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit" className="app-button app-button-primary" disabled={text.trim() === ''}>
          <Send size={14} aria-hidden /> Send
        </button>
      </form>
      <TraceList steps={simulation.steps} timezone={simulation.timezone} />
    </section>
  );
}

const selectFocusNode = (state: BuilderState) => state.focusNode;
const selectNodes = (state: BuilderState) => state.nodes;

/** The draft does not parse as a version: say which nodes to finish, as the validation panel does. */
function DraftProblems({ problems }: { problems: readonly DraftProblem[] }) {
  const focusNode = useBuilderStore(selectFocusNode);
  const nodes = useBuilderStore(selectNodes);
  return (
    <section className="simulator" aria-label="Test chat">
      <div className="sim-problems" role="alert">
        <p>
          <strong>The draft cannot run yet.</strong> Finish these first (they are also listed under Validation, below the canvas):
        </p>
        <ul className="sim-problems__list">
          {problems.map((problem, index) => {
            const node = problem.nodeId === null ? undefined : nodes.find((candidate) => candidate.id === problem.nodeId);
            const label = node === undefined ? null : `${nodeRegistry[node.type].label} ${node.id}`;
            return (
              <li key={`${problem.nodeId ?? ''}-${index}`}>
                <button
                  type="button"
                  className="validation-issue validation-issue--error"
                  disabled={node === undefined}
                  onClick={() => node !== undefined && focusNode(node.id, { focusInspector: true })}
                >
                  <CircleX size={14} aria-hidden />
                  <span>
                    {label !== null && <strong>{label}: </strong>}
                    {problem.message}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
