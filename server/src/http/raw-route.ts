// The hot ingress path: routes answered straight from node:http, before express. A channel that
// answers every customer message inline (WeChat-style passive replies) spends its time budget on the
// conversation, not on a router: express's request set-up alone costs more than a whole engine step.
// These routes keep the registry's contract — zod-validated JSON body, unknown fields refused, errors
// in the API's format, documented in the OpenAPI document — with a fixed path pattern and no cookies.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { ApiError } from './api-error';
import { routePattern, type RouteDoc } from './define-route';
import { toApiError } from './error-handler';
import { parseInput } from './validate';

const MAX_BODY_BYTES = 64 * 1024;

// Methods, not properties (as in RouteSpec): checked bivariantly, so a route typed with its own
// schemas' outputs stands in a list of RawRoute<unknown, unknown>.
export interface RawRoute<B, P> extends RouteDoc {
  method: 'post';
  body: z.ZodType<B>;
  params: z.ZodType<P>;
  /** Runs on the path parameters before the body is read: a caller that may not post learns nothing more. */
  authorize(params: P): void;
  handle(input: { body: B; params: P }): Promise<unknown>;
}

/** Infers the handler's input types from the route's schemas, as defineRoute does. */
export function defineRawRoute<B, P>(route: RawRoute<B, P>): RawRoute<unknown, unknown> {
  return route;
}

/** A request listener that answers the raw routes and hands every other request to `next` (express). */
export function rawRoutes(routes: readonly RawRoute<unknown, unknown>[], next: RequestListener, logger: Logger): RequestListener {
  const compiled = routes.map((route) => ({ route, ...routePattern(route.path) }));
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    for (const { route, pattern, names } of compiled) {
      const match = req.method === 'POST' ? pattern.exec(path) : null;
      if (match) {
        serve(route, names, match, req, res).catch((error: unknown) => fail(error, req, res, logger));
        return;
      }
    }
    next(req, res);
  };
}

async function serve(route: RawRoute<unknown, unknown>, names: readonly string[], match: RegExpExecArray, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawParams: Record<string, string> = {};
  names.forEach((name, index) => (rawParams[name] = decodeParam(match[index + 1] ?? '')));
  const params = parseInput('params', route.params, rawParams);
  route.authorize(params);
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', `send the body as JSON with Content-Type: application/json (this request says ${type ? `"${type}"` : 'no Content-Type'})`);
  }
  const body = parseInput('body', route.body, parseJson(await readBody(req)));
  const result = await route.handle({ body, params });
  send(res, route.status ?? 200, result);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

function fail(error: unknown, req: IncomingMessage, res: ServerResponse, logger: Logger): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const apiError = toApiError(error);
  if (apiError) {
    // The rest of an unread body is not worth reading: close the connection after answering.
    if (!req.complete) res.setHeader('Connection', 'close');
    send(res, apiError.status, apiError.toBody());
    return;
  }
  logger.error({ err: error, method: req.method, path: req.url }, 'unhandled error in request');
  send(res, 500, { error: { code: 'internal', message: 'internal error' } });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new ApiError(413, 'payload_too_large', `the request body is larger than ${MAX_BODY_BYTES / 1024} KB`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0]?.toString('utf8') ?? '') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw ApiError.badRequest('invalid_json', `the request body is not valid JSON (${error instanceof Error ? error.message : 'parse error'})`);
  }
}

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw ApiError.badRequest('invalid_path', 'the URL is not valid percent-encoding; encode "%" as %25');
  }
}
