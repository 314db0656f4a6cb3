import { useId, type ReactNode } from 'react';
import { FieldMessages } from './FieldMessages';
import { useFieldErrors } from './form-errors-context';

/** What a field hands its control so the label, hint and errors are wired for screen readers. */
export interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  label: string;
  /** Where in the edited data this control writes; its issues are shown here. */
  path: readonly PropertyKey[];
  hint?: ReactNode;
  /** Rows in a list show the label to screen readers only, to stay compact. */
  hideLabel?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

export function Field({ label, path, hint, hideLabel = false, className, children }: FieldProps) {
  const id = useId();
  const errors = useFieldErrors(path);
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  const errorId = errors.length === 0 ? undefined : `${id}-error`;
  const describedBy = [hintId, errorId].filter((part) => part !== undefined).join(' ');
  return (
    <div className={className === undefined ? 'form-field' : `form-field ${className}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'form-label'}>
        {label}
      </label>
      {children({ id, 'aria-invalid': errors.length > 0, 'aria-describedby': describedBy === '' ? undefined : describedBy })}
      {hint !== undefined && (
        <p id={hintId} className="form-hint">
          {hint}
        </p>
      )}
      <FieldMessages id={errorId} messages={errors} />
    </div>
  );
}
