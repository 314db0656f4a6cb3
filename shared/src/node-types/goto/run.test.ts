import { compileFlowSet } from '../../engine/compile-flow-set';
import { T0, TestChat, flowVersion, keywordReplyFlow, node, path, textReply, texts } from '../../engine/test-graphs';

describe('goto node', () => {
  it("goto continues after the other flow's entry trigger, in its live version", () => {
    const start = flowVersion('start', {
      nodes: [node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'hi' }] }), node('g', 'goto', { flowId: 'menu' })],
      edges: [['t', 'next', 'g']],
    });
    const menuV1 = keywordReplyFlow('menu', [{ text: 'menu' }], 'old menu');
    const menuV2 = { ...keywordReplyFlow('menu', [{ text: 'menu' }], 'new menu'), version: 2 };
    const chat = new TestChat(compileFlowSet([start, menuV2], [menuV1]));
    const result = chat.say('hi');
    expect(path(result)).toEqual(['+t', 't>next', '+g', 'g>goto', '+t', 't>next', '+r', 'r>next']);
    expect(result.trace[4]).toMatchObject({ flowId: 'menu', version: 2 });
    expect(texts(result.effects)).toEqual(['new menu']);
    expect(chat.state.activity.flowsEntered).toEqual({ start: T0, menu: T0 });
  });

  it('goto to a flow that is not published ends the session with an error', () => {
    const start = flowVersion('start', {
      nodes: [node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'hi' }] }), node('g', 'goto', { flowId: 'nowhere' })],
      edges: [['t', 'next', 'g']],
    });
    expect(path(new TestChat([start]).say('hi'))).toEqual(['+t', 't>next', '+g', '!goto: flow nowhere is not published', 'x g:error']);
  });

  it('two flows sending each other round stop at the loop guard, which counts node runs across flows', () => {
    const ping = flowVersion('ping', {
      nodes: [node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'ping' }] }), textReply('r', 'ping'), node('g', 'goto', { flowId: 'pong' })],
      edges: [['t', 'next', 'r'], ['r', 'next', 'g']],
    });
    const pong = flowVersion('pong', {
      nodes: [node('t', 'trigger', { kind: 'api' }), node('g', 'goto', { flowId: 'ping' })],
      edges: [['t', 'next', 'g']],
    });
    const chat = new TestChat([ping, pong]);
    const result = chat.send({ type: 'message', id: 'm1', messageType: 'text', text: 'ping', mediaUrl: null, payload: null }, 12);
    expect(result.trace.filter((t) => t.type === 'entered')).toHaveLength(12);
    // Runs: ping t, r, g, pong t, g, ping t, r, g, pong t, g, ping t, r — the 13th (ping g) is refused.
    expect(result.trace.at(-1)).toEqual({ type: 'error', flowId: 'ping', version: 1, nodeId: 'g', message: 'loop guard: more than 12 nodes in one event' });
    // Everything sent before the guard tripped is still sent.
    expect(texts(result.effects)).toEqual(['ping', 'ping', 'ping']);
    expect(chat.state.session).toBeNull();
  });

});
