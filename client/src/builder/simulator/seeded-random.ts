// The simulator's random source: mulberry32 over a 32-bit state kept with the simulation, so the same
// seed and the same messages always give the same run (the engine takes randomness as an argument).

export interface SeededRandom {
  next: () => number;
  /** The state after the numbers drawn so far: the seed of the next draw. */
  state: () => number;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  return {
    next: () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    },
    state: () => state,
  };
}

/** A fresh seed for a new simulation: the tester's choice, not the engine's, so Math.random is fine here. */
export function newSeed(): number {
  return Math.floor(Math.random() * 1_000_000);
}
