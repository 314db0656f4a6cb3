import { createUserBodySchema, userViewSchema } from '@parley/shared';
import { z } from 'zod';
import { ACCESS } from '../../auth/access';
import { userView, type AuthService } from '../../auth/auth-service';
import { defineRoute, type Route } from '../../http/define-route';
import type { Store } from '../../store/store';

export function usersRoutes(store: Store, auth: AuthService): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/users',
      operationId: 'listUsers',
      summary: 'List users',
      tag: 'users',
      roles: ACCESS.users,
      response: z.array(userViewSchema),
      async handler() {
        return (await store.listUsers()).map(userView);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/users',
      operationId: 'createUser',
      summary: 'Create a user with a role (and teams, for handoff routing)',
      tag: 'users',
      roles: ACCESS.users,
      body: createUserBodySchema,
      status: 201,
      response: userViewSchema,
      async handler({ body }) {
        return userView(await auth.createUser(body));
      },
    }),
  ];
}
