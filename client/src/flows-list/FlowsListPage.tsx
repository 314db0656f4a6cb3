import type { FlowSummary } from '@parley/shared';
import { Plus, Workflow, X } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiRequestError } from '../api/api-client';
import { flowsApi } from '../api/flows-api';
import { PageState } from '../app/PageState';
import { useFlowsLive } from '../live/use-flows-live';
import { CreateFlowForm } from './CreateFlowForm';
import { downloadJson } from './download-json';
import { errorLines } from './error-lines';
import { FlowRow, type FlowRowActions } from './FlowRow';
import { ImportFlowButton } from './ImportFlowButton';
import { moveItem } from './move-item';
import './flows-list.css';

type Notice = { tone: 'error' | 'success'; message: string; fields: string[] };

const MAX_NAME = 200;

/** Every flow, in trigger order: create, import, rename, duplicate, export, archive and reorder them. */
export function FlowsListPage() {
  const navigate = useNavigate();
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [creating, setCreating] = useState(false);
  const [reordering, setReordering] = useState(false);
  const dragged = useRef<string | null>(null);

  const load = useCallback(async () => {
    try {
      setFlows(await flowsApi.list());
      setLoadError(null);
    } catch (error) {
      setLoadError(error instanceof Error ? error.message : String(error));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  // Changes made elsewhere (another tab, another user, the command line) show up here too.
  useFlowsLive(() => void load());

  const fail = (message: string, error: unknown): void => {
    const lines = errorLines(error);
    setNotice({ tone: 'error', message: `${message}: ${lines.message}`, fields: lines.fields });
  };

  async function saveOrder(next: FlowSummary[]): Promise<void> {
    if (!flows) return;
    const previous = flows;
    setFlows(next);
    setReordering(true);
    try {
      setFlows(await flowsApi.setOrder(next.map((flow) => flow.id)));
    } catch (error) {
      setFlows(previous);
      fail('The new order was not saved', error);
      // The list may have changed meanwhile (a flow created elsewhere): show what is there now.
      if (error instanceof ApiRequestError && error.status === 409) await load();
    } finally {
      setReordering(false);
    }
  }

  async function importFile(result: { json: unknown; fileName: string } | { error: string; fileName: string }): Promise<void> {
    if ('error' in result) {
      setNotice({ tone: 'error', message: result.error, fields: [] });
      return;
    }
    try {
      const flow = await flowsApi.import(result.json);
      setNotice({ tone: 'success', message: `Imported “${flow.name}” from ${result.fileName} as a draft.`, fields: [] });
      await load();
    } catch (error) {
      fail(`${result.fileName} was not imported`, error);
    }
  }

  const actions: FlowRowActions = {
    async rename(flow, name) {
      try {
        await flowsApi.save(flow.id, { name, revision: flow.revision });
      } catch (error) {
        // Someone saved since this list was loaded: fetch their revision so a second try can succeed.
        if (error instanceof ApiRequestError && error.code === 'revision_conflict') await load();
        throw error;
      }
      await load();
    },
    async duplicate(flow) {
      try {
        const doc = await flowsApi.export(flow.id);
        const copy = await flowsApi.create({ name: `Copy of ${doc.name}`.slice(0, MAX_NAME), description: doc.description, settings: doc.settings, graph: doc.graph });
        setNotice({ tone: 'success', message: `Created “${copy.name}” as a draft.`, fields: [] });
        await load();
      } catch (error) {
        fail(`“${flow.name}” was not duplicated`, error);
      }
    },
    async exportJson(flow) {
      try {
        downloadJson(`${flow.id}.json`, await flowsApi.export(flow.id));
      } catch (error) {
        fail(`“${flow.name}” was not exported`, error);
      }
    },
    async setArchived(flow, archived) {
      try {
        await (archived ? flowsApi.archive(flow.id) : flowsApi.unarchive(flow.id));
        await load();
      } catch (error) {
        fail(`“${flow.name}” was not ${archived ? 'archived' : 'unarchived'}`, error);
      }
    },
    move(flow, delta) {
      if (!flows) return;
      const from = flows.findIndex((f) => f.id === flow.id);
      void saveOrder(moveItem(flows, from, from + delta));
    },
    dragStart(flow) {
      dragged.current = flow.id;
    },
    dropOn(target) {
      const id = dragged.current;
      dragged.current = null;
      if (!flows || id === null || id === target.id) return;
      void saveOrder(
        moveItem(
          flows,
          flows.findIndex((f) => f.id === id),
          flows.findIndex((f) => f.id === target.id),
        ),
      );
    },
  };

  async function create(name: string): Promise<void> {
    const flow = await flowsApi.create({ name });
    await navigate(`/flows/${encodeURIComponent(flow.id)}`);
  }

  if (flows === null) {
    return loadError === null ? <PageState kind="loading" message="Loading flows…" /> : <PageState kind="error" message={`The flows could not be loaded: ${loadError}`} onRetry={() => void load()} />;
  }

  return (
    <main className="flows-page">
      <div className="flows-heading">
        <h1>Flows</h1>
        <div className="flows-toolbar">
          <ImportFlowButton onFile={(result) => void importFile(result)} />
          <button type="button" className="app-button app-button-primary" onClick={() => setCreating(true)} disabled={creating}>
            <Plus size={14} aria-hidden /> New flow
          </button>
        </div>
      </div>
      {notice && (
        <div className={`flows-notice flows-notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          <div>
            <p className="flows-notice-message">{notice.message}</p>
            {notice.fields.length > 0 && (
              <ul className="flows-notice-fields">
                {notice.fields.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            )}
          </div>
          <button type="button" className="app-button app-button-ghost app-icon-button" aria-label="Dismiss" onClick={() => setNotice(null)}>
            <X size={14} aria-hidden />
          </button>
        </div>
      )}
      {creating && <CreateFlowForm onCreate={create} onCancel={() => setCreating(false)} />}
      {flows.length === 0 ? (
        !creating && (
          <section className="app-empty flows-empty" aria-label="No flows yet">
            <Workflow size={40} aria-hidden />
            <h2>No flows yet</h2>
            <p>Draw a flow that answers your customers, or import one exported from another Parley.</p>
            <div className="flows-toolbar">
              <button type="button" className="app-button app-button-primary" onClick={() => setCreating(true)}>
                <Plus size={14} aria-hidden /> Create your first flow
              </button>
              <ImportFlowButton onFile={(result) => void importFile(result)} />
            </div>
          </section>
        )
      ) : (
        <>
          <p className="flows-help">
            A published flow is live: its triggers answer customers. <strong>Disable</strong> archives a flow (its triggers stop; conversations already in it finish);{' '}
            <strong>Enable</strong> unarchives it. When triggers of several flows have the same priority, the flow higher in this list fires first: drag the rows or use
            the arrows to change the order.
          </p>
          <table className="flows-table">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col" className="flows-number">
                  Nodes
                </th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span className="app-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {flows.map((flow, index) => (
                <FlowRow key={flow.id} flow={flow} position={index + 1} isFirst={index === 0} isLast={index === flows.length - 1} reordering={reordering} actions={actions} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}
