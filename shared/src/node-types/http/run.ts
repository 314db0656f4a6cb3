import type { Json } from '../../engine/engine-types';
import type { NodeContext, NodeResult } from '../../engine/node-context';
import type { NodeOfType } from '../registry';

/** Asks the runtime to call the URL and waits for its result; saves the mapped response values on success. */
export function runHttp(node: NodeOfType<'http'>, ctx: NodeContext): NodeResult {
  const { data } = node;
  const resumed = ctx.resumed;
  if (resumed !== null) {
    if (resumed.event.type !== 'http_result') throw new Error(`an http node cannot be woken by a ${resumed.event.type} event`);
    if (!resumed.event.ok) return { handle: 'error' };
    for (const { variable, path } of data.saveAs) {
      // A copy: the returned state must not share objects with the caller's event.
      ctx.session.variables[variable] = structuredClone(valueAt(resumed.event.body, path) ?? null);
    }
    return { handle: 'ok' };
  }
  const url = ctx.render(data.url).trim();
  // A URL that renders to something else (an empty variable, a javascript: link) is never requested.
  if (!/^https?:\/\/\S+$/iu.test(url)) return { handle: 'error' };
  const headers: Record<string, string> = {};
  for (const { name, value } of data.headers) headers[name] = ctx.render(value);
  const token = ctx.mintToken();
  ctx.emit({ type: 'http', token, request: { method: data.method, url, headers, body: ctx.render(data.body), timeoutMs: data.timeoutMs } });
  return { wait: { kind: 'http', token, until: null } };
}

/** A dotted path into JSON ("data.items.0.id"); "" is the whole body; undefined when it leads nowhere. */
export function valueAt(body: Json, path: string): Json | undefined {
  if (path.trim() === '') return body;
  let value: Json | undefined = body;
  for (const key of path.split('.')) {
    if (Array.isArray(value)) value = /^\d+$/u.test(key) ? value[Number(key)] : undefined;
    else if (typeof value === 'object' && value !== null) value = Object.hasOwn(value, key) ? value[key] : undefined;
    else return undefined;
  }
  return value;
}
