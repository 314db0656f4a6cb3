import type { Button } from '../../flow/message-schema';
import type { Json } from '../../engine/engine-types';
import type { EventMessage, NodeContext, NodeResult } from '../../engine/node-context';
import { normalizeText } from '../../text/normalize-text';
import type { NodeOfType } from '../registry';
import type { AskData } from './schema';

const MINUTE_MS = 60_000;
const MAX_BUTTONS = 10;
/** A local part, then a domain of dot-separated labels: no empty label, so no trailing or doubled dot. */
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/u;
/** RFC 5321's limit; checked first, it also keeps the pattern's work small on a 10,000-character message. */
const EMAIL_MAX_LENGTH = 254;
const PHONE_DIGITS = /^\d{6,20}$/u;
/** A plain decimal: no hex, binary or exponent forms that `Number` would also read. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/u;
/** Thousands grouped by commas or spaces, strictly in threes ("1,234,567.5"), so "1,5" stays ambiguous and is refused. */
const GROUPED = /^[+-]?\d{1,3}(?:([, ])\d{3})(?:\1\d{3})*(?:\.\d+)?$/u;

/** Asks once, then judges each answer: saved and on by its choice or `answered`, re-asked, or `invalid`. */
export function runAsk(node: NodeOfType<'ask'>, ctx: NodeContext): NodeResult {
  const { data } = node;
  if (ctx.resumed === null) {
    delete ctx.session.counters[node.id];
    sendQuestion(data, data.question, ctx);
    const wait =
      data.timeoutMinutes === null
        ? { kind: 'reply' as const, token: null, until: null }
        : ctx.armTimer('reply', ctx.now + data.timeoutMinutes * MINUTE_MS);
    return { wait };
  }
  if (ctx.resumed.event.type === 'timer') {
    delete ctx.session.counters[node.id];
    return { handle: 'timeout' };
  }
  const answer = judgeAnswer(data, ctx.message);
  if (answer !== null) {
    delete ctx.session.counters[node.id];
    ctx.session.variables[data.variable] = answer.value;
    return { handle: answer.handle };
  }
  const tries = ctx.session.counters[node.id] ?? 0;
  if (tries < data.retries) {
    ctx.session.counters[node.id] = tries + 1;
    // The question goes in as a template, so its own placeholders render too.
    sendQuestion(data, data.retryMessage.replace(/\{\{\s*question\s*\}\}/gu, () => data.question), ctx);
    // Same wait, same timer: re-asking does not extend the time the contact has to answer.
    return { wait: ctx.resumed.waiting };
  }
  delete ctx.session.counters[node.id];
  return { handle: 'invalid' };
}

function sendQuestion(data: AskData, template: string, ctx: NodeContext): void {
  const text = ctx.render(template);
  const buttons: Button[] =
    data.validate === 'choice' ? data.choices.slice(0, MAX_BUTTONS).map((c) => ({ title: c.label, payload: c.id })) : [];
  ctx.emit({ type: 'send', message: { type: 'text', text, buttons }, typingDelayMs: 0 });
}

/** The value to save and the handle to leave by, or null when the answer does not fit. */
export function judgeAnswer(data: AskData, message: EventMessage): { value: Json; handle: string } | null {
  const text = normalizeText(message.text);
  switch (data.validate) {
    case 'text':
      return text === '' ? null : { value: message.text.trim(), handle: 'answered' };
    case 'number': {
      const value = parseNumber(text);
      return value === null ? null : { value, handle: 'answered' };
    }
    case 'email':
      return text.length <= EMAIL_MAX_LENGTH && EMAIL.test(text) ? { value: text, handle: 'answered' } : null;
    case 'phone': {
      const compact = text.replace(/[\s\-().]/gu, '');
      const digits = compact.startsWith('+') ? compact.slice(1) : compact;
      return PHONE_DIGITS.test(digits) ? { value: compact, handle: 'answered' } : null;
    }
    case 'choice': {
      // A pressed button is unambiguous; typed answers match a label or synonym before a bare index.
      const choice =
        data.choices.find((c) => c.id === message.payload) ??
        data.choices.find((c) => text !== '' && (normalizeText(c.label) === text || c.synonyms.some((s) => normalizeText(s) === text))) ??
        data.choices.find((_c, index) => text === String(index + 1));
      return choice === undefined ? null : { value: choice.label, handle: choice.id };
    }
    default: {
      const never: never = data.validate;
      throw new Error(`unknown validation ${String(never)}`);
    }
  }
}

/** A number as people type it (full-width digits are already folded by normalisation), or null. */
function parseNumber(text: string): number | null {
  const plain = GROUPED.test(text) ? text.replace(/[, ]/gu, '') : text;
  if (!DECIMAL.test(plain)) return null;
  const value = Number(plain);
  return Number.isFinite(value) ? value : null;
}
