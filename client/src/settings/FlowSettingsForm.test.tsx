import { businessCalendarSchema, flowSettingsSchema } from '@parley/shared';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { FlowSettingsForm } from './FlowSettingsForm';

const flows = [
  { id: 'anti-spam', name: 'Anti-spam' },
  { id: 'refund', name: 'Refund' },
];

function renderSettings(initial: unknown, readOnly = false) {
  const changes: Record<string, unknown>[] = [];
  function Host() {
    const [settings, setSettings] = useState<unknown>(initial);
    return (
      <FlowSettingsForm
        settings={settings}
        readOnly={readOnly}
        flows={flows}
        onChange={(next) => {
          changes.push(next);
          setSettings(next);
        }}
      />
    );
  }
  render(<Host />);
  return { user: userEvent.setup(), latest: () => changes.at(-1) };
}

const defaults = { timezone: 'Asia/Shanghai', calendar: null, reentry: 'always', interrupt: 'allow', fallbackFlowId: 'anti-spam' };

describe('FlowSettingsForm', () => {
  it('turns on business hours, adds a holiday, a lunch break and Saturday hours', async () => {
    const { user, latest } = renderSettings(defaults);
    await user.click(screen.getByLabelText('Use business hours'));
    await user.click(screen.getByRole('button', { name: 'Add holiday' }));
    await user.type(screen.getByLabelText('Holiday 1 date'), '2026-10-01');
    await user.type(screen.getByLabelText('Holiday 1 name'), 'National Day');
    await user.click(screen.getByRole('button', { name: 'Add break' }));
    await user.clear(screen.getByLabelText('break 1 to'));
    await user.type(screen.getByLabelText('break 1 to'), '13:30');
    await user.click(screen.getByRole('button', { name: 'Add Saturday interval' }));

    const settings = flowSettingsSchema.parse(latest());
    const calendar = businessCalendarSchema.parse(settings.calendar);
    expect(calendar.timezone).toBe('Asia/Shanghai');
    expect(calendar.holidays).toEqual([{ date: '2026-10-01', name: 'National Day' }]);
    expect(calendar.breaks).toEqual([{ from: '12:00', to: '13:30' }]);
    expect(calendar.weekly.mon).toEqual([{ from: '09:00', to: '18:00' }]);
    expect(calendar.weekly.sat).toEqual([{ from: '09:00', to: '18:00' }]);
  });

  it('adds a special day with its own hours and shows a range that ends before it starts', async () => {
    const { user, latest } = renderSettings(defaults);
    await user.click(screen.getByLabelText('Use business hours'));
    await user.click(screen.getByRole('button', { name: 'Add special day' }));
    await user.type(screen.getByLabelText('Special day 1 date'), '2026-09-27');
    const to = screen.getByLabelText('special day 1 interval 1 to');
    await user.clear(to);
    await user.type(to, '08:00');
    expect(to).toHaveAccessibleDescription('"from" must be before "to"');
    await user.clear(to);
    await user.type(to, '15:00');
    expect(businessCalendarSchema.parse(flowSettingsSchema.parse(latest()).calendar).exceptions).toEqual([{ date: '2026-09-27', hours: [{ from: '10:00', to: '15:00' }] }]);
  });

  it('keeps the calendar when business hours are turned off and on again', async () => {
    const { user, latest } = renderSettings(defaults);
    await user.click(screen.getByLabelText('Use business hours'));
    await user.click(screen.getByRole('button', { name: 'Remove Monday interval 1' }));
    await user.click(screen.getByLabelText('Use business hours'));
    expect(flowSettingsSchema.parse(latest()).calendar).toBeNull();
    await user.click(screen.getByLabelText('Use business hours'));
    expect(within(screen.getByRole('group', { name: 'Monday' })).getByText('Closed')).toBeInTheDocument();
  });

  it('shows an unknown time zone beside the picker and sets reentry, interrupt and fallback', async () => {
    const { user, latest } = renderSettings(defaults);
    const zone = screen.getByLabelText('Time zone');
    await user.clear(zone);
    await user.type(zone, 'Mars/Olympus');
    expect(zone).toHaveAccessibleDescription(expect.stringContaining('expected an IANA time zone'));
    await user.clear(zone);
    await user.type(zone, 'Europe/Paris');
    await user.selectOptions(screen.getByLabelText('Re-entry'), 'once');
    await user.selectOptions(screen.getByLabelText('Interrupt'), 'block');
    await user.selectOptions(screen.getByLabelText('Fallback flow'), 'None');
    expect(flowSettingsSchema.parse(latest())).toEqual({ timezone: 'Europe/Paris', calendar: null, reentry: 'once', interrupt: 'block', fallbackFlowId: null });
  });

  it('disables every control when read-only', () => {
    renderSettings({ ...defaults, calendar: { timezone: 'UTC', weekly: { mon: [{ from: '09:00', to: '17:00' }] } } }, true);
    for (const control of [...screen.getAllByRole('textbox'), ...screen.getAllByRole('combobox'), ...screen.getAllByRole('button'), ...screen.getAllByRole('checkbox')]) {
      expect(control).toBeDisabled();
    }
  });
});
