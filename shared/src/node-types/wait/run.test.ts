import type { BusinessCalendar } from '../../calendar/calendar-schema';
import { DAY, HOUR, MINUTE, T0, TestChat, flowVersion, node, path, textReply, texts } from '../../engine/test-graphs';
import type { FlowSettings } from '../../flow/flow-schema';

function waitFlow(data: unknown, settings: Partial<FlowSettings> = {}) {
  return flowVersion('f', {
    nodes: [
      node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'go' }] }),
      node('w', 'wait', data),
      textReply('next', 'after the wait'),
      textReply('replied', 'you replied: {{message.text}}'),
      textReply('timeout', 'no reply'),
    ],
    edges: [['t', 'next', 'w'], ['w', 'next', 'next'], ['w', 'replied', 'replied'], ['w', 'timeout', 'timeout']],
    settings,
  });
}

describe('wait node', () => {
  it('delay: parks until its timer, then leaves by next', () => {
    const chat = new TestChat([waitFlow({ mode: 'delay', amount: 2, unit: 'hours' })]);
    const start = chat.say('go');
    expect(start.effects).toEqual([{ type: 'schedule', token: 'conv1:1', at: T0 + 2 * HOUR }]);
    expect(chat.state.session).toMatchObject({ nodeId: 'w', waiting: { kind: 'timer', token: 'conv1:1', until: T0 + 2 * HOUR } });
    const fired = chat.fireTimer();
    expect(path(fired)).toEqual(['w>next', '+next', 'next>next']);
    expect(fired.effects.some((e) => e.type === 'cancel')).toBe(false);
  });

  it('delay of 0: goes straight on, arming no timer', () => {
    const chat = new TestChat([waitFlow({ mode: 'delay', amount: 0, unit: 'seconds' })]);
    const result = chat.say('go');
    expect(result.effects).toEqual([{ type: 'send', typingDelayMs: 0, message: { type: 'text', text: 'after the wait', buttons: [] } }]);
    expect(chat.state.session).toBeNull();
  });

  it('a loop through a delay of 0 stops at the loop guard instead of re-arming a timer for ever', () => {
    const flow = flowVersion('f', {
      nodes: [node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'go' }] }), textReply('r', 'again'), node('w', 'wait', { mode: 'delay', amount: 0, unit: 'minutes' })],
      edges: [['t', 'next', 'r'], ['r', 'next', 'w'], ['w', 'next', 'r']],
    });
    const chat = new TestChat([flow]);
    const result = chat.send({ type: 'message', id: 'm1', messageType: 'text', text: 'go', mediaUrl: null, payload: null }, 9);
    expect(result.effects.filter((e) => e.type === 'schedule')).toEqual([]);
    expect(result.trace.at(-1)).toMatchObject({ type: 'error', message: 'loop guard: more than 9 nodes in one event' });
    expect(chat.state.session).toBeNull();
  });

  it("time_of_day: waits for the next time the clock reads HH:mm in the flow's zone", () => {
    // T0 is 17:00 in Shanghai: 09:00 comes round tomorrow, 01:00 UTC.
    const chat = new TestChat([waitFlow({ mode: 'time_of_day', time: '09:00' }, { timezone: 'Asia/Shanghai' })]);
    expect(chat.say('go').effects).toEqual([{ type: 'schedule', token: 'conv1:1', at: T0 + 16 * HOUR }]);
  });

  const calendar: BusinessCalendar = {
    timezone: 'UTC',
    weekly: { mon: [{ from: '08:00', to: '18:00' }], tue: [{ from: '08:00', to: '18:00' }] },
    breaks: [],
    holidays: [],
    exceptions: [],
  };

  it('business_hours: goes straight on when open', () => {
    const chat = new TestChat([waitFlow({ mode: 'business_hours' }, { calendar })]);
    expect(texts(chat.say('go').effects)).toEqual(['after the wait']);
  });

  it('business_hours: when closed, waits for the next opening', () => {
    const chat = new TestChat([waitFlow({ mode: 'business_hours' }, { calendar })], { now: T0 + 10 * HOUR });
    // Monday 19:00 UTC → Tuesday 08:00 UTC.
    expect(chat.say('go').effects).toEqual([{ type: 'schedule', token: 'conv1:1', at: T0 + DAY - HOUR }]);
    expect(texts(chat.fireTimer().effects)).toEqual(['after the wait']);
  });

  it('business_hours: with no calendar, or one that never opens, does not wait', () => {
    expect(texts(new TestChat([waitFlow({ mode: 'business_hours' })]).say('go').effects)).toEqual(['after the wait']);
    const never: BusinessCalendar = { ...calendar, weekly: {} };
    expect(texts(new TestChat([waitFlow({ mode: 'business_hours' }, { calendar: never })]).say('go').effects)).toEqual(['after the wait']);
  });

  it('reply: a message leaves by replied and cancels the timeout', () => {
    const chat = new TestChat([waitFlow({ mode: 'reply', amount: 30, unit: 'minutes' })]);
    expect(chat.say('go').effects).toEqual([{ type: 'schedule', token: 'conv1:1', at: T0 + 30 * MINUTE }]);
    const replied = chat.advance(MINUTE).say('here I am');
    expect(path(replied)).toEqual(['w>replied', '+replied', 'replied>next']);
    expect(replied.effects).toEqual([
      { type: 'cancel', token: 'conv1:1' },
      { type: 'send', typingDelayMs: 0, message: { type: 'text', text: 'you replied: here I am', buttons: [] } },
    ]);
  });

  it('reply: the timer leaves by timeout', () => {
    const chat = new TestChat([waitFlow({ mode: 'reply', amount: 30, unit: 'minutes' })]);
    chat.say('go');
    const timedOut = chat.fireTimer();
    expect(path(timedOut)).toEqual(['w>timeout', '+timeout', 'timeout>next']);
    expect(chat.now).toBe(T0 + 30 * MINUTE);
  });
});
