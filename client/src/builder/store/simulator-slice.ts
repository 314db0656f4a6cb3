// The test chat's state: the simulated conversation with the draft (see ../simulator/simulation.ts) and
// the path the canvas lights, which the panel reveals hop by hop from the simulation's last path.
import type { Channel } from '@parley/shared';
import { NO_LIT, type Lit } from '../simulator/lit-path';
import {
  newSimulation,
  restartSimulation,
  simulate,
  withChannel,
  withClock,
  withTimezone,
  type RunnableDraft,
  type SimInput,
  type Simulation,
  type SimulationOptions,
} from '../simulator/simulation';
import type { BuilderSlice } from './builder-state';

export interface SimulatorSlice {
  lit: Lit;
  /** Null until the test chat is first opened for the loaded flow. */
  simulation: Simulation | null;
  setLit: (lit: Lit) => void;
  /** Starts a simulation unless one runs already. */
  startSimulation: (options: SimulationOptions) => void;
  simulateInput: (draft: RunnableDraft, input: SimInput) => void;
  setSimulatedClock: (now: number) => void;
  setSimulatedTimezone: (timezone: string) => void;
  setSimulatedChannel: (channel: Channel) => void;
  restartSimulation: () => void;
  /** A new seed: a new contact and random source, so a new conversation. */
  reseedSimulation: (seed: number) => void;
}

export const createSimulatorSlice: BuilderSlice<SimulatorSlice> = (set, get) => {
  const update = (change: (simulation: Simulation) => Simulation, action: string) => {
    const simulation = get().simulation;
    if (simulation !== null) set({ simulation: change(simulation) }, false, action);
  };
  return {
    lit: NO_LIT,
    simulation: null,
    setLit: (lit) => set({ lit }, false, 'simulator/setLit'),
    startSimulation: (options) => {
      if (get().simulation === null) set({ simulation: newSimulation(options), lit: NO_LIT }, false, 'simulator/start');
    },
    simulateInput: (draft, input) => update((simulation) => simulate(simulation, draft, input), 'simulator/simulateInput'),
    setSimulatedClock: (now) => update((simulation) => withClock(simulation, now), 'simulator/setClock'),
    setSimulatedTimezone: (timezone) => update((simulation) => withTimezone(simulation, timezone), 'simulator/setTimezone'),
    setSimulatedChannel: (channel) => update((simulation) => withChannel(simulation, channel), 'simulator/setChannel'),
    restartSimulation: () => update((simulation) => restartSimulation(simulation), 'simulator/restart'),
    reseedSimulation: (seed) => update((simulation) => restartSimulation(simulation, seed), 'simulator/reseed'),
  };
};
