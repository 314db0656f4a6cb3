import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { RuntimeError } from '../runtime/runtime-error';
import { StoreConflictError, StoreNotFoundError } from '../store/store';
import { ApiError } from './api-error';
import { routePattern, type RouteDoc } from './define-route';

/** Errors a client caused, as ApiErrors; null for everything else (bugs and outages). */
export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  // One 404 code across the API, whichever layer noticed the missing conversation.
  if (error instanceof RuntimeError) return new ApiError(error.status, error.status === 404 ? 'not_found' : error.code, error.message);
  if (error instanceof StoreNotFoundError) return new ApiError(404, 'not_found', error.message);
  if (error instanceof StoreConflictError) return new ApiError(409, error.code, error.message);
  // The router decodes path parameters before any route runs; a stray "%" fails there.
  if (error instanceof URIError) return ApiError.badRequest('invalid_path', `the URL is not valid percent-encoding (${error.message}); encode "%" as %25`);
  // body-parser's errors carry a `type` and a 4xx `status`.
  if (typeof error === 'object' && error !== null && 'type' in error && typeof error.type === 'string') {
    switch (error.type) {
      case 'entity.parse.failed':
        // The parser's own words say where the JSON breaks; it takes objects and arrays only.
        return ApiError.badRequest('invalid_json', `the request body is not valid JSON, or not an object (${error instanceof Error ? error.message : 'parse error'})`);
      case 'entity.too.large':
        return new ApiError(413, 'payload_too_large', 'the request body is larger than 1 MB');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return new ApiError(415, 'unsupported_media_type', 'send JSON encoded as UTF-8');
      default:
        if ('status' in error && typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
          return new ApiError(error.status, 'bad_request', 'the request body could not be read');
        }
    }
  }
  return null;
}

/**
 * The last middleware: client errors become `{ error: { code, message, details } }` with their 4xx;
 * anything else is logged with the request it broke and answered with a bare 500.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const apiError = toApiError(error);
    if (apiError) {
      res.status(apiError.status).json(apiError.toBody());
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path, userId: res.locals.user?.id }, 'unhandled error in request');
    res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
  };
}

/**
 * Requests no route took, under /api and /webhooks, in the API's error format instead of express's
 * HTML page: 405 with `Allow` when the path exists with other methods (a GET of the webhook), else 404.
 */
export function apiNotFound(routes: readonly RouteDoc[]): RequestHandler {
  const patterns = routes.map((route) => ({ method: route.method.toUpperCase(), pattern: routePattern(route.path).pattern }));
  return (req, res) => {
    const path = req.originalUrl.split('?')[0] ?? '';
    const allowed = [...new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method))];
    if (allowed.length > 0) {
      res.set('Allow', allowed.join(', '));
      throw new ApiError(405, 'method_not_allowed', `${req.method} ${path} is not a route; this path takes ${allowed.join(', ')}`);
    }
    throw new ApiError(404, 'not_found', `no route ${req.method} ${path}`);
  };
}
