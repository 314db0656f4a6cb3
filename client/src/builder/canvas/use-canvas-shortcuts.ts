// Keyboard shortcuts of the canvas: delete, copy, paste, undo, redo. They act only when focus is on the
// canvas (or nowhere), never while typing in a field or on a button of a panel.
import { useEffect, type RefObject } from 'react';
import type { BuilderStore } from '../store/builder-store';

export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function useCanvasShortcuts(store: BuilderStore, canvas: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target;
      const onCanvas = target === document.body || (target instanceof Node && canvas.current?.contains(target) === true);
      if (!onCanvas || isTyping(target) || event.defaultPrevented) return;
      const state = store.getState();
      if (state.viewing !== null) return;
      const command = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (!command && (key === 'delete' || key === 'backspace')) {
        event.preventDefault();
        state.deleteSelection();
      } else if (command && key === 'c') {
        const copied = state.copySelection();
        if (copied > 0) state.showNotice(`Copied ${copied} node${copied === 1 ? '' : 's'}: paste with Ctrl+V here or in another flow.`);
      } else if (command && key === 'v') {
        event.preventDefault();
        if (state.paste() === 0) state.showNotice('Nothing to paste: select nodes and press Ctrl+C first.');
      } else if (command && ((key === 'z' && event.shiftKey) || key === 'y')) {
        event.preventDefault();
        state.redo();
      } else if (command && key === 'z') {
        event.preventDefault();
        state.undo();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, canvas]);
}
