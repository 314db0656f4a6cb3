import { setupBodySchema, userViewSchema } from '@parley/shared';
import { ApiError } from '../http/api-error';
import { defineRoute, type Route } from '../http/define-route';
import { userView, type AuthService } from './auth-service';
import { isLoopback } from './is-loopback';
import { SESSION_COOKIE, SESSION_TTL_MS } from './session-cookie';

/** The one-time creation of the first admin: only from this machine, only while no user exists. */
export function setupRoutes(auth: AuthService, options: { secureCookies: boolean }): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/setup',
      operationId: 'setup',
      summary: 'Create the first admin (only from localhost, only while there is no user); signs them in',
      tag: 'auth',
      roles: 'public',
      body: setupBodySchema,
      status: 201,
      response: userViewSchema,
      async handler({ body }, { req, res }) {
        if (!isLoopback(req.socket.remoteAddress)) {
          throw new ApiError(403, 'setup_not_local', 'setup is only possible from the machine Parley runs on');
        }
        const admin = await auth.createFirstAdmin(body);
        if (!admin) throw new ApiError(409, 'setup_done', 'setup is done: a user exists already; sign in instead');
        const session = await auth.login(body.email, body.password);
        if (session) {
          res.cookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/', maxAge: SESSION_TTL_MS });
        }
        return userView(admin);
      },
    }),
  ];
}
