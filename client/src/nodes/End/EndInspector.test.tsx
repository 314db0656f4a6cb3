import { endDataSchema } from '@parley/shared';
import { screen } from '@testing-library/react';
import { renderInspector } from '../../forms/render-inspector';
import { EndInspector } from './EndInspector';

describe('EndInspector', () => {
  it('closes the conversation when ticked', async () => {
    const { user, latest } = renderInspector(EndInspector, { type: 'end', data: { closeConversation: false } });
    await user.click(screen.getByLabelText('Close the conversation'));
    expect(endDataSchema.parse(latest())).toEqual({ closeConversation: true });
  });

  it('disables the checkbox when read-only', () => {
    renderInspector(EndInspector, { type: 'end', data: { closeConversation: true }, readOnly: true });
    expect(screen.getByLabelText('Close the conversation')).toBeDisabled();
  });
});
