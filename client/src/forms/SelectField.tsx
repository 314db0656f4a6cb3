import type { ReactNode } from 'react';
import { Field } from './Field';

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFieldProps {
  label: string;
  path: readonly PropertyKey[];
  value: unknown;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  hint?: ReactNode;
  hideLabel?: boolean;
  /** Shown while nothing is chosen yet. */
  placeholder?: string;
  className?: string;
}

export function SelectField({ label, path, value, options, onChange, hint, hideLabel, placeholder = 'Choose…', className }: SelectFieldProps) {
  const current = typeof value === 'string' ? value : '';
  // A value from imported data that no option names stays selected (and the schema says why it is wrong).
  const unknown = current !== '' && !options.some((option) => option.value === current);
  return (
    <Field label={label} path={path} hint={hint} hideLabel={hideLabel} className={className}>
      {(control) => (
        <select {...control} className="form-input" value={current} onChange={(event) => onChange(event.target.value)}>
          {current === '' && !options.some((option) => option.value === '') && (
            <option value="" disabled>
              {placeholder}
            </option>
          )}
          {unknown && <option value={current}>{current} (unknown)</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
