// Runs the shared validateGraph on the draft a moment after the last edit, so the panel, the markers
// on the canvas and the publish button always reflect what publish would say.
import { validateGraph } from '@parley/shared';
import { useEffect } from 'react';
import { snapshotOf, type BuilderState } from '../store/builder-state';
import type { BuilderStore } from '../store/builder-store';

const DEBOUNCE_MS = 250;

const selectGraph = (state: BuilderState) => ({ nodes: state.nodes, edges: state.edges });

export function useLiveValidation(store: BuilderStore, knownFlowIds: ReadonlySet<string> | undefined): void {
  useEffect(() => {
    const run = () => {
      const state = store.getState();
      state.setValidation(validateGraph(snapshotOf(state), { knownFlowIds }));
    };
    run();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = selectGraph(store.getState());
    const unsubscribe = store.subscribe((state) => {
      // Selection and sizes change node objects too, but only content changes need a new check.
      if (state.nodes === last.nodes && state.edges === last.edges) return;
      last = selectGraph(state);
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store, knownFlowIds]);
}
