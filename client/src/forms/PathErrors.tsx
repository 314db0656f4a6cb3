import { FieldMessages } from './FieldMessages';
import { useFieldErrors } from './form-errors-context';

/** Errors for a value the form shows but does not let the user edit, such as a generated output id. */
export function PathErrors({ path }: { path: readonly PropertyKey[] }) {
  return <FieldMessages id={undefined} messages={useFieldErrors(path)} />;
}
