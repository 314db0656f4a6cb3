// `/flows/:id`: loads the flow into the builder store, then shows the workspace.
import type { Flow } from '@parley/shared';
import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useState } from 'react';
import { flowsApi } from '../api/flows-api';
import { PageState } from '../app/PageState';
import { BuilderWorkspace } from './BuilderWorkspace';
import { useBuilderStore } from './store/builder-store';
import './builder.css';

type Loaded = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; flow: Flow; flows: { id: string; name: string }[] | null };

export function BuilderPage({ flowId }: { flowId: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });

  const load = useCallback(async () => {
    setLoaded({ kind: 'loading' });
    try {
      // The other flows are for goto targets and the fallback; the builder works without them.
      const [flow, flows] = await Promise.all([flowsApi.get(flowId), flowsApi.list().catch(() => null)]);
      useBuilderStore.getState().load(flow.graph, flow.settings);
      setLoaded({ kind: 'ready', flow, flows: flows?.filter((f) => f.status !== 'archived').map(({ id, name }) => ({ id, name })) ?? null });
    } catch (error) {
      setLoaded({ kind: 'error', message: `Could not open the flow: ${error instanceof Error ? error.message : String(error)}` });
    }
  }, [flowId]);

  useEffect(() => {
    void load();
  }, [load]);

  switch (loaded.kind) {
    case 'loading':
      return <PageState kind="loading" message="Opening the flow…" />;
    case 'error':
      return <PageState kind="error" message={loaded.message} onRetry={() => void load()} />;
    case 'ready':
      return (
        <ReactFlowProvider>
          <BuilderWorkspace key={`${loaded.flow.id}:${loaded.flow.revision}`} flow={loaded.flow} flows={loaded.flows} />
        </ReactFlowProvider>
      );
    default: {
      const never: never = loaded;
      throw new Error(`unknown state ${JSON.stringify(never)}`);
    }
  }
}
