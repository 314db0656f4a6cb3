// A JSON client for the REST API of a server listening on 127.0.0.1, as a browser or script calls it.

export type HttpApi = (method: 'GET' | 'POST' | 'PUT', route: string, headers: Record<string, string>, body?: unknown) => Promise<{ status: number; body: unknown }>;

/** Sends JSON to `${url}${route}`; an empty response body reads as null. */
export function httpApi(url: string): HttpApi {
  return async (method, route, headers, body) => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : JSON.parse(text) };
  };
}
