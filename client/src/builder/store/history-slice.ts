// Undo and redo over whole graph snapshots. A run of edits sharing a key (one drag, typing into one
// node's form) is one step: only its first edit records the graph as it was before.
import { snapshotOf, type BuilderSlice, type GraphSnapshot } from './builder-state';
import { restored } from './graph-slice';

const MAX_STEPS = 100;

export interface HistorySlice {
  past: GraphSnapshot[];
  future: GraphSnapshot[];
  /** Key of the edit run in progress; a later edit with the same key joins its undo step. */
  coalesceKey: string | null;
  /** Call before changing the graph; with a key equal to the run in progress, nothing is recorded. */
  record: (key?: string) => void;
  /** Ends the run in progress (a drag stopped, another node selected), so the next edit is its own step. */
  endCoalesce: () => void;
  undo: () => void;
  redo: () => void;
}

export const createHistorySlice: BuilderSlice<HistorySlice> = (set, get) => ({
  past: [],
  future: [],
  coalesceKey: null,
  record: (key) => {
    const state = get();
    if (key !== undefined && key === state.coalesceKey) return;
    set({ past: [...state.past, snapshotOf(state)].slice(-MAX_STEPS), future: [], coalesceKey: key ?? null }, false, 'history/record');
  },
  endCoalesce: () => set({ coalesceKey: null }, false, 'history/endCoalesce'),
  undo: () => {
    const state = get();
    const previous = state.past.at(-1);
    if (previous === undefined) return;
    set(
      { ...restored(previous, state), past: state.past.slice(0, -1), future: [snapshotOf(state), ...state.future], coalesceKey: null },
      false,
      'history/undo',
    );
  },
  redo: () => {
    const state = get();
    const next = state.future[0];
    if (next === undefined) return;
    set(
      { ...restored(next, state), past: [...state.past, snapshotOf(state)], future: state.future.slice(1), coalesceKey: null },
      false,
      'history/redo',
    );
  },
});
