/**
 * Tarjan's strongly connected components over vertices `0..successors.length-1`.
 * Iterative, so a long chain of nodes cannot overflow the call stack. Each component lists its
 * vertices ascending, and components come in the order of their smallest vertex, so callers
 * report them deterministically.
 */
export function stronglyConnectedComponents(successors: readonly (readonly number[])[]): number[][] {
  const count = successors.length;
  const order: number[] = new Array<number>(count).fill(-1);
  const low: number[] = new Array<number>(count).fill(0);
  const onStack: boolean[] = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let nextOrder = 0;

  const visit = (vertex: number, frames: { vertex: number; next: number }[]): void => {
    order[vertex] = nextOrder;
    low[vertex] = nextOrder;
    nextOrder += 1;
    stack.push(vertex);
    onStack[vertex] = true;
    frames.push({ vertex, next: 0 });
  };

  for (let root = 0; root < count; root += 1) {
    if (order[root] !== -1) continue;
    const frames: { vertex: number; next: number }[] = [];
    visit(root, frames);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (frame === undefined) break;
      const v = frame.vertex;
      const out = successors[v] ?? [];
      const w = out[frame.next];
      if (w !== undefined) {
        frame.next += 1;
        if (order[w] === -1) visit(w, frames);
        else if (onStack[w]) low[v] = Math.min(low[v] ?? 0, order[w] ?? 0);
        continue;
      }
      frames.pop();
      if (low[v] === order[v]) {
        const component: number[] = [];
        for (;;) {
          const member = stack.pop();
          if (member === undefined) break;
          onStack[member] = false;
          component.push(member);
          if (member === v) break;
        }
        components.push(component.sort((a, b) => a - b));
      }
      const parent = frames[frames.length - 1];
      if (parent !== undefined) low[parent.vertex] = Math.min(low[parent.vertex] ?? 0, low[v] ?? 0);
    }
  }

  return components.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}
