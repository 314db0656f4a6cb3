import { useState, type ReactNode } from 'react';
import { Field } from './Field';

interface NumberFieldProps {
  label: string;
  path: readonly PropertyKey[];
  value: unknown;
  /** A number once the text reads as one; otherwise the text itself, so the schema reports it and nothing typed is lost. */
  onChange: (value: number | string | null) => void;
  /** Empty means null ("no limit", "wait forever") rather than a missing number. */
  nullable?: boolean;
  unit?: string;
  hint?: ReactNode;
  hideLabel?: boolean;
  placeholder?: string;
  className?: string;
}

const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function readNumber(text: string, nullable: boolean): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return nullable ? null : '';
  return NUMBER_TEXT.test(trimmed) ? Number(trimmed) : text;
}

/** A text input rather than type=number, which would blank out "1e" or "12,5" instead of showing it with an error. */
export function NumberField({ label, path, value, onChange, nullable = false, unit, hint, hideLabel, placeholder, className }: NumberFieldProps) {
  // The last text typed, so "1." or "0.50" stays as typed while the data holds the number it reads as.
  const [typed, setTyped] = useState<string | null>(null);
  const shown =
    typeof value === 'string' ? value : typeof value === 'number' ? (typed !== null && readNumber(typed, nullable) === value ? typed : String(value)) : '';
  return (
    <Field label={label} path={path} hint={hint} hideLabel={hideLabel} className={className}>
      {(control) => (
        <span className="form-number">
          <input
            {...control}
            // The unit is read with the value ("25%", "minutes").
            aria-describedby={unit === undefined ? control['aria-describedby'] : [`${control.id}-unit`, control['aria-describedby']].filter(Boolean).join(' ')}
            className="form-input"
            type="text"
            inputMode="decimal"
            value={shown}
            placeholder={placeholder}
            onChange={(event) => {
              setTyped(event.target.value);
              onChange(readNumber(event.target.value, nullable));
            }}
          />
          {unit !== undefined && (
            <span id={`${control.id}-unit`} className="form-unit">
              {unit}
            </span>
          )}
        </span>
      )}
    </Field>
  );
}
