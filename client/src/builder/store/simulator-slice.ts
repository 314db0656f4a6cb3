// What the simulator shows on the canvas: the path of the last simulated run, lit node by node.
import type { BuilderSlice } from './builder-state';

export interface SimulatorSlice {
  lit: { nodeIds: string[]; edgeIds: string[] };
  setLit: (lit: { nodeIds: string[]; edgeIds: string[] }) => void;
}

export const createSimulatorSlice: BuilderSlice<SimulatorSlice> = (set) => ({
  lit: { nodeIds: [], edgeIds: [] },
  setLit: (lit) => set({ lit }, false, 'simulator/setLit'),
});
