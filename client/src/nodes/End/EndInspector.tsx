import { asRecord } from '../../forms/form-data';
import { CheckboxField } from '../../forms/CheckboxField';
import { NodeForm } from '../../forms/NodeForm';
import type { InspectorProps } from '../inspector-props';

export function EndInspector({ type, data, onChange, readOnly }: InspectorProps) {
  const d = asRecord(data);
  return (
    <NodeForm type={type} data={data} readOnly={readOnly}>
      <CheckboxField
        label="Close the conversation"
        path={['closeConversation']}
        checked={d.closeConversation === true}
        hint="Otherwise the session ends and the conversation stays open."
        onChange={(closeConversation) => onChange({ ...d, closeConversation })}
      />
    </NodeForm>
  );
}
