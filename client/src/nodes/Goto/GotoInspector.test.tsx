import { gotoDataSchema } from '@parley/shared';
import { screen } from '@testing-library/react';
import { renderInspector } from '../../forms/render-inspector';
import { GotoInspector } from './GotoInspector';

const flows = [
  { id: 'off-hours', name: 'Off-hours auto-reply' },
  { id: 'refund', name: 'Refund' },
];

describe('GotoInspector', () => {
  it('picks the target flow by name', async () => {
    // From flows/anti-spam.json.
    const { user, latest } = renderInspector(GotoInspector, { type: 'goto', data: { flowId: 'off-hours' }, flows });
    expect(screen.getByLabelText('Continue in flow')).toHaveDisplayValue('Off-hours auto-reply');
    await user.selectOptions(screen.getByLabelText('Continue in flow'), 'Refund');
    expect(gotoDataSchema.parse(latest())).toEqual({ flowId: 'refund' });
  });

  it('says when the target flow does not exist, and when none is chosen', () => {
    const { unmount } = renderInspector(GotoInspector, { type: 'goto', data: { flowId: 'deleted-flow' }, flows });
    expect(screen.getByLabelText('Continue in flow')).toHaveAccessibleDescription(expect.stringContaining('continues in flow "deleted-flow", which does not exist'));
    unmount();
    renderInspector(GotoInspector, { type: 'goto', data: {}, flows });
    expect(screen.getByLabelText('Continue in flow')).toHaveAccessibleDescription(expect.stringContaining('required'));
  });

  it('disables the select when read-only', () => {
    renderInspector(GotoInspector, { type: 'goto', data: { flowId: 'refund' }, flows, readOnly: true });
    expect(screen.getByLabelText('Continue in flow')).toBeDisabled();
  });
});
