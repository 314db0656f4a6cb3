import { ApiRequestError } from '../api/api-client';

/** A failed call as lines a person can act on: the message, then each field the server named. */
export function errorLines(error: unknown): { message: string; fields: string[] } {
  if (!(error instanceof ApiRequestError)) return { message: error instanceof Error ? error.message : String(error), fields: [] };
  const fields = error.details.map((detail) => (detail.path && detail.path.length > 0 ? `${detail.path.join('.')}: ${detail.message}` : detail.message));
  return { message: error.message, fields };
}
