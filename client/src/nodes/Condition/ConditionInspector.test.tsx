import { conditionDataSchema } from '@parley/shared';
import { screen, within } from '@testing-library/react';
import { renderInspector } from '../../forms/render-inspector';
import { ConditionInspector } from './ConditionInspector';

// From flows/anti-spam.json.
const rateCondition = {
  branches: [{ id: 'busy', label: '3+ automated replies in the last hour', match: 'all', rules: [{ field: 'message_rate', of: 'automated', op: 'gte', count: 3, windowMinutes: 60 }] }],
};

describe('ConditionInspector', () => {
  it('edits a rate rule and adds a branch with an any-group of text and tag rules', async () => {
    const { user, latest } = renderInspector(ConditionInspector, { type: 'condition', data: rateCondition });
    const count = screen.getByLabelText('Branch 1 rule 1 count');
    await user.clear(count);
    await user.type(count, '5');

    await user.click(screen.getByRole('button', { name: 'Add branch' }));
    await user.type(screen.getByLabelText('Branch 2 name'), 'Asks for a person');
    await user.selectOptions(screen.getByLabelText('Branch 2 matches when'), 'any');
    await user.selectOptions(screen.getByLabelText('Branch 2 rule 1 operator'), 'regex');
    await user.type(screen.getByLabelText('Branch 2 rule 1 value'), '^(agent|human)$');
    await user.click(screen.getByRole('button', { name: 'Add rule of branch 2' }));
    await user.selectOptions(screen.getByLabelText('Branch 2 rule 2 field'), 'tag');
    await user.type(screen.getByLabelText('Branch 2 rule 2 value'), 'vip');

    const data = conditionDataSchema.parse(latest());
    expect(data.branches[0]?.rules[0]).toMatchObject({ field: 'message_rate', count: 5 });
    expect(data.branches[1]).toEqual({
      id: 'branch2',
      label: 'Asks for a person',
      match: 'any',
      rules: [
        { field: 'text', op: 'regex', value: '^(agent|human)$' },
        { field: 'tag', op: 'has', value: 'vip' },
      ],
    });
  });

  it('offers every rule field the schema knows, with its own operands', async () => {
    const { user, latest } = renderInspector(ConditionInspector, { type: 'condition', data: rateCondition });
    const field = screen.getByLabelText('Branch 1 rule 1 field');
    const fields = within(field).getAllByRole('option').map((option) => option.getAttribute('value'));
    expect(fields).toEqual(['text', 'length', 'message_type', 'tag', 'attribute', 'variable', 'channel', 'business_hours', 'message_rate', 'repeated_text']);
    await user.selectOptions(field, 'variable');
    await user.type(screen.getByLabelText('Branch 1 rule 1 name'), 'order_id');
    await user.selectOptions(screen.getByLabelText('Branch 1 rule 1 operator'), 'is_not_empty');
    expect(screen.queryByLabelText('Branch 1 rule 1 value')).not.toBeInTheDocument();
    expect(conditionDataSchema.parse(latest()).branches[0]?.rules[0]).toEqual({ field: 'variable', name: 'order_id', op: 'is_not_empty', value: '' });
  });

  it('shows an out-of-range count beside its field; graph checks wait until the data parses', async () => {
    renderInspector(ConditionInspector, {
      type: 'condition',
      data: { branches: [{ id: 'a', rules: [{ field: 'text', op: 'regex', value: '[0-9' }] }, { id: 'b', rules: [{ field: 'repeated_text', count: 500, windowMinutes: 10 }] }] },
    });
    expect(screen.getByLabelText('Branch 2 rule 1 count')).toHaveAccessibleDescription(expect.stringContaining('count: at most 199'));
    // The regex is checked once the data parses.
    expect(screen.queryByText(/not a valid regular expression/)).not.toBeInTheDocument();
  });

  it('reports a regex re2js cannot compile beside the rule value', () => {
    renderInspector(ConditionInspector, { type: 'condition', data: { branches: [{ id: 'a', rules: [{ field: 'text', op: 'regex', value: '[0-9' }] }] } });
    expect(screen.getByLabelText('Branch 1 rule 1 value')).toHaveAccessibleDescription(expect.stringContaining('is not a valid regular expression'));
  });

  it('disables every control when read-only', () => {
    renderInspector(ConditionInspector, { type: 'condition', data: rateCondition, readOnly: true });
    for (const control of [...screen.getAllByRole('textbox'), ...screen.getAllByRole('combobox'), ...screen.getAllByRole('button')]) expect(control).toBeDisabled();
  });
});
