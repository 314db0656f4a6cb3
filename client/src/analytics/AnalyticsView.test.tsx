import type { FlowStats, NodeStats } from '@parley/shared';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { apiError, FakeServer, type FakeCall } from '../api/fake-fetch';
import { BuilderPage } from '../builder/BuilderPage';
import { useBuilderStore } from '../builder/store/builder-store';
import { installReactFlowEnv } from '../builder/test/react-flow-env';
import { fakeSocket } from '../live/fake-socket';
import { useAnalyticsStore } from './analytics-store';

jest.mock('socket.io-client', () => ({ io: () => fakeSocket }));
installReactFlowEnv();

// 20:00 UTC is already the 16th in Shanghai, the published versions' time zone: presets must count from
// there, not from the draft's (moved to UTC, not published: no conversation counts in it yet).
const NOW = Date.UTC(2025, 2, 15, 20, 0);
const TODAY = '2025-03-16';
const settings = { timezone: 'Asia/Shanghai', calendar: null, reentry: 'always', interrupt: 'allow', fallbackFlowId: null };
const at = (x: number, y: number) => ({ x, y });
const trigger = { id: 'trigger', type: 'trigger', position: at(0, 100), data: { kind: 'any_message' } };
const split = { id: 'split', type: 'split', position: at(300, 100), data: { variants: [{ id: 'a', label: 'Short', weight: 50 }, { id: 'b', label: 'Menu', weight: 50 }] } };
const reply = (id: string, text: string, y: number) => ({ id, type: 'reply', position: at(600, y), data: { messages: [{ type: 'text', text, buttons: [] }], typingDelayMs: 0 } });
const end = { id: 'end', type: 'end', position: at(900, 100), data: { closeConversation: false } };
const edge = (source: string, sourceHandle: string, target: string) => ({ id: `${source}-${sourceHandle}`, source, sourceHandle, target });

const v2Graph = {
  nodes: [trigger, split, reply('reply-a', 'Hello!', 0), reply('reply-b', 'Pick a topic', 200), end],
  edges: [edge('trigger', 'next', 'split'), edge('split', 'a', 'reply-a'), edge('split', 'b', 'reply-b'), edge('reply-a', 'next', 'end'), edge('reply-b', 'next', 'end')],
};
const v1Graph = {
  nodes: [trigger, split, reply('reply-a', 'Hello!', 0), end],
  edges: [edge('trigger', 'next', 'split'), edge('split', 'a', 'reply-a'), edge('split', 'b', 'end'), edge('reply-a', 'next', 'end')],
};

const flow = {
  schemaVersion: 1,
  id: 'shop',
  name: 'Shop welcome',
  description: '',
  status: 'published',
  graph: v2Graph,
  settings: { ...settings, timezone: 'UTC' },
  publishedVersion: 2,
  revision: 7,
  createdAt: 1,
  updatedAt: 1,
};
const versionBody = (version: number, graph: typeof v1Graph) => ({ flowId: 'shop', version, name: 'Shop welcome', graph, settings, flowCreatedAt: 1, publishedAt: NOW - version });

function node(nodeId: string, entered: number, exited: number, exits: Record<string, number>, extra: Partial<NodeStats> = {}): NodeStats {
  const droppedByReason = extra.droppedByReason ?? {};
  const dropped = Object.values(droppedByReason).reduce((sum, count) => sum + count, 0);
  return { nodeId, nodeType: null, entered, exited, exits, droppedByReason, dropped, waitingNow: 0, completionRate: entered === 0 ? null : exited / entered, ...extra };
}

const allVersions: FlowStats = {
  flowId: 'shop',
  version: null,
  timezone: 'Asia/Shanghai',
  from: '2025-02-15',
  to: TODAY,
  totals: { started: 1200, completed: 1185, handedOff: 4, uniqueContacts: 1100, completionRate: 1185 / 1200, medianTimeToCompleteMs: 200_000 },
  nodes: [
    node('trigger', 1200, 1200, { next: 1200 }),
    node('split', 1200, 1190, { a: 600, b: 590 }, { droppedByReason: { replaced: 7, error: 3 } }),
    node('reply-a', 600, 600, { next: 600 }),
    node('reply-b', 590, 585, { next: 585 }, { droppedByReason: { replaced: 2, mystery: 3 } }),
    node('end', 1185, 1185, { end: 1185 }),
  ],
  edges: [
    { source: 'trigger', sourceHandle: 'next', target: 'split', count: 1200, share: 1 },
    { source: 'split', sourceHandle: 'a', target: 'reply-a', count: 600, share: 600 / 1190 },
    { source: 'split', sourceHandle: 'b', target: 'reply-b', count: 590, share: 590 / 1190 },
    { source: 'reply-a', sourceHandle: 'next', target: 'end', count: 600, share: 1 },
    { source: 'reply-b', sourceHandle: 'next', target: 'end', count: 585, share: 1 },
    { source: 'end', sourceHandle: 'end', target: null, count: 1185, share: 1 },
  ],
  splits: [
    {
      nodeId: 'split',
      variants: [
        { handle: 'a', exited: 600, completed: 598, completion: { rate: 598 / 600, low: 0.988, high: 0.999 } },
        { handle: 'b', exited: 590, completed: 585, completion: { rate: 585 / 590, low: 0.9803, high: 0.9964 } },
      ],
      comparisons: [{ baseline: 'a', variant: 'b', difference: -0.005, low: -0.015, high: 0.004, significant: false, sentence: 'Variant b completes 0.5 points less than a (95% CI −1.5 to 0.4); not yet significant.' }],
    },
  ],
};

const version1: FlowStats = {
  ...allVersions,
  version: 1,
  totals: { ...allVersions.totals, started: 300 },
  nodes: [node('trigger', 300, 300, { next: 300 }), node('split', 300, 300, { a: 120, b: 180 }), node('reply-a', 120, 120, { next: 120 }), node('end', 300, 300, { end: 300 })],
  edges: [
    { source: 'trigger', sourceHandle: 'next', target: 'split', count: 300, share: 1 },
    { source: 'split', sourceHandle: 'a', target: 'reply-a', count: 120, share: 0.4 },
    { source: 'split', sourceHandle: 'b', target: 'end', count: 180, share: 0.6 },
  ],
  splits: [],
};

const isStats = (call: FakeCall) => call.method === 'GET' && /^\/api\/flows\/shop\/stats\?/.test(call.path);
const queryOf = (call: FakeCall | undefined) => Object.fromEntries(new URL(call?.path ?? '', 'http://parley.test').searchParams);

function stubServer(): FakeServer {
  const server = new FakeServer()
    .on('GET', '/api/flows/shop', { status: 200, body: flow })
    .on('GET', '/api/flows', { status: 200, body: [] })
    .on('GET', '/api/flows/shop/versions', { status: 200, body: [1, 2].map((v) => ({ flowId: 'shop', version: v, name: 'Shop welcome', nodeCount: 5, publishedAt: NOW - v, timezone: 'Asia/Shanghai' })) })
    .on('GET', '/api/flows/shop/versions/1', { status: 200, body: versionBody(1, v1Graph) })
    .on('GET', '/api/flows/shop/versions/2', { status: 200, body: versionBody(2, v2Graph) })
    .on('GET', /^\/api\/flows\/shop\/stats\?/, (call) => ({ status: 200, body: queryOf(call).version === '1' ? version1 : allVersions }))
    .on('GET', /^\/api\/flows\/shop\/stats\/funnel\?/, (call) => {
      const { version, steps = '' } = queryOf(call);
      // v1 has no reply-b; over all versions 1,100 contacts split and 550 of them reached reply-b (590 reached it in all).
      const counts: Record<string, [boolean, number, number]> =
        version === '1' ? { split: [true, 300, 300], 'reply-b': [false, 0, 0] } : { split: [true, 1_100, 1_100], 'reply-b': [true, 550, 590] };
      const body = {
        flowId: 'shop',
        version: version === undefined ? null : Number(version),
        timezone: 'Asia/Shanghai',
        from: '2025-02-15',
        to: TODAY,
        steps: steps.split(',').map((nodeId) => {
          const [inVersion, contacts, enteredContacts] = counts[nodeId] ?? [true, 0, 0];
          return { nodeId, inVersion, contacts, enteredContacts };
        }),
      };
      return { status: 200, body };
    })
    .on('GET', /^\/api\/flows\/shop\/stats\/daily\?/, (call) => ({
      status: 200,
      body: {
        flowId: 'shop',
        version: null,
        nodeId: queryOf(call).nodeId,
        timezone: 'Asia/Shanghai',
        from: '2025-03-15',
        to: TODAY,
        uniqueContacts: 1_043,
        days: [
          { day: '2025-03-15', entered: 700, exited: 690, dropped: 10 },
          { day: TODAY, entered: 500, exited: 500, dropped: 0 },
        ],
      },
    }));
  server.install();
  return server;
}

function renderAt(url: string) {
  render(
    <MemoryRouter initialEntries={[url]}>
      <BuilderPage flowId="shop" />
    </MemoryRouter>,
  );
}

const stat = (root: HTMLElement, name: string) => root.querySelector(`[data-stat="${name}"]`)?.textContent;
const statsCalls = (server: FakeServer) => server.calls.filter(isStats);
const funnelCalls = (server: FakeServer) => server.calls.filter((call) => call.method === 'GET' && call.path.startsWith('/api/flows/shop/stats/funnel?'));

async function selectNode(nodeId: string) {
  const card = await screen.findByTestId(`node-${nodeId}`);
  // React Flow selects a node on a click of its wrapper.
  fireEvent.click(card);
  await screen.findByRole('heading', { name: new RegExp(nodeId) });
}

beforeEach(() => {
  jest.spyOn(Date, 'now').mockReturnValue(NOW);
  useBuilderStore.setState(useBuilderStore.getInitialState(), true);
  useAnalyticsStore.setState(useAnalyticsStore.getInitialState(), true);
});
afterEach(() => jest.restoreAllMocks());

describe('the analytics view', () => {
  it('draws the latest version read-only with every node’s and edge’s numbers and the flow’s totals', async () => {
    const server = stubServer();
    renderAt('/flows/shop?view=analytics');

    const splitStats = await screen.findByTestId('node-stats-split');
    expect(stat(splitStats, 'entered')).toBe('1,200');
    expect(stat(splitStats, 'exited')).toBe('1,190');
    expect(stat(splitStats, 'completionRate')).toBe('99.2%');
    expect(stat(splitStats, 'waitingNow')).toBe('0');
    expect(stat(splitStats, 'dropped')).toBe('10');
    expect(splitStats).toHaveTextContent('session replaced: 7, error: 3');
    // A reason this client does not know is still shown, as the server named it.
    expect(screen.getByTestId('node-stats-reply-b')).toHaveTextContent('session replaced: 2, mystery: 3');
    expect(screen.getByTestId('node-stats-end')).toHaveTextContent('stopped here: 1,185 (end)');

    const branch = await screen.findByTestId('edge-stats-split-a');
    expect(stat(branch, 'count')).toBe('600');
    expect(stat(branch, 'share')).toBe('50.4%');
    expect(stat(screen.getByTestId('edge-stats-trigger-next'), 'share')).toBe('100%');

    expect(stat(screen.getByTestId('kpi-started'), 'value')).toBe('1,200');
    expect(stat(screen.getByTestId('kpi-completed'), 'value')).toBe('1,185');
    expect(stat(screen.getByTestId('kpi-completed'), 'completionRate')).toBe('98.8%');
    expect(stat(screen.getByTestId('kpi-handedOff'), 'value')).toBe('4');
    expect(stat(screen.getByTestId('kpi-uniqueContacts'), 'value')).toBe('1,100');
    expect(stat(screen.getByTestId('kpi-medianTimeToComplete'), 'value')).toBe('3 min 20 s');

    // All versions, the last 30 days in Shanghai, drawn on version 2's graph.
    expect(queryOf(statsCalls(server)[0])).toEqual({ from: '2025-02-15', to: TODAY });
    expect(server.callsTo('GET', '/api/flows/shop/versions/2')).toHaveLength(1);
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/flows/shop/stats.csv?from=2025-02-15&to=2025-03-16');
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('download');
    expect(screen.getByText('Updated 20:00:00')).toBeInTheDocument();

    // Read-only: no palette, no publishing, a canvas that says so.
    expect(screen.queryByRole('button', { name: /^Add Reply/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Publish/ })).not.toBeInTheDocument();
    expect(screen.getByLabelText('Flow canvas (read-only)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Analytics' })).toHaveAttribute('aria-current', 'page');
  });

  it('refetches for the chosen version and range, and draws the chosen version', async () => {
    const user = userEvent.setup();
    const server = stubServer();
    renderAt('/flows/shop?view=analytics');
    await screen.findByTestId('node-stats-reply-b');

    expect(within(screen.getByLabelText('Version')).getAllByRole('option').map((option) => option.textContent)).toEqual(['All versions', 'v2', 'v1']);
    await user.selectOptions(screen.getByLabelText('Version'), 'v1');
    await waitFor(() => expect(stat(screen.getByTestId('kpi-started'), 'value')).toBe('300'));
    expect(queryOf(statsCalls(server).at(-1))).toEqual({ version: '1', from: '2025-02-15', to: TODAY });
    // Version 1 has no "reply-b": its graph is drawn instead of the latest.
    await waitFor(() => expect(screen.queryByTestId('node-stats-reply-b')).not.toBeInTheDocument());
    expect(stat(screen.getByTestId('edge-stats-split-b'), 'count')).toBe('180');

    await user.click(screen.getByRole('button', { name: '7 days' }));
    await waitFor(() => expect(queryOf(statsCalls(server).at(-1))).toEqual({ version: '1', from: '2025-03-10', to: TODAY }));
    await user.click(screen.getByRole('button', { name: 'Today' }));
    await waitFor(() => expect(queryOf(statsCalls(server).at(-1))).toEqual({ version: '1', from: TODAY, to: TODAY }));
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/flows/shop/stats.csv?version=1&from=2025-03-16&to=2025-03-16');
  });

  it('shows the server’s message for an inverted custom range and keeps the typed days', async () => {
    const user = userEvent.setup();
    const server = stubServer().on(
      'GET',
      /^\/api\/flows\/shop\/stats\?.*from=2025-03-20/,
      apiError(400, 'invalid_request', '"from" (2025-03-20) must not be after "to" (2025-03-16)', [{ path: ['from'], message: 'must not be after "to"' }]),
    );
    renderAt('/flows/shop?view=analytics');
    await screen.findByTestId('node-stats-split');

    await user.click(screen.getByRole('button', { name: 'Custom' }));
    const from = screen.getByLabelText('From');
    fireEvent.change(from, { target: { value: '2025-03-20' } });
    await user.click(screen.getByRole('button', { name: 'Show' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The stats could not be loaded: "from" (2025-03-20) must not be after "to" (2025-03-16)');
    expect(queryOf(statsCalls(server).at(-1))).toEqual({ from: '2025-03-20', to: TODAY });
    expect(screen.getByLabelText('From')).toHaveValue('2025-03-20');
    // No numbers of another range are left on the canvas.
    expect(screen.queryByTestId('node-stats-split')).not.toBeInTheDocument();
  });

  it('shows a split’s variants with their intervals, the sentence, and the node’s days', async () => {
    const server = stubServer();
    renderAt('/flows/shop?view=analytics');
    await screen.findByTestId('node-stats-split');
    await selectNode('split');

    const panel = screen.getByRole('region', { name: 'Selected node' });
    const variants = within(panel).getByRole('table', { name: 'Completion of the flow by variant' });
    const rows = within(variants).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual(['Short · 50%60059899.7% (98.8%–99.9%)', 'Menu · 50%59058599.2% (98%–99.6%)']);
    expect(panel).toHaveTextContent('Variant b completes 0.5 points less than a (95% CI −1.5 to 0.4); not yet significant.');

    const days = await within(panel).findByRole('table', { name: 'Numbers per day' });
    expect(within(days).getAllByRole('row').map((row) => row.textContent)).toEqual(['DayEnteredCompletedDropped', '2025-03-1570069010', '2025-03-165005000']);
    expect(within(panel).getByRole('img', { name: /1,200 entered and 1,190 completed over 2 days/ })).toBeInTheDocument();
    // Distinct contacts come with the node's days, not with the canvas numbers.
    expect(within(panel).getByText('Unique contacts').nextElementSibling).toHaveTextContent('1,043');
    const daily = server.calls.filter((call) => call.path.startsWith('/api/flows/shop/stats/daily?'));
    expect(queryOf(daily.at(-1))).toEqual({ nodeId: 'split', from: '2025-02-15', to: TODAY });
  });

  it('builds a funnel from picked nodes and compares it with another version', async () => {
    const user = userEvent.setup();
    const server = stubServer();
    renderAt('/flows/shop?view=analytics');
    await screen.findByTestId('node-stats-split');
    await selectNode('split');
    await user.click(screen.getByRole('button', { name: 'Add to funnel' }));
    await selectNode('reply-b');
    await user.click(screen.getByRole('button', { name: 'Add to funnel' }));
    expect(screen.getByRole('button', { name: 'In the funnel (step 2)' })).toBeDisabled();

    const funnel = screen.getByRole('region', { name: 'Funnel' });
    // The server counts the contacts through each step; reply-b was also reached another way by 40 more.
    await waitFor(() => expect(within(funnel).getByRole('figure', { name: 'All versions' })).toHaveTextContent('1,100 contacts'));
    const primary = within(funnel).getByRole('figure', { name: 'All versions' });
    expect(primary).toHaveTextContent('50% went on');
    expect(primary).toHaveTextContent('550 contacts · 590 entered it in all');
    expect(queryOf(funnelCalls(server).at(-1))).toEqual({ steps: 'split,reply-b', from: '2025-02-15', to: TODAY });

    await user.selectOptions(within(funnel).getByLabelText('Compare with'), 'v1');
    const compared = await within(funnel).findByRole('figure', { name: 'v1' });
    expect(compared).toHaveTextContent('300 contacts');
    expect(compared).toHaveTextContent('Not in this version');
    expect(queryOf(funnelCalls(server).at(-1))).toEqual({ version: '1', steps: 'split,reply-b', from: '2025-02-15', to: TODAY });

    await user.click(within(funnel).getByRole('button', { name: /^Remove Split/ }));
    expect(within(funnel).getByRole('list', { name: 'Funnel steps' }).children).toHaveLength(1);
    await user.click(within(funnel).getByRole('button', { name: 'Clear funnel' }));
    expect(within(funnel).queryByRole('list', { name: 'Funnel steps' })).not.toBeInTheDocument();
  });

  it('refetches at once when the server says this flow’s counters moved, one refetch at a time, not for another flow, and keeps the selection', async () => {
    const server = stubServer();
    renderAt('/flows/shop?view=analytics');
    await screen.findByTestId('node-stats-split');
    await selectNode('split');
    const before = statsCalls(server).length;

    act(() => fakeSocket.serverEmit('stats', { flowIds: ['another'], unmatched: false }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(statsCalls(server)).toHaveLength(before);

    // The server holds each answer until the test lets it go.
    const held: Array<() => void> = [];
    const withSplit = (entered: number) => ({ ...allVersions, nodes: allVersions.nodes.map((n) => (n.nodeId === 'split' ? { ...n, entered } : n)) });
    let entered = 1_300;
    server.on('GET', /^\/api\/flows\/shop\/stats\?/, () => {
      const body = withSplit(entered);
      return new Promise((resolve) => held.push(() => resolve({ status: 200, body })));
    });
    act(() => fakeSocket.serverEmit('stats', { flowIds: ['another', 'shop'], unmatched: false }));
    await waitFor(() => expect(statsCalls(server)).toHaveLength(before + 1));
    // More ticks while that refetch is on its way: nothing is asked now, once more after it.
    entered = 1_450;
    act(() => {
      fakeSocket.serverEmit('stats', { flowIds: ['shop'], unmatched: true });
      fakeSocket.serverEmit('stats', { flowIds: ['shop'], unmatched: false });
    });
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(statsCalls(server)).toHaveLength(before + 1);

    act(() => held.shift()?.());
    await waitFor(() => expect(stat(screen.getByTestId('node-stats-split'), 'entered')).toBe('1,300'));
    await waitFor(() => expect(statsCalls(server)).toHaveLength(before + 2));
    act(() => held.shift()?.());
    await waitFor(() => expect(stat(screen.getByTestId('node-stats-split'), 'entered')).toBe('1,450'));
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(statsCalls(server)).toHaveLength(before + 2);
    expect(screen.getByRole('heading', { name: /split/ })).toBeInTheDocument();
    expect(screen.getByText(/^Updated \d\d:\d\d:\d\d$/)).toBeInTheDocument();
  });

  it('keeps the numbers shown when a live refresh fails, says so, and takes the next answer', async () => {
    const server = stubServer();
    renderAt('/flows/shop?view=analytics');
    await screen.findByTestId('node-stats-split');
    const shown = stat(screen.getByTestId('node-stats-split'), 'entered');

    server.on('GET', /^\/api\/flows\/shop\/stats\?/, apiError(503, 'unavailable', 'the store is busy'));
    act(() => fakeSocket.serverEmit('stats', { flowIds: ['shop'], unmatched: false }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The stats could not be refreshed: the store is busy. The numbers shown are those of the last update.');
    expect(stat(screen.getByTestId('node-stats-split'), 'entered')).toBe(shown);

    // Another range is other numbers: they are not passed off as the ones asked for.
    await userEvent.setup().click(screen.getByRole('button', { name: 'Today' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('The stats could not be loaded: the store is busy'));
    expect(screen.queryByTestId('node-stats-split')?.querySelector('[data-stat="entered"]')?.textContent ?? '—').not.toBe(shown);

    server.on('GET', /^\/api\/flows\/shop\/stats\?/, { status: 200, body: allVersions });
    act(() => fakeSocket.serverEmit('stats', { flowIds: ['shop'], unmatched: false }));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('offers a version published elsewhere while the view is open, and draws all versions on it', async () => {
    const server = stubServer();
    renderAt('/flows/shop?view=analytics');
    await screen.findByTestId('node-stats-split');
    expect(screen.getByText('drawn on the graph of v2')).toBeInTheDocument();
    const before = statsCalls(server).length;

    // The versions cannot be read just then: the view stays as it was.
    server.on('GET', '/api/flows/shop/versions', apiError(503, 'unavailable', 'the store is busy'));
    act(() => fakeSocket.serverEmit('flow', { flowId: 'shop', kind: 'published', revision: 8, by: 'Bob' }));
    await waitFor(() => expect(server.callsTo('GET', '/api/flows/shop/versions')).toHaveLength(2));
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(screen.getByTestId('node-stats-split')).toBeInTheDocument();
    expect(screen.getByText('drawn on the graph of v2')).toBeInTheDocument();

    server
      .on('GET', '/api/flows/shop/versions', { status: 200, body: [1, 2, 3].map((v) => ({ flowId: 'shop', version: v, name: 'Shop welcome', nodeCount: 5, publishedAt: NOW - v, timezone: 'Asia/Shanghai' })) })
      .on('GET', '/api/flows/shop/versions/3', { status: 200, body: versionBody(3, v2Graph) });
    // A save elsewhere is no new version: nothing to reload.
    act(() => fakeSocket.serverEmit('flow', { flowId: 'shop', kind: 'saved', revision: 8, by: 'Bob' }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(screen.queryByRole('option', { name: 'v3' })).not.toBeInTheDocument();

    act(() => fakeSocket.serverEmit('flow', { flowId: 'shop', kind: 'published', revision: 9, by: 'Bob' }));
    expect(await screen.findByRole('option', { name: 'v3' })).toBeInTheDocument();
    expect(await screen.findByText('drawn on the graph of v3')).toBeInTheDocument();
    await waitFor(() => expect(statsCalls(server)).toHaveLength(before + 1));
  });

  it('shows zeros on every node and says so when nothing ran in the range', async () => {
    const zeros: FlowStats = {
      ...allVersions,
      totals: { started: 0, completed: 0, handedOff: 0, uniqueContacts: 0, completionRate: null, medianTimeToCompleteMs: null },
      nodes: [],
      edges: [],
      splits: [],
    };
    stubServer().on('GET', /^\/api\/flows\/shop\/stats\?/, { status: 200, body: zeros });
    renderAt('/flows/shop?view=analytics');
    expect(await screen.findByText('No traffic in this range: every count is zero.')).toBeInTheDocument();
    for (const id of ['trigger', 'split', 'reply-a', 'reply-b', 'end']) {
      const overlay = await screen.findByTestId(`node-stats-${id}`);
      expect([stat(overlay, 'entered'), stat(overlay, 'completionRate'), stat(overlay, 'dropped')]).toEqual(['0', '—', '0']);
    }
    expect(stat(await screen.findByTestId('edge-stats-split-a'), 'count')).toBe('0');
    expect(stat(screen.getByTestId('kpi-medianTimeToComplete'), 'value')).toBe('—');
  });

  it('asks to publish a flow that never was, and switches modes by link', async () => {
    const user = userEvent.setup();
    const server = stubServer()
      .on('GET', '/api/flows/shop', { status: 200, body: { ...flow, status: 'draft', publishedVersion: null } })
      .on('GET', '/api/flows/shop/versions', { status: 200, body: [] });
    renderAt('/flows/shop');
    await user.click(await screen.findByRole('link', { name: 'Analytics' }));

    expect(await screen.findByText(/Publish this flow to collect stats/)).toBeInTheDocument();
    expect(statsCalls(server)).toHaveLength(0);
    await user.click(screen.getByRole('link', { name: 'Edit' }));
    expect(await screen.findByRole('button', { name: /^Add Reply/ })).toBeInTheDocument();
    expect(screen.getByLabelText('Flow canvas')).toBeInTheDocument();
  });
});
