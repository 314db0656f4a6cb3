import { MINUTE, TestChat, flowVersion, node, path, textReply, texts } from '../../engine/test-graphs';

function handoffFlow(data: Record<string, unknown>) {
  return flowVersion('refund', {
    nodes: [
      node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'refund' }] }),
      node('h', 'handoff', data),
      textReply('resolved', 'How did we do?'),
      textReply('no_agent', 'Nobody is free, we will write back'),
      textReply('timeout', 'Sorry for the wait'),
    ],
    edges: [['t', 'next', 'h'], ['h', 'resolved', 'resolved'], ['h', 'no_agent', 'no_agent'], ['h', 'timeout', 'timeout']],
  });
}

describe('handoff node', () => {
  it('tells the customer, asks for an agent, and pauses automation', () => {
    const chat = new TestChat([handoffFlow({ team: 'billing', strategy: 'round_robin', message: 'Connecting you, {{contact.name}}…' })]);
    const result = chat.say('refund please');
    expect(result.effects).toEqual([
      { type: 'send', typingDelayMs: 0, message: { type: 'text', text: 'Connecting you, Ada…', buttons: [] } },
      { type: 'assign', team: 'billing', strategy: 'round_robin', flowId: 'refund', nodeId: 'h' },
    ]);
    expect(chat.state.handedOff).toBe(true);
    expect(chat.state.session).toMatchObject({ nodeId: 'h', waiting: { kind: 'handoff', token: null, until: null } });
    // The customer keeps writing to the agent: nothing automated answers.
    expect(chat.say('refund!!!')).toMatchObject({ effects: [], trace: [] });
  });

  it('resolved: gives automation back and continues by resolved', () => {
    const chat = new TestChat([handoffFlow({})]);
    chat.say('refund');
    const result = chat.send({ type: 'handoff_resolved' });
    expect(path(result)).toEqual(['h>resolved', '+resolved', 'resolved>next']);
    expect(result.effects[0]).toEqual({ type: 'release' });
    expect(texts(result.effects)).toEqual(['How did we do?']);
    expect(chat.state.handedOff).toBe(false);
  });

  it('no agent: continues by no_agent', () => {
    const chat = new TestChat([handoffFlow({})]);
    chat.say('refund');
    expect(path(chat.send({ type: 'handoff_unassigned' }))).toEqual(['h>no_agent', '+no_agent', 'no_agent>next']);
    expect(chat.state.handedOff).toBe(false);
  });

  it('timeout: continues by timeout; resolving early cancels the timer', () => {
    const chat = new TestChat([handoffFlow({ timeoutMinutes: 30 })]);
    chat.say('refund');
    const timedOut = chat.fireTimer();
    expect(path(timedOut)).toEqual(['h>timeout', '+timeout', 'timeout>next']);
    expect(timedOut.effects).toContainEqual({ type: 'release' });
    expect(chat.state.handedOff).toBe(false);

    chat.advance(MINUTE).say('refund');
    const token = chat.state.session?.waiting.token;
    expect(chat.send({ type: 'handoff_resolved' }).effects).toContainEqual({ type: 'cancel', token });
  });

  it('a resolve with nothing waiting still gives automation back', () => {
    const chat = new TestChat([handoffFlow({})]);
    chat.state = { ...chat.state, handedOff: true };
    expect(chat.send({ type: 'handoff_resolved' })).toMatchObject({ effects: [{ type: 'release' }], trace: [] });
    expect(chat.state.handedOff).toBe(false);
    expect(chat.send({ type: 'handoff_resolved' })).toMatchObject({ effects: [], trace: [] });
  });
});
