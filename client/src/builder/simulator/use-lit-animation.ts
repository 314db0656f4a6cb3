// Lights the last event's path on the canvas one hop at a time (a node and the edge into it), then
// marks the node the conversation waits at. People who prefer reduced motion get the whole path at once.
import { useEffect } from 'react';
import type { BuilderStore } from '../store/builder-store';
import { litOf, type SimPath } from './lit-path';

export const HOP_MS = 250;

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export function useLitAnimation(store: BuilderStore, path: SimPath | null): void {
  useEffect(() => {
    if (path === null) return;
    const { setLit } = store.getState();
    if (prefersReducedMotion() || path.hops.length <= 1) {
      setLit(litOf(path));
      return;
    }
    let shown = 1;
    setLit(litOf(path, shown));
    const timer = setInterval(() => {
      shown += 1;
      setLit(litOf(path, shown));
      if (shown >= path.hops.length) clearInterval(timer);
    }, HOP_MS);
    // Interrupted (a new event, the panel closed): the whole path stays lit.
    return () => {
      clearInterval(timer);
      setLit(litOf(path));
    };
  }, [store, path]);
}
