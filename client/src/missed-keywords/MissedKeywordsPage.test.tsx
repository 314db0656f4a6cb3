import { saveFlowBodySchema, triggerDataSchema, type MissedKeywords } from '@parley/shared';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useParams } from 'react-router';
import { apiError, FakeServer, type FakeCall } from '../api/fake-fetch';
import { formatTime } from '../app/format-time';
import { useBuilderStore } from '../builder/store/builder-store';
import { fakeSocket } from '../live/fake-socket';
import { closeLiveSocket } from '../live/live-socket';
import { MissedKeywordsPage } from './MissedKeywordsPage';

jest.mock('socket.io-client', () => ({ io: () => fakeSocket }));

/** "Now" in every test: 15 January 2026, noon UTC. */
const NOW = Date.UTC(2026, 0, 15, 12, 0);
const HOUR = 3_600_000;
const WEEK = ['2026-01-09', '2026-01-10', '2026-01-11', '2026-01-12', '2026-01-13', '2026-01-14', '2026-01-15'];
const REPORT_PATH = /^\/api\/stats\/missed-keywords\?/;

const refundGroup = {
  text: 'refund',
  count: 10,
  lastAt: NOW - 3 * HOUR,
  variants: [
    { text: 'refund', count: 5 },
    { text: 'refnd', count: 3 },
    { text: 'refund!', count: 2 },
  ],
  daily: [0, 0, 1, 0, 2, 4, 3],
};
const parcelGroup = { text: 'where is my parcel', count: 2, lastAt: NOW - 2 * 24 * HOUR, variants: [{ text: 'where is my parcel', count: 2 }], daily: [0, 0, 0, 2, 0, 0, 0] };

function report(groups: MissedKeywords['groups'], days = WEEK): MissedKeywords {
  const texts = groups.reduce((sum, group) => sum + group.variants.length, 0);
  return { from: days[0] ?? '', to: days.at(-1) ?? '', days, messages: groups.reduce((sum, group) => sum + group.count, 0), texts, textsGrouped: texts, groups };
}

/** The query of a recorded report request, as the server would read it. */
function queryOf(call: FakeCall | undefined): Record<string, string> {
  return Object.fromEntries(new URL(call?.path ?? '/', 'http://parley.test').searchParams);
}

const T = Date.UTC(2026, 0, 2);
const settings = { timezone: 'UTC', calendar: null, reentry: 'always', interrupt: 'allow', fallbackFlowId: null };

function summary(id: string, name: string, status = 'published') {
  return { id, name, description: '', status, publishedVersion: 1, revision: 7, nodeCount: 3, changedSincePublish: false, createdAt: T, updatedAt: T };
}

/** The refund flow's draft: two keyword triggers, a postback trigger, a reply, joined by edges. */
function refundFlow(revision = 7, extraNodes: { id: string; type: string; position: { x: number; y: number }; data: object }[] = []) {
  return {
    schemaVersion: 1,
    id: 'refund',
    name: 'Refund',
    description: '',
    status: 'published',
    graph: {
      nodes: [
        { id: 'kw-money', type: 'trigger', position: { x: 0, y: 100 }, data: { kind: 'keyword', keywords: [{ text: 'money back', match: 'contains' }], channels: ['web'], activeFrom: null, activeUntil: null, priority: 5 } },
        { id: 'kw-return', type: 'trigger', position: { x: 0, y: 300 }, data: { kind: 'keyword', keywords: [{ text: 'return', match: 'exact' }], channels: [], activeFrom: null, activeUntil: null, priority: 100 } },
        { id: 'menu', type: 'trigger', position: { x: 0, y: 500 }, data: { kind: 'postback', payloads: ['REFUND'], channels: [], activeFrom: null, activeUntil: null, priority: 100 } },
        { id: 'reply', type: 'reply', position: { x: 400, y: 200 }, data: { messages: [{ type: 'text', text: 'Sorry to hear that.', buttons: [] }], typingDelayMs: 0 } },
        ...extraNodes,
      ],
      edges: [
        { id: 'e1', source: 'kw-money', sourceHandle: 'next', target: 'reply' },
        { id: 'e2', source: 'kw-return', sourceHandle: 'next', target: 'reply' },
      ],
    },
    settings,
    publishedVersion: 1,
    revision,
    createdAt: T,
    updatedAt: T,
  };
}

function BuilderStandIn() {
  return <p>Builder for {useParams().id}</p>;
}

function renderPage() {
  render(
    <MemoryRouter initialEntries={['/missed-keywords']}>
      <Routes>
        <Route path="/missed-keywords" element={<MissedKeywordsPage />} />
        <Route path="/flows/:id" element={<BuilderStandIn />} />
      </Routes>
    </MemoryRouter>,
  );
}

const reportCalls = (server: FakeServer) => server.calls.filter((call) => call.method === 'GET' && REPORT_PATH.test(call.path));

function rowOf(text: string) {
  const row = screen.getByRole('rowheader', { name: text }).closest('tr');
  if (!row) throw new Error(`no row for ${text}`);
  return within(row);
}

/** The PUT bodies the page sent, parsed as the server parses them. */
function savedBodies(server: FakeServer) {
  return server.callsTo('PUT', '/api/flows/refund').map((call) => saveFlowBodySchema.parse(call.body));
}

function keywordsOf(node: { data: unknown } | undefined) {
  const data = triggerDataSchema.parse(node?.data);
  if (data.kind !== 'keyword') throw new Error(`expected a keyword trigger, got ${data.kind}`);
  return data.keywords;
}

describe('the missed-keywords report', () => {
  let server: FakeServer;

  beforeEach(() => {
    // Only the clock is fixed: timers stay real so live reloads and Testing Library's waits run as in a browser.
    jest.useFakeTimers({
      now: NOW,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    useBuilderStore.setState(useBuilderStore.getInitialState(), true);
    server = new FakeServer();
    server.install();
  });

  afterEach(() => jest.useRealTimers());
  afterAll(() => closeLiveSocket());

  it('shows each group with its count, near-duplicates, trend and last time seen, for the last 7 UTC days', async () => {
    server.on('GET', REPORT_PATH, { status: 200, body: report([refundGroup, parcelGroup]) });
    renderPage();
    expect(screen.getByText('Loading the report…')).toBeInTheDocument();
    await screen.findByRole('rowheader', { name: 'refund' });

    expect(queryOf(reportCalls(server)[0])).toEqual({ from: '2026-01-09', to: '2026-01-15' });
    expect(screen.getByRole('button', { name: '7 days' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByText(/days in this report are UTC days/)).toBeInTheDocument();

    const texts = screen.getAllByRole('rowheader').map((cell) => cell.textContent);
    expect(texts).toEqual(['refund', 'where is my parcel']);
    const refund = rowOf('refund');
    expect(refund.getByRole('cell', { name: '10' })).toBeInTheDocument();
    expect(refund.getByText('refnd ×3, refund! ×2')).toBeInTheDocument();
    expect(refund.getByRole('img', { name: /^Daily counts:/ })).toHaveAccessibleName(
      'Daily counts: 2026-01-09 0, 2026-01-10 0, 2026-01-11 1, 2026-01-12 0, 2026-01-13 2, 2026-01-14 4, 2026-01-15 3',
    );
    expect(refund.getByText('3 hours ago')).toHaveAttribute('title', formatTime(NOW - 3 * HOUR));
    expect(rowOf('where is my parcel').getByText('2 days ago')).toBeInTheDocument();
    // A group with no near-duplicates says so instead of repeating its own text.
    expect(rowOf('where is my parcel').getByText('—')).toBeInTheDocument();

    const csv = screen.getByRole('link', { name: 'Export CSV' });
    expect(csv).toHaveAttribute('href', '/api/stats/missed-keywords.csv?from=2026-01-09&to=2026-01-15');
    expect(csv).toHaveAttribute('download');
  });

  it('says how many texts the groups leave out when the range holds more than the server groups', async () => {
    server.on('GET', REPORT_PATH, { status: 200, body: report([refundGroup, parcelGroup]) });
    renderPage();
    await screen.findByRole('rowheader', { name: 'refund' });
    expect(screen.getByTestId('missed-coverage')).toHaveTextContent(/^12 unmatched messages, 4 different texts\.$/);

    server.on('GET', REPORT_PATH, { status: 200, body: { ...report([refundGroup, parcelGroup]), messages: 4_312, texts: 2_517, textsGrouped: 2_000 } });
    act(() => fakeSocket.serverEmit('stats', { flowIds: [], unmatched: true }));
    await waitFor(() =>
      expect(screen.getByTestId('missed-coverage')).toHaveTextContent(
        '4,312 unmatched messages, 2,517 different texts. The groups are built from the 2,000 most frequent texts; the 517 least frequent are left out of them and of their counts.',
      ),
    );
  });

  it('asks again for the days of a preset or a custom range, and shows the server refusing a range', async () => {
    const user = userEvent.setup();
    server.on('GET', REPORT_PATH, { status: 200, body: report([refundGroup]) });
    renderPage();
    await screen.findByRole('rowheader', { name: 'refund' });

    await user.click(screen.getByRole('button', { name: 'Today' }));
    await waitFor(() => expect(reportCalls(server)).toHaveLength(2));
    expect(queryOf(reportCalls(server)[1])).toEqual({ from: '2026-01-15', to: '2026-01-15' });
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/stats/missed-keywords.csv?from=2026-01-15&to=2026-01-15');

    await user.click(screen.getByRole('button', { name: '30 days' }));
    await waitFor(() => expect(reportCalls(server)).toHaveLength(3));
    expect(queryOf(reportCalls(server)[2])).toEqual({ from: '2025-12-17', to: '2026-01-15' });
    await screen.findByRole('rowheader', { name: 'refund' });

    // Custom starts from the days on screen, so nothing is fetched until a day changes.
    await user.click(screen.getByRole('button', { name: 'Custom' }));
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To');
    expect(from).toHaveValue('2025-12-17');
    expect(to).toHaveValue('2026-01-15');
    await user.clear(from);
    await user.type(from, '2026-01-01');
    await user.clear(to);
    await user.type(to, '2026-01-05');
    await user.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(reportCalls(server)).toHaveLength(4));
    expect(queryOf(reportCalls(server)[3])).toEqual({ from: '2026-01-01', to: '2026-01-05' });

    const refusal = 'from: "from" (2026-01-20) must not be after "to" (2026-01-05)';
    server.on('GET', '/api/stats/missed-keywords?from=2026-01-20&to=2026-01-05', apiError(400, 'invalid_request', refusal));
    await user.clear(from);
    await user.type(from, '2026-01-20');
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(refusal);
    // What the analyst typed stays, to be corrected.
    expect(screen.getByLabelText('From')).toHaveValue('2026-01-20');
    expect(screen.getByLabelText('To')).toHaveValue('2026-01-05');
  });

  it('says so when nothing went unmatched in the range', async () => {
    server.on('GET', REPORT_PATH, { status: 200, body: report([]) });
    renderPage();
    expect(await screen.findByRole('heading', { name: 'No unmatched messages in this range' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('reloads at once on a live tick about unmatched messages, once more for a burst that came meanwhile, and not for other ticks', async () => {
    let served = report([refundGroup]);
    const held: Array<() => void> = [];
    let hold = false;
    server.on('GET', REPORT_PATH, () => {
      const body = served;
      return hold ? new Promise((resolve) => held.push(() => resolve({ status: 200, body }))) : { status: 200, body };
    });
    renderPage();
    await screen.findByRole('rowheader', { name: 'refund' });

    hold = true;
    served = report([{ ...refundGroup, count: 11, variants: [...refundGroup.variants, { text: 'refunds', count: 1 }] }, parcelGroup]);
    act(() => {
      for (let i = 0; i < 3; i++) fakeSocket.serverEmit('stats', { flowIds: [], unmatched: true });
    });
    await waitFor(() => expect(reportCalls(server)).toHaveLength(2));
    act(() => held.shift()?.());
    expect(await screen.findByRole('rowheader', { name: 'where is my parcel' })).toBeInTheDocument();
    expect(rowOf('refund').getByRole('cell', { name: '11' })).toBeInTheDocument();
    // The two ticks that came while it loaded are one more reload, after it.
    await waitFor(() => expect(reportCalls(server)).toHaveLength(3));
    act(() => held.shift()?.());
    hold = false;

    act(() => fakeSocket.serverEmit('stats', { flowIds: ['refund'], unmatched: false }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(reportCalls(server)).toHaveLength(3);
  });

  it('asks nothing while the tab is hidden, and reloads once when it is shown again after ticks came', async () => {
    server.on('GET', REPORT_PATH, { status: 200, body: report([refundGroup]) });
    renderPage();
    await screen.findByRole('rowheader', { name: 'refund' });
    let visibility: DocumentVisibilityState = 'hidden';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    try {
      act(() => {
        for (let i = 0; i < 3; i++) fakeSocket.serverEmit('stats', { flowIds: [], unmatched: true });
      });
      await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
      expect(reportCalls(server)).toHaveLength(1);

      server.on('GET', REPORT_PATH, { status: 200, body: report([refundGroup, parcelGroup]) });
      visibility = 'visible';
      act(() => document.dispatchEvent(new Event('visibilitychange')));
      expect(await screen.findByRole('rowheader', { name: 'where is my parcel' })).toBeInTheDocument();
      expect(reportCalls(server)).toHaveLength(2);
      // Shown again with nothing new: nothing to ask.
      act(() => document.dispatchEvent(new Event('visibilitychange')));
      await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
      expect(reportCalls(server)).toHaveLength(2);
    } finally {
      Reflect.deleteProperty(document, 'visibilityState');
    }
  });

  describe('adding a group as a keyword', () => {
    function stubFlows(): void {
      server
        .on('GET', REPORT_PATH, { status: 200, body: report([refundGroup, parcelGroup]) })
        .on('GET', '/api/flows', { status: 200, body: [summary('refund', 'Refund'), summary('old', 'Old promo', 'archived')] })
        .on('GET', '/api/flows/refund', { status: 200, body: refundFlow() })
        .on('PUT', '/api/flows/refund', (call) => ({ status: 200, body: { ...refundFlow(8), ...Object(call.body), revision: 8 } }));
    }

    async function openDialogFor(text: string) {
      const user = userEvent.setup();
      renderPage();
      await screen.findByRole('rowheader', { name: text });
      await user.click(rowOf(text).getByRole('button', { name: /^Add as keyword…/ }));
      const dialog = within(screen.getByRole('dialog', { name: 'Add as keyword' }));
      await user.selectOptions(await dialog.findByLabelText('Flow'), 'Refund');
      // The flow's draft is read to offer its keyword triggers.
      await waitFor(() => expect(dialog.getByRole('radio', { name: 'Add to trigger' })).toBeEnabled());
      return { user, dialog };
    }

    it('closes on Escape and gives the focus back to the row', async () => {
      const user = userEvent.setup();
      stubFlows();
      renderPage();
      await screen.findByRole('rowheader', { name: 'refund' });
      const opener = rowOf('refund').getByRole('button', { name: /^Add as keyword…/ });
      await user.click(opener);
      expect(screen.getByRole('textbox', { name: 'Keyword' })).toHaveFocus();
      await user.keyboard('{Escape}');
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
      expect(opener).toHaveFocus();
    });

    it('saves a new, unconnected keyword trigger with the group’s text (and a chosen near-duplicate) and opens the builder', async () => {
      stubFlows();
      const { user, dialog } = await openDialogFor('refund');
      expect(dialog.getByRole('textbox', { name: 'Keyword' })).toHaveValue('refund');
      // Archived flows are not offered: their triggers never fire.
      expect(dialog.queryByRole('option', { name: 'Old promo' })).not.toBeInTheDocument();
      expect(dialog.getByRole('radio', { name: 'New keyword trigger' })).toBeChecked();
      await user.click(dialog.getByRole('checkbox', { name: /refnd/ }));
      expect(dialog.getByRole('checkbox', { name: /refund!/ })).not.toBeChecked();
      await user.click(dialog.getByRole('button', { name: 'Add keyword' }));

      expect(await screen.findByText('Builder for refund')).toBeInTheDocument();
      const [body, ...more] = savedBodies(server);
      expect(more).toHaveLength(0);
      expect(body?.revision).toBe(7);
      const before = refundFlow().graph;
      const nodes = body?.graph?.nodes ?? [];
      // Everything that was there is kept as it was.
      expect(nodes.slice(0, before.nodes.length)).toEqual(before.nodes);
      expect(body?.graph?.edges).toEqual(before.edges);
      const added = nodes.slice(before.nodes.length);
      expect(added).toHaveLength(1);
      expect(added[0]?.type).toBe('trigger');
      expect(keywordsOf(added[0])).toEqual([
        { text: 'refund', match: 'contains' },
        { text: 'refnd', match: 'contains' },
      ]);
      // Placed right of the rightmost node, so it covers nothing.
      expect(added[0]?.position.x).toBeGreaterThan(Math.max(...before.nodes.map((node) => node.position.x)) + 240);
      expect(useBuilderStore.getState().notice?.text).toMatch(/Publish the flow for it to take effect/);
    });

    it('appends the keyword to the chosen trigger and keeps its other keywords and settings', async () => {
      stubFlows();
      const { user, dialog } = await openDialogFor('refund');
      await user.clear(dialog.getByRole('textbox', { name: 'Keyword' }));
      await user.type(dialog.getByRole('textbox', { name: 'Keyword' }), 'refund please');
      await user.selectOptions(dialog.getByRole('combobox', { name: 'Match' }), 'exact');
      await user.click(dialog.getByRole('radio', { name: 'Add to trigger' }));
      const triggers = dialog.getByRole('combobox', { name: 'Trigger' });
      // Only keyword triggers can take a keyword: the postback trigger is not offered.
      expect(within(triggers).getAllByRole('option').map((option) => option.textContent)).toEqual(['“money back”', '“return”']);
      await user.selectOptions(triggers, '“money back”');
      await user.click(dialog.getByRole('button', { name: 'Add keyword' }));

      expect(await screen.findByText('Builder for refund')).toBeInTheDocument();
      const [body] = savedBodies(server);
      const nodes = body?.graph?.nodes ?? [];
      expect(nodes.map((node) => node.id)).toEqual(['kw-money', 'kw-return', 'menu', 'reply']);
      const money = nodes.find((node) => node.id === 'kw-money');
      expect(keywordsOf(money)).toEqual([
        { text: 'money back', match: 'contains' },
        { text: 'refund please', match: 'exact' },
      ]);
      expect(money?.data).toMatchObject({ channels: ['web'], priority: 5 });
      const original = refundFlow().graph.nodes;
      expect(nodes.filter((node) => node.id !== 'kw-money')).toEqual(original.filter((node) => node.id !== 'kw-money'));
    });

    it('on a conflicting save, applies the keyword to the newer draft and saves again', async () => {
      stubFlows();
      const someoneElses = { id: 'tag', type: 'tag', position: { x: 800, y: 0 }, data: { add: ['vip'], remove: [] } };
      const { user, dialog } = await openDialogFor('refund');
      // Someone saves between our read of the draft and our save: the first save is refused as stale.
      let someoneSaved = false;
      server.on('GET', '/api/flows/refund', () => ({ status: 200, body: someoneSaved ? refundFlow(9, [someoneElses]) : refundFlow(7) }));
      server.on('PUT', '/api/flows/refund', (call) => {
        if (someoneSaved) return { status: 200, body: { ...refundFlow(10), ...Object(call.body), revision: 10 } };
        someoneSaved = true;
        return apiError(409, 'revision_conflict', 'The flow was saved by someone else');
      });
      await user.click(dialog.getByRole('button', { name: 'Add keyword' }));

      expect(await screen.findByText('Builder for refund')).toBeInTheDocument();
      const [first, second] = savedBodies(server);
      expect(first?.revision).toBe(7);
      // The retry starts from their draft: their node is kept, and it says which revision it builds on.
      expect(second?.revision).toBe(9);
      expect(second?.graph?.nodes.map((node) => node.id).slice(0, 5)).toEqual(['kw-money', 'kw-return', 'menu', 'reply', 'tag']);
      expect(keywordsOf(second?.graph?.nodes.at(-1))).toEqual([{ text: 'refund', match: 'contains' }]);
    });

    it('shows the message and stays when the retried save conflicts again', async () => {
      stubFlows();
      const { user, dialog } = await openDialogFor('where is my parcel');
      server.on('PUT', '/api/flows/refund', apiError(409, 'revision_conflict', 'The flow was saved by someone else since revision 7'));
      await user.click(dialog.getByRole('button', { name: 'Add keyword' }));

      expect(await dialog.findByRole('alert')).toHaveTextContent('The flow was saved by someone else since revision 7');
      expect(server.callsTo('PUT', '/api/flows/refund')).toHaveLength(2);
      expect(screen.queryByText('Builder for refund')).not.toBeInTheDocument();
      expect(dialog.getByRole('textbox', { name: 'Keyword' })).toHaveValue('where is my parcel');
    });
  });
});
