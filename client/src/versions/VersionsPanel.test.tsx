import type { DraftGraph } from '@parley/shared';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeServer } from '../api/fake-fetch';
import { fakeSocket } from '../live/fake-socket';
import { VersionsPanel } from './VersionsPanel';

jest.mock('socket.io-client', () => ({ io: () => fakeSocket }));

const at = { x: 0, y: 0 };
const T = Date.UTC(2026, 0, 5, 9, 30);
const trigger = { id: 't', type: 'trigger' as const, position: at, data: { kind: 'keyword', keywords: [{ text: 'hi', match: 'contains' }], channels: [], activeFrom: null, activeUntil: null, priority: 100 } };
const reply = (id: string, text: string) => ({ id, type: 'reply' as const, position: at, data: { messages: [{ type: 'text', text, buttons: [] }], typingDelayMs: 0 } });
const v1Graph = { nodes: [trigger, reply('r', 'Hello')], edges: [{ id: 'e1', source: 't', sourceHandle: 'next', target: 'r' }] };
const settings = { timezone: 'UTC', calendar: null, reentry: 'always', interrupt: 'allow', fallbackFlowId: null };
const draft: DraftGraph = { nodes: [trigger, reply('r2', 'Goodbye')], edges: [{ id: 'e1', source: 't', sourceHandle: 'next', target: 'r2' }] };

describe('VersionsPanel', () => {
  let server: FakeServer;
  beforeEach(() => {
    server = new FakeServer()
      .on('GET', '/api/flows/hello/versions', {
        status: 200,
        body: [
          { flowId: 'hello', version: 1, name: 'Hello', nodeCount: 2, publishedAt: T, timezone: 'UTC' },
          { flowId: 'hello', version: 2, name: 'Hello', nodeCount: 1, publishedAt: T + 1000, timezone: 'UTC' },
        ],
      })
      .on('GET', '/api/flows/hello/versions/1', { status: 200, body: { flowId: 'hello', version: 1, name: 'Hello', graph: v1Graph, settings, flowCreatedAt: T, publishedAt: T } });
    server.install();
  });

  it('lists versions newest first, views one read-only and goes back to the draft', async () => {
    const user = userEvent.setup();
    const onView = jest.fn();
    render(<VersionsPanel flowId="hello" draft={draft} onView={onView} onRestore={jest.fn()} />);
    const items = await screen.findAllByRole('listitem');
    expect(items.map((item) => within(item).getByText(/^v\d$/).textContent)).toEqual(['v2', 'v1']);
    expect(items[1]).toHaveTextContent('2 nodes');

    await user.click(screen.getByRole('button', { name: 'View version 1' }));
    expect(onView).toHaveBeenLastCalledWith(expect.objectContaining({ version: 1, graph: v1Graph }));
    expect(screen.getByRole('status')).toHaveTextContent('Viewing version 1, read-only.');
    await user.click(screen.getByRole('button', { name: 'Back to the draft' }));
    expect(onView).toHaveBeenLastCalledWith(null);
  });

  it('diffs a version with the draft by node, with type and summary', async () => {
    const user = userEvent.setup();
    render(<VersionsPanel flowId="hello" draft={draft} onView={jest.fn()} onRestore={jest.fn()} />);
    await user.click(await screen.findByRole('button', { name: 'Diff version 1 with the draft' }));
    const diff = await screen.findByLabelText('Differences from the draft');
    expect(within(diff).getByRole('heading', { name: 'Added in the draft (1)' })).toBeInTheDocument();
    expect(diff).toHaveTextContent('Reply “Goodbye”');
    expect(within(diff).getByRole('heading', { name: 'Removed from the draft (1)' })).toBeInTheDocument();
    expect(diff).toHaveTextContent('Reply “Hello”');
    expect(within(diff).getByRole('heading', { name: 'Changed (1)' })).toBeInTheDocument();
    expect(diff).toHaveTextContent('— connections');
  });

  it('restores a version as the draft only once confirmed', async () => {
    const user = userEvent.setup();
    const onRestore = jest.fn();
    render(<VersionsPanel flowId="hello" draft={draft} onView={jest.fn()} onRestore={onRestore} />);
    await user.click(await screen.findByRole('button', { name: 'Restore version 1 as the draft' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Restore version 1?' });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(onRestore).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Restore version 1 as the draft' }));
    await user.click(screen.getByRole('button', { name: 'Restore version 1' }));
    expect(onRestore).toHaveBeenCalledWith(v1Graph);
  });

  it('says so when nothing is published yet', async () => {
    server.on('GET', '/api/flows/hello/versions', { status: 200, body: [] });
    render(<VersionsPanel flowId="hello" draft={draft} onView={jest.fn()} onRestore={jest.fn()} />);
    expect(await screen.findByText(/Not published yet/)).toBeInTheDocument();
  });
});
