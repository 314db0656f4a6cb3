import { outMessageSchema } from '../flow/message-schema';
import { compileFlowSet } from './compile-flow-set';
import type { ConversationState, EngineEvent } from './engine-types';
import { newConversationState } from './new-conversation-state';
import { step } from './step';
import { DAY, HOUR, MINUTE, T0, TestChat, dayOfActivityFlow, flowVersion, keywordReplyFlow, node, path, textReply, texts } from './test-graphs';

const hi = (): EngineEvent => ({ type: 'message', id: 'm1', messageType: 'text', text: 'hi', mediaUrl: null, payload: null });

describe('step: the loop', () => {
  it('follows edges until a handle has no edge, then the session ends', () => {
    const flow = flowVersion('f', {
      nodes: [node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'hi' }] }), textReply('a', 'one'), textReply('b', 'two')],
      edges: [['t', 'next', 'a'], ['a', 'next', 'b']],
    });
    const chat = new TestChat([flow]);
    const result = chat.say('hi');
    expect(path(result)).toEqual(['+t', 't>next', '+a', 'a>next', '+b', 'b>next']);
    expect(texts(result.effects)).toEqual(['one', 'two']);
    expect(chat.state.session).toBeNull();
  });

  it('stops a cycle without a waiting node at the loop guard, with an error and no hang', () => {
    // Validation refuses this graph; the engine must survive it anyway.
    const flow = flowVersion('loop', {
      nodes: [node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'hi' }] }), textReply('a', 'ping'), node('b', 'set', { assignments: [{ target: 'variable', name: 'x', value: 'y' }] })],
      edges: [['t', 'next', 'a'], ['a', 'next', 'b'], ['b', 'next', 'a']],
    });
    const chat = new TestChat([flow]);
    const result = chat.send(hi(), 10);
    const entered = result.trace.filter((t) => t.type === 'entered');
    expect(entered).toHaveLength(10);
    expect(result.trace.at(-1)).toEqual({ type: 'error', flowId: 'loop', version: 1, nodeId: 'b', message: 'loop guard: more than 10 nodes in one event' });
    expect(chat.state.session).toBeNull();
    expect(path(chat.send(hi())).filter((p) => p.startsWith('+'))).toHaveLength(100);
  });

  it('a node that fails ends the session with an error naming it; the step does not throw', () => {
    const flow = flowVersion('f', {
      nodes: [
        node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'hi' }] }),
        // An invalid pattern that validation would refuse.
        node('c', 'condition', { branches: [{ id: 'b', rules: [{ field: 'text', op: 'regex', value: '(' }] }] }),
      ],
      edges: [['t', 'next', 'c']],
    });
    const result = new TestChat([flow]).say('hi');
    expect(path(result).slice(0, 3)).toEqual(['+t', 't>next', '+c']);
    expect(result.trace[3]).toMatchObject({ type: 'error', flowId: 'f', nodeId: 'c' });
    expect(path(result)[4]).toBe('x c:error');
    expect(result.state.session).toBeNull();
  });

  it('a running session stays on its version after a new one is published', () => {
    const v1 = flowVersion('f', {
      nodes: [node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'hi' }] }), node('w', 'wait', { mode: 'delay', amount: 1, unit: 'hours' }), textReply('r', 'v1')],
      edges: [['t', 'next', 'w'], ['w', 'next', 'r']],
    });
    const v2 = { ...keywordReplyFlow('f', [{ text: 'hi' }], 'v2'), version: 2 };
    const chat = new TestChat([v1]);
    chat.say('hi');
    chat.publish([v2], [v1]);
    expect(texts(chat.fireTimer().effects)).toEqual(['v1']);
    expect(texts(chat.say('hi').effects)).toEqual(['v2']);
  });

  it('a session whose version is not loaded is dropped with an error, and the event is routed afresh', () => {
    const v1 = flowVersion('f', {
      nodes: [node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'hi' }] }), node('q', 'ask', { question: 'Name?', variable: 'name' })],
      edges: [['t', 'next', 'q']],
    });
    const chat = new TestChat([v1]);
    chat.say('hi');
    chat.publish([{ ...keywordReplyFlow('f', [{ text: 'hi' }], 'v2'), version: 2 }]);
    const result = chat.say('hi');
    expect(path(result)).toEqual(['!flow f version 1 is not loaded; the session was dropped', 'x q:error', '+t', 't>next', '+r', 'r>next']);
  });
});

describe('step: what is sent fits a channel message', () => {
  // The outbox re-reads every message with outMessageSchema: one that does not fit would never be delivered.
  it('clips texts and button titles that templates made too long, and drops empty buttons', () => {
    const flow = flowVersion('f', {
      nodes: [
        node('t', 'trigger', { kind: 'any_message' }),
        node('r', 'reply', {
          messages: [
            { type: 'text', text: 'You said: {{message.text}}', buttons: [{ title: '{{message.text}}', payload: 'ECHO' }, { title: '{{vars.none}}', payload: 'NONE' }] },
          ],
        }),
        node('h', 'handoff', { message: '{{message.text}}' }),
      ],
      edges: [['t', 'next', 'r'], ['r', 'next', 'h']],
    });
    const long = '长'.repeat(5000);
    const sends = new TestChat([flow]).say(long).effects.flatMap((e) => (e.type === 'send' ? [e.message] : []));
    expect(sends).toHaveLength(2);
    for (const message of sends) expect(outMessageSchema.safeParse(message).success).toBe(true);
    const [reply, handoff] = sends;
    expect(reply).toEqual({ type: 'text', text: `You said: ${long}`.slice(0, 4095) + '…', buttons: [{ title: `${'长'.repeat(39)}…`, payload: 'ECHO' }] });
    expect(handoff).toMatchObject({ type: 'text', text: `${long.slice(0, 4095)}…` });
  });

  it('does not send media, files or cards whose address rendered to nothing', () => {
    const flow = flowVersion('f', {
      nodes: [
        node('t', 'trigger', { kind: 'any_message' }),
        node('r', 'reply', {
          messages: [
            { type: 'image', url: '{{vars.photo}}' },
            { type: 'file', url: '{{vars.pdf}}', name: 'terms' },
            { type: 'card', title: '{{vars.title}}', url: 'https://example.com' },
            { type: 'card', title: 'Offer', url: '{{vars.link}}' },
            { type: 'text', text: 'still here' },
          ],
        }),
      ],
      edges: [['t', 'next', 'r']],
    });
    const chat = new TestChat([flow, dayOfActivityFlow()]);
    expect(chat.say('hi').effects).toEqual([{ type: 'send', typingDelayMs: 0, message: { type: 'text', text: 'still here', buttons: [] } }]);
    expect(chat.state.activity.automated).toEqual([T0]);
  });
});

describe('step: timers and tokens', () => {
  const delay = flowVersion('f', {
    nodes: [node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'hi' }] }), node('w', 'wait', { mode: 'delay', amount: 5, unit: 'minutes' }), textReply('r', 'later')],
    edges: [['t', 'next', 'w'], ['w', 'next', 'r']],
  });

  it('ignores a timer whose token the session does not wait for', () => {
    const chat = new TestChat([delay]);
    chat.say('hi');
    const before = chat.state;
    const stale = chat.send({ type: 'timer', token: 'conv1:999' });
    expect(stale.effects).toEqual([]);
    expect(stale.trace).toEqual([]);
    expect(stale.state).toEqual(before);
    expect(texts(chat.fireTimer().effects)).toEqual(['later']);
    // The same timer delivered twice: the second is stale.
    expect(chat.send({ type: 'timer', token: 'conv1:1' }).trace).toEqual([]);
  });

  it('ignores an http result for a call the session no longer waits for', () => {
    const chat = new TestChat([delay]);
    chat.say('hi');
    expect(chat.send({ type: 'http_result', token: chat.state.session?.waiting.token ?? '', ok: true, status: 200, body: null }).trace).toEqual([]);
  });

  it('mints tokens from the conversation id, never reusing one, even across sessions', () => {
    const chat = new TestChat([delay]);
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      const effects = chat.say('hi').effects;
      for (const e of effects) if (e.type === 'schedule') tokens.push(e.token);
      chat.fireTimer();
      expect(chat.state.session).toBeNull();
    }
    expect(tokens).toEqual(['conv1:1', 'conv1:2', 'conv1:3']);
  });

  it('schedules the timer at now + the delay', () => {
    const chat = new TestChat([delay]);
    expect(chat.say('hi').effects).toEqual([{ type: 'schedule', token: 'conv1:1', at: T0 + 5 * MINUTE }]);
    expect(chat.state.session?.waiting).toEqual({ kind: 'timer', token: 'conv1:1', until: T0 + 5 * MINUTE });
  });
});

describe('step: purity', () => {
  const flow = flowVersion('f', {
    nodes: [
      node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'hi' }] }),
      node('tag', 'tag', { add: ['greeted'] }),
      node('set', 'set', { assignments: [{ target: 'attribute', name: 'seen', value: 'yes' }] }),
      node('q', 'ask', { question: 'Name?', variable: 'name', timeoutMinutes: 10 }),
    ],
    edges: [['t', 'next', 'tag'], ['tag', 'next', 'set'], ['set', 'next', 'q']],
  });

  it('gives the same output for the same input, and leaves the input untouched', () => {
    const flows = compileFlowSet([flow]);
    const state: ConversationState = newConversationState('c9', 'web', { id: 'k9', name: 'Bo' });
    const frozen = structuredClone(state);
    const input = { flows, state, event: hi(), now: T0, random: () => 0.3 };
    const first = step(input);
    const second = step(input);
    expect(second).toEqual(first);
    expect(state).toEqual(frozen);
    expect(first.state).not.toBe(state);
    expect(first.state.contact.tags).toEqual(['greeted']);
    // The returned state shares nothing with the input: changing it leaves the input alone.
    first.state.activity.inbound.push(1);
    expect(state.activity.inbound).toEqual([]);
  });
});

describe('step: activity', () => {
  it('remembers when the contact last wrote, what they said and what was sent, for a day', () => {
    const chat = new TestChat([keywordReplyFlow('f', [{ text: 'hi' }], 'hello'), dayOfActivityFlow()]);
    chat.say('Hi');
    chat.advance(HOUR).say('ＨＩ  there');
    expect(chat.state.activity).toMatchObject({
      lastInboundAt: T0 + HOUR,
      inbound: [T0, T0 + HOUR],
      automated: [T0, T0 + HOUR],
      texts: [
        { text: 'hi', at: T0 },
        { text: 'hi there', at: T0 + HOUR },
      ],
    });
    chat.advance(DAY + 1).say('x');
    expect(chat.state.activity.inbound).toEqual([T0 + HOUR + DAY + 1]);
    expect(chat.state.activity.automated).toEqual([]);
  });

  it('keeps at most 200 entries', () => {
    const chat = new TestChat([dayOfActivityFlow()]);
    for (let i = 0; i < 250; i++) chat.advance(1000).say(`m${i}`);
    expect(chat.state.activity.inbound).toHaveLength(200);
    expect(chat.state.activity.texts.at(-1)?.text).toBe('m249');
    expect(chat.state.activity.texts[0]?.text).toBe('m50');
  });

  it('keeps only the first 200 characters of each normalised text, never splitting a character', () => {
    const chat = new TestChat([dayOfActivityFlow()]);
    chat.say(`${'A'.repeat(300)} tail`);
    chat.say('😀'.repeat(250));
    expect(chat.state.activity.texts.map((t) => t.text)).toEqual(['a'.repeat(200), '😀'.repeat(200)]);
  });

  it('keeps only what the conditions of the flows read: nothing without them, the window and one more than the count with them', () => {
    const plain = new TestChat([keywordReplyFlow('f', [{ text: 'hi' }], 'hello')]);
    for (let i = 0; i < 5; i++) plain.advance(MINUTE).say('hi');
    // The state a conversation stores stays small however long it talks; only the last contact time is kept.
    expect(plain.state.activity).toMatchObject({ lastInboundAt: T0 + 5 * MINUTE, inbound: [], automated: [], texts: [] });

    const antiSpam = flowVersion('anti-spam', {
      nodes: [
        node('t', 'trigger', { kind: 'any_message' }),
        node('c', 'condition', { branches: [{ id: 'spam', rules: [{ field: 'message_rate', of: 'inbound', op: 'gt', count: 3, windowMinutes: 10 }] }] }),
        textReply('slow', 'slow down'),
      ],
      edges: [['t', 'next', 'c'], ['c', 'spam', 'slow']],
    });
    const chat = new TestChat([antiSpam]);
    const replies: string[][] = [];
    for (let i = 0; i < 6; i++) replies.push(texts(chat.advance(MINUTE).say(`m${i}`).effects));
    // The 4th message within 10 minutes is the first over 3; so is every later one.
    expect(replies).toEqual([[], [], [], ['slow down'], ['slow down'], ['slow down']]);
    expect(chat.state.activity.inbound).toEqual([3, 4, 5, 6].map((m) => T0 + m * MINUTE));
    chat.advance(11 * MINUTE).say('later');
    expect(chat.state.activity.inbound).toEqual([T0 + 17 * MINUTE]);
    expect(chat.state.activity.texts).toEqual([]);
  });
});
