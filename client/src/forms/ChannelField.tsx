import { channelKindSchema } from '@parley/shared';
import { useId } from 'react';
import { Field } from './Field';
import { asString } from './form-data';

interface ChannelFieldProps {
  label: string;
  path: readonly PropertyKey[];
  value: unknown;
  onChange: (channel: string) => void;
  hideLabel?: boolean;
  className?: string;
}

/** A channel kind picked from suggestions, or one account of it typed out ("webhook.shop"). */
export function ChannelField({ label, path, value, onChange, hideLabel, className }: ChannelFieldProps) {
  const listId = useId();
  return (
    <Field label={label} path={path} hideLabel={hideLabel} className={className}>
      {(control) => (
        <>
          <input {...control} className="form-input" type="text" list={listId} autoComplete="off" placeholder="web" value={asString(value)} onChange={(event) => onChange(event.target.value)} />
          <datalist id={listId}>
            {channelKindSchema.options.map((kind) => (
              <option key={kind} value={kind} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}
