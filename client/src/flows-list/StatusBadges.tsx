import type { FlowSummary } from '@parley/shared';

/** Draft / published vN / archived, and whether the draft moved on since the last publish. */
export function StatusBadges({ flow }: { flow: Pick<FlowSummary, 'status' | 'publishedVersion' | 'changedSincePublish'> }) {
  return (
    <span className="flows-badges">
      <StatusBadge flow={flow} />
      {flow.changedSincePublish && <span className="flows-badge flows-badge-changed">Changes since publish</span>}
    </span>
  );
}

function StatusBadge({ flow }: { flow: Pick<FlowSummary, 'status' | 'publishedVersion'> }) {
  switch (flow.status) {
    case 'draft':
      return <span className="flows-badge">Draft</span>;
    case 'published':
      return <span className="flows-badge flows-badge-live">Published v{flow.publishedVersion}</span>;
    case 'archived':
      return <span className="flows-badge flows-badge-archived">Archived{flow.publishedVersion === null ? '' : ` (v${flow.publishedVersion})`}</span>;
    default: {
      const never: never = flow.status;
      throw new Error(`unknown flow status ${String(never)}`);
    }
  }
}
