import type { HandoffStrategy } from '@parley/shared';
import { asRecord } from '../../forms/form-data';
import { NodeForm } from '../../forms/NodeForm';
import { NumberField } from '../../forms/NumberField';
import { SelectField } from '../../forms/SelectField';
import { TextField } from '../../forms/TextField';
import type { InspectorProps } from '../inspector-props';

const STRATEGIES = {
  least_busy: { label: 'Least busy agent', hint: 'The agent of the team with the fewest open conversations.' },
  sticky: { label: 'Sticky', hint: 'The agent who helped this contact last, when available.' },
  round_robin: { label: 'Round robin', hint: 'Agents of the team in turn.' },
  broadcast: { label: 'Broadcast', hint: 'Offered to every agent of the team; the first to take it gets it.' },
} as const satisfies Record<HandoffStrategy, { label: string; hint: string }>;

function strategyHint(value: unknown): string | undefined {
  return Object.entries(STRATEGIES).find(([key]) => key === value)?.[1].hint;
}

export function HandoffInspector({ type, data, onChange, readOnly }: InspectorProps) {
  const d = asRecord(data);
  const set = (key: string, value: unknown) => onChange({ ...d, [key]: value });
  return (
    <NodeForm type={type} data={data} readOnly={readOnly}>
      <TextField label="Team" path={['team']} value={d.team} placeholder="support" onChange={(value) => set('team', value)} />
      <SelectField
        label="Strategy"
        path={['strategy']}
        value={d.strategy ?? 'least_busy'}
        options={Object.entries(STRATEGIES).map(([value, { label }]) => ({ value, label }))}
        hint={strategyHint(d.strategy ?? 'least_busy')}
        onChange={(value) => set('strategy', value)}
      />
      <TextField label="Message to the customer" multiline path={['message']} value={d.message} hint="Sent when the conversation is handed over; a template." onChange={(value) => set('message', value)} />
      <NumberField label="Timeout" nullable path={['timeoutMinutes']} value={d.timeoutMinutes} unit="minutes" placeholder="none" hint="Unresolved in time leaves by “timeout”; empty waits for an agent forever." onChange={(value) => set('timeoutMinutes', value)} />
      <p className="form-note">Automation pauses until an agent resolves the conversation.</p>
    </NodeForm>
  );
}
