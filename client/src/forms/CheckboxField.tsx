import { useId, type ReactNode } from 'react';
import { FieldMessages } from './FieldMessages';
import { useFieldErrors } from './form-errors-context';

interface CheckboxFieldProps {
  label: string;
  path: readonly PropertyKey[];
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
}

export function CheckboxField({ label, path, checked, onChange, hint }: CheckboxFieldProps) {
  const id = useId();
  const errors = useFieldErrors(path);
  return (
    <div className="form-field">
      <label className="form-check">
        <input type="checkbox" checked={checked} aria-describedby={hint === undefined ? undefined : `${id}-hint`} onChange={(event) => onChange(event.target.checked)} />
        {label}
      </label>
      {hint !== undefined && (
        <p id={`${id}-hint`} className="form-hint">
          {hint}
        </p>
      )}
      <FieldMessages id={`${id}-error`} messages={errors} />
    </div>
  );
}
