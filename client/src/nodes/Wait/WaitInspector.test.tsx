import { waitDataSchema } from '@parley/shared';
import { screen } from '@testing-library/react';
import { renderInspector } from '../../forms/render-inspector';
import { WaitInspector } from './WaitInspector';

describe('WaitInspector', () => {
  it('sets a delay of 2 days', async () => {
    const { user, latest } = renderInspector(WaitInspector, { type: 'wait', data: { mode: 'delay', amount: 1, unit: 'hours' } });
    await user.clear(screen.getByLabelText('Delay'));
    await user.type(screen.getByLabelText('Delay'), '2');
    await user.selectOptions(screen.getByLabelText('Unit'), 'days');
    expect(waitDataSchema.parse(latest())).toEqual({ mode: 'delay', amount: 2, unit: 'days' });
  });

  it('waits for a reply with a timeout, and until a time of day', async () => {
    const { user, latest } = renderInspector(WaitInspector, { type: 'wait', data: { mode: 'delay', amount: 30, unit: 'minutes' } });
    await user.selectOptions(screen.getByLabelText('Wait for'), 'reply');
    expect(screen.getByLabelText('Timeout')).toHaveValue('30');
    expect(waitDataSchema.parse(latest())).toEqual({ mode: 'reply', amount: 30, unit: 'minutes' });
    await user.selectOptions(screen.getByLabelText('Wait for'), 'time_of_day');
    await user.clear(screen.getByLabelText('Time of day'));
    await user.type(screen.getByLabelText('Time of day'), '8:00');
    expect(screen.getByLabelText('Time of day')).toHaveAccessibleDescription(expect.stringContaining('expected a time of day as HH:mm'));
    await user.type(screen.getByLabelText('Time of day'), '{Home}0');
    expect(waitDataSchema.parse(latest())).toEqual({ mode: 'time_of_day', time: '08:00' });
  });

  it('disables every control when read-only', () => {
    renderInspector(WaitInspector, { type: 'wait', data: { mode: 'reply', amount: 1, unit: 'days' }, readOnly: true });
    for (const control of [...screen.getAllByRole('textbox'), ...screen.getAllByRole('combobox')]) expect(control).toBeDisabled();
  });
});
