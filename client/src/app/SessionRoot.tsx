import { useEffect } from 'react';
import { Outlet } from 'react-router';
import { useSessionStore } from '../auth/session-store';

const selectLoad = (state: ReturnType<typeof useSessionStore.getState>) => state.load;

/** The root route: asks the server who is signed in once, when the app starts. */
export function SessionRoot() {
  const load = useSessionStore(selectLoad);
  useEffect(() => {
    void load();
  }, [load]);
  return <Outlet />;
}
