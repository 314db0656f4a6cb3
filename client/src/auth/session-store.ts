// Who is signed in, for the whole app: loaded once from /api/auth/me when the app starts, set by the
// login form, cleared by logout.
import type { UserView } from '@parley/shared';
import { create } from 'zustand';
import { ApiRequestError } from '../api/api-client';
import { authApi } from '../api/auth-api';
import { closeLiveSocket } from '../live/live-socket';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; user: UserView }
  /** /api/auth/me failed for another reason than "not signed in" (server down): worth a retry. */
  | { status: 'error'; message: string };

interface SessionActions {
  load(): Promise<void>;
  signedIn(user: UserView): void;
  logout(): Promise<void>;
}

export const useSessionStore = create<{ session: SessionState } & SessionActions>()((set) => ({
  session: { status: 'loading' },
  async load() {
    set({ session: { status: 'loading' } });
    try {
      set({ session: { status: 'signed-in', user: await authApi.me() } });
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) set({ session: { status: 'signed-out' } });
      else set({ session: { status: 'error', message: error instanceof Error ? error.message : String(error) } });
    }
  },
  signedIn(user) {
    set({ session: { status: 'signed-in', user } });
  },
  async logout() {
    try {
      await authApi.logout();
    } finally {
      // Signed out here whatever the server said: the cookie is gone or about to be.
      closeLiveSocket();
      set({ session: { status: 'signed-out' } });
    }
  },
}));
