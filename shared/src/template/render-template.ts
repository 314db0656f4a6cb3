// Plain substitution of `{{ path }}` / `{{ path | default }}` from the contact, flow variables and the message;
// a lookup, never code execution. Missing or empty values give the default; everything else is kept verbatim.
import type { Json } from '../engine/engine-types';

export interface TemplateContext {
  contact: { id: string; name: string; tags: string[]; attributes: Record<string, string> };
  vars: Record<string, Json>;
  message: { text: string; payload: string | null };
}

const OPEN = '{{';
const CLOSE = '}}';

/**
 * `escape` is applied to each substituted value (and default), never to the template's own text: how a value
 * is written into JSON without ending its string.
 */
export function renderTemplate(template: string, ctx: TemplateContext, escape: (value: string) => string = (value) => value): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const open = template.indexOf(OPEN, pos);
    const close = open < 0 ? -1 : template.indexOf(CLOSE, open + OPEN.length);
    if (close < 0) return out + template.slice(pos);
    // In "{{ a {{ b }}" only the innermost "{{" opens the placeholder; the earlier text stays verbatim.
    const start = template.lastIndexOf(OPEN, close - OPEN.length);
    out += template.slice(pos, start) + escape(renderPlaceholder(template.slice(start + OPEN.length, close), ctx));
    pos = close + CLOSE.length;
  }
}

function renderPlaceholder(inner: string, ctx: TemplateContext): string {
  const bar = inner.indexOf('|');
  const path = (bar < 0 ? inner : inner.slice(0, bar)).trim();
  const fallback = bar < 0 ? '' : inner.slice(bar + 1).trim();
  const value = lookup(path, ctx);
  if (value === undefined || value === null || value === '') return fallback;
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function lookup(path: string, ctx: TemplateContext): Json | undefined {
  const [root, ...rest] = path.split('.');
  switch (root) {
    case 'contact': {
      const key = rest.join('.');
      if (key === 'id') return ctx.contact.id;
      if (key === 'name') return ctx.contact.name;
      return Object.hasOwn(ctx.contact.attributes, key) ? ctx.contact.attributes[key] : undefined;
    }
    case 'vars':
      return rest.length === 0 ? undefined : rest.reduce<Json | undefined>(child, ctx.vars);
    case 'message': {
      const key = rest.join('.');
      if (key === 'text') return ctx.message.text;
      if (key === 'payload') return ctx.message.payload;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** One step down a dotted path; own properties only, so `vars.constructor` finds nothing. */
function child(value: Json | undefined, key: string): Json | undefined {
  if (Array.isArray(value)) return /^\d+$/.test(key) ? value[Number(key)] : undefined;
  if (typeof value === 'object' && value !== null) return Object.hasOwn(value, key) ? value[key] : undefined;
  return undefined;
}
