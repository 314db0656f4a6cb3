import type { Request, RequestHandler } from 'express';
import type { z } from 'zod';
import { ApiError } from './api-error';

export interface RequestSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

/** What `validate` leaves on `res.locals.input`: each part parsed by its schema, undefined without one. */
export interface ValidatedInput {
  body: unknown;
  query: unknown;
  params: unknown;
}

declare module 'express-serve-static-core' {
  interface Locals {
    input?: ValidatedInput;
  }
}

/**
 * Parses body, query and params with their zod schemas; the first failure is a 400 naming the field.
 * The parsed values (coerced, defaults filled in) go to `res.locals.input` because express 5's
 * `req.query` is a read-only getter; handlers read them from there, never from `req`.
 */
export function validate(schemas: RequestSchemas): RequestHandler {
  return (req, res, next) => {
    res.locals.input = {
      body: parsePart('body', schemas.body, bodyOf(req)),
      query: parsePart('query', schemas.query, req.query),
      params: parsePart('params', schemas.params, req.params),
    };
    next();
  };
}

function parsePart(where: 'body' | 'query' | 'params', schema: z.ZodType | undefined, value: unknown): unknown {
  if (schema === undefined) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw ApiError.fromZod(where, result.error);
  return result.data;
}

/** Express 5 leaves req.body undefined when nothing was posted; an empty body is an empty object. */
function bodyOf(req: Request): unknown {
  return req.body ?? {};
}
