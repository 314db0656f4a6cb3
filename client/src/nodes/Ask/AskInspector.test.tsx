import { askDataSchema } from '@parley/shared';
import { screen, within } from '@testing-library/react';
import { renderInspector } from '../../forms/render-inspector';
import { AskInspector } from './AskInspector';

// From flows/refund.json.
const askOrder = {
  question: 'What is your order number?',
  validate: 'text',
  choices: [],
  variable: 'order_id',
  retries: 2,
  retryMessage: "Sorry, I didn't get that. {{question}}",
  timeoutMinutes: 30,
};

describe('AskInspector', () => {
  it('turns a question into a choice with synonyms', async () => {
    const { user, latest } = renderInspector(AskInspector, { type: 'ask', data: askOrder });
    await user.selectOptions(screen.getByLabelText('Expected answer'), 'choice');
    expect(within(screen.getByRole('group', { name: 'Choices' })).getByText('a choice question needs choices')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add choice' }));
    await user.type(screen.getByLabelText('Choice 1 label'), 'Good');
    await user.click(screen.getByRole('button', { name: 'Add synonym of choice 1' }));
    await user.type(screen.getByLabelText('Synonym of choice 1 1'), '满意');
    const data = askDataSchema.parse(latest());
    expect(data.choices).toEqual([{ id: 'choice1', label: 'Good', synonyms: ['满意'] }]);
    expect(screen.queryByText('a choice question needs choices')).not.toBeInTheDocument();
  });

  it('sets retries, the retry message and clears the timeout to wait forever', async () => {
    const { user, latest } = renderInspector(AskInspector, { type: 'ask', data: askOrder });
    await user.clear(screen.getByLabelText('Retries'));
    await user.type(screen.getByLabelText('Retries'), '3');
    await user.type(screen.getByLabelText('Retry message'), ' (e.g. A123)');
    await user.clear(screen.getByLabelText('Timeout'));
    const data = askDataSchema.parse(latest());
    expect(data).toMatchObject({ retries: 3, timeoutMinutes: null, retryMessage: "Sorry, I didn't get that. {{question}} (e.g. A123)" });
  });

  it('shows the variable rule beside the variable name', async () => {
    const { user } = renderInspector(AskInspector, { type: 'ask', data: askOrder });
    const variable = screen.getByLabelText('Save the answer to variable');
    await user.clear(variable);
    await user.type(variable, 'order id');
    expect(variable).toHaveValue('order id');
    expect(variable).toHaveAccessibleDescription(expect.stringContaining('variable: a name like order_id'));
  });

  it('disables every control when read-only', () => {
    renderInspector(AskInspector, { type: 'ask', data: askOrder, readOnly: true });
    for (const control of [...screen.getAllByRole('textbox'), ...screen.getAllByRole('combobox')]) expect(control).toBeDisabled();
  });
});
