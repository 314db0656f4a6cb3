import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { PageState } from '../app/PageState';
import { useSessionStore } from './session-store';

const selectSession = (state: ReturnType<typeof useSessionStore.getState>) => state.session;
const selectLoad = (state: ReturnType<typeof useSessionStore.getState>) => state.load;

/** Shows its children to a signed-in user; sends anyone else to the login page, to come back here after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSessionStore(selectSession);
  const load = useSessionStore(selectLoad);
  const location = useLocation();
  switch (session.status) {
    case 'loading':
      return <PageState kind="loading" message="Checking your session…" />;
    case 'error':
      return <PageState kind="error" message={`Could not reach Parley: ${session.message}`} onRetry={() => void load()} />;
    case 'signed-out':
      return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
    case 'signed-in':
      return children;
    default: {
      const never: never = session;
      throw new Error(`unknown session ${JSON.stringify(never)}`);
    }
  }
}
