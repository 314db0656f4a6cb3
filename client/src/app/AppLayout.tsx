import { LogOut, MessagesSquare } from 'lucide-react';
import { useState } from 'react';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { useSessionStore } from '../auth/session-store';

const selectSession = (state: ReturnType<typeof useSessionStore.getState>) => state.session;
const selectLogout = (state: ReturnType<typeof useSessionStore.getState>) => state.logout;

/** The signed-in frame: header with the app name, navigation, who is signed in and logout. */
export function AppLayout() {
  const session = useSessionStore(selectSession);
  const logout = useSessionStore(selectLogout);
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);

  async function signOut(): Promise<void> {
    setLeaving(true);
    try {
      await logout();
    } finally {
      setLeaving(false);
      await navigate('/login', { replace: true });
    }
  }

  return (
    <div className="app-shell">
      <header className="app-header">
        <Link to="/flows" className="app-brand">
          <MessagesSquare size={20} aria-hidden /> Parley
        </Link>
        <nav aria-label="Main" className="app-nav">
          <NavLink to="/flows" className="app-nav-link">
            Flows
          </NavLink>
          <NavLink to="/missed-keywords" className="app-nav-link">
            Missed keywords
          </NavLink>
        </nav>
        {session.status === 'signed-in' && (
          <div className="app-user">
            <span className="app-user-name">{session.user.name}</span>
            <span className="app-role">{session.user.role}</span>
            <button type="button" className="app-button app-button-ghost" onClick={() => void signOut()} disabled={leaving}>
              <LogOut size={16} aria-hidden /> Log out
            </button>
          </div>
        )}
      </header>
      <div className="app-content">
        <Outlet />
      </div>
    </div>
  );
}
