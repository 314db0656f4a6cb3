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

  /**
   * 400 `invalid_request` whose message names the first bad field and whose details list them all.
   * `where` is what the paths are relative to: body, query, params, or a socket event's name.
   */
  static fromZod(where: string, error: z.ZodError): ApiError {
    return ApiError.invalid(where, issueDetails(error));
  }

  /** 400 `invalid_request` for field-level problems found without zod (unknown or repeated fields). */
  static invalid(where: string, details: IssueDetail[]): ApiError {
    const first = details[0];
    const field = first && first.path.length > 0 ? `${where}.${first.path.join('.')}` : where;
    return new ApiError(400, 'invalid_request', first ? `${field}: ${first.message}` : `invalid ${where}`, details);
  }

  /** The response body: `details` is always there (empty when no field is to blame), so clients need no check. */
  toBody(): { error: { code: string; message: string; details: unknown } } {
    return { error: { code: this.code, message: this.message, details: this.details ?? [] } };
  }
}

export function issueDetails(error: z.ZodError): IssueDetail[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    // A bad record key is reported as "Invalid key in record"; the rule it broke is in the inner issue.
    message: issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message,
    code: issue.code,
  }));
}
