import type { DraftGraph, FlowVersion, FlowVersionSummary, Graph } from '@parley/shared';
import { Eye, GitCompare, History, RotateCcw, Undo2 } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { flowsApi } from '../api/flows-api';
import { formatTime } from '../app/format-time';
import { PageState } from '../app/PageState';
import { useFlowLive } from '../live/use-flow-live';
import { GraphDiffView } from './GraphDiffView';
import './versions.css';

export type VersionsPanelProps = {
  flowId: string;
  /** The draft as the builder holds it now: what "Diff with draft" compares against. */
  draft: DraftGraph;
  /** A version to show read-only, or null to go back to the draft. */
  onView(version: FlowVersion | null): void;
  /** Replace the draft with this version's graph (the builder saves it as a new draft revision). */
  onRestore(graph: Graph): void;
};

type Open = { version: number; mode: 'diff' | 'confirm-restore' } | null;

/** The published versions of a flow, newest first: view one read-only, diff it with the draft, restore it. */
export function VersionsPanel({ flowId, draft, onView, onRestore }: VersionsPanelProps) {
  const [versions, setVersions] = useState<FlowVersionSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  /** Versions never change: each is fetched once. */
  const [fetched, setFetched] = useState<ReadonlyMap<number, FlowVersion>>(new Map());
  const [viewing, setViewing] = useState<number | null>(null);
  const [open, setOpen] = useState<Open>(null);

  const load = useCallback(async () => {
    try {
      setVersions((await flowsApi.versions(flowId)).toReversed());
      setLoadError(null);
    } catch (error) {
      setLoadError(error instanceof Error ? error.message : String(error));
    }
  }, [flowId]);

  useEffect(() => {
    void load();
  }, [load]);
  useFlowLive(flowId, (event) => {
    if (event.kind === 'published') void load();
  });

  async function fullVersion(version: number): Promise<FlowVersion | null> {
    const known = fetched.get(version);
    if (known) return known;
    try {
      const loaded = await flowsApi.version(flowId, version);
      setFetched((current) => new Map(current).set(version, loaded));
      setActionError(null);
      return loaded;
    } catch (error) {
      setActionError(`Version ${version} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  async function view(version: number): Promise<void> {
    const loaded = await fullVersion(version);
    if (!loaded) return;
    setViewing(version);
    onView(loaded);
  }

  function backToDraft(): void {
    setViewing(null);
    onView(null);
  }

  async function toggle(version: number, mode: 'diff' | 'confirm-restore'): Promise<void> {
    if (open?.version === version && open.mode === mode) {
      setOpen(null);
      return;
    }
    if ((await fullVersion(version)) !== null) setOpen({ version, mode });
  }

  function restore(version: FlowVersion): void {
    setOpen(null);
    if (viewing !== null) backToDraft();
    onRestore(version.graph);
  }

  return (
    <section className="versions-panel" aria-labelledby="versions-title">
      <h2 id="versions-title" className="versions-title">
        <History size={16} aria-hidden /> Versions
      </h2>
      {viewing !== null && (
        <div className="versions-viewing" role="status">
          <span>Viewing version {viewing}, read-only.</span>
          <button type="button" className="app-button" onClick={backToDraft}>
            <Undo2 size={14} aria-hidden /> Back to the draft
          </button>
        </div>
      )}
      {actionError && (
        <p className="versions-error" role="alert">
          {actionError}
        </p>
      )}
      {versions === null ? (
        loadError === null ? (
          <PageState kind="loading" message="Loading versions…" />
        ) : (
          <PageState kind="error" message={`The versions could not be loaded: ${loadError}`} onRetry={() => void load()} />
        )
      ) : versions.length === 0 ? (
        <p className="versions-empty">Not published yet. Each publish adds a version here, to view, compare with the draft, or restore.</p>
      ) : (
        <ol className="versions-list">
          {versions.map((summary) => {
            const full = fetched.get(summary.version);
            const isOpen = (mode: 'diff' | 'confirm-restore') => open?.version === summary.version && open.mode === mode;
            return (
              <li key={summary.version} className={`versions-item${viewing === summary.version ? ' versions-item-viewing' : ''}`}>
                <div className="versions-item-head">
                  <span className="versions-number">v{summary.version}</span>
                  <span className="versions-meta">
                    {formatTime(summary.publishedAt)} · {summary.nodeCount} {summary.nodeCount === 1 ? 'node' : 'nodes'}
                  </span>
                </div>
                <div className="versions-actions">
                  <button type="button" className="app-button" onClick={() => void view(summary.version)} aria-label={`View version ${summary.version}`}>
                    <Eye size={14} aria-hidden /> View
                  </button>
                  <button type="button" className="app-button" onClick={() => void toggle(summary.version, 'diff')} aria-expanded={isOpen('diff')} aria-label={`Diff version ${summary.version} with the draft`}>
                    <GitCompare size={14} aria-hidden /> Diff with draft
                  </button>
                  <button type="button" className="app-button" onClick={() => void toggle(summary.version, 'confirm-restore')} aria-label={`Restore version ${summary.version} as the draft`}>
                    <RotateCcw size={14} aria-hidden /> Restore as draft
                  </button>
                </div>
                {full && isOpen('diff') && <GraphDiffView before={full.graph} after={draft} />}
                {full && isOpen('confirm-restore') && (
                  <div className="versions-confirm" role="alertdialog" aria-label={`Restore version ${summary.version}?`}>
                    <p>Replace the draft with version {summary.version}? What the draft holds now is replaced; it stays in the builder's undo history.</p>
                    <div className="versions-actions">
                      <button type="button" className="app-button app-button-primary" onClick={() => restore(full)}>
                        Restore version {summary.version}
                      </button>
                      <button type="button" className="app-button app-button-ghost" onClick={() => setOpen(null)}>
                        Cancel
                      </button>
                    </div>
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
