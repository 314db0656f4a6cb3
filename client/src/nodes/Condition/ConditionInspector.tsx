import { inboundMessageTypeSchema, numberOpSchema, textOpSchema, type ConditionRule } from '@parley/shared';
import { ChannelField } from '../../forms/ChannelField';
import { asArray, asRecord, uniqueId } from '../../forms/form-data';
import { ListEditor } from '../../forms/ListEditor';
import { NodeForm } from '../../forms/NodeForm';
import { NumberField } from '../../forms/NumberField';
import { PathErrors } from '../../forms/PathErrors';
import { SelectField, type SelectOption } from '../../forms/SelectField';
import { TextField } from '../../forms/TextField';
import type { InspectorProps } from '../inspector-props';

type RuleField = ConditionRule['field'];

const FIELD_LABELS = {
  text: 'Message text',
  length: 'Message length',
  message_type: 'Message type',
  tag: 'Contact tag',
  attribute: 'Contact attribute',
  variable: 'Flow variable',
  channel: 'Channel',
  business_hours: 'Business hours',
  message_rate: 'Message rate',
  repeated_text: 'Repeated text',
} as const satisfies Record<RuleField, string>;

const TEXT_OP_LABELS = {
  equals: 'equals',
  not_equals: 'does not equal',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  ends_with: 'ends with',
  regex: 'matches regex',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
} as const;
const NUMBER_OP_LABELS = { lt: 'less than', lte: 'at most', eq: 'exactly', gte: 'at least', gt: 'more than' } as const;

const options = <K extends string>(values: readonly K[], labels: Record<K, string>): SelectOption[] => values.map((value) => ({ value, label: labels[value] }));
const plain = (values: readonly string[]): SelectOption[] => values.map((value) => ({ value, label: value.replace('_', ' ') }));

function newRule(field: RuleField): ConditionRule {
  switch (field) {
    case 'text':
      return { field, op: 'contains', value: '' };
    case 'length':
      return { field, op: 'gte', value: 1 };
    case 'message_type':
      return { field, op: 'is', value: 'text' };
    case 'tag':
      return { field, op: 'has', value: '' };
    case 'attribute':
    case 'variable':
      return { field, name: '', op: 'equals', value: '' };
    case 'channel':
      return { field, op: 'is', value: 'web' };
    case 'business_hours':
      return { field, op: 'open' };
    case 'message_rate':
      return { field, of: 'inbound', op: 'gte', count: 3, windowMinutes: 60 };
    case 'repeated_text':
      return { field, count: 2, windowMinutes: 60 };
    default: {
      const never: never = field;
      throw new Error(`unknown rule field ${String(never)}`);
    }
  }
}

function isRuleField(value: string): value is RuleField {
  return Object.hasOwn(FIELD_LABELS, value);
}

interface RuleEditorProps {
  rule: Record<string, unknown>;
  path: readonly PropertyKey[];
  label: string;
  onChange: (rule: Record<string, unknown>) => void;
}

/** The controls after the field select: what a rule over that field compares with. */
function RuleOperands({ rule, path, label, onChange }: RuleEditorProps) {
  const set = (key: string, value: unknown) => onChange({ ...rule, [key]: value });
  const opSelect = (ops: SelectOption[]) => (
    <SelectField label={`${label} operator`} hideLabel path={[...path, 'op']} value={rule.op} options={ops} onChange={(op) => set('op', op)} />
  );
  const textValue = (placeholder: string) =>
    rule.op === 'is_empty' || rule.op === 'is_not_empty' ? null : (
      <TextField label={`${label} value`} hideLabel path={[...path, 'value']} value={rule.value} placeholder={placeholder} monospace={rule.op === 'regex'} onChange={(value) => set('value', value)} />
    );
  const window = (
    <NumberField label={`${label} window`} hideLabel path={[...path, 'windowMinutes']} value={rule.windowMinutes} unit="min" onChange={(value) => set('windowMinutes', value)} />
  );
  switch (rule.field) {
    case 'text':
      return (
        <div className="form-inline">
          {opSelect(options(textOpSchema.options, TEXT_OP_LABELS))}
          {textValue('text')}
        </div>
      );
    case 'length':
      return (
        <div className="form-inline">
          {opSelect(options(numberOpSchema.options, NUMBER_OP_LABELS))}
          <NumberField label={`${label} value`} hideLabel path={[...path, 'value']} value={rule.value} unit="chars" onChange={(value) => set('value', value)} />
        </div>
      );
    case 'message_type':
      return (
        <div className="form-inline">
          {opSelect(plain(['is', 'is_not']))}
          <SelectField label={`${label} value`} hideLabel path={[...path, 'value']} value={rule.value} options={plain(inboundMessageTypeSchema.options)} onChange={(value) => set('value', value)} />
        </div>
      );
    case 'tag':
      return (
        <div className="form-inline">
          {opSelect([{ value: 'has', label: 'has' }, { value: 'has_not', label: 'has not' }])}
          <TextField label={`${label} value`} hideLabel path={[...path, 'value']} value={rule.value} placeholder="tag" onChange={(value) => set('value', value)} />
        </div>
      );
    case 'attribute':
    case 'variable':
      return (
        <div className="form-stack">
          <TextField label={`${label} name`} hideLabel path={[...path, 'name']} value={rule.name} placeholder={rule.field === 'attribute' ? 'attribute name' : 'variable name'} onChange={(name) => set('name', name)} />
          <div className="form-inline">
            {opSelect(options(textOpSchema.options, TEXT_OP_LABELS))}
            {textValue('value')}
          </div>
        </div>
      );
    case 'channel':
      return (
        <div className="form-inline">
          {opSelect(plain(['is', 'is_not']))}
          <ChannelField label={`${label} value`} hideLabel path={[...path, 'value']} value={rule.value} onChange={(value) => set('value', value)} />
        </div>
      );
    case 'business_hours':
      return opSelect([{ value: 'open', label: 'are open' }, { value: 'closed', label: 'are closed' }]);
    case 'message_rate':
      return (
        <div className="form-stack">
          <div className="form-inline">
            <SelectField
              label={`${label} counts`}
              hideLabel
              path={[...path, 'of']}
              value={rule.of}
              options={[{ value: 'inbound', label: 'messages received' }, { value: 'automated', label: 'automated replies' }]}
              onChange={(of) => set('of', of)}
            />
            {opSelect(options(numberOpSchema.options, NUMBER_OP_LABELS))}
          </div>
          <div className="form-inline">
            <NumberField label={`${label} count`} hideLabel path={[...path, 'count']} value={rule.count} unit="in the last" onChange={(value) => set('count', value)} />
            {window}
          </div>
        </div>
      );
    case 'repeated_text':
      return (
        <div className="form-inline">
          <NumberField label={`${label} count`} hideLabel path={[...path, 'count']} value={rule.count} unit="times before, in" onChange={(value) => set('count', value)} />
          {window}
        </div>
      );
    default:
      // A rule of an unknown field: the field select shows it and the schema's error, nothing more to edit.
      return null;
  }
}

export function ConditionInspector({ type, data, onChange, readOnly }: InspectorProps) {
  const d = asRecord(data);
  const branches = asArray(d.branches);
  return (
    <NodeForm type={type} data={data} readOnly={readOnly}>
      <ListEditor
        legend="Branches"
        path={['branches']}
        items={branches}
        itemName="branch"
        cards
        hint="Checked in order; the first whose rules hold is taken."
        emptyText="No branches yet."
        newItem={() => ({ id: uniqueId('branch', branches, ['else']), label: '', match: 'all', rules: [newRule('text')] })}
        onChange={(next) => onChange({ ...d, branches: next })}
        renderItem={(item, b, update) => {
          const branch = asRecord(item);
          const name = `Branch ${b + 1}`;
          return (
            <div className="form-stack">
              <TextField label={`${name} name`} path={['branches', b, 'label']} value={branch.label} placeholder="VIP customers" hint={<>Output <code>{String(branch.id)}</code></>} onChange={(label) => update({ ...branch, label })} />
              <PathErrors path={['branches', b, 'id']} />
              <SelectField
                label={`${name} matches when`}
                path={['branches', b, 'match']}
                value={branch.match ?? 'all'}
                options={[{ value: 'all', label: 'all rules hold' }, { value: 'any', label: 'any rule holds' }]}
                onChange={(match) => update({ ...branch, match })}
              />
              <ListEditor
                legend={`${name} rules`}
                path={['branches', b, 'rules']}
                items={asArray(branch.rules)}
                itemName={`rule of branch ${b + 1}`}
                emptyText="No rules yet."
                newItem={() => newRule('text')}
                onChange={(rules) => update({ ...branch, rules })}
                renderItem={(ruleItem, r, updateRule) => {
                  const rule = asRecord(ruleItem);
                  const label = `${name} rule ${r + 1}`;
                  const path = ['branches', b, 'rules', r];
                  return (
                    <div className="form-stack">
                      <SelectField
                        label={`${label} field`}
                        hideLabel
                        path={[...path, 'field']}
                        value={rule.field}
                        options={Object.entries(FIELD_LABELS).map(([value, text]) => ({ value, label: text }))}
                        onChange={(field) => updateRule(isRuleField(field) ? newRule(field) : { ...rule, field })}
                      />
                      <RuleOperands rule={rule} path={path} label={label} onChange={updateRule} />
                    </div>
                  );
                }}
              />
            </div>
          );
        }}
      />
      <p className="form-note">
        When no branch matches, the conversation leaves by <code>else</code>.
      </p>
    </NodeForm>
  );
}
