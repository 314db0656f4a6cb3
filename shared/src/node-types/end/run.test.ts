import { TestChat, flowVersion, node, path } from '../../engine/test-graphs';

const flowEndingWith = (closeConversation: boolean) =>
  flowVersion('f', {
    nodes: [node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'bye' }] }), node('e', 'end', { closeConversation })],
    edges: [['t', 'next', 'e']],
  });

describe('end node', () => {
  it('ends the session and closes the conversation when asked', () => {
    const result = new TestChat([flowEndingWith(true)]).say('bye');
    expect(path(result)).toEqual(['+t', 't>next', '+e', 'e>end']);
    expect(result.effects).toEqual([{ type: 'close' }]);
    expect(result.state.session).toBeNull();
  });

  it('ends the session and leaves the conversation open otherwise', () => {
    const result = new TestChat([flowEndingWith(false)]).say('bye');
    expect(path(result)).toEqual(['+t', 't>next', '+e', 'e>end']);
    expect(result.effects).toEqual([]);
  });
});
