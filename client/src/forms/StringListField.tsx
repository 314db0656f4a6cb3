import type { ReactNode } from 'react';
import { asArray } from './form-data';
import { ListEditor } from './ListEditor';
import { TextField } from './TextField';

interface StringListFieldProps {
  legend: string;
  path: readonly PropertyKey[];
  values: unknown;
  onChange: (values: unknown[]) => void;
  itemName: string;
  hint?: ReactNode;
  emptyText?: string;
  placeholder?: string;
}

/** A list of short texts: tags, postback payloads, synonyms. */
export function StringListField({ legend, path, values, onChange, itemName, hint, emptyText, placeholder }: StringListFieldProps) {
  return (
    <ListEditor
      legend={legend}
      path={path}
      items={asArray(values)}
      onChange={onChange}
      itemName={itemName}
      newItem={() => ''}
      hint={hint}
      emptyText={emptyText}
      renderItem={(item, index, update) => (
        <TextField label={`${itemName.charAt(0).toUpperCase()}${itemName.slice(1)} ${index + 1}`} hideLabel path={[...path, index]} value={item} placeholder={placeholder} onChange={update} />
      )}
    />
  );
}
