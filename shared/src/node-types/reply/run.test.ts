import { T0, TestChat, dayOfActivityFlow, flowVersion, node } from '../../engine/test-graphs';

const flowWith = (data: unknown) =>
  flowVersion('f', {
    nodes: [node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'hi' }] }), node('r', 'reply', data)],
    edges: [['t', 'next', 'r']],
  });

describe('reply node', () => {
  it('sends every message in order with templates filled, buttons kept, and leaves by next', () => {
    const flow = flowWith({
      typingDelayMs: 800,
      messages: [
        { type: 'text', text: 'Hi {{contact.name}}, you said "{{message.text}}"', buttons: [{ title: 'Menu for {{contact.name}}', payload: 'MENU' }] },
        { type: 'image', url: 'https://cdn.example.com/{{vars.missing|default}}.png', caption: 'For {{contact.name}}' },
        { type: 'card', title: 'Offer', description: '{{contact.name}}, 10% off', url: 'https://example.com', imageUrl: '' },
        { type: 'file', url: 'https://example.com/a.pdf', name: 'terms' },
      ],
    });
    const chat = new TestChat([flow, dayOfActivityFlow()], { name: 'Ada' });
    const result = chat.say('hi there');
    expect(result.effects).toEqual([
      { type: 'send', typingDelayMs: 800, message: { type: 'text', text: 'Hi Ada, you said "hi there"', buttons: [{ title: 'Menu for Ada', payload: 'MENU' }] } },
      { type: 'send', typingDelayMs: 800, message: { type: 'image', url: 'https://cdn.example.com/default.png', caption: 'For Ada' } },
      { type: 'send', typingDelayMs: 800, message: { type: 'card', title: 'Offer', description: 'Ada, 10% off', url: 'https://example.com', imageUrl: '' } },
      { type: 'send', typingDelayMs: 800, message: { type: 'file', url: 'https://example.com/a.pdf', name: 'terms' } },
    ]);
    expect(result.trace.at(-1)).toMatchObject({ type: 'exited', nodeId: 'r', handle: 'next' });
    expect(chat.state.activity.automated).toEqual([T0, T0, T0, T0]);
  });

  it('does not send a text that renders to nothing', () => {
    const flow = flowWith({ messages: [{ type: 'text', text: '{{vars.empty}}' }, { type: 'text', text: 'still here' }] });
    const result = new TestChat([flow]).say('hi');
    expect(result.effects).toEqual([{ type: 'send', typingDelayMs: 0, message: { type: 'text', text: 'still here', buttons: [] } }]);
  });
});
