import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { apiError, FakeServer } from '../api/fake-fetch';
import { closeLiveSocket } from '../live/live-socket';
import { BuilderPage } from './BuilderPage';
import { useBuilderStore } from './store/builder-store';
import { installReactFlowEnv } from './test/react-flow-env';

installReactFlowEnv();

const flow = {
  schemaVersion: 1,
  id: 'refund',
  name: 'Refund',
  description: '',
  status: 'draft',
  graph: { nodes: [{ id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { kind: 'keyword', keywords: [{ text: 'refund', match: 'contains' }] } }], edges: [] },
  settings: { timezone: 'UTC', calendar: null, reentry: 'always', interrupt: 'allow', fallbackFlowId: null },
  publishedVersion: null,
  revision: 3,
  createdAt: 1,
  updatedAt: 1,
};

function stubServer(): FakeServer {
  const server = new FakeServer()
    .on('GET', '/api/flows/refund', { status: 200, body: flow })
    .on('GET', '/api/flows', { status: 200, body: [] });
  server.install();
  return server;
}

beforeEach(() => useBuilderStore.setState(useBuilderStore.getInitialState(), true));
afterAll(() => closeLiveSocket());

function renderPage() {
  render(
    <MemoryRouter>
      <BuilderPage flowId="refund" />
    </MemoryRouter>,
  );
}

describe('the builder page', () => {
  it('loads the flow and autosaves an edit with the revision it started from', async () => {
    const user = userEvent.setup();
    const server = stubServer().on('PUT', '/api/flows/refund', (call) => ({ status: 200, body: { ...flow, ...Object(call.body), revision: 4 } }));
    renderPage();
    expect(screen.getByText('Opening the flow…')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Refund' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to flows' })).toHaveAttribute('href', '/flows');
    expect(screen.getByText('Saved')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /^Add Reply/ }));
    expect(screen.getByText('Unsaved changes')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('Saved')).toBeInTheDocument(), { timeout: 3000 });
    const saves = server.callsTo('PUT', '/api/flows/refund');
    expect(saves).toHaveLength(1);
    expect(saves[0]?.body).toMatchObject({ revision: 3, graph: { nodes: [{ id: 't' }, { type: 'reply' }] } });
  });

  it('stops autosaving and says so clearly when someone else saved first', async () => {
    const user = userEvent.setup();
    const server = stubServer().on(
      'PUT',
      '/api/flows/refund',
      apiError(409, 'revision_conflict', 'the flow was changed meanwhile (current revision 4); reload it and apply your change again', { currentRevision: 4 }),
    );
    renderPage();
    await screen.findByRole('heading', { name: 'Refund' });
    await user.click(screen.getByRole('button', { name: /^Add Reply/ }));

    const alert = await screen.findByRole('alert', {}, { timeout: 3000 });
    expect(alert).toHaveTextContent(
      'This flow was saved in another tab or by someone else — reload to see their version; your unsaved change is kept in this tab',
    );
    expect(screen.getByText('Not saved: conflict')).toBeInTheDocument();
    // The edit is still on the canvas, and further edits are not sent over the other person's save.
    expect(useBuilderStore.getState().nodes.map((n) => n.type)).toEqual(['trigger', 'reply']);
    await user.click(screen.getByRole('button', { name: /^Add End/ }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 1200)));
    expect(server.callsTo('PUT', '/api/flows/refund')).toHaveLength(1);
    expect(screen.getByRole('button', { name: /Publish/ })).toBeDisabled();
  });

  it('disables publish while the draft has errors and says why', async () => {
    stubServer().on('GET', '/api/flows/refund', { status: 200, body: { ...flow, graph: { nodes: [], edges: [] } } });
    renderPage();
    const publish = await screen.findByRole('button', { name: /Publish/ });
    expect(publish).toBeDisabled();
    expect(publish).toHaveAccessibleDescription('Fix 1 error first (see Validation)');
    expect(screen.getByRole('button', { name: /The flow has no trigger node/ })).toBeInTheDocument();
  });

  it('shows why the flow could not be opened', async () => {
    stubServer().on('GET', '/api/flows/refund', apiError(404, 'not_found', 'flow "refund" not found'));
    renderPage();
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not open the flow: flow "refund" not found');
    expect(screen.getByRole('button', { name: /Try again/ })).toBeInTheDocument();
  });
});
