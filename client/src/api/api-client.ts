// The browser's one way to call the server: same-origin fetch with the session cookie, JSON in and
// out, every response parsed with the shared zod schema, every failure an ApiRequestError carrying
// the server's `{ error: { code, message, details } }` so forms can show the message beside the field.
import { apiErrorSchema } from '@parley/shared';
import { z } from 'zod';

const detailsSchema = z.array(z.object({ path: z.array(z.union([z.string(), z.number()])).optional(), message: z.string() }));

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly { path?: readonly (string | number)[]; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export async function apiRequest<S extends z.ZodType>(method: Method, path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiRequestError(0, 'network_error', `The server could not be reached (${error instanceof Error ? error.message : String(error)}).`);
  }
  const text = await response.text();
  const json: unknown = text === '' ? null : safeJson(text);
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(json);
    if (parsed.success) {
      const { code, message, details } = parsed.data.error;
      throw new ApiRequestError(response.status, code, message, detailsSchema.safeParse(details).data ?? []);
    }
    throw new ApiRequestError(response.status, 'http_error', `${method} ${path} failed with status ${response.status}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiRequestError(response.status, 'bad_response', `${method} ${path}: unexpected response (${parsed.error.message})`);
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
