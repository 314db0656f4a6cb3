import { compileFlowSet } from '../../engine/compile-flow-set';
import { T0, TestChat, flowVersion, keywordReplyFlow, node, path, texts } from '../../engine/test-graphs';

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

});
