import { apiTokenParamsSchema, apiTokenViewSchema, createApiTokenBodySchema, createdApiTokenSchema, loginBodySchema, userViewSchema } from '@parley/shared';
import { z } from 'zod';
import { ApiError } from '../http/api-error';
import { defineRoute, type Route } from '../http/define-route';
import { ACCESS } from './access';
import { userView, type AuthService } from './auth-service';
import type { LoginThrottle } from './login-throttle';
import { readCookie, SESSION_COOKIE, SESSION_TTL_MS } from './session-cookie';

export function authRoutes(auth: AuthService, options: { secureCookies: boolean; loginThrottle: LoginThrottle }): Route[] {
  const cookieOptions = { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/' } as const;
  const throttle = options.loginThrottle;
  return [
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      operationId: 'login',
      summary:
        'Sign in; sets the httpOnly session cookie parley_session. After 10 failures for one email or 50 from one address within 15 minutes: 429 too_many_attempts with Retry-After',
      tag: 'auth',
      roles: 'public',
      body: loginBodySchema,
      response: userViewSchema,
      async handler({ body }, { req, res }) {
        // Without `trust proxy` this is the peer's address: behind a reverse proxy every login shares
        // the proxy's, and the per-email limit is the one that still tells guessers apart.
        const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
        const refused = throttle.begin(body.email, ip);
        if (refused) {
          const retryAfterSeconds = Math.max(1, Math.ceil(refused.retryAfterMs / 1000));
          res.setHeader('Retry-After', String(retryAfterSeconds));
          throw new ApiError(429, 'too_many_attempts', `too many failed sign-ins; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
        }
        const session = await auth.login(body.email, body.password);
        if (!session) throw new ApiError(401, 'invalid_credentials', 'wrong email or password');
        throttle.succeeded(body.email, ip);
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
      response: createdApiTokenSchema,
      async handler({ body }, { user }) {
        if (!user) throw new ApiError(401, 'unauthenticated', 'sign in first');
        return auth.createApiToken(user, body.name);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/tokens',
      operationId: 'listApiTokens',
      summary: "The signed-in user's personal API tokens, oldest first (never their secrets)",
      tag: 'auth',
      roles: ACCESS.anyUser,
      response: z.array(apiTokenViewSchema),
      async handler(_input, { user }) {
        if (!user) throw new ApiError(401, 'unauthenticated', 'sign in first');
        return auth.listApiTokens(user);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/auth/tokens/:id',
      operationId: 'revokeApiToken',
      summary: 'Revoke one of your own API tokens: it stops working at once, and sockets opened with it are closed',
      tag: 'auth',
      roles: ACCESS.anyUser,
      params: apiTokenParamsSchema,
      status: 204,
      async handler({ params }, { user }) {
        if (!user) throw new ApiError(401, 'unauthenticated', 'sign in first');
        // Someone else's token is as unknown as a made-up id: its existence is not revealed.
        if (!(await auth.revokeToken(user, params.id))) throw ApiError.notFound(`API token ${params.id}`);
      },
    }),
  ];
}
