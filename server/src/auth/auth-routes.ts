import { createApiTokenBodySchema, loginBodySchema, userViewSchema } from '@parley/shared';
import { z } from 'zod';
import { ApiError } from '../http/api-error';
import { defineRoute, type Route } from '../http/define-route';
import { ACCESS } from './access';
import { userView, type AuthService } from './auth-service';
import { readCookie, SESSION_COOKIE, SESSION_TTL_MS } from './session-cookie';

export function authRoutes(auth: AuthService, options: { secureCookies: boolean }): Route[] {
  const cookieOptions = { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/' } as const;
  return [
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      operationId: 'login',
      summary: 'Sign in; sets the httpOnly session cookie parley_session',
      tag: 'auth',
      roles: 'public',
      body: loginBodySchema,
      response: userViewSchema,
      async handler({ body }, { res }) {
        const session = await auth.login(body.email, body.password);
        if (!session) throw new ApiError(401, 'invalid_credentials', 'wrong email or password');
        res.cookie(SESSION_COOKIE, session.token, { ...cookieOptions, maxAge: SESSION_TTL_MS });
        return userView(session.user);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/logout',
      operationId: 'logout',
      summary: 'Sign out: ends the session of the cookie',
      tag: 'auth',
      roles: ACCESS.anyUser,
      status: 204,
      async handler(_input, { req, res }) {
        const token = readCookie(req.headers.cookie, SESSION_COOKIE);
        if (token) await auth.logout(token);
        res.clearCookie(SESSION_COOKIE, cookieOptions);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/me',
      operationId: 'me',
      summary: 'The signed-in user',
      tag: 'auth',
      roles: ACCESS.anyUser,
      response: userViewSchema,
      handler(_input, { user }) {
        if (!user) throw new ApiError(401, 'unauthenticated', 'sign in first');
        return userView(user);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/tokens',
      operationId: 'createApiToken',
      summary: 'Create a personal API token (returned once; send it as Authorization: Bearer <token>)',
      tag: 'auth',
      roles: ACCESS.anyUser,
      body: createApiTokenBodySchema,
      status: 201,
      response: z.object({ token: z.string(), name: z.string(), createdAt: z.number().int() }),
      async handler({ body }, { user }) {
        if (!user) throw new ApiError(401, 'unauthenticated', 'sign in first');
        return auth.createApiToken(user, body.name);
      },
    }),
  ];
}
