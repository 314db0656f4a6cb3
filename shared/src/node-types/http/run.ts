import type { Json } from '../../engine/engine-types';
import type { NodeContext, NodeResult } from '../../engine/node-context';
import type { NodeOfType } from '../registry';
import { isJson } from '../../text/is-json';

/**
 * How long past the request's own timeout the session waits before giving the call up. The runtime
 * always reports a result within timeoutMs, unless the process died with the call in flight: then
 * this timer, which survives the restart, moves the conversation on by `error` instead of parking it forever.
 */
export const HTTP_RESULT_GRACE_MS = 60_000;

/** Asks the runtime to call the URL and waits for its result; saves the mapped response values on success. */
export function runHttp(node: NodeOfType<'http'>, ctx: NodeContext): NodeResult {
  const { data } = node;
  const resumed = ctx.resumed;
  if (resumed !== null) {
    if (resumed.event.type === 'timer') return { handle: 'error' };
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
  // One token for the call and its give-up timer: whichever comes first wins, the other is stale.
  const wait = ctx.armTimer('http', ctx.now + data.timeoutMs + HTTP_RESULT_GRACE_MS);
  ctx.emit({ type: 'http', token: wait.token, request: { method: data.method, url, headers, body: renderBody(data.body, ctx), timeoutMs: data.timeoutMs } });
  return { wait };
}

/**
 * A JSON body gets its values escaped as JSON string content, so a quote or line break the contact typed
 * neither breaks the document nor adds fields to it; a number placed outside quotes reads the same either way.
 * A body that is not JSON once escaped (form data, text, a whole object spliced in) is rendered as written.
 */
function renderBody(template: string, ctx: NodeContext): string {
  const escaped = ctx.render(template, (value) => JSON.stringify(value).slice(1, -1));
  return isJson(escaped) ? escaped : ctx.render(template);
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
