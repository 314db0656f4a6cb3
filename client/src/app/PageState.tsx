import { AlertTriangle, Loader2, RotateCw } from 'lucide-react';

type PageStateProps = { kind: 'loading'; message: string } | { kind: 'error'; message: string; onRetry?: () => void };

/** The one way a page says it is loading or failed to load, with a retry when one makes sense. */
export function PageState(props: PageStateProps) {
  if (props.kind === 'loading') {
    return (
      <div className="app-state" role="status">
        <Loader2 className="app-spin" size={20} aria-hidden />
        <span>{props.message}</span>
      </div>
    );
  }
  return (
    <div className="app-state app-state-error" role="alert">
      <AlertTriangle size={20} aria-hidden />
      <span>{props.message}</span>
      {props.onRetry && (
        <button type="button" className="app-button" onClick={props.onRetry}>
          <RotateCw size={14} aria-hidden /> Try again
        </button>
      )}
    </div>
  );
}
