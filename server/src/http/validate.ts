import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { ApiError, type IssueDetail } from './api-error';

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
 * Deeper than any request of this API needs (a flow graph is about ten levels). Recursive schemas
 * (JSON variables) would exhaust the stack on a deep enough value long before JSON.parse does.
 */
export const MAX_INPUT_DEPTH = 64;

/**
 * Parses body, query and params with their zod schemas; the first failure is a 400 naming the field.
 * A route without a body or query schema takes none: a body other than nothing or `{}`, or any query
 * parameter, is refused like an unknown field (the README promises a stray field is never ignored).
 * The parsed values (coerced, defaults filled in) go to `res.locals.input` because express 5's
 * `req.query` is a read-only getter; handlers read them from there, never from `req`.
 */
export function validate(schemas: RequestSchemas): RequestHandler {
  return (req, res, next) => {
    requireJsonBody(req, schemas.body !== undefined);
    res.locals.input = {
      body: parseOptional('body', schemas.body, bodyOf(req)),
      query: parseOptional('query', schemas.query, req.query),
      params: schemas.params && parseInput('params', schemas.params, req.params),
    };
    next();
  };
}

/** What a part without a schema may be: an object without fields; its message also covers a JSON array. */
const NOTHING = z.object({}, { error: 'this endpoint takes no body; send nothing, or {}' });

/** Parses a part with its schema; without one, refuses whatever it holds and leaves it undefined. */
function parseOptional(where: 'body' | 'query', schema: z.ZodType | undefined, value: unknown): unknown {
  if (schema !== undefined) return parseInput(where, schema, value);
  parseInput(where, NOTHING, value);
  return undefined;
}

/**
 * Parses one part of a request (or a socket event's payload, `where` being the event's name) the
 * way every route does: refuses values nested absurdly deep, fields given twice and fields the
 * schema does not know (a typo must not be dropped silently), then applies the schema.
 */
export function parseInput<T>(where: string, schema: z.ZodType<T>, value: unknown): T {
  if (deeperThan(value, MAX_INPUT_DEPTH)) {
    throw new ApiError(400, 'too_deep', `${where} is nested more than ${MAX_INPUT_DEPTH} levels deep`, [{ path: [], message: `at most ${MAX_INPUT_DEPTH} levels`, code: 'too_deep' }]);
  }
  // An unknown parameter given twice is reported once, as unknown: its name is what to fix.
  const unknown = unknownKeys(where, schema, value);
  const repeated = where === 'query' ? repeatedKeys(value).filter((r) => !unknown.some((u) => u.path[0] === r.path[0])) : [];
  const unexpected = [...unknown, ...repeated];
  if (unexpected.length > 0) throw ApiError.invalid(where, unexpected);
  const result = schema.safeParse(value, { error: requiredMessage });
  if (!result.success) throw ApiError.fromZod(where, result.error);
  return result.data;
}

/** zod says "expected string, received undefined" for a field left out; people say "required". */
const requiredMessage: z.core.$ZodErrorMap = (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined);

/** Express 5 leaves req.body undefined when nothing was posted; an empty body is an empty object. */
function bodyOf(req: Request): unknown {
  return req.body ?? {};
}

/**
 * express.json reads only `application/json`; a body sent as anything else would be ignored and the
 * request judged as if it were empty ("name: required" for a name that was sent). Say what is wrong.
 */
function requireJsonBody(req: Request, takesBody: boolean): void {
  if (req.body !== undefined) return;
  const length = Number(req.get('content-length') ?? '0');
  if (length > 0 || req.get('transfer-encoding') !== undefined) {
    const type = req.get('content-type');
    const says = `this request says ${type ? `"${type}"` : 'no Content-Type'}`;
    throw new ApiError(
      415,
      'unsupported_media_type',
      takesBody ? `send the body as JSON with Content-Type: application/json (${says})` : `this endpoint takes no body; send nothing, or {} as application/json (${says})`,
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Walks the value without recursion (so the check itself cannot overflow), stopping at the limit. */
function deeperThan(value: unknown, max: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth > max) return true;
    for (const child of Object.values(item.value)) pending.push({ value: child, depth: item.depth + 1 });
  }
  return false;
}

/** `?limit=1&limit=2` arrives as an array; no parameter of this API takes several values. */
function repeatedKeys(query: unknown): IssueDetail[] {
  if (!isRecord(query)) return [];
  return Object.entries(query).flatMap(([key, value]) =>
    Array.isArray(value) ? [{ path: [key], message: `given ${value.length} times; send it once`, code: 'repeated_parameter' }] : [],
  );
}

/**
 * The keys a request part may have: those its object schema declares. Null when any key goes (not
 * an object schema, or one with a catchall). The OpenAPI document says the same (additionalProperties).
 */
export function declaredKeys(schema: z.ZodType): string[] | null {
  if (!(schema instanceof z.ZodObject)) return null;
  const catchall = schema.def.catchall;
  if (catchall !== undefined && !(catchall instanceof z.ZodNever)) return null;
  return Object.keys(schema.shape);
}

/** Top-level keys the schema does not declare. */
function unknownKeys(where: string, schema: z.ZodType, value: unknown): IssueDetail[] {
  const known = declaredKeys(schema);
  if (known === null || !isRecord(value)) return [];
  const what = where === 'query' ? 'parameter' : 'field';
  const expected = known.length === 0 ? 'none are taken here' : `expected one of: ${known.join(', ')}`;
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => ({ path: [key], message: `unknown ${what}; ${expected}`, code: 'unrecognized_keys' }));
}
