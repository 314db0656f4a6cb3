// The production HttpPerformer behind the http node: global fetch with a timeout, the response body
// parsed as JSON when it is JSON and kept as text otherwise. A network failure or timeout is a result
// (ok false, status 0), not an exception, so the flow can leave by its `error` handle.
import { isJson, type Json } from '@parley/shared';
import type { HttpPerformer } from './runtime-types';

export const fetchHttp: HttpPerformer = async (request) => {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== '';
  const headers = new Headers(request.headers);
  // The node's body is "sent as is, JSON when it parses": say so unless the flow set its own type.
  if (hasBody && !headers.has('content-type') && isJson(request.body)) headers.set('content-type', 'application/json');
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: 'follow',
    });
    const text = await response.text();
    return { ok: response.ok, status: response.status, body: parseBody(text) };
  } catch (error) {
    return { ok: false, status: 0, body: { error: error instanceof Error ? error.message : String(error) } };
  }
};

function parseBody(text: string): Json {
  if (text === '') return null;
  try {
    const parsed: Json = JSON.parse(text);
    return parsed;
  } catch {
    return text;
  }
}
