import type { ReactNode } from 'react';
import { asArray, asRecord } from './form-data';
import { ListEditor } from './ListEditor';
import { TextField } from './TextField';

interface TimeRangeListProps {
  legend: string;
  path: readonly PropertyKey[];
  ranges: unknown;
  onChange: (ranges: unknown[]) => void;
  itemName: string;
  emptyText: string;
  hint?: ReactNode;
  /** What a new range starts as. */
  newRange?: { from: string; to: string };
}

/**
 * Opening intervals as "HH:mm" text: a time input cannot show 24:00, which closes a day at midnight,
 * and text keeps a half-typed time visible beside its error.
 */
export function TimeRangeList({ legend, path, ranges, onChange, itemName, emptyText, hint, newRange = { from: '09:00', to: '18:00' } }: TimeRangeListProps) {
  return (
    <ListEditor
      legend={legend}
      path={path}
      items={asArray(ranges)}
      onChange={onChange}
      itemName={itemName}
      newItem={() => ({ ...newRange })}
      emptyText={emptyText}
      hint={hint}
      renderItem={(item, index, update) => {
        const range = asRecord(item);
        return (
          <div className="form-inline">
            <TextField label={`${itemName} ${index + 1} from`} hideLabel className="form-time" path={[...path, index, 'from']} value={range.from} placeholder="HH:mm" onChange={(from) => update({ ...range, from })} />
            <span className="form-inline-sep" aria-hidden>
              –
            </span>
            <TextField label={`${itemName} ${index + 1} to`} hideLabel className="form-time" path={[...path, index, 'to']} value={range.to} placeholder="HH:mm" onChange={(to) => update({ ...range, to })} />
          </div>
        );
      }}
    />
  );
}
