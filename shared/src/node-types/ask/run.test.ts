import { MINUTE, TestChat, flowVersion, node, path, textReply, texts } from '../../engine/test-graphs';

function askFlow(data: Record<string, unknown>) {
  const handles = ['answered', 'invalid', 'timeout', 'small', 'large'];
  return flowVersion('f', {
    nodes: [
      node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'start', match: 'exact' }] }),
      node('q', 'ask', { variable: 'answer', ...data }),
      ...handles.map((h) => textReply(h, `${h}: {{vars.answer}}`)),
    ],
    edges: [['t', 'next', 'q'], ...handles.map((h) => ['q', h, h] as const)],
  });
}

/** Starts the flow, then answers; returns the reply text the answer led to. */
function answer(data: Record<string, unknown>, reply: string): string[] {
  const chat = new TestChat([askFlow(data)]);
  chat.say('start');
  return texts(chat.say(reply).effects);
}

describe('ask node', () => {
  it('asks the question and waits for the reply', () => {
    const chat = new TestChat([askFlow({ question: 'Your name, {{contact.name}}?' })]);
    const result = chat.say('start');
    expect(texts(result.effects)).toEqual(['Your name, Ada?']);
    expect(path(result)).toEqual(['+t', 't>next', '+q']);
    expect(chat.state.session).toMatchObject({ nodeId: 'q', waiting: { kind: 'reply', token: null, until: null } });
  });

  it('text: saves the answer and leaves by answered', () => {
    const chat = new TestChat([askFlow({ question: 'Name?' })]);
    chat.say('start');
    const result = chat.say('  Ada Lovelace ');
    expect(path(result)).toEqual(['q>answered', '+answered', 'answered>next']);
    expect(texts(result.effects)).toEqual(['answered: Ada Lovelace']);
  });

  it.each([
    ['number', '42', 'answered: 42'],
    ['number', '３.５', 'answered: 3.5'],
    ['number', 'forty', "Sorry, I didn't get that. Q?"],
    ['number', '１２３', 'answered: 123'],
    ['number', '1,234', 'answered: 1234'],
    ['number', '1,234,567.5', 'answered: 1234567.5'],
    ['number', '-0.5', 'answered: -0.5'],
    ['number', '1,23', "Sorry, I didn't get that. Q?"],
    ['number', '0x10', "Sorry, I didn't get that. Q?"],
    ['number', '1e3', "Sorry, I didn't get that. Q?"],
    ['email', 'Ada@Example.COM', 'answered: ada@example.com'],
    ['email', 'ada@example', "Sorry, I didn't get that. Q?"],
    ['email', 'ａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'answered: ada@example.com'],
    ['email', 'ada@example.com.', "Sorry, I didn't get that. Q?"],
    ['email', 'ada@example..com', "Sorry, I didn't get that. Q?"],
    // No address is longer than 254 characters (RFC 5321).
    ['email', `${'a'.repeat(250)}@example.com`, "Sorry, I didn't get that. Q?"],
    ['phone', '+86 (138) 0013-8000', 'answered: +8613800138000'],
    ['phone', '12345', "Sorry, I didn't get that. Q?"],
    ['phone', '06.12.34.56.78', 'answered: 0612345678'],
    ['phone', '＋８６ １３８ ００１３ ８０００', 'answered: +8613800138000'],
  ])('%s: "%s" → %s', (validate, reply, expected) => {
    expect(answer({ question: 'Q?', validate }, reply)).toEqual([expected]);
  });

  it('number: the variable holds a number, not text', () => {
    const chat = new TestChat([
      flowVersion('g', {
        nodes: [
          node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'start' }] }),
          node('q', 'ask', { question: 'Age?', validate: 'number', variable: 'age' }),
          node('q2', 'ask', { question: 'Name?', variable: 'name' }),
        ],
        edges: [['t', 'next', 'q'], ['q', 'answered', 'q2']],
      }),
    ]);
    chat.say('start');
    chat.say('42');
    expect(chat.state.session?.variables).toEqual({ age: 42 });
  });

  describe('choice', () => {
    const choices = [
      { id: 'small', label: 'Small', synonyms: ['S', '小'] },
      { id: 'large', label: 'Large' },
    ];

    it('offers the choices as buttons', () => {
      const chat = new TestChat([askFlow({ question: 'Size?', validate: 'choice', choices })]);
      expect(chat.say('start').effects).toEqual([
        {
          type: 'send',
          typingDelayMs: 0,
          message: { type: 'text', text: 'Size?', buttons: [{ title: 'Small', payload: 'small' }, { title: 'Large', payload: 'large' }] },
        },
      ]);
    });

    it('accepts a button press, the label, a synonym or the number, leaving by the choice id', () => {
      const chat = new TestChat([askFlow({ question: 'Size?', validate: 'choice', choices })]);
      chat.say('start');
      expect(texts(chat.press('large', 'Large').effects)).toEqual(['large: Large']);
      for (const reply of ['ＳＭＡＬＬ', 's', '小', '1']) {
        chat.say('start');
        expect(texts(chat.say(reply).effects)).toEqual(['small: Small']);
      }
    });
  });

  it('re-asks up to `retries` times, then leaves by invalid', () => {
    const chat = new TestChat([askFlow({ question: 'Email?', validate: 'email', retries: 2, retryMessage: 'Hmm. {{question}} ({{contact.name}})' })]);
    chat.say('start');
    expect(texts(chat.say('nope').effects)).toEqual(['Hmm. Email? (Ada)']);
    expect(texts(chat.say('still no').effects)).toEqual(['Hmm. Email? (Ada)']);
    const last = chat.say('never');
    expect(path(last)).toEqual(['q>invalid', '+invalid', 'invalid>next']);
    // The counter starts again the next time the question is asked.
    chat.say('start');
    expect(texts(chat.say('nope').effects)).toEqual(['Hmm. Email? (Ada)']);
  });

  it('leaves by timeout when no answer comes in time', () => {
    const chat = new TestChat([askFlow({ question: 'Name?', timeoutMinutes: 5 })]);
    expect(chat.say('start').effects).toContainEqual({ type: 'schedule', token: 'conv1:1', at: chat.now + 5 * MINUTE });
    expect(path(chat.fireTimer())).toEqual(['q>timeout', '+timeout', 'timeout>next']);
  });

  it('keeps the same timeout across retries, and cancels it once answered', () => {
    const chat = new TestChat([askFlow({ question: 'Email?', validate: 'email', timeoutMinutes: 5 })]);
    chat.say('start');
    const retry = chat.advance(MINUTE).say('nope');
    expect(retry.effects.filter((e) => e.type !== 'send')).toEqual([]);
    expect(chat.state.session?.waiting).toMatchObject({ token: 'conv1:1' });
    const answered = chat.say('a@b.co');
    expect(answered.effects[0]).toEqual({ type: 'cancel', token: 'conv1:1' });
    expect(chat.timers.size).toBe(0);
  });
});
