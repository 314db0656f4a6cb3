// Puts a published version's graph on the builder's canvas, read-only, with its edges drawn as stats
// edges; the draft comes back when the analytics view closes. Versions never change, so each is fetched once.
import type { FlowVersion } from '@parley/shared';
import { useEffect, useRef, useState } from 'react';
import { flowsApi } from '../api/flows-api';
import { useBuilderStore } from '../builder/store/builder-store';
import { STATS_EDGE_TYPE } from './StatsEdge';

type VersionGraph = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'shown'; version: number };

export function useVersionGraph(flowId: string, version: number | null): { graph: VersionGraph; retry: () => void } {
  const fetched = useRef(new Map<number, FlowVersion>());
  const [shown, setShown] = useState<number | null>(null);
  const [failed, setFailed] = useState<{ version: number; message: string } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (version === null) return;
    let current = true;
    const show = (loaded: FlowVersion) => {
      useBuilderStore.getState().viewVersion({
        version: loaded.version,
        nodes: loaded.graph.nodes.map((node) => ({ ...node })),
        edges: loaded.graph.edges.map((edge) => ({ ...edge, type: STATS_EDGE_TYPE })),
        settings: loaded.settings,
      });
      setShown(loaded.version);
      setFailed(null);
    };
    const known = fetched.current.get(version);
    if (known !== undefined) show(known);
    else
      flowsApi.version(flowId, version).then(
        (loaded) => {
          fetched.current.set(version, loaded);
          if (current) show(loaded);
        },
        (error: unknown) => {
          if (current) setFailed({ version, message: error instanceof Error ? error.message : String(error) });
        },
      );
    return () => {
      current = false;
    };
  }, [flowId, version, attempt]);

  useEffect(() => () => useBuilderStore.getState().viewVersion(null), []);

  let graph: VersionGraph;
  if (version !== null && failed?.version === version) graph = { kind: 'error', message: failed.message };
  else if (shown === null) graph = { kind: 'loading' };
  // The version drawn before stays while the chosen one loads.
  else graph = { kind: 'shown', version: shown };
  return { graph, retry: () => setAttempt((count) => count + 1) };
}
