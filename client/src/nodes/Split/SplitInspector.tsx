import { asArray, asRecord, uniqueId } from '../../forms/form-data';
import { ListEditor } from '../../forms/ListEditor';
import { NodeForm } from '../../forms/NodeForm';
import { NumberField } from '../../forms/NumberField';
import { PathErrors } from '../../forms/PathErrors';
import { TextField } from '../../forms/TextField';
import type { InspectorProps } from '../inspector-props';

function weightOf(variant: unknown): number {
  const weight = asRecord(variant).weight;
  return typeof weight === 'number' && Number.isFinite(weight) && weight > 0 ? weight : 0;
}

export function SplitInspector({ type, data, onChange, readOnly }: InspectorProps) {
  const d = asRecord(data);
  const variants = asArray(d.variants);
  const total = variants.reduce<number>((sum, variant) => sum + weightOf(variant), 0);
  const share = (variant: unknown) => (total > 0 ? `${Math.round((weightOf(variant) / total) * 1000) / 10}%` : '–');
  return (
    <NodeForm type={type} data={data} readOnly={readOnly}>
      <ListEditor
        legend="Variants"
        path={['variants']}
        items={variants}
        itemName="variant"
        hint="Each contact always lands in the same variant; the share is its weight over the total."
        emptyText="No variants yet."
        newItem={() => ({ id: uniqueId('variant', variants), label: '', weight: 50 })}
        onChange={(next) => onChange({ ...d, variants: next })}
        renderItem={(item, index, update) => {
          const variant = asRecord(item);
          return (
            <>
              <div className="form-inline">
                <TextField label={`Variant ${index + 1} name`} hideLabel path={['variants', index, 'label']} value={variant.label} placeholder={String(variant.id)} onChange={(label) => update({ ...variant, label })} />
                <NumberField label={`Variant ${index + 1} weight`} hideLabel className="form-narrow" path={['variants', index, 'weight']} value={variant.weight} unit={share(variant)} onChange={(weight) => update({ ...variant, weight })} />
              </div>
              <PathErrors path={['variants', index, 'id']} />
            </>
          );
        }}
      />
    </NodeForm>
  );
}
