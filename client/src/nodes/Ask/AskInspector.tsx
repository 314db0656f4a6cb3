import { asArray, asRecord, uniqueId } from '../../forms/form-data';
import { ListEditor } from '../../forms/ListEditor';
import { NodeForm } from '../../forms/NodeForm';
import { NumberField } from '../../forms/NumberField';
import { PathErrors } from '../../forms/PathErrors';
import { SelectField } from '../../forms/SelectField';
import { StringListField } from '../../forms/StringListField';
import { TextField } from '../../forms/TextField';
import type { InspectorProps } from '../inspector-props';

const VALIDATE_OPTIONS = [
  { value: 'text', label: 'Any text' },
  { value: 'number', label: 'A number' },
  { value: 'email', label: 'An email address' },
  { value: 'phone', label: 'A phone number' },
  { value: 'choice', label: 'One of the choices' },
] as const;

export function AskInspector({ type, data, onChange, readOnly }: InspectorProps) {
  const d = asRecord(data);
  const set = (key: string, value: unknown) => onChange({ ...d, [key]: value });
  const choices = asArray(d.choices);
  return (
    <NodeForm type={type} data={data} readOnly={readOnly}>
      <TextField label="Question" multiline path={['question']} value={d.question} hint={<>A template, e.g. <code>{'{{contact.name}}'}</code>.</>} onChange={(value) => set('question', value)} />
      <SelectField label="Expected answer" path={['validate']} value={d.validate ?? 'text'} options={VALIDATE_OPTIONS} onChange={(value) => set('validate', value)} />
      {d.validate === 'choice' && (
        <ListEditor
          legend="Choices"
          path={['choices']}
          items={choices}
          itemName="choice"
          cards
          hint="Each choice is an output; buttons or typed answers (label or synonym) select it."
          emptyText="No choices yet."
          newItem={() => ({ id: uniqueId('choice', choices, ['invalid', 'timeout']), label: '', synonyms: [] })}
          onChange={(next) => set('choices', next)}
          renderItem={(item, index, update) => {
            const choice = asRecord(item);
            return (
              <div className="form-stack">
                <TextField label={`Choice ${index + 1} label`} path={['choices', index, 'label']} value={choice.label} hint={<>Output <code>{String(choice.id)}</code></>} onChange={(label) => update({ ...choice, label })} />
                <PathErrors path={['choices', index, 'id']} />
                <StringListField legend={`Choice ${index + 1} synonyms`} path={['choices', index, 'synonyms']} values={choice.synonyms} itemName={`synonym of choice ${index + 1}`} onChange={(synonyms) => update({ ...choice, synonyms })} />
              </div>
            );
          }}
        />
      )}
      <TextField label="Save the answer to variable" monospace path={['variable']} value={d.variable} placeholder="order_id" hint={<>Read it later as <code>{`{{vars.${typeof d.variable === 'string' && d.variable !== '' ? d.variable : 'name'}}}`}</code>.</>} onChange={(value) => set('variable', value)} />
      <NumberField label="Retries" path={['retries']} value={d.retries} hint="Invalid answers asked again before leaving by “invalid”." onChange={(value) => set('retries', value)} />
      <TextField label="Retry message" multiline path={['retryMessage']} value={d.retryMessage} hint={<><code>{'{{question}}'}</code> repeats the question.</>} onChange={(value) => set('retryMessage', value)} />
      <NumberField label="Timeout" nullable path={['timeoutMinutes']} value={d.timeoutMinutes} unit="minutes" placeholder="none" hint="No answer in time leaves by “timeout”; empty waits forever." onChange={(value) => set('timeoutMinutes', value)} />
    </NodeForm>
  );
}
