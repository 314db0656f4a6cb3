import { replyDataSchema } from '@parley/shared';
import { screen, within } from '@testing-library/react';
import { renderInspector } from '../../forms/render-inspector';
import { ReplyInspector } from './ReplyInspector';

// From flows/ab-welcome.json.
const topicMenu = {
  messages: [{ type: 'text', text: 'Hi {{contact.name|there}}! Pick a topic below.', buttons: [{ title: 'Shipping', payload: 'FAQ_SHIPPING' }] }],
  typingDelayMs: 0,
};

describe('ReplyInspector', () => {
  it('adds a quick reply, an image message and a typing delay', async () => {
    const { user, latest } = renderInspector(ReplyInspector, { type: 'reply', data: topicMenu });
    await user.click(screen.getByRole('button', { name: 'Add button of message 1' }));
    await user.type(screen.getByLabelText('Message 1 button 2 title'), 'Prices');
    await user.type(screen.getByLabelText('Message 1 button 2 payload'), 'FAQ_PRICES');
    await user.click(screen.getByRole('button', { name: 'Add message' }));
    await user.selectOptions(screen.getByLabelText('Message 2 type'), 'image');
    await user.type(screen.getByLabelText('Message 2 URL'), 'https://example.com/menu.png');
    await user.clear(screen.getByLabelText('Typing delay'));
    await user.type(screen.getByLabelText('Typing delay'), '800');
    const data = replyDataSchema.parse(latest());
    expect(data.messages[0]).toMatchObject({ buttons: [{ title: 'Shipping' }, { title: 'Prices', payload: 'FAQ_PRICES' }] });
    expect(data.messages[1]).toEqual({ type: 'image', url: 'https://example.com/menu.png', caption: '' });
    expect(data.typingDelayMs).toBe(800);
  });

  it('builds a link card and keeps the text when switching a message type back', async () => {
    const { user, latest } = renderInspector(ReplyInspector, { type: 'reply', data: topicMenu });
    await user.selectOptions(screen.getByLabelText('Message 1 type'), 'card');
    await user.type(screen.getByLabelText('Message 1 title'), 'Our prices');
    await user.type(screen.getByLabelText('Message 1 link'), 'https://example.com/pricing');
    expect(replyDataSchema.parse(latest()).messages[0]).toMatchObject({ type: 'card', title: 'Our prices', url: 'https://example.com/pricing' });
    await user.selectOptions(screen.getByLabelText('Message 1 type'), 'text');
    expect(screen.getByLabelText('Message 1 text')).toHaveValue('Hi {{contact.name|there}}! Pick a topic below.');
  });

  it('shows missing text and a button without payload beside their fields', async () => {
    const { user } = renderInspector(ReplyInspector, { type: 'reply', data: topicMenu });
    await user.clear(screen.getByLabelText('Message 1 text'));
    await user.clear(screen.getByLabelText('Message 1 button 1 payload'));
    expect(screen.getByLabelText('Message 1 text')).toHaveAccessibleDescription(expect.stringContaining('required'));
    expect(screen.getByLabelText('Message 1 button 1 payload')).toHaveAccessibleDescription('required');
  });

  it('says a reply needs a message when the last one is removed', async () => {
    const { user } = renderInspector(ReplyInspector, { type: 'reply', data: topicMenu });
    await user.click(screen.getByRole('button', { name: 'Remove message 1' }));
    expect(within(screen.getByRole('group', { name: 'Messages' })).getByText('add at least one')).toBeInTheDocument();
  });

  it('disables every control when read-only', () => {
    renderInspector(ReplyInspector, { type: 'reply', data: topicMenu, readOnly: true });
    for (const control of [...screen.getAllByRole('textbox'), ...screen.getAllByRole('combobox'), ...screen.getAllByRole('button')]) expect(control).toBeDisabled();
  });
});
