import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { ApiError } from '../http/api-error';
import type { RouteAccess } from '../http/define-route';
import type { UserRecord } from '../store/store';
import type { AuthService, Credential } from './auth-service';
import { readBearer, readCookie, SESSION_COOKIE } from './session-cookie';

declare module 'express-serve-static-core' {
  interface Locals {
    /** Set by `authenticate` when the request carries a valid session cookie or API token. */
    user?: UserRecord;
  }
}

/** The credential behind a request's or a socket handshake's headers: bearer token first, then the session cookie. */
export async function credentialFromHeaders(auth: AuthService, headers: IncomingHttpHeaders): Promise<Credential | null> {
  const token = readBearer(headers.authorization) ?? readCookie(headers.cookie, SESSION_COOKIE);
  return token ? auth.credentialFor(token) : null;
}

/** Resolves the user, if any; rejecting is `authorize`'s job so public routes share the path. */
export function authenticate(auth: AuthService): RequestHandler {
  return async (req, res, next) => {
    const credential = await credentialFromHeaders(auth, req.headers);
    if (credential) res.locals.user = credential.user;
    next();
  };
}

/** 401 without a valid session or token, 403 when the user's role is not among `roles`. */
export function authorize(roles: RouteAccess): RequestHandler {
  return (_req, res, next) => {
    if (roles === 'public') return next();
    const user = res.locals.user;
    if (!user) throw new ApiError(401, 'unauthenticated', 'sign in or send an API token (Authorization: Bearer …)');
    if (!roles.includes(user.role)) throw new ApiError(403, 'forbidden', `this needs one of the roles: ${roles.join(', ')}`);
    next();
  };
}
