import { tagDataSchema } from '@parley/shared';
import { screen, within } from '@testing-library/react';
import { renderInspector } from '../../forms/render-inspector';
import { TagInspector } from './TagInspector';

describe('TagInspector', () => {
  it('adds a tag to remove next to one to add', async () => {
    // From flows/re-engagement.json.
    const { user, latest } = renderInspector(TagInspector, { type: 'tag', data: { add: ['returning'], remove: [] } });
    await user.click(screen.getByRole('button', { name: 'Add tag to remove' }));
    await user.type(screen.getByLabelText('Tag to remove 1'), 'dormant');
    expect(tagDataSchema.parse(latest())).toEqual({ add: ['returning'], remove: ['dormant'] });
  });

  it('says a tag node needs a tag when both lists are empty', async () => {
    const { user } = renderInspector(TagInspector, { type: 'tag', data: { add: ['returning'], remove: [] } });
    await user.click(screen.getByRole('button', { name: 'Remove tag to add 1' }));
    expect(within(screen.getByRole('group', { name: 'Add tags' })).getByText('add or remove at least one tag')).toBeInTheDocument();
  });

  it('disables every control when read-only', () => {
    renderInspector(TagInspector, { type: 'tag', data: { add: ['vip'], remove: [] }, readOnly: true });
    for (const control of [...screen.getAllByRole('textbox'), ...screen.getAllByRole('button')]) expect(control).toBeDisabled();
  });
});
