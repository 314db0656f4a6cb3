import type { ReactNode } from 'react';
import { Field } from './Field';

interface DateTimeFieldProps {
  label: string;
  path: readonly PropertyKey[];
  /** Epoch milliseconds, or null for none. */
  value: unknown;
  onChange: (value: number | null) => void;
  hint?: ReactNode;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** datetime-local speaks the browser's local time; the data holds an instant. */
function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function DateTimeField({ label, path, value, onChange, hint }: DateTimeFieldProps) {
  return (
    <Field label={label} path={path} hint={hint}>
      {(control) => (
        <input
          {...control}
          className="form-input"
          type="datetime-local"
          value={typeof value === 'number' && Number.isFinite(value) ? toLocalInput(value) : ''}
          onChange={(event) => {
            const ms = new Date(event.target.value).getTime();
            onChange(event.target.value === '' || Number.isNaN(ms) ? null : ms);
          }}
        />
      )}
    </Field>
  );
}
