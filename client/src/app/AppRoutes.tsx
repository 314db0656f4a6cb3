import { Navigate, useRoutes, type RouteObject } from 'react-router';
import { LoginPage } from '../auth/LoginPage';
import { RequireAuth } from '../auth/RequireAuth';
import { FlowsListPage } from '../flows-list/FlowsListPage';
import { MissedKeywordsPage } from '../missed-keywords/MissedKeywordsPage';
import { AppLayout } from './AppLayout';
import { BuilderRoute } from './BuilderRoute';
import { NotFoundPage } from './NotFoundPage';
import { SessionRoot } from './SessionRoot';

/** Every page of the app; App mounts them in a browser router, tests in a memory router. */
const appRoutes: RouteObject[] = [
  {
    element: <SessionRoot />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { index: true, element: <Navigate to="/flows" replace /> },
          { path: '/flows', element: <FlowsListPage /> },
          { path: '/flows/:id', element: <BuilderRoute /> },
          { path: '/missed-keywords', element: <MissedKeywordsPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export function AppRoutes() {
  return useRoutes(appRoutes);
}
