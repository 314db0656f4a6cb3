import { splitDataSchema } from '@parley/shared';
import { screen, within } from '@testing-library/react';
import { renderInspector } from '../../forms/render-inspector';
import { SplitInspector } from './SplitInspector';

// From flows/ab-welcome.json.
const abSplit = {
  variants: [
    { id: 'a', label: 'Short and friendly', weight: 50 },
    { id: 'b', label: 'Topic menu', weight: 50 },
  ],
};

describe('SplitInspector', () => {
  it('adds a third variant and shows each share of the total', async () => {
    const { user, latest } = renderInspector(SplitInspector, { type: 'split', data: abSplit });
    expect(screen.getByLabelText('Variant 1 weight')).toHaveAccessibleDescription('50%');
    await user.click(screen.getByRole('button', { name: 'Add variant' }));
    await user.type(screen.getByLabelText('Variant 3 name'), 'Video');
    const weight = screen.getByLabelText('Variant 3 weight');
    await user.clear(weight);
    await user.type(weight, '100');
    expect(splitDataSchema.parse(latest()).variants[2]).toEqual({ id: 'variant3', label: 'Video', weight: 100 });
    expect(screen.getByLabelText('Variant 1 weight')).toHaveAccessibleDescription('25%');
    expect(screen.getByLabelText('Variant 2 weight')).toHaveAccessibleDescription('25%');
    expect(weight).toHaveAccessibleDescription('50%');
  });

  it('says a split needs a weight above 0', async () => {
    const { user } = renderInspector(SplitInspector, { type: 'split', data: abSplit });
    for (const name of ['Variant 1 weight', 'Variant 2 weight']) {
      await user.clear(screen.getByLabelText(name));
      await user.type(screen.getByLabelText(name), '0');
    }
    expect(within(screen.getByRole('group', { name: 'Variants' })).getByText('at least one variant needs a weight above 0')).toBeInTheDocument();
  });

  it('shows a weight over 100 beside it and keeps it', async () => {
    const { user } = renderInspector(SplitInspector, { type: 'split', data: abSplit });
    await user.type(screen.getByLabelText('Variant 1 weight'), '0');
    expect(screen.getByLabelText('Variant 1 weight')).toHaveValue('500');
    expect(screen.getByLabelText('Variant 1 weight')).toHaveAccessibleDescription(expect.stringContaining('at most 100'));
  });

  it('disables every control when read-only', () => {
    renderInspector(SplitInspector, { type: 'split', data: abSplit, readOnly: true });
    for (const control of [...screen.getAllByRole('textbox'), ...screen.getAllByRole('button')]) expect(control).toBeDisabled();
  });
});
