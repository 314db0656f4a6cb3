import { httpDataSchema } from '@parley/shared';
import { screen } from '@testing-library/react';
import { renderInspector } from '../../forms/render-inspector';
import { HttpInspector } from './HttpInspector';

// From flows/lead-capture.json.
const crm = {
  method: 'POST',
  url: 'https://crm.example.com/leads',
  headers: [{ name: 'Content-Type', value: 'application/json' }],
  body: '{"name": "{{vars.name}}"}',
  timeoutMs: 10000,
  saveAs: [{ variable: 'leadId', path: 'id' }],
};

describe('HttpInspector', () => {
  it('adds a header and a saved value and changes the method', async () => {
    const { user, latest } = renderInspector(HttpInspector, { type: 'http', data: crm });
    await user.selectOptions(screen.getByLabelText('Method'), 'PUT');
    await user.click(screen.getByRole('button', { name: 'Add header' }));
    await user.type(screen.getByLabelText('Header 2 name'), 'X-Api-Key');
    await user.type(screen.getByLabelText('Header 2 value'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Add saved value' }));
    await user.type(screen.getByLabelText('Saved value 2 response path'), 'data.owner');
    await user.type(screen.getByLabelText('Saved value 2 variable'), 'owner');
    const data = httpDataSchema.parse(latest());
    expect(data).toMatchObject({
      method: 'PUT',
      headers: [{ name: 'Content-Type' }, { name: 'X-Api-Key', value: 'secret' }],
      saveAs: [{ variable: 'leadId', path: 'id' }, { variable: 'owner', path: 'data.owner' }],
      body: crm.body,
    });
  });

  it('shows a timeout out of range beside it', async () => {
    const { user } = renderInspector(HttpInspector, { type: 'http', data: crm });
    await user.clear(screen.getByLabelText('Timeout'));
    await user.type(screen.getByLabelText('Timeout'), '50');
    expect(screen.getByLabelText('Timeout')).toHaveAccessibleDescription(expect.stringContaining('at least 100'));
  });

  it('disables every control when read-only', () => {
    renderInspector(HttpInspector, { type: 'http', data: crm, readOnly: true });
    for (const control of [...screen.getAllByRole('textbox'), ...screen.getAllByRole('combobox'), ...screen.getAllByRole('button')]) expect(control).toBeDisabled();
  });
});
