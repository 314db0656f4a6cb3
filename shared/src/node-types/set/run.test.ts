import { TestChat, flowVersion, node, textReply, texts } from '../../engine/test-graphs';

describe('set node', () => {
  it('sets variables and contact attributes from templates, in order, and leaves by next', () => {
    const flow = flowVersion('f', {
      nodes: [
        node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'order', match: 'contains' }] }),
        node('s', 'set', {
          assignments: [
            { target: 'variable', name: 'said', value: '{{message.text}}' },
            { target: 'attribute', name: 'last_topic', value: 'orders' },
            { target: 'variable', name: 'summary', value: '{{contact.name}} asked: {{vars.said}} ({{contact.last_topic}})' },
          ],
        }),
        textReply('r', '{{vars.summary}}'),
      ],
      edges: [['t', 'next', 's'], ['s', 'next', 'r']],
    });
    const chat = new TestChat([flow], { name: 'Ada' });
    const result = chat.say('Where is my order?');
    expect(result.effects[0]).toEqual({ type: 'setAttributes', attributes: { last_topic: 'orders' } });
    expect(texts(result.effects)).toEqual(['Ada asked: Where is my order? (orders)']);
    expect(chat.state.contact.attributes).toEqual({ last_topic: 'orders' });
    expect(result.trace).toContainEqual(expect.objectContaining({ type: 'exited', nodeId: 's', handle: 'next' }));
  });

  it('emits no attribute change when only variables are set', () => {
    const flow = flowVersion('f', {
      nodes: [node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'x' }] }), node('s', 'set', { assignments: [{ target: 'variable', name: 'a', value: '1' }] })],
      edges: [['t', 'next', 's']],
    });
    expect(new TestChat([flow]).say('x').effects).toEqual([]);
  });
});
