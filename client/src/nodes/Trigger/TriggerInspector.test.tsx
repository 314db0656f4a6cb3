import { triggerDataSchema } from '@parley/shared';
import { screen, within } from '@testing-library/react';
import { renderInspector } from '../../forms/render-inspector';
import { TriggerInspector } from './TriggerInspector';

// From flows/refund.json.
const refundTrigger = {
  kind: 'keyword',
  keywords: [
    { text: 'refund', match: 'contains' },
    { text: '退款', match: 'contains' },
    { text: 'return', match: 'contains' },
  ],
  channels: [],
  activeFrom: null,
  activeUntil: null,
  priority: 50,
};

describe('TriggerInspector', () => {
  it('adds a regex keyword and reports data the schema accepts', async () => {
    const { user, latest } = renderInspector(TriggerInspector, { type: 'trigger', data: refundTrigger });
    expect(screen.getByLabelText('Keyword 2')).toHaveValue('退款');
    await user.click(screen.getByRole('button', { name: 'Add keyword' }));
    await user.type(screen.getByLabelText('Keyword 4'), '^order\\s*\\d+$');
    await user.selectOptions(screen.getByLabelText('Keyword 4 match mode'), 'regex');
    const data = triggerDataSchema.parse(latest());
    expect(data.kind === 'keyword' && data.keywords[3]).toEqual({ text: '^order\\s*\\d+$', match: 'regex' });
    expect(data.priority).toBe(50);
  });

  it('reorders and removes keywords with the row buttons', async () => {
    const { user, latest } = renderInspector(TriggerInspector, { type: 'trigger', data: refundTrigger });
    await user.click(screen.getByRole('button', { name: 'Move keyword 3 up' }));
    await user.click(screen.getByRole('button', { name: 'Remove keyword 1' }));
    expect(triggerDataSchema.parse(latest())).toMatchObject({ keywords: [{ text: 'return' }, { text: '退款' }] });
  });

  it('shows the schema message beside the keyword list when there are no keywords', async () => {
    const { user } = renderInspector(TriggerInspector, { type: 'trigger', data: { kind: 'any_message' } });
    await user.selectOptions(screen.getByLabelText('Starts when'), 'keyword');
    const list = screen.getByRole('group', { name: 'Keywords' });
    expect(within(list).getByText('add at least one')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows an invalid regex beside its keyword', async () => {
    renderInspector(TriggerInspector, { type: 'trigger', data: { ...refundTrigger, keywords: [{ text: 'refund(', match: 'regex' }] } });
    const input = screen.getByLabelText('Keyword 1');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('keyword "refund(" is not a valid regular expression');
  });

  it('keeps a number typed as text visible with its error until it is valid', async () => {
    const { user, latest } = renderInspector(TriggerInspector, { type: 'trigger', data: refundTrigger });
    const priority = screen.getByLabelText('Priority');
    await user.clear(priority);
    await user.type(priority, '1O');
    expect(priority).toHaveValue('1O');
    expect(priority).toHaveAccessibleDescription(expect.stringContaining('enter a number'));
    expect(triggerDataSchema.safeParse(latest()).success).toBe(false);
    await user.clear(priority);
    await user.type(priority, '10');
    expect(triggerDataSchema.parse(latest()).priority).toBe(10);
    expect(priority).toHaveAttribute('aria-invalid', 'false');
  });

  it('switches kind and back without losing the keywords', async () => {
    const { user, latest } = renderInspector(TriggerInspector, { type: 'trigger', data: refundTrigger });
    await user.selectOptions(screen.getByLabelText('Starts when'), 'returning');
    expect(triggerDataSchema.parse(latest())).toMatchObject({ kind: 'returning', afterDays: 14 });
    await user.selectOptions(screen.getByLabelText('Starts when'), 'keyword');
    expect(screen.getByLabelText('Keyword 1')).toHaveValue('refund');
  });

  it('edits channels, the active window and a postback payload', async () => {
    const { user, latest } = renderInspector(TriggerInspector, { type: 'trigger', data: { kind: 'postback', payloads: ['DEMO'] } });
    await user.click(screen.getByRole('button', { name: 'Add channel' }));
    await user.type(screen.getByLabelText('Channel 1'), 'webhook.shop');
    await user.click(screen.getByRole('button', { name: 'Add payload' }));
    await user.type(screen.getByLabelText('Payload 2'), 'FAQ_PRICES');
    await user.type(screen.getByLabelText('Active from'), '2026-03-01T09:30');
    const data = triggerDataSchema.parse(latest());
    expect(data).toMatchObject({ kind: 'postback', payloads: ['DEMO', 'FAQ_PRICES'], channels: ['webhook.shop'] });
    expect(data.activeFrom).toBe(new Date(2026, 2, 1, 9, 30).getTime());
  });

  it('disables every control when read-only', () => {
    renderInspector(TriggerInspector, { type: 'trigger', data: refundTrigger, readOnly: true });
    for (const control of [...screen.getAllByRole('textbox'), ...screen.getAllByRole('combobox'), ...screen.getAllByRole('button')]) expect(control).toBeDisabled();
  });
});
