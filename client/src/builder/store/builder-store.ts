// The builder's one store: the slices bound together once, with devtools naming every action.
// The app uses the module store; tests make fresh ones (or reset with getInitialState()).
import { create } from 'zustand';
import { devtools } from 'zustand/middleware';
import type { BuilderState } from './builder-state';
import { createGraphSlice } from './graph-slice';
import { createHistorySlice } from './history-slice';
import { createSelectionSlice } from './selection-slice';
import { createSimulatorSlice } from './simulator-slice';
import { createUiSlice } from './ui-slice';

export function createBuilderStore() {
  return create<BuilderState>()(
    devtools(
      (...a) => ({
        ...createGraphSlice(...a),
        ...createSelectionSlice(...a),
        ...createHistorySlice(...a),
        ...createUiSlice(...a),
        ...createSimulatorSlice(...a),
      }),
      { name: 'parley-builder' },
    ),
  );
}

export type BuilderStore = ReturnType<typeof createBuilderStore>;

export const useBuilderStore = createBuilderStore();
