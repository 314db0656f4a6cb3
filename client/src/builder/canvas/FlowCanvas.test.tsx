import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ReactFlowProvider } from '@xyflow/react';
import { useBuilderStore } from '../store/builder-store';
import { installReactFlowEnv } from '../test/react-flow-env';
import { useLiveValidation } from '../validation/use-live-validation';
import { ValidationPanel } from '../validation/ValidationPanel';
import { FlowCanvas } from './FlowCanvas';
import { Palette } from './Palette';

installReactFlowEnv();

function Builder() {
  useLiveValidation(useBuilderStore, undefined);
  return (
    <ReactFlowProvider>
      <Palette />
      <FlowCanvas />
      <ValidationPanel />
    </ReactFlowProvider>
  );
}

beforeEach(() => {
  useBuilderStore.setState(useBuilderStore.getInitialState(), true);
  localStorage.clear();
});

describe('the canvas', () => {
  it('adds a node from the palette by keyboard and shows its summary and outputs', async () => {
    const user = userEvent.setup();
    render(<Builder />);
    const addCondition = screen.getByRole('button', { name: /^Add Condition/ });
    addCondition.focus();
    await user.keyboard('{Enter}');

    const [node] = useBuilderStore.getState().nodes;
    expect(node?.type).toBe('condition');
    expect(useBuilderStore.getState().selectedNodeIds).toEqual([node?.id]);
    const card = await screen.findByTestId(`node-${node?.id}`);
    expect(within(card).getByText('VIP: has tag vip')).toBeInTheDocument();
    const outputs = within(card).getByRole('list', { name: 'Outputs' });
    expect(within(outputs).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['VIP', 'else']);
    expect(within(card).getByTitle('Output “else”: drag to a node to connect')).toBeInTheDocument();
  });

  it('says "incomplete" on a node whose settings do not parse, and marks its error', async () => {
    useBuilderStore.getState().load(
      {
        nodes: [
          { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { kind: 'any_message' } },
          { id: 'r', type: 'reply', position: { x: 300, y: 0 }, data: { messages: [] } },
        ],
        edges: [{ id: 'e', source: 't', sourceHandle: 'next', target: 'r' }],
      },
      {},
    );
    render(<Builder />);
    const card = await screen.findByTestId('node-r');
    expect(within(card).getByText(/Incomplete/)).toBeInTheDocument();
    expect(within(card).getByRole('img', { name: '1 error' })).toHaveAttribute('title', expect.stringContaining('messages'));
  });

  it('focuses a node from the validation panel: selected, centred, inspector asked for focus', async () => {
    const user = userEvent.setup();
    useBuilderStore.getState().load(
      {
        nodes: [
          { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { kind: 'any_message' } },
          { id: 'loop', type: 'set', position: { x: 300, y: 0 }, data: { assignments: [{ target: 'variable', name: 'x', value: '1' }] } },
        ],
        edges: [
          { id: 'e1', source: 't', sourceHandle: 'next', target: 'loop' },
          { id: 'e2', source: 'loop', sourceHandle: 'next', target: 'loop' },
        ],
      },
      {},
    );
    render(<Builder />);
    const issue = await screen.findByRole('button', { name: /Node "loop" \(set\) leads back to itself/ });
    expect(screen.getByRole('heading', { name: '1 error, 0 warnings' })).toBeInTheDocument();
    const before = useBuilderStore.getState().inspectorFocus;
    await user.click(issue);

    const state = useBuilderStore.getState();
    expect(state.selectedNodeIds).toEqual(['loop']);
    expect(state.nodes.find((n) => n.id === 'loop')?.selected).toBe(true);
    expect(state.viewportRequest).toMatchObject({ kind: 'center', nodeId: 'loop' });
    expect(state.panel).toBe('node');
    expect(state.inspectorFocus).toBe(before + 1);
  });

  it('deletes, copies and pastes with the keyboard, but not while typing in a field', async () => {
    const user = userEvent.setup();
    useBuilderStore.getState().load({ nodes: [{ id: 'e', type: 'end', position: { x: 0, y: 0 }, data: {} }], edges: [] }, {});
    render(<Builder />);
    act(() => useBuilderStore.getState().select({ nodeIds: ['e'] }));
    const search = screen.getByRole('searchbox', { name: 'Find a node' });
    await user.click(search);
    await user.keyboard('{Backspace}{Control>}c{/Control}');
    expect(useBuilderStore.getState().nodes).toHaveLength(1);
    expect(localStorage.length).toBe(0);

    search.blur();
    await user.keyboard('{Control>}c{/Control}{Control>}v{/Control}');
    expect(useBuilderStore.getState().nodes).toHaveLength(2);
    await user.keyboard('{Delete}');
    expect(useBuilderStore.getState().nodes.map((n) => n.id)).toEqual(['e']);
    await user.keyboard('{Control>}z{/Control}');
    expect(useBuilderStore.getState().nodes).toHaveLength(2);
  });

  it('shows a refused connection’s reason where the user sees it', async () => {
    render(<Builder />);
    act(() => {
      useBuilderStore.getState().load({ nodes: [{ id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { kind: 'api' } }, { id: 'e', type: 'end', position: { x: 0, y: 0 }, data: {} }], edges: [] }, {});
      useBuilderStore.getState().connect({ source: 'e', sourceHandle: 'next', target: 't' });
    });
    expect(screen.getByRole('status')).toHaveTextContent('A trigger only starts the flow: no connection can lead into it.');
  });

  it('finds a node by the text of its summary', async () => {
    const user = userEvent.setup();
    useBuilderStore.getState().load(
      {
        nodes: [
          { id: 'a', type: 'reply', position: { x: 0, y: 0 }, data: { messages: [{ type: 'text', text: 'Welcome aboard' }] } },
          { id: 'b', type: 'reply', position: { x: 0, y: 200 }, data: { messages: [{ type: 'text', text: 'Refund policy' }] } },
        ],
        edges: [],
      },
      {},
    );
    render(<Builder />);
    await user.type(screen.getByRole('searchbox', { name: 'Find a node' }), 'refund{Enter}');
    expect(useBuilderStore.getState().selectedNodeIds).toEqual(['b']);
    expect(useBuilderStore.getState().viewportRequest).toMatchObject({ kind: 'center', nodeId: 'b' });
    expect(screen.getByText('1 of 1')).toBeInTheDocument();
  });
});
