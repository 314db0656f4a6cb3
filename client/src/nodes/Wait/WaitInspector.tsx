import { durationUnitSchema } from '@parley/shared';
import { asRecord } from '../../forms/form-data';
import { NodeForm } from '../../forms/NodeForm';
import { NumberField } from '../../forms/NumberField';
import { SelectField } from '../../forms/SelectField';
import { TextField } from '../../forms/TextField';
import type { InspectorProps } from '../inspector-props';

const MODE_OPTIONS = [
  { value: 'delay', label: 'A delay' },
  { value: 'time_of_day', label: 'Until a time of day' },
  { value: 'business_hours', label: 'Until business hours open' },
  { value: 'reply', label: 'For a reply, with a timeout' },
] as const;

export function WaitInspector({ type, data, onChange, readOnly }: InspectorProps) {
  const d = asRecord(data);
  const set = (key: string, value: unknown) => onChange({ ...d, [key]: value });
  const duration = (label: string, hint: string) => (
    <div className="form-inline">
      <NumberField label={label} path={['amount']} value={d.amount} hint={hint} onChange={(value) => set('amount', value)} />
      <SelectField label="Unit" className="form-narrow" path={['unit']} value={d.unit} options={durationUnitSchema.options.map((unit) => ({ value: unit, label: unit }))} onChange={(value) => set('unit', value)} />
    </div>
  );
  return (
    <NodeForm type={type} data={data} readOnly={readOnly}>
      <SelectField
        label="Wait for"
        path={['mode']}
        value={d.mode}
        options={MODE_OPTIONS}
        // Amount, unit and time are kept across modes, so switching back restores them.
        onChange={(mode) => onChange({ amount: 1, unit: 'hours', time: '09:00', ...d, mode })}
      />
      {d.mode === 'delay' && duration('Delay', 'Then continues by “next”.')}
      {d.mode === 'reply' && duration('Timeout', 'A reply leaves by “replied”; none in time by “timeout”.')}
      {d.mode === 'time_of_day' && (
        <TextField label="Time of day" className="form-time" path={['time']} value={d.time} placeholder="HH:mm" hint="The next time this clock time comes round, in the flow's time zone." onChange={(value) => set('time', value)} />
      )}
      {d.mode === 'business_hours' && <p className="form-note">Continues when the flow's business hours (flow settings) next open; at once if they are open.</p>}
    </NodeForm>
  );
}
