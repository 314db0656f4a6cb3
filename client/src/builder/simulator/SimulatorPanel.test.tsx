import './engine-test-env';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { GraphSnapshot } from '../store/builder-state';
import { useBuilderStore } from '../store/builder-store';
import { SimulatorPanel } from './SimulatorPanel';

const at = { x: 0, y: 0 };
const SETTINGS = { timezone: 'UTC', calendar: null, reentry: 'always', interrupt: 'allow', fallbackFlowId: null };

/** "menu" shows two buttons; the shipping button's postback starts the shipping answer. */
const menuFlow: GraphSnapshot = {
  nodes: [
    { id: 'menu-trigger', type: 'trigger', position: at, data: { kind: 'keyword', keywords: [{ text: 'menu', match: 'exact' }] } },
    {
      id: 'menu',
      type: 'reply',
      position: at,
      data: { messages: [{ type: 'text', text: 'What do you need?', buttons: [{ title: 'Shipping', payload: 'FAQ_SHIPPING' }, { title: 'Prices', payload: 'FAQ_PRICES' }] }] },
    },
    { id: 'shipping-trigger', type: 'trigger', position: at, data: { kind: 'postback', payloads: ['FAQ_SHIPPING'] } },
    { id: 'shipping', type: 'reply', position: at, data: { messages: [{ type: 'text', text: 'We ship within 24 hours.' }] } },
  ],
  edges: [
    { id: 'e1', source: 'menu-trigger', sourceHandle: 'next', target: 'menu' },
    { id: 'e2', source: 'shipping-trigger', sourceHandle: 'next', target: 'shipping' },
  ],
};

/** An api trigger, then open or closed by Shanghai business hours. */
const hoursFlow: GraphSnapshot = {
  nodes: [
    { id: 'start', type: 'trigger', position: at, data: { kind: 'api' } },
    { id: 'hours', type: 'condition', position: at, data: { branches: [{ id: 'closed', label: 'Closed', match: 'all', rules: [{ field: 'business_hours', op: 'closed' }] }] } },
    { id: 'closed-reply', type: 'reply', position: at, data: { messages: [{ type: 'text', text: 'We are closed.' }] } },
    { id: 'open-reply', type: 'reply', position: at, data: { messages: [{ type: 'text', text: 'We are open.' }] } },
  ],
  edges: [
    { id: 'e-start', source: 'start', sourceHandle: 'next', target: 'hours' },
    { id: 'e-closed', source: 'hours', sourceHandle: 'closed', target: 'closed-reply' },
    { id: 'e-open', source: 'hours', sourceHandle: 'else', target: 'open-reply' },
  ],
};
const shanghaiWeekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ from: '09:00', to: '18:00' }]]));
const SHANGHAI_SETTINGS = { ...SETTINGS, timezone: 'Asia/Shanghai', calendar: { timezone: 'Asia/Shanghai', weekly: shanghaiWeekdays, breaks: [], holidays: [], exceptions: [] } };

function open(graph: GraphSnapshot, settings: unknown = SETTINGS) {
  useBuilderStore.getState().load(graph, settings);
  const user = userEvent.setup();
  render(<SimulatorPanel flowId="test-flow" />);
  return user;
}

beforeEach(() => useBuilderStore.setState(useBuilderStore.getInitialState(), true));

describe('the test chat', () => {
  it('answers a typed message and lights the path on the canvas hop by hop', async () => {
    const user = open(menuFlow);
    expect(screen.getByText(/Send a message to try the draft/)).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'menu');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    const log = screen.getByRole('log', { name: 'Test conversation' });
    expect(within(log).getByText('menu')).toBeInTheDocument();
    expect(within(log).getByText('What do you need?')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('');
    // The first node lights at once, the next one after a beat.
    expect(useBuilderStore.getState().lit.nodeIds).toEqual(['menu-trigger']);
    await waitFor(() => expect(useBuilderStore.getState().lit).toEqual({ nodeIds: ['menu-trigger', 'menu'], edgeIds: ['e1'], waitingNodeId: null }));
    const trace = screen.getByRole('region', { name: 'Trace' });
    expect(within(trace).getByText('1. Message “menu”')).toBeInTheDocument();
    expect(within(trace).getByText('Session ended')).toBeInTheDocument();
  });

  it('a quick-reply button sends its payload as a postback', async () => {
    const user = open(menuFlow);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'menu{Enter}');
    await user.click(screen.getByRole('button', { name: 'Shipping' }));

    expect(screen.getByText('We ship within 24 hours.')).toBeInTheDocument();
    expect(screen.getByText('2. Pressed “Shipping” (FAQ_SHIPPING)')).toBeInTheDocument();
    await waitFor(() => expect(useBuilderStore.getState().lit.nodeIds).toEqual(['shipping-trigger', 'shipping']));
  });

  it('runs at the simulated time in the flow’s zone, and a trace row shows its node', async () => {
    const user = open(hoursFlow, SHANGHAI_SETTINGS);
    expect(screen.getByLabelText('Time zone')).toHaveValue('Asia/Shanghai');
    // jsdom does not type into datetime-local inputs; a change event is what the picker sends.
    const picker = screen.getByLabelText('Simulated date and time');
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(picker, '2024-10-12T23:00');
      picker.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(screen.getByText('Saturday 23:00, 12 Oct 2024')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /Start via API/ }));
    expect(screen.getByText('We are closed.')).toBeInTheDocument();
    expect(screen.queryByText('We are open.')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /Condition .*→ Closed/ }));
    expect(useBuilderStore.getState().selectedNodeIds).toEqual(['hours']);
    expect(useBuilderStore.getState().viewportRequest).toMatchObject({ kind: 'center', nodeId: 'hours' });
  });

  it('says why an unfinished draft cannot run instead of running it', async () => {
    const unfinished: GraphSnapshot = { nodes: [{ id: 'start', type: 'trigger', position: at, data: { kind: 'keyword', keywords: [] } }], edges: [] };
    const user = open(unfinished);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The draft cannot run yet');
    expect(screen.queryByRole('textbox', { name: 'Message' })).not.toBeInTheDocument();

    await user.click(within(alert).getByRole('button', { name: /Trigger start/ }));
    expect(useBuilderStore.getState().selectedNodeIds).toEqual(['start']);
    expect(useBuilderStore.getState().panel).toBe('node');
  });
});
