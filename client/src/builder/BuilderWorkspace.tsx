// The builder's frame around one loaded flow: header (back, name, save status, Edit | Analytics, undo/redo,
// layout, publish), palette, canvas, side panels (inspector, flow settings, versions) and validation.
// `?view=analytics` in the URL swaps the editing parts for the analytics view of the same canvas.
import type { Flow, FlowVersion } from '@parley/shared';
import { ArrowLeft, BarChart3, LayoutGrid, Pencil, Redo2, Rocket, Undo2 } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useShallow } from 'zustand/react/shallow';
import { AnalyticsView } from '../analytics/AnalyticsView';
import { ApiRequestError } from '../api/api-client';
import { flowsApi } from '../api/flows-api';
import { useFlowLive, type FlowLiveNotice } from '../live/use-flow-live';
import { FlowSettingsForm } from '../settings/FlowSettingsForm';
import { VersionsPanel } from '../versions/VersionsPanel';
import { layeredPositions } from './canvas/auto-layout';
import { FlowCanvas } from './canvas/FlowCanvas';
import { Palette } from './canvas/Palette';
import { draftGraphOf } from './draft-body';
import { InspectorPanel } from './inspector/InspectorPanel';
import { SimulatorPanel } from './simulator/SimulatorPanel';
import type { BuilderState } from './store/builder-state';
import { useBuilderStore } from './store/builder-store';
import { SIDE_PANELS, type SidePanel } from './store/ui-slice';
import { useDraftAutosave, type DraftAutosave } from './use-draft-autosave';
import { useLiveValidation } from './validation/use-live-validation';
import { ValidationPanel } from './validation/ValidationPanel';

type BuilderMode = 'edit' | 'analytics';

const PANEL_LABELS: Record<SidePanel, string> = { node: 'Inspector', settings: 'Flow settings', versions: 'Versions', simulator: 'Test chat' };

const selectHeader = (state: BuilderState) => ({
  canUndo: state.past.length > 0 && state.viewing === null,
  canRedo: state.future.length > 0 && state.viewing === null,
  undo: state.undo,
  redo: state.redo,
  errorCount: state.validation?.errors.length ?? 0,
  viewing: state.viewing?.version ?? null,
  viewVersion: state.viewVersion,
});
const selectPanels = (state: BuilderState) => ({
  panel: state.panel,
  setPanel: state.setPanel,
  settings: state.viewing?.settings ?? state.settings,
  setSettings: state.setSettings,
  readOnly: state.viewing !== null,
});

export function BuilderWorkspace({ flow, flows }: { flow: Flow; flows: { id: string; name: string }[] | null }) {
  const autosave = useDraftAutosave(useBuilderStore, flow.id, flow.revision);
  const knownFlowIds = useMemo(() => (flows === null ? undefined : new Set(flows.map((f) => f.id))), [flows]);
  useLiveValidation(useBuilderStore, knownFlowIds);
  const [live, setLive] = useState<FlowLiveNotice | null>(null);
  useFlowLive(flow.id, setLive);
  const changedElsewhere = live !== null && live.revision > autosave.revision && autosave.status !== 'saving' && autosave.status !== 'conflict';
  const [searchParams] = useSearchParams();
  const mode: BuilderMode = searchParams.get('view') === 'analytics' ? 'analytics' : 'edit';

  return (
    <div className="builder">
      <BuilderHeader flow={flow} autosave={autosave} mode={mode} />
      {autosave.status === 'conflict' && (
        <div className="builder-banner builder-banner--danger" role="alert">
          <span>
            This flow was saved in another tab or by someone else — reload to see their version; your unsaved change is kept in this tab
            (after reloading, Undo brings it back).
          </span>
          <button type="button" className="app-button" onClick={() => void autosave.reload()}>
            Reload their version
          </button>
          <button type="button" className="app-button app-button-ghost" onClick={() => void autosave.overwrite()}>
            Keep mine (overwrite)
          </button>
        </div>
      )}
      {changedElsewhere && (
        <div className="builder-banner" role="status">
          <span>
            This flow was {live.kind === 'published' ? 'published' : live.kind === 'archived' ? 'archived' : 'changed'} elsewhere
            {live.by === null ? '' : ` by ${live.by}`}.
          </span>
          <button
            type="button"
            className="app-button"
            onClick={() => {
              setLive(null);
              void autosave.reload();
            }}
          >
            Reload
          </button>
        </div>
      )}
      {mode === 'analytics' ? (
        <AnalyticsView flow={flow} />
      ) : (
        <>
          <ViewingBanner />
          <div className="builder__body">
            <Palette />
            <main className="builder__main">
              <FlowCanvas />
              <ValidationPanel />
            </main>
            <SidePanels flowId={flow.id} flows={flows ?? []} />
          </div>
        </>
      )}
    </div>
  );
}

/** Links rather than buttons: the mode is in the URL, so it survives a reload and can be shared. */
function ModeSwitch({ mode }: { mode: BuilderMode }) {
  return (
    <nav className="mode-switch" aria-label="Mode">
      <Link to={{ search: '' }} className="mode-switch__link" aria-current={mode === 'edit' ? 'page' : undefined}>
        <Pencil size={14} aria-hidden /> Edit
      </Link>
      <Link to={{ search: '?view=analytics' }} className="mode-switch__link" aria-current={mode === 'analytics' ? 'page' : undefined}>
        <BarChart3 size={14} aria-hidden /> Analytics
      </Link>
    </nav>
  );
}

function BuilderHeader({ flow, autosave, mode }: { flow: Flow; autosave: DraftAutosave; mode: BuilderMode }) {
  const { canUndo, canRedo, undo, redo, errorCount, viewing } = useBuilderStore(useShallow(selectHeader));
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState<{ version: number; warnings: number } | null>(null);
  const [publishError, setPublishError] = useState<string | null>(null);
  const [layingOut, setLayingOut] = useState(false);

  const publish = async () => {
    setPublishing(true);
    setPublishError(null);
    setPublished(null);
    try {
      const revision = await autosave.flush();
      if (revision === null) {
        setPublishError('the draft could not be saved first (see the save status).');
        return;
      }
      const result = await flowsApi.publish(flow.id, revision);
      autosave.adoptRevision(result.flow.revision);
      setPublished({ version: result.version.version, warnings: result.warnings.length });
    } catch (error) {
      setPublishError(error instanceof ApiRequestError || error instanceof Error ? error.message : String(error));
    } finally {
      setPublishing(false);
    }
  };

  const autoLayout = async () => {
    setLayingOut(true);
    try {
      const { nodes, edges, moveNodes, requestFit } = useBuilderStore.getState();
      moveNodes(await layeredPositions(nodes, edges));
      requestFit();
    } finally {
      setLayingOut(false);
    }
  };

  const publishBlocked = errorCount > 0 ? `Fix ${errorCount} error${errorCount === 1 ? '' : 's'} first (see Validation)` : null;
  return (
    <header className="builder-header">
      <Link to="/flows" className="app-button app-button-ghost" aria-label="Back to flows">
        <ArrowLeft size={16} aria-hidden /> Flows
      </Link>
      <h1 className="builder-header__name">{flow.name}</h1>
      <SaveStatusBadge autosave={autosave} />
      <ModeSwitch mode={mode} />
      {mode === 'edit' && (
        <div className="builder-header__actions">
          <button type="button" className="app-icon-button" aria-label="Undo (Ctrl+Z)" title="Undo (Ctrl+Z)" disabled={!canUndo} onClick={undo}>
            <Undo2 size={16} aria-hidden />
          </button>
          <button type="button" className="app-icon-button" aria-label="Redo (Ctrl+Shift+Z)" title="Redo (Ctrl+Shift+Z)" disabled={!canRedo} onClick={redo}>
            <Redo2 size={16} aria-hidden />
          </button>
          <button type="button" className="app-button" disabled={viewing !== null || layingOut} onClick={() => void autoLayout()}>
            <LayoutGrid size={16} aria-hidden /> Auto-layout
          </button>
          {published !== null && (
            <span className="builder-header__published" role="status">
              Published version {published.version}
              {published.warnings > 0 ? ` with ${published.warnings} warning${published.warnings === 1 ? '' : 's'}` : ''}
            </span>
          )}
          {publishError !== null && (
            <span className="builder-header__error" role="alert">
              Not published: {publishError}
            </span>
          )}
          <span title={publishBlocked ?? 'Publish the draft as a new version'}>
            <button
              type="button"
              className="app-button app-button-primary"
              disabled={publishBlocked !== null || publishing || viewing !== null || autosave.status === 'conflict'}
              aria-describedby={publishBlocked === null ? undefined : 'publish-blocked'}
              onClick={() => void publish()}
            >
              <Rocket size={16} aria-hidden /> {publishing ? 'Publishing…' : 'Publish'}
            </button>
          </span>
          {publishBlocked !== null && (
            <span id="publish-blocked" className="app-visually-hidden">
              {publishBlocked}
            </span>
          )}
        </div>
      )}
    </header>
  );
}

function SaveStatusBadge({ autosave }: { autosave: DraftAutosave }) {
  const text: Record<DraftAutosave['status'], string> = {
    saved: 'Saved',
    unsaved: 'Unsaved changes',
    saving: 'Saving…',
    error: 'Not saved',
    conflict: 'Not saved: conflict',
  };
  return (
    <span className={`save-status save-status--${autosave.status}`} role="status" title={autosave.error ?? undefined}>
      {text[autosave.status]}
      {autosave.status === 'error' && (
        <>
          {`: ${autosave.error ?? ''} `}
          <button type="button" className="app-button app-button-ghost" onClick={() => void autosave.flush()}>
            Retry
          </button>
        </>
      )}
    </span>
  );
}

function ViewingBanner() {
  const { viewing, viewVersion } = useBuilderStore(useShallow(selectHeader));
  if (viewing === null) return null;
  return (
    <div className="builder-banner" role="status">
      <span>Viewing version {viewing} (read-only)</span>
      <button type="button" className="app-button" onClick={() => viewVersion(null)}>
        Back to draft
      </button>
    </div>
  );
}

function SidePanels({ flowId, flows }: { flowId: string; flows: { id: string; name: string }[] }) {
  const { panel, setPanel, settings, setSettings, readOnly } = useBuilderStore(useShallow(selectPanels));
  return (
    <aside className="side-panels" aria-label="Side panels">
      <div className="side-panels__tabs" role="tablist" aria-label="Panels">
        {SIDE_PANELS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={panel === name}
            aria-controls={`panel-${name}`}
            className="side-panels__tab"
            onClick={() => setPanel(name)}
          >
            {PANEL_LABELS[name]}
          </button>
        ))}
      </div>
      <div className="side-panels__body" role="tabpanel" id={`panel-${panel}`} aria-labelledby={`tab-${panel}`}>
        {panel === 'node' && <InspectorPanel flows={flows} />}
        {panel === 'settings' && <FlowSettingsForm settings={settings} onChange={setSettings} readOnly={readOnly} flows={flows} />}
        {panel === 'versions' && <VersionsTab flowId={flowId} />}
        {panel === 'simulator' && <SimulatorPanel flowId={flowId} />}
      </div>
    </aside>
  );
}

const selectDraftParts = (state: BuilderState) => ({ nodes: state.nodes, edges: state.edges });

function VersionsTab({ flowId }: { flowId: string }) {
  const { nodes, edges } = useBuilderStore(useShallow(selectDraftParts));
  const draft = useMemo(() => {
    const graph = draftGraphOf({ nodes, edges });
    return typeof graph === 'string' ? { nodes: [], edges: [] } : graph;
  }, [nodes, edges]);
  const onView = (version: FlowVersion | null) => {
    const state = useBuilderStore.getState();
    state.viewVersion(
      version === null
        ? null
        : { version: version.version, nodes: version.graph.nodes.map((node) => ({ ...node })), edges: version.graph.edges.map((edge) => ({ ...edge })), settings: version.settings },
    );
    state.requestFit();
  };
  return (
    <VersionsPanel
      flowId={flowId}
      draft={draft}
      onView={onView}
      onRestore={(graph) => {
        const state = useBuilderStore.getState();
        state.viewVersion(null);
        state.replaceGraph(graph);
        state.showNotice('The version is now the draft. Undo (Ctrl+Z) brings back the draft as it was.');
      }}
    />
  );
}
