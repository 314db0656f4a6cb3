// jsdom lacks structuredClone, which browsers have and the engine uses to copy conversation state.
// Tests that run the engine under jsdom import this first; Node's v8 serializer gives the same copy.
import { deserialize, serialize } from 'node:v8';

if (!('structuredClone' in globalThis)) {
  Object.assign(globalThis, { structuredClone: <T>(value: T): T => deserialize(serialize(value)) });
}
