import { asRecord } from '../../forms/form-data';
import { NodeForm } from '../../forms/NodeForm';
import { StringListField } from '../../forms/StringListField';
import type { InspectorProps } from '../inspector-props';

export function TagInspector({ type, data, onChange, readOnly }: InspectorProps) {
  const d = asRecord(data);
  return (
    <NodeForm type={type} data={data} readOnly={readOnly}>
      <StringListField legend="Add tags" path={['add']} values={d.add} itemName="tag to add" placeholder="vip" emptyText="None." onChange={(add) => onChange({ ...d, add })} />
      <StringListField legend="Remove tags" path={['remove']} values={d.remove} itemName="tag to remove" placeholder="lead" emptyText="None." onChange={(remove) => onChange({ ...d, remove })} />
    </NodeForm>
  );
}
