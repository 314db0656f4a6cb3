import { useMemo } from 'react';
import { asRecord } from '../../forms/form-data';
import { NodeForm } from '../../forms/NodeForm';
import { SelectField } from '../../forms/SelectField';
import type { InspectorProps } from '../inspector-props';

export function GotoInspector({ type, data, onChange, readOnly, flows }: InspectorProps) {
  const d = asRecord(data);
  // Until the flows are known a target cannot be checked, rather than every target looking missing.
  const knownFlowIds = useMemo(() => (flows.length > 0 ? new Set(flows.map((flow) => flow.id)) : undefined), [flows]);
  return (
    <NodeForm type={type} data={data} readOnly={readOnly} knownFlowIds={knownFlowIds}>
      <SelectField
        label="Continue in flow"
        path={['flowId']}
        value={d.flowId}
        placeholder="Choose a flow…"
        options={flows.map((flow) => ({ value: flow.id, label: flow.name }))}
        hint="Starts at that flow's entry (its API trigger, else its first trigger); it must be published."
        onChange={(flowId) => onChange({ ...d, flowId })}
      />
    </NodeForm>
  );
}
