import { RE2JS } from 're2js';
import { isOpen } from '../../calendar/business-calendar';
import { activityText } from '../../engine/activity-text';
import type { Json } from '../../engine/engine-types';
import { channelMatches } from '../../flow/message-schema';
import type { NodeContext, NodeResult } from '../../engine/node-context';
import { normalizeText } from '../../text/normalize-text';
import { regexFinds } from '../../text/regex-finds';
import type { NodeOfType } from '../registry';
import type { ConditionRule, numberOpSchema, textOpSchema } from './schema';
import type { z } from 'zod';

type TextOp = z.infer<typeof textOpSchema>;
type NumberOp = z.infer<typeof numberOpSchema>;

const MINUTE_MS = 60_000;

/** Branches in order; the first whose rules hold (all or any) wins, otherwise `else`. */
export function runCondition(node: NodeOfType<'condition'>, ctx: NodeContext): NodeResult {
  for (const branch of node.data.branches) {
    const holds = (rule: ConditionRule): boolean => evaluateRule(rule, ctx);
    if (branch.match === 'all' ? branch.rules.every(holds) : branch.rules.some(holds)) return { handle: branch.id };
  }
  return { handle: 'else' };
}

export function evaluateRule(rule: ConditionRule, ctx: NodeContext): boolean {
  const { state, message, now } = ctx;
  switch (rule.field) {
    case 'text':
      return testText(rule.op, message.text, rule.value);
    case 'length':
      return compare(rule.op, [...normalizeText(message.text)].length, rule.value);
    case 'message_type':
      return (message.type === rule.value) === (rule.op === 'is');
    case 'tag':
      return state.contact.tags.includes(rule.value) === (rule.op === 'has');
    case 'attribute':
      return testText(rule.op, state.contact.attributes[rule.name] ?? '', rule.value);
    case 'variable':
      return testText(rule.op, jsonText(ctx.session.variables[rule.name]), rule.value);
    case 'channel':
      return channelMatches(rule.value, state.channel) === (rule.op === 'is');
    case 'business_hours': {
      // No calendar means the business never closes.
      const open = ctx.settings.calendar === null || isOpen(ctx.settings.calendar, now);
      return open === (rule.op === 'open');
    }
    case 'message_rate': {
      const since = now - rule.windowMinutes * MINUTE_MS;
      const times = rule.of === 'inbound' ? state.activity.inbound : state.activity.automated;
      return compare(rule.op, times.filter((at) => at >= since).length, rule.count);
    }
    case 'repeated_text': {
      const text = activityText(normalizeText(message.text));
      if (text === '') return false;
      const since = now - rule.windowMinutes * MINUTE_MS;
      const same = state.activity.texts.filter((t) => t.at >= since && t.text === text).length;
      // The current message was recorded with the others when it arrived; it is not a repeat of itself.
      const earlier = message.type === null ? same : same - 1;
      return earlier >= rule.count;
    }
    default: {
      const never: never = rule;
      throw new Error(`unknown condition field ${JSON.stringify(never)}`);
    }
  }
}

/** Text comparisons use the keyword normalisation (case, width, spacing); a regex sees the normalised text and the original. */
export function testText(op: TextOp, subject: string, value: string): boolean {
  const text = normalizeText(subject);
  const wanted = normalizeText(value);
  switch (op) {
    case 'equals':
      return text === wanted;
    case 'not_equals':
      return text !== wanted;
    case 'contains':
      return text.includes(wanted);
    case 'not_contains':
      return !text.includes(wanted);
    case 'starts_with':
      return text.startsWith(wanted);
    case 'ends_with':
      return text.endsWith(wanted);
    case 'regex':
      return regexFinds(compiledRegex(value), subject, text);
    case 'is_empty':
      return text === '';
    case 'is_not_empty':
      return text !== '';
    default: {
      const never: never = op;
      throw new Error(`unknown text operator ${String(never)}`);
    }
  }
}

function compare(op: NumberOp, actual: number, expected: number): boolean {
  switch (op) {
    case 'lt':
      return actual < expected;
    case 'lte':
      return actual <= expected;
    case 'eq':
      return actual === expected;
    case 'gte':
      return actual >= expected;
    case 'gt':
      return actual > expected;
    default: {
      const never: never = op;
      throw new Error(`unknown number operator ${String(never)}`);
    }
  }
}

function jsonText(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// Compiling a pattern costs far more than matching it; the same few patterns come back on every message.
const REGEX_CACHE_LIMIT = 500;
const regexCache = new Map<string, RE2JS>();

function compiledRegex(pattern: string): RE2JS {
  const cached = regexCache.get(pattern);
  if (cached !== undefined) return cached;
  // An invalid pattern throws: the step reports it as this node's error instead of guessing a result.
  const re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
  regexCache.set(pattern, re);
  return re;
}
