import { useId, type ReactNode } from 'react';
import { FieldMessages } from './FieldMessages';
import { useFieldErrors } from './form-errors-context';

interface FieldGroupProps {
  legend: string;
  /** The path of the whole group (a list, a set of checkboxes): its own issues show under the legend. */
  path: readonly PropertyKey[];
  hint?: ReactNode;
  children: ReactNode;
}

export function FieldGroup({ legend, path, hint, children }: FieldGroupProps) {
  const id = useId();
  const errors = useFieldErrors(path);
  return (
    <fieldset className="form-group" aria-describedby={errors.length > 0 ? `${id}-error` : undefined} aria-invalid={errors.length > 0}>
      <legend className="form-label">{legend}</legend>
      {hint !== undefined && <p className="form-hint">{hint}</p>}
      <FieldMessages id={`${id}-error`} messages={errors} />
      {children}
    </fieldset>
  );
}
