import { useId, type ReactNode } from 'react';
import { Field } from './Field';
import { asString } from './form-data';

interface TimeZoneFieldProps {
  label: string;
  path: readonly PropertyKey[];
  value: unknown;
  onChange: (timezone: string) => void;
  hint?: ReactNode;
}

// Computed once: the list is long (~400 names) and never changes while the page is open.
const TIME_ZONES: readonly string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];

/** A text input with the IANA names as suggestions: typing "shang" finds Asia/Shanghai, and any name can be typed. */
export function TimeZoneField({ label, path, value, onChange, hint }: TimeZoneFieldProps) {
  const listId = useId();
  return (
    <Field label={label} path={path} hint={hint}>
      {(control) => (
        <>
          <input {...control} className="form-input" type="text" list={listId} autoComplete="off" placeholder="Asia/Shanghai" value={asString(value)} onChange={(event) => onChange(event.target.value)} />
          <datalist id={listId}>
            {TIME_ZONES.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}
