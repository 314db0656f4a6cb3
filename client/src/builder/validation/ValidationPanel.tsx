// The live list of what publish would refuse (errors) and what deserves a look (warnings). Choosing
// an issue selects its node, centres it on the canvas and moves focus to its inspector.
import type { GraphIssue } from '@parley/shared';
import { CircleCheck, CircleX, TriangleAlert } from 'lucide-react';
import type { BuilderState } from '../store/builder-state';
import { useBuilderStore } from '../store/builder-store';

const selectValidation = (state: BuilderState) => state.validation;
const selectFocusNode = (state: BuilderState) => state.focusNode;
const selectSelect = (state: BuilderState) => state.select;
const selectRequestCenter = (state: BuilderState) => state.requestCenter;
const selectEdges = (state: BuilderState) => state.edges;

export function ValidationPanel() {
  const validation = useBuilderStore(selectValidation);
  const focusNode = useBuilderStore(selectFocusNode);
  const select = useBuilderStore(selectSelect);
  const requestCenter = useBuilderStore(selectRequestCenter);
  const edges = useBuilderStore(selectEdges);
  if (validation === null) return null;
  const { errors, warnings } = validation;

  const go = (issue: GraphIssue) => {
    if (issue.nodeId !== undefined) {
      focusNode(issue.nodeId, { focusInspector: true });
      return;
    }
    const edge = edges.find((candidate) => candidate.id === issue.edgeId);
    if (edge === undefined) return;
    select({ edgeIds: [edge.id] });
    requestCenter(edge.source);
  };

  return (
    <section className="validation-panel" aria-label="Validation">
      <h2 className="panel-title">
        {errors.length === 0 && warnings.length === 0 ? (
          <>
            <CircleCheck size={14} className="validation-panel__ok" aria-hidden /> No problems found
          </>
        ) : (
          `${plural(errors.length, 'error')}, ${plural(warnings.length, 'warning')}`
        )}
      </h2>
      {(errors.length > 0 || warnings.length > 0) && (
        <ul className="validation-panel__list">
          {[...errors, ...warnings].map((issue, index) => {
            const target = issue.nodeId ?? issue.edgeId;
            return (
              <li key={`${issue.code}-${target ?? ''}-${index}`}>
                <button
                  type="button"
                  className={`validation-issue validation-issue--${issue.severity}`}
                  onClick={() => go(issue)}
                  disabled={target === undefined}
                >
                  {issue.severity === 'error' ? <CircleX size={14} aria-label="Error" /> : <TriangleAlert size={14} aria-label="Warning" />}
                  <span>{issue.message}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
