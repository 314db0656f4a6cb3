// The canvas's one message line: why a connection was refused, what was copied. It fades after a while.
import { X } from 'lucide-react';
import { useEffect } from 'react';
import type { BuilderState } from '../store/builder-state';
import { useBuilderStore } from '../store/builder-store';

const NOTICE_MS = 8000;

const selectNotice = (state: BuilderState) => state.notice;
const selectDismiss = (state: BuilderState) => state.dismissNotice;

export function CanvasNotice() {
  const notice = useBuilderStore(selectNotice);
  const dismiss = useBuilderStore(selectDismiss);
  useEffect(() => {
    if (notice === null) return;
    const timer = setTimeout(dismiss, NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  return (
    <div className="canvas-notice" role="status" aria-live="polite">
      {notice !== null && (
        <div className="canvas-notice__box">
          <span>{notice.text}</span>
          <button type="button" className="app-icon-button" aria-label="Dismiss message" onClick={dismiss}>
            <X size={14} aria-hidden />
          </button>
        </div>
      )}
    </div>
  );
}
