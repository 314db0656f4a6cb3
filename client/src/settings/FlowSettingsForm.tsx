import { flowSettingsSchema } from '@parley/shared';
import { useMemo, useState } from 'react';
import { CalendarEditor } from '../forms/CalendarEditor';
import { CheckboxField } from '../forms/CheckboxField';
import { schemaIssues } from '../forms/field-issues';
import { asRecord, asString } from '../forms/form-data';
import { FormErrors } from '../forms/FormErrors';
import { SelectField } from '../forms/SelectField';
import { TimeZoneField } from '../forms/TimeZoneField';
import '../forms/forms.css';

export interface FlowSettingsFormProps {
  settings: unknown;
  onChange: (settings: Record<string, unknown>) => void;
  readOnly: boolean;
  flows: readonly { id: string; name: string }[];
}

const REENTRY_OPTIONS = [
  { value: 'always', label: 'Every time a trigger matches' },
  { value: 'once', label: 'Only the first time ever' },
] as const;
const INTERRUPT_OPTIONS = [
  { value: 'allow', label: 'A trigger may restart a waiting conversation' },
  { value: 'block', label: 'A waiting conversation finishes first' },
] as const;
const NO_FALLBACK = '';

function newCalendar(timezone: string): Record<string, unknown> {
  const workday = [{ from: '09:00', to: '18:00' }];
  return { timezone, weekly: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday }, breaks: [], holidays: [], exceptions: [] };
}

/** A flow's settings: time zone, business hours, re-entry, interrupt and fallback policies. */
export function FlowSettingsForm({ settings, onChange, readOnly, flows }: FlowSettingsFormProps) {
  const s = asRecord(settings);
  const set = (key: string, value: unknown) => onChange({ ...s, [key]: value });
  const issues = useMemo(() => schemaIssues(flowSettingsSchema, settings), [settings]);
  // Turning business hours off and on again brings back the calendar that was being edited.
  const [lastCalendar, setLastCalendar] = useState<unknown>(null);
  const hasCalendar = s.calendar !== null && s.calendar !== undefined;
  return (
    <fieldset className="form" disabled={readOnly}>
      <FormErrors issues={issues}>
        <TimeZoneField label="Time zone" path={['timezone']} value={s.timezone ?? 'UTC'} hint="Days in the statistics and times of day in waits use it." onChange={(timezone) => set('timezone', timezone)} />
        <CheckboxField
          label="Use business hours"
          path={['calendar']}
          checked={hasCalendar}
          hint="Off: always open for business-hours conditions and waits."
          onChange={(on) => {
            if (on) {
              set('calendar', lastCalendar ?? newCalendar(asString(s.timezone) || 'UTC'));
            } else {
              setLastCalendar(s.calendar);
              set('calendar', null);
            }
          }}
        />
        {hasCalendar && <CalendarEditor path={['calendar']} value={s.calendar} onChange={(calendar) => set('calendar', calendar)} />}
        <SelectField label="Re-entry" path={['reentry']} value={s.reentry ?? 'always'} options={REENTRY_OPTIONS} hint="Whether a contact may start this flow again." onChange={(value) => set('reentry', value)} />
        <SelectField label="Interrupt" path={['interrupt']} value={s.interrupt ?? 'allow'} options={INTERRUPT_OPTIONS} hint="Whether a keyword, button, tag or API trigger may replace a session that waits in this flow." onChange={(value) => set('interrupt', value)} />
        <SelectField
          label="Fallback flow"
          path={['fallbackFlowId']}
          value={typeof s.fallbackFlowId === 'string' ? s.fallbackFlowId : NO_FALLBACK}
          options={[{ value: NO_FALLBACK, label: 'None' }, ...flows.map((flow) => ({ value: flow.id, label: flow.name }))]}
          hint="Runs when a message matches no trigger and no conversation is running."
          onChange={(value) => set('fallbackFlowId', value === NO_FALLBACK ? null : value)}
        />
      </FormErrors>
    </fieldset>
  );
}
