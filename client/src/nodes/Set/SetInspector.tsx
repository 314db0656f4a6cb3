import { asArray, asRecord } from '../../forms/form-data';
import { ListEditor } from '../../forms/ListEditor';
import { NodeForm } from '../../forms/NodeForm';
import { SelectField } from '../../forms/SelectField';
import { TextField } from '../../forms/TextField';
import type { InspectorProps } from '../inspector-props';

const TARGET_OPTIONS = [
  { value: 'variable', label: 'Flow variable' },
  { value: 'attribute', label: 'Contact attribute' },
] as const;

export function SetInspector({ type, data, onChange, readOnly }: InspectorProps) {
  const d = asRecord(data);
  return (
    <NodeForm type={type} data={data} readOnly={readOnly}>
      <ListEditor
        legend="Assignments"
        path={['assignments']}
        items={asArray(d.assignments)}
        itemName="assignment"
        cards
        hint={<>Values are templates: <code>{'{{message.text}}'}</code>, <code>{'{{vars.first}} {{vars.last}}'}</code>, or plain text.</>}
        emptyText="Nothing is set yet."
        newItem={() => ({ target: 'variable', name: '', value: '' })}
        onChange={(assignments) => onChange({ ...d, assignments })}
        renderItem={(item, index, update) => {
          const assignment = asRecord(item);
          const name = `Assignment ${index + 1}`;
          return (
            <div className="form-stack">
              <div className="form-inline">
                <SelectField label={`${name} target`} hideLabel className="form-narrow" path={['assignments', index, 'target']} value={assignment.target} options={TARGET_OPTIONS} onChange={(target) => update({ ...assignment, target })} />
                <TextField label={`${name} name`} hideLabel monospace path={['assignments', index, 'name']} value={assignment.name} placeholder="name" onChange={(value) => update({ ...assignment, name: value })} />
              </div>
              <TextField label={`${name} value`} hideLabel path={['assignments', index, 'value']} value={assignment.value} placeholder="{{message.text}}" onChange={(value) => update({ ...assignment, value })} />
            </div>
          );
        }}
      />
    </NodeForm>
  );
}
