import { TestChat, flowVersion, node, path } from '../../engine/test-graphs';

describe('tag node', () => {
  it('adds and removes tags as a set, keeps their order, emits the change and leaves by next', () => {
    const flow = flowVersion('f', {
      nodes: [
        node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'hi' }] }),
        node('a', 'tag', { add: ['lead', 'vip', 'lead'] }),
        node('b', 'tag', { add: ['new', 'gone'], remove: ['lead', 'gone'] }),
      ],
      edges: [['t', 'next', 'a'], ['a', 'next', 'b']],
    });
    const chat = new TestChat([flow]);
    const result = chat.say('hi');
    expect(chat.state.contact.tags).toEqual(['vip', 'new']);
    expect(result.effects).toEqual([
      { type: 'tag', add: ['lead', 'vip'], remove: [] },
      { type: 'tag', add: ['new'], remove: ['lead', 'gone'] },
    ]);
    expect(path(result)).toEqual(['+t', 't>next', '+a', 'a>next', '+b', 'b>next']);
  });
});
