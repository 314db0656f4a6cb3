import type { ConditionData, ConditionRule } from '@parley/shared';
import { quoted, type NodeSummary } from '../summary-text';

const OPS: Record<string, string> = {
  equals: '=',
  not_equals: '≠',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  ends_with: 'ends with',
  regex: 'matches',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  lt: '<',
  lte: '≤',
  eq: '=',
  gte: '≥',
  gt: '>',
  is: 'is',
  is_not: 'is not',
  has: 'has',
  has_not: 'has not',
};

export function conditionSummary(data: ConditionData): NodeSummary {
  const outputLabels: Record<string, string> = { else: 'else' };
  const lines = data.branches.map((branch) => {
    const name = branch.label === '' ? branch.id : branch.label;
    outputLabels[branch.id] = name;
    return `${name}: ${branch.rules.map(ruleText).join(branch.match === 'all' ? ' and ' : ' or ')}`;
  });
  return { lines, outputLabels };
}

function ruleText(rule: ConditionRule): string {
  switch (rule.field) {
    case 'text':
      return textTest('text', rule.op, rule.value);
    case 'attribute':
      return textTest(`contact.${rule.name}`, rule.op, rule.value);
    case 'variable':
      return textTest(`vars.${rule.name}`, rule.op, rule.value);
    case 'length':
      return `length ${OPS[rule.op]} ${rule.value}`;
    case 'message_type':
      return `message ${OPS[rule.op]} ${rule.value}`;
    case 'tag':
      return `${OPS[rule.op]} tag ${rule.value}`;
    case 'channel':
      return `channel ${OPS[rule.op]} ${rule.value}`;
    case 'business_hours':
      return rule.op === 'open' ? 'within business hours' : 'outside business hours';
    case 'message_rate':
      return `${rule.of === 'inbound' ? 'messages' : 'automated replies'} in ${rule.windowMinutes} min ${OPS[rule.op]} ${rule.count}`;
    case 'repeated_text':
      return `same text sent ${rule.count}× in ${rule.windowMinutes} min`;
    default: {
      const never: never = rule;
      throw new Error(`unknown rule ${JSON.stringify(never)}`);
    }
  }
}

function textTest(subject: string, op: string, value: string): string {
  return op === 'is_empty' || op === 'is_not_empty' ? `${subject} ${OPS[op]}` : `${subject} ${OPS[op] ?? op} ${quoted(value, 24)}`;
}
