import type { DraftGraph } from '@parley/shared';
import { nodeRegistry } from '../nodes/node-registry';
import { diffGraphs, type ChangedAspect, type DiffNode } from './diff-graphs';

const ASPECT_TEXT: Record<ChangedAspect, string> = { type: 'type', data: 'settings', connections: 'connections' };

type AnyGraph = Pick<DraftGraph, 'nodes' | 'edges'>;

/** A version against the draft: nodes added, removed and changed, each by its type and summary. */
export function GraphDiffView({ before, after }: { before: AnyGraph; after: AnyGraph }) {
  const diff = diffGraphs(before, after);
  const total = diff.added.length + diff.removed.length + diff.changed.length;
  if (total === 0) return <p className="versions-diff versions-diff-same">The draft has the same nodes, settings and connections as this version.</p>;
  return (
    <div className="versions-diff" aria-label="Differences from the draft">
      <DiffSection title="Added in the draft" tone="added" nodes={diff.added} />
      <DiffSection title="Removed from the draft" tone="removed" nodes={diff.removed} />
      <DiffSection
        title="Changed"
        tone="changed"
        nodes={diff.changed}
        note={(node) => {
          const changed = diff.changed.find((c) => c.id === node.id);
          return changed ? changed.aspects.map((aspect) => ASPECT_TEXT[aspect]).join(', ') : '';
        }}
      />
    </div>
  );
}

function DiffSection({ title, tone, nodes, note }: { title: string; tone: 'added' | 'removed' | 'changed'; nodes: DiffNode[]; note?: (node: DiffNode) => string }) {
  if (nodes.length === 0) return null;
  return (
    <section className={`versions-diff-section versions-diff-${tone}`}>
      <h3>
        {title} ({nodes.length})
      </h3>
      <ul>
        {nodes.map((node) => (
          <li key={node.id}>
            <span className="versions-diff-type">{nodeRegistry[node.type].label}</span> {nodeText(node)}
            {note && <span className="versions-diff-note"> — {note(node)}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The node's first summary line (what its card shows), else its id. */
function nodeText(node: DiffNode): string {
  return nodeRegistry[node.type].summary(node.data)?.lines[0] ?? node.id;
}
