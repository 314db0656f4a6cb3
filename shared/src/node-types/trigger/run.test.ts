import { T0, TestChat, flowVersion, node, path } from '../../engine/test-graphs';

describe('trigger node', () => {
  it('is entered and left by next when it fires, and records that the contact entered the flow', () => {
    const flow = flowVersion('f', { nodes: [node('t', 'trigger', { kind: 'any_message' })] });
    const chat = new TestChat([flow]);
    expect(path(chat.say('anything'))).toEqual(['+t', 't>next']);
    expect(chat.state.activity.flowsEntered).toEqual({ f: T0 });
    expect(chat.state.session).toBeNull();
  });
});
