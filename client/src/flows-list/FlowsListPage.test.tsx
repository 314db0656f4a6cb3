import type { FlowSummary } from '@parley/shared';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useParams } from 'react-router';
import { z } from 'zod';
import { apiError, FakeServer } from '../api/fake-fetch';
import { fakeSocket } from '../live/fake-socket';
import { FlowsListPage } from './FlowsListPage';

jest.mock('socket.io-client', () => ({ io: () => fakeSocket }));

const T = Date.UTC(2026, 0, 5, 9, 30);

function summary(id: string, extra: Partial<FlowSummary> = {}): FlowSummary {
  return { id, name: `Flow ${id}`, description: '', status: 'draft', publishedVersion: null, revision: 0, nodeCount: 3, changedSincePublish: false, createdAt: T, updatedAt: T, ...extra };
}

/** A flow as the server returns it from create and save. */
function flow(id: string, name: string, revision = 0) {
  return { schemaVersion: 1, id, name, description: '', status: 'draft', graph: { nodes: [], edges: [] }, settings: {}, publishedVersion: null, revision, createdAt: T, updatedAt: T };
}

function BuilderStandIn() {
  return <p>Builder for {useParams().id}</p>;
}

function renderList() {
  render(
    <MemoryRouter initialEntries={['/flows']}>
      <Routes>
        <Route path="/flows" element={<FlowsListPage />} />
        <Route path="/flows/:id" element={<BuilderStandIn />} />
      </Routes>
    </MemoryRouter>,
  );
}

/** jsdom's Blob cannot read itself; browsers can. */
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob);
  });
}

beforeAll(() => {
  Object.defineProperty(Blob.prototype, 'text', {
    configurable: true,
    value(this: Blob) {
      return readBlob(this);
    },
  });
});

const rowOf = (name: string) => {
  const row = screen.getByRole('link', { name }).closest('tr');
  if (!row) throw new Error(`no row for ${name}`);
  return within(row);
};
const namesInOrder = () => screen.getAllByRole('link').map((link) => link.textContent);

describe('flows list', () => {
  let server: FakeServer;
  beforeEach(() => {
    server = new FakeServer();
    server.install();
  });

  it('shows status, changes since publish and node count for each flow', async () => {
    server.on('GET', '/api/flows', {
      status: 200,
      body: [summary('a', { status: 'published', publishedVersion: 3, changedSincePublish: true }), summary('b'), summary('c', { status: 'archived', publishedVersion: 1 })],
    });
    renderList();
    await screen.findByRole('link', { name: 'Flow a' });
    expect(rowOf('Flow a').getByText('Published v3')).toBeInTheDocument();
    expect(rowOf('Flow a').getByText('Changes since publish')).toBeInTheDocument();
    expect(rowOf('Flow a').getByRole('button', { name: /Disable \(archive\)/ })).toBeInTheDocument();
    expect(rowOf('Flow b').getByText('Draft')).toBeInTheDocument();
    expect(rowOf('Flow b').queryByText('Changes since publish')).not.toBeInTheDocument();
    expect(rowOf('Flow c').getByText('Archived (v1)')).toBeInTheDocument();
    expect(rowOf('Flow c').getByRole('button', { name: /Enable \(unarchive\)/ })).toBeInTheDocument();
  });

  it('creates the first flow from the empty state and opens it in the builder', async () => {
    const user = userEvent.setup();
    server.on('GET', '/api/flows', { status: 200, body: [] });
    server.on('POST', '/api/flows', apiError(400, 'invalid_request', 'body.name: a name is required (not only spaces)', [{ path: ['name'], message: 'a name is required (not only spaces)' }]));
    renderList();
    await user.click(await screen.findByRole('button', { name: 'Create your first flow' }));
    await user.type(screen.getByLabelText('Name of the new flow'), '  ');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Name: a name is required (not only spaces)')).toBeInTheDocument();

    server.on('POST', '/api/flows', { status: 201, body: flow('welcome', 'Welcome') });
    await user.clear(screen.getByLabelText('Name of the new flow'));
    await user.type(screen.getByLabelText('Name of the new flow'), 'Welcome');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Builder for welcome')).toBeInTheDocument();
    expect(server.callsTo('POST', '/api/flows').at(-1)?.body).toEqual({ name: 'Welcome' });
  });

  it('keeps the typed name and says so when a rename hits a newer revision, then renames on the second try', async () => {
    const user = userEvent.setup();
    let revision = 0;
    server.on('GET', '/api/flows', () => ({ status: 200, body: [summary('a', { revision })] }));
    renderList();
    await user.click(await screen.findByRole('button', { name: 'Rename Flow a' }));
    const input = screen.getByLabelText('New name for Flow a');
    await user.clear(input);
    await user.type(input, 'Greeting');

    // Someone else saved meanwhile.
    revision = 4;
    server.on('PUT', '/api/flows/a', apiError(409, 'revision_conflict', 'the flow was changed meanwhile (current revision 4)', { currentRevision: 4 }));
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Someone changed this flow meanwhile');
    expect(screen.getByLabelText('New name for Flow a')).toHaveValue('Greeting');
    expect(server.callsTo('PUT', '/api/flows/a')[0]?.body).toEqual({ name: 'Greeting', revision: 0 });

    server.on('PUT', '/api/flows/a', { status: 200, body: flow('a', 'Greeting', 5) });
    server.on('GET', '/api/flows', { status: 200, body: [summary('a', { name: 'Greeting', revision: 5 })] });
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    expect(await screen.findByRole('link', { name: 'Greeting' })).toBeInTheDocument();
    expect(server.callsTo('PUT', '/api/flows/a')[1]?.body).toEqual({ name: 'Greeting', revision: 4 });
  });

  it('lists every field the server refused in an imported file, and says when a file is not JSON', async () => {
    const user = userEvent.setup();
    server.on('GET', '/api/flows', { status: 200, body: [summary('a')] });
    server.on(
      'POST',
      '/api/flows/import',
      apiError(400, 'invalid_request', 'body.graph.nodes.3.type: invalid option', [
        { path: ['graph', 'nodes', 3, 'type'], message: 'invalid option' },
        { path: ['name'], message: 'a name is required (not only spaces)' },
      ]),
    );
    renderList();
    await screen.findByRole('link', { name: 'Flow a' });
    const document = { id: 'bad', name: ' ', graph: { nodes: [], edges: [] } };
    await user.upload(screen.getByLabelText('Flow file to import (JSON)'), new File([JSON.stringify(document)], 'bad.json', { type: 'application/json' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('bad.json was not imported');
    expect(within(alert).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['graph.nodes.3.type: invalid option', 'name: a name is required (not only spaces)']);
    expect(server.callsTo('POST', '/api/flows/import')[0]?.body).toEqual(document);

    await user.upload(screen.getByLabelText('Flow file to import (JSON)'), new File(['{ not json'], 'broken.json', { type: 'application/json' }));
    expect(await screen.findByText(/broken\.json is not JSON/)).toBeInTheDocument();
    expect(server.callsTo('POST', '/api/flows/import')).toHaveLength(1);
  });

  it('exports a flow as <id>.json holding the server’s document', async () => {
    const user = userEvent.setup();
    const doc = { schemaVersion: 1, id: 'hello', name: 'Hello', description: '', settings: { timezone: 'UTC', calendar: null, reentry: 'always', interrupt: 'allow', fallbackFlowId: null }, graph: { nodes: [], edges: [] } };
    server.on('GET', '/api/flows', { status: 200, body: [summary('hello', { name: 'Hello' })] });
    server.on('GET', '/api/flows/hello/export', { status: 200, body: doc });
    const blobs: Blob[] = [];
    Object.defineProperty(URL, 'createObjectURL', { configurable: true, value: (blob: Blob) => (blobs.push(blob), 'blob:flow') });
    Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: () => {} });
    const downloads: string[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    try {
      renderList();
      await user.click(await screen.findByRole('button', { name: 'Export Hello as JSON' }));
      await screen.findByRole('link', { name: 'Hello' });
      expect(downloads).toEqual(['hello.json']);
      expect(JSON.parse(await readBlob(blobs[0] ?? new Blob()))).toEqual(doc);
    } finally {
      click.mockRestore();
    }
  });

  it('reorders with the arrow buttons, sends the whole new order, and puts it back when refused', async () => {
    const user = userEvent.setup();
    server.on('GET', '/api/flows', { status: 200, body: [summary('a'), summary('b'), summary('c')] });
    server.on('PUT', '/api/flow-order', (call) => {
      const { ids } = z.object({ ids: z.array(z.string()) }).parse(call.body);
      return { status: 200, body: ids.map((id) => summary(id)) };
    });
    renderList();
    await screen.findByRole('link', { name: 'Flow a' });
    expect(screen.getByRole('button', { name: 'Move Flow a up' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Move Flow b up' }));
    expect(server.callsTo('PUT', '/api/flow-order')[0]?.body).toEqual({ ids: ['b', 'a', 'c'] });
    expect(namesInOrder()).toEqual(['Flow b', 'Flow a', 'Flow c']);

    server.on('PUT', '/api/flow-order', apiError(400, 'invalid_request', 'body.ids: every flow must be listed; missing: d', [{ path: ['ids'], message: 'every flow must be listed; missing: d' }]));
    await user.click(screen.getByRole('button', { name: 'Move Flow a down' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The new order was not saved');
    expect(server.callsTo('PUT', '/api/flow-order')[1]?.body).toEqual({ ids: ['b', 'c', 'a'] });
    expect(namesInOrder()).toEqual(['Flow b', 'Flow a', 'Flow c']);
  });

  it('refreshes when a flow changes elsewhere', async () => {
    server.on('GET', '/api/flows', { status: 200, body: [summary('a')] });
    renderList();
    await screen.findByRole('link', { name: 'Flow a' });
    server.on('GET', '/api/flows', { status: 200, body: [summary('a', { status: 'published', publishedVersion: 1 })] });
    act(() => fakeSocket.serverEmit('flow', { flowId: 'a', kind: 'published', revision: 1, by: 'Bob' }));
    expect(await screen.findByText('Published v1')).toBeInTheDocument();
  });

  it('duplicates a flow as “Copy of …” through export and create', async () => {
    const user = userEvent.setup();
    const doc = { schemaVersion: 1, id: 'hello', name: 'Hello', description: 'greets', settings: { timezone: 'UTC', calendar: null, reentry: 'always', interrupt: 'allow', fallbackFlowId: null }, graph: { nodes: [], edges: [] } };
    server.on('GET', '/api/flows', { status: 200, body: [summary('hello', { name: 'Hello' })] });
    server.on('GET', '/api/flows/hello/export', { status: 200, body: doc });
    server.on('POST', '/api/flows', { status: 201, body: flow('copy-of-hello', 'Copy of Hello') });
    renderList();
    await user.click(await screen.findByRole('button', { name: 'Duplicate' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Created “Copy of Hello” as a draft.');
    const { id: _id, schemaVersion: _version, ...rest } = doc;
    expect(server.callsTo('POST', '/api/flows')[0]?.body).toEqual({ ...rest, name: 'Copy of Hello' });
  });
});
