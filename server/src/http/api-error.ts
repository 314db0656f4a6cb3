import type { z } from 'zod';

/** One field-level problem, with the path of the field it concerns. */
export interface IssueDetail {
  path: (string | number)[];
  message: string;
  code: string;
}

/**
 * A request the client can fix: answered with `status` and `{ error: { code, message, details } }`.
 * Anything else thrown inside a handler is a bug and is answered 500 without details.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static badRequest(code: string, message: string, details?: unknown): ApiError {
    return new ApiError(400, code, message, details);
  }

  static notFound(what: string): ApiError {
    return new ApiError(404, 'not_found', `${what} not found`);
  }

  static conflict(code: string, message: string, details?: unknown): ApiError {
    return new ApiError(409, code, message, details);
  }

  /** 400 `invalid_request` whose message names the first bad field and whose details list them all. */
  static fromZod(where: 'body' | 'query' | 'params' | 'socket', error: z.ZodError): ApiError {
    const details = issueDetails(error);
    const first = details[0];
    const field = first && first.path.length > 0 ? `${where}.${first.path.join('.')}` : where;
    return new ApiError(400, 'invalid_request', first ? `${field}: ${first.message}` : `invalid ${where}`, details);
  }
}

export function issueDetails(error: z.ZodError): IssueDetail[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: issue.message,
    code: issue.code,
  }));
}
