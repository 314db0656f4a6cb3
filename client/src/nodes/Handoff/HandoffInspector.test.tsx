import { handoffDataSchema } from '@parley/shared';
import { screen } from '@testing-library/react';
import { renderInspector } from '../../forms/render-inspector';
import { HandoffInspector } from './HandoffInspector';

// From flows/refund.json.
const handoff = { team: 'support', strategy: 'least_busy', message: "I'm passing you to our support team.", timeoutMinutes: 240 };

describe('HandoffInspector', () => {
  it('changes team, strategy and timeout', async () => {
    const { user, latest } = renderInspector(HandoffInspector, { type: 'handoff', data: handoff });
    await user.clear(screen.getByLabelText('Team'));
    await user.type(screen.getByLabelText('Team'), 'billing');
    await user.selectOptions(screen.getByLabelText('Strategy'), 'sticky');
    expect(screen.getByLabelText('Strategy')).toHaveAccessibleDescription(expect.stringContaining('helped this contact last'));
    await user.clear(screen.getByLabelText('Timeout'));
    await user.type(screen.getByLabelText('Timeout'), '1.5');
    expect(handoffDataSchema.parse(latest())).toEqual({ ...handoff, team: 'billing', strategy: 'sticky', timeoutMinutes: 1.5 });
  });

  it('shows that a team is required', async () => {
    const { user } = renderInspector(HandoffInspector, { type: 'handoff', data: handoff });
    await user.clear(screen.getByLabelText('Team'));
    expect(screen.getByLabelText('Team')).toHaveAccessibleDescription('required');
  });

  it('disables every control when read-only', () => {
    renderInspector(HandoffInspector, { type: 'handoff', data: handoff, readOnly: true });
    for (const control of [...screen.getAllByRole('textbox'), ...screen.getAllByRole('combobox')]) expect(control).toBeDisabled();
  });
});
