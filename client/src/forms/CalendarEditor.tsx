import { weekdaySchema, type Weekday } from '@parley/shared';
import { asArray, asRecord } from './form-data';
import { FieldGroup } from './FieldGroup';
import { ListEditor } from './ListEditor';
import { TextField } from './TextField';
import { TimeRangeList } from './TimeRangeList';
import { TimeZoneField } from './TimeZoneField';

interface CalendarEditorProps {
  /** Where the calendar sits in the edited data, for its issues. */
  path: readonly PropertyKey[];
  value: unknown;
  onChange: (calendar: Record<string, unknown>) => void;
}

const DAY_NAMES = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' } as const satisfies Record<Weekday, string>;

/** Business hours: weekly opening intervals, daily breaks, holidays and one-off days with their own hours. */
export function CalendarEditor({ path, value, onChange }: CalendarEditorProps) {
  const calendar = asRecord(value);
  const weekly = asRecord(calendar.weekly);
  const set = (key: string, next: unknown) => onChange({ ...calendar, [key]: next });
  return (
    <div className="form-stack">
      <TimeZoneField label="Business hours time zone" path={[...path, 'timezone']} value={calendar.timezone} onChange={(timezone) => set('timezone', timezone)} />
      <FieldGroup legend="Weekly hours" path={[...path, 'weekly']} hint="A day without intervals is closed.">
        {weekdaySchema.options.map((day) => (
          <TimeRangeList
            key={day}
            legend={DAY_NAMES[day]}
            path={[...path, 'weekly', day]}
            ranges={weekly[day]}
            itemName={`${DAY_NAMES[day]} interval`}
            emptyText="Closed"
            onChange={(ranges) => set('weekly', { ...weekly, [day]: ranges })}
          />
        ))}
      </FieldGroup>
      <TimeRangeList
        legend="Breaks"
        path={[...path, 'breaks']}
        ranges={calendar.breaks}
        itemName="break"
        emptyText="No breaks"
        hint="Cut out of every open day, e.g. a lunch break."
        newRange={{ from: '12:00', to: '13:00' }}
        onChange={(breaks) => set('breaks', breaks)}
      />
      <ListEditor
        legend="Holidays"
        path={[...path, 'holidays']}
        items={asArray(calendar.holidays)}
        itemName="holiday"
        emptyText="No holidays"
        hint="Closed all day."
        newItem={() => ({ date: '', name: '' })}
        onChange={(holidays) => set('holidays', holidays)}
        renderItem={(item, index, update) => {
          const holiday = asRecord(item);
          return (
            <div className="form-inline">
              <TextField label={`Holiday ${index + 1} date`} hideLabel type="date" className="form-date" path={[...path, 'holidays', index, 'date']} value={holiday.date} onChange={(date) => update({ ...holiday, date })} />
              <TextField label={`Holiday ${index + 1} name`} hideLabel className="form-grow" path={[...path, 'holidays', index, 'name']} value={holiday.name} placeholder="Name" onChange={(name) => update({ ...holiday, name })} />
            </div>
          );
        }}
      />
      <ListEditor
        legend="Special days"
        path={[...path, 'exceptions']}
        items={asArray(calendar.exceptions)}
        itemName="special day"
        emptyText="No special days"
        hint="A date with its own hours instead of the weekly ones; no intervals means closed."
        cards
        newItem={() => ({ date: '', hours: [{ from: '10:00', to: '16:00' }] })}
        onChange={(exceptions) => set('exceptions', exceptions)}
        renderItem={(item, index, update) => {
          const exception = asRecord(item);
          return (
            <div className="form-stack">
              <TextField label={`Special day ${index + 1} date`} type="date" className="form-date" path={[...path, 'exceptions', index, 'date']} value={exception.date} onChange={(date) => update({ ...exception, date })} />
              <TimeRangeList
                legend={`Special day ${index + 1} hours`}
                path={[...path, 'exceptions', index, 'hours']}
                ranges={exception.hours}
                itemName={`special day ${index + 1} interval`}
                emptyText="Closed all day"
                onChange={(hours) => update({ ...exception, hours })}
              />
            </div>
          );
        }}
      />
    </div>
  );
}
