import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { Role, UserRecord } from '../store/store';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** Who may call a route: anyone (login, setup, signed webhooks, health), or signed-in users with these roles. */
export type RouteAccess = 'public' | readonly Role[];

export interface RouteContext {
  req: Request;
  res: Response;
  /** The signed-in user; null only on public routes. */
  user: UserRecord | null;
}

/**
 * One entry of the route registry: the single source of truth that mounts authorisation and
 * validation and feeds the OpenAPI document. `handler` gets the parsed input and returns the
 * response body (sent with `status`, default 200) unless it answered itself.
 */
export interface RouteSpec<B, Q, P> {
  method: HttpMethod;
  /** Express path, e.g. /api/flows/:id. */
  path: string;
  /** OpenAPI operationId; also names the generated request components. */
  operationId: string;
  summary: string;
  tag: string;
  roles: RouteAccess;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  response?: z.ZodType;
  status?: number;
  /** Runs before authorisation and validation (the webhook checks its signature here). */
  before?: RequestHandler[];
  /**
   * Extra OpenAPI fields (security schemes, request headers, and `produces` for a handler that answers
   * itself with another media type than JSON, e.g. text/csv).
   */
  openapi?: { security?: Record<string, string[]>[]; headers?: { name: string; description: string }[]; produces?: string };
  // A method, not a property: its parameter is then checked bivariantly, which lets a route typed
  // with its own schemas' outputs stand in the registry of `Route` (input typed unknown).
  handler(input: { body: B; query: Q; params: P }, ctx: RouteContext): unknown;
}

export type Route = RouteSpec<unknown, unknown, unknown>;

/** What the OpenAPI document reads of a route: everything but how it runs. */
export type RouteDoc = Omit<Route, 'handler' | 'before'>;

/** Infers the handler's input types from the route's schemas. */
export function defineRoute<B = undefined, Q = undefined, P = undefined>(spec: RouteSpec<B, Q, P>): Route {
  return spec;
}

/**
 * A registry path ("/api/flows/:id") as a regex with one group per parameter, matching the way express
 * does: literal segments case-insensitively, a parameter as one segment, an optional trailing slash.
 */
export function routePattern(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`, 'i'), names };
}
