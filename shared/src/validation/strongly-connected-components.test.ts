import fc from 'fast-check';
import { stronglyConnectedComponents } from './strongly-connected-components';

/** Vertices reachable from `start` (itself included), by plain search. */
function reachable(successors: number[][], start: number): Set<number> {
  const seen = new Set([start]);
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    for (const next of successors[queue[head] ?? 0] ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

describe('stronglyConnectedComponents', () => {
  it('groups two vertices exactly when each reaches the other', () => {
    const graphArb = fc.integer({ min: 1, max: 12 }).chain((count) =>
      fc.array(fc.array(fc.integer({ min: 0, max: count - 1 }), { maxLength: 4 }), { minLength: count, maxLength: count }),
    );
    fc.assert(
      fc.property(graphArb, (successors) => {
        const components = stronglyConnectedComponents(successors);
        const componentOf = new Map<number, number>();
        components.forEach((component, c) => component.forEach((v) => componentOf.set(v, c)));
        expect([...componentOf.keys()].sort((a, b) => a - b)).toEqual(successors.map((_, v) => v));
        const reach = successors.map((_, v) => reachable(successors, v));
        successors.forEach((_, u) =>
          successors.forEach((__, v) => {
            const mutual = (reach[u]?.has(v) ?? false) && (reach[v]?.has(u) ?? false);
            expect(componentOf.get(u) === componentOf.get(v)).toBe(mutual);
          }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('orders components by their smallest vertex, each sorted', () => {
    expect(stronglyConnectedComponents([[2], [1], [0], [3, 1]])).toEqual([[0, 2], [1], [3]]);
  });
});
