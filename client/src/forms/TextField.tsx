import type { ReactNode } from 'react';
import { Field } from './Field';
import { asString } from './form-data';

interface TextFieldProps {
  label: string;
  path: readonly PropertyKey[];
  value: unknown;
  onChange: (value: string) => void;
  hint?: ReactNode;
  hideLabel?: boolean;
  placeholder?: string;
  /** Long texts (messages, bodies) get a textarea. */
  multiline?: boolean;
  /** "date" gives the browser's date picker; its value is YYYY-MM-DD like the schemas'. */
  type?: 'text' | 'date';
  monospace?: boolean;
  className?: string;
}

export function TextField({ label, path, value, onChange, hint, hideLabel, placeholder, multiline = false, type = 'text', monospace = false, className }: TextFieldProps) {
  const inputClass = monospace ? 'form-input form-mono' : 'form-input';
  return (
    <Field label={label} path={path} hint={hint} hideLabel={hideLabel} className={className}>
      {(control) =>
        multiline ? (
          <textarea {...control} className={inputClass} rows={3} value={asString(value)} placeholder={placeholder} onChange={(event) => onChange(event.target.value)} />
        ) : (
          <input {...control} className={inputClass} type={type} value={asString(value)} placeholder={placeholder} onChange={(event) => onChange(event.target.value)} />
        )
      }
    </Field>
  );
}
