import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { RuntimeError } from '../runtime/runtime-error';
import { StoreConflictError, StoreNotFoundError } from '../store/store';
import { ApiError } from './api-error';

/** Errors a client caused, as ApiErrors; null for everything else (bugs and outages). */
export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof RuntimeError) return new ApiError(error.status, error.code, error.message);
  if (error instanceof StoreNotFoundError) return new ApiError(404, 'not_found', error.message);
  if (error instanceof StoreConflictError) return new ApiError(409, error.code, error.message);
  // body-parser's errors carry a `type` and a 4xx `status`.
  if (typeof error === 'object' && error !== null && 'type' in error && typeof error.type === 'string') {
    switch (error.type) {
      case 'entity.parse.failed':
        return ApiError.badRequest('invalid_json', 'the request body is not valid JSON');
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
      res.status(apiError.status).json({ error: { code: apiError.code, message: apiError.message, ...(apiError.details === undefined ? {} : { details: apiError.details }) } });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path, userId: res.locals.user?.id }, 'unhandled error in request');
    res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
  };
}

/** Unknown paths under /api answer in the API's error format instead of express's HTML page. */
export const apiNotFound: RequestHandler = (req) => {
  throw new ApiError(404, 'not_found', `no route ${req.method} ${req.originalUrl.split('?')[0] ?? ''}`);
};
