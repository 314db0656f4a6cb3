import { keywordMatchSchema, type KeywordMatch, type TriggerData } from '@parley/shared';
import { ChannelField } from '../../forms/ChannelField';
import { DateTimeField } from '../../forms/DateTimeField';
import { asArray, asRecord } from '../../forms/form-data';
import { ListEditor } from '../../forms/ListEditor';
import { NodeForm } from '../../forms/NodeForm';
import { NumberField } from '../../forms/NumberField';
import { SelectField } from '../../forms/SelectField';
import { StringListField } from '../../forms/StringListField';
import { TextField } from '../../forms/TextField';
import type { InspectorProps } from '../inspector-props';

type TriggerKind = TriggerData['kind'];

const KIND_LABELS = {
  keyword: 'Keyword',
  any_message: 'Any message',
  first_contact: 'First contact (welcome)',
  returning: 'Returning after N days of silence',
  postback: 'Button or menu payload',
  tag_added: 'Tag added',
  api: 'API call',
} as const satisfies Record<TriggerKind, string>;

const MATCH_LABELS = { exact: 'Exact', contains: 'Contains', regex: 'Regex' } as const satisfies Record<KeywordMatch, string>;

/** Fields the new kind needs, unless the data already holds them from an earlier choice. */
function kindDefaults(kind: TriggerKind): Record<string, unknown> {
  switch (kind) {
    case 'keyword':
      return { keywords: [] };
    case 'returning':
      return { afterDays: 14 };
    case 'postback':
      return { payloads: [] };
    case 'tag_added':
      return { tag: '' };
    case 'any_message':
    case 'first_contact':
    case 'api':
      return {};
    default: {
      const never: never = kind;
      throw new Error(`unknown trigger kind ${String(never)}`);
    }
  }
}

function isKind(value: string): value is TriggerKind {
  return Object.hasOwn(KIND_LABELS, value);
}

export function TriggerInspector({ type, data, onChange, readOnly }: InspectorProps) {
  const d = asRecord(data);
  const set = (key: string, value: unknown) => onChange({ ...d, [key]: value });
  return (
    <NodeForm type={type} data={data} readOnly={readOnly}>
      <SelectField
        label="Starts when"
        path={['kind']}
        value={d.kind}
        options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
        // Fields of the previous kind are kept, so switching back restores what was typed.
        onChange={(kind) => onChange(isKind(kind) ? { ...kindDefaults(kind), ...d, kind } : { ...d, kind })}
      />
      {d.kind === 'keyword' && (
        <ListEditor
          legend="Keywords"
          path={['keywords']}
          items={asArray(d.keywords)}
          itemName="keyword"
          hint="Case- and width-insensitive. Regex uses RE2 syntax (no look-arounds)."
          emptyText="No keywords yet."
          newItem={() => ({ text: '', match: 'contains' })}
          onChange={(keywords) => set('keywords', keywords)}
          renderItem={(item, index, update) => {
            const keyword = asRecord(item);
            return (
              <div className="form-inline">
                <TextField label={`Keyword ${index + 1}`} hideLabel path={['keywords', index, 'text']} value={keyword.text} placeholder="refund" onChange={(text) => update({ ...keyword, text })} />
                <SelectField
                  label={`Keyword ${index + 1} match mode`}
                  hideLabel
                  className="form-narrow"
                  path={['keywords', index, 'match']}
                  value={keyword.match}
                  options={keywordMatchSchema.options.map((value) => ({ value, label: MATCH_LABELS[value] }))}
                  onChange={(match) => update({ ...keyword, match })}
                />
              </div>
            );
          }}
        />
      )}
      {d.kind === 'returning' && (
        <NumberField label="Silent for at least" path={['afterDays']} value={d.afterDays} unit="days" onChange={(afterDays) => set('afterDays', afterDays)} />
      )}
      {d.kind === 'postback' && (
        <StringListField
          legend="Payloads"
          path={['payloads']}
          values={d.payloads}
          itemName="payload"
          placeholder="FAQ_SHIPPING"
          hint="Sent by a button or menu entry."
          emptyText="No payloads yet."
          onChange={(payloads) => set('payloads', payloads)}
        />
      )}
      {d.kind === 'tag_added' && <TextField label="Tag" path={['tag']} value={d.tag} placeholder="vip" onChange={(tag) => set('tag', tag)} />}
      <ListEditor
        legend="Channels"
        path={['channels']}
        items={asArray(d.channels)}
        itemName="channel"
        hint="A kind (web, webhook, whatsapp, wecom, api) or one account of it, e.g. webhook.shop."
        emptyText="Every channel."
        newItem={() => ''}
        onChange={(channels) => set('channels', channels)}
        renderItem={(item, index, update) => <ChannelField label={`Channel ${index + 1}`} hideLabel path={['channels', index]} value={item} onChange={update} />}
      />
      <DateTimeField label="Active from" path={['activeFrom']} value={d.activeFrom} hint="Your local time; empty: no start." onChange={(activeFrom) => set('activeFrom', activeFrom)} />
      <DateTimeField label="Active until" path={['activeUntil']} value={d.activeUntil} hint="Empty: no end." onChange={(activeUntil) => set('activeUntil', activeUntil)} />
      <NumberField label="Priority" path={['priority']} value={d.priority} hint="Lower runs first across all published flows." onChange={(priority) => set('priority', priority)} />
    </NodeForm>
  );
}
