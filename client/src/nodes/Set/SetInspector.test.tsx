import { setDataSchema } from '@parley/shared';
import { screen } from '@testing-library/react';
import { renderInspector } from '../../forms/render-inspector';
import { SetInspector } from './SetInspector';

const assignments = { assignments: [{ target: 'variable', name: 'topic', value: '{{message.text}}' }] };

describe('SetInspector', () => {
  it('adds an attribute assignment from a template', async () => {
    const { user, latest } = renderInspector(SetInspector, { type: 'set', data: assignments });
    await user.click(screen.getByRole('button', { name: 'Add assignment' }));
    await user.selectOptions(screen.getByLabelText('Assignment 2 target'), 'attribute');
    await user.type(screen.getByLabelText('Assignment 2 name'), 'plan');
    // user-event reads "{" as the start of a key name, so "{{" types one brace.
    await user.type(screen.getByLabelText('Assignment 2 value'), '{{{{vars.topic}} lead');
    expect(setDataSchema.parse(latest()).assignments[1]).toEqual({ target: 'attribute', name: 'plan', value: '{{vars.topic}} lead' });
  });

  it('shows a bad name beside it', async () => {
    const { user } = renderInspector(SetInspector, { type: 'set', data: assignments });
    await user.type(screen.getByLabelText('Assignment 1 name'), '-x');
    expect(screen.getByLabelText('Assignment 1 name')).toHaveAccessibleDescription('name: a name like order_id');
  });

  it('disables every control when read-only', () => {
    renderInspector(SetInspector, { type: 'set', data: assignments, readOnly: true });
    for (const control of [...screen.getAllByRole('textbox'), ...screen.getAllByRole('combobox'), ...screen.getAllByRole('button')]) expect(control).toBeDisabled();
  });
});
