import type { BusinessCalendar } from '../../calendar/calendar-schema';
import type { StepResult } from '../../engine/engine-types';
import { DAY, HOUR, MINUTE, T0, TestChat, exitOf, flowVersion, node } from '../../engine/test-graphs';
import type { FlowSettings } from '../../flow/flow-schema';
import type { Channel } from '../../flow/message-schema';
import { conditionDataSchema } from './schema';

/** A flow whose any_message trigger leads into one condition; the exit handle is what the test reads. */
function conditionFlow(branches: unknown[], settings: Partial<FlowSettings> = {}) {
  return flowVersion('f', {
    nodes: [node('t', 'trigger', { kind: 'any_message' }), node('c', 'condition', { branches })],
    edges: [['t', 'next', 'c']],
    settings,
  });
}

const conditionExit = (result: StepResult): string | undefined => exitOf(result, 'c');

/** The handle one rule gives for a message. */
function judge(rule: unknown, text: string, options: { channel?: Channel; settings?: Partial<FlowSettings>; now?: number } = {}): string | undefined {
  const chat = new TestChat([conditionFlow([{ id: 'yes', rules: [rule] }], options.settings)], { channel: options.channel, now: options.now });
  return conditionExit(chat.say(text));
}

describe('condition node', () => {
  it('takes the first branch whose rules hold, else "else"', () => {
    const flow = conditionFlow([
      { id: 'refund', rules: [{ field: 'text', op: 'contains', value: 'refund' }] },
      { id: 'money', rules: [{ field: 'text', op: 'contains', value: 'money' }] },
    ]);
    const chat = new TestChat([flow]);
    expect(conditionExit(chat.say('refund my money'))).toBe('refund');
    expect(conditionExit(chat.say('where is my money'))).toBe('money');
    expect(conditionExit(chat.say('hello'))).toBe('else');
  });

  it('"all" needs every rule, "any" needs one', () => {
    const rules = [
      { field: 'text', op: 'contains', value: 'order' },
      { field: 'length', op: 'gt', value: 10 },
    ];
    const all = new TestChat([conditionFlow([{ id: 'b', match: 'all', rules }])]);
    const any = new TestChat([conditionFlow([{ id: 'b', match: 'any', rules }])]);
    expect(conditionExit(all.say('order'))).toBe('else');
    expect(conditionExit(any.say('order'))).toBe('b');
    expect(conditionExit(all.say('my order is late'))).toBe('b');
  });

  it.each([
    ['equals', 'Ｈｅｌｌｏ   World', 'hello world', 'yes'],
    ['equals', 'hello', 'hello world', 'else'],
    ['not_equals', 'hello', 'hello world', 'yes'],
    ['contains', 'I want a REFUND', 'refund', 'yes'],
    ['not_contains', 'I want a REFUND', 'refund', 'else'],
    ['starts_with', 'Hi there', 'hi', 'yes'],
    ['ends_with', 'thanks!', 'thanks', 'else'],
    ['regex', 'Order #12345', '^order\\s*#\\d+$', 'yes'],
    ['regex', 'Order 12', '^order\\s*#\\d+$', 'else'],
    ['regex', 'ＯＲＤＥＲ　＃１２３４５', '^order\\s*#\\d+$', 'yes'],
    ['regex', '怎么退款？', '退款？$', 'yes'],
    ['is_empty', '   ', '', 'yes'],
    ['is_not_empty', 'x', '', 'yes'],
  ])('text %s: "%s" vs "%s" → %s', (op, text, value, expected) => {
    expect(judge({ field: 'text', op, value }, text)).toBe(expected);
  });

  it('compares the text length, and the message type', () => {
    expect(judge({ field: 'length', op: 'lte', value: 3 }, 'abc')).toBe('yes');
    expect(judge({ field: 'length', op: 'lt', value: 3 }, 'abc')).toBe('else');
    expect(judge({ field: 'length', op: 'eq', value: 2 }, '退款')).toBe('yes');
    expect(judge({ field: 'message_type', op: 'is', value: 'text' }, 'abc')).toBe('yes');
    const image = new TestChat([conditionFlow([{ id: 'yes', rules: [{ field: 'message_type', op: 'is_not', value: 'text' }] }])]);
    expect(conditionExit(image.say('', { messageType: 'image' }))).toBe('yes');
  });

  it('tests tags, attributes and variables', () => {
    const flow = flowVersion('f', {
      nodes: [
        node('t', 'trigger', { kind: 'any_message' }),
        node('s', 'set', { assignments: [{ target: 'attribute', name: 'plan', value: 'Gold' }, { target: 'variable', name: 'n', value: '42' }] }),
        node('tag', 'tag', { add: ['vip'] }),
        node('c', 'condition', {
          branches: [
            { id: 'not_vip', rules: [{ field: 'tag', op: 'has_not', value: 'vip' }] },
            { id: 'no_plan', rules: [{ field: 'attribute', name: 'plan', op: 'not_equals', value: 'gold' }] },
            { id: 'var', rules: [{ field: 'variable', name: 'n', op: 'starts_with', value: '4' }, { field: 'tag', op: 'has', value: 'vip' }] },
          ],
        }),
      ],
      edges: [['t', 'next', 's'], ['s', 'next', 'tag'], ['tag', 'next', 'c']],
    });
    expect(conditionExit(new TestChat([flow]).say('x'))).toBe('var');
    expect(judge({ field: 'variable', name: 'missing', op: 'is_empty' }, 'x')).toBe('yes');
  });

  it('tests the channel', () => {
    expect(judge({ field: 'channel', op: 'is', value: 'whatsapp' }, 'x', { channel: 'whatsapp' })).toBe('yes');
    expect(judge({ field: 'channel', op: 'is', value: 'whatsapp' }, 'x', { channel: 'web' })).toBe('else');
    expect(judge({ field: 'channel', op: 'is_not', value: 'whatsapp' }, 'x', { channel: 'web' })).toBe('yes');
    expect(judge({ field: 'channel', op: 'is', value: 'whatsapp' }, 'x', { channel: 'whatsapp.sales' })).toBe('yes');
    expect(judge({ field: 'channel', op: 'is', value: 'whatsapp.sales' }, 'x', { channel: 'whatsapp.support' })).toBe('else');
  });

  it("tests business hours on the flow's calendar; no calendar is always open", () => {
    const calendar: BusinessCalendar = {
      timezone: 'Asia/Shanghai',
      weekly: { mon: [{ from: '09:00', to: '18:00' }] },
      breaks: [{ from: '12:00', to: '13:00' }],
      holidays: [],
      exceptions: [],
    };
    const open = { field: 'business_hours', op: 'open' };
    // T0 is Monday 09:00 UTC = 17:00 in Shanghai.
    expect(judge(open, 'x', { settings: { calendar } })).toBe('yes');
    expect(judge(open, 'x', { settings: { calendar }, now: T0 + 2 * HOUR })).toBe('else');
    // Monday 12:30 in Shanghai is the lunch break.
    expect(judge(open, 'x', { settings: { calendar }, now: T0 - 4 * HOUR - 30 * MINUTE })).toBe('else');
    expect(judge({ field: 'business_hours', op: 'closed' }, 'x', { settings: { calendar }, now: T0 + DAY })).toBe('yes');
    expect(judge(open, 'x', { now: T0 + 5 * DAY })).toBe('yes');
  });

  it('counts inbound messages within the window, the current one included', () => {
    const flow = conditionFlow([{ id: 'flood', rules: [{ field: 'message_rate', of: 'inbound', op: 'gte', count: 3, windowMinutes: 10 }] }]);
    const chat = new TestChat([flow]);
    expect(conditionExit(chat.say('1'))).toBe('else');
    expect(conditionExit(chat.advance(MINUTE).say('2'))).toBe('else');
    expect(conditionExit(chat.advance(MINUTE).say('3'))).toBe('flood');
    expect(conditionExit(chat.advance(10 * MINUTE).say('4'))).toBe('else');
  });

  it('counts automated replies within the window', () => {
    const flow = flowVersion('f', {
      nodes: [
        node('t', 'trigger', { kind: 'any_message' }),
        node('c', 'condition', { branches: [{ id: 'spam', rules: [{ field: 'message_rate', of: 'automated', op: 'gte', count: 3, windowMinutes: 60 }] }] }),
        node('r', 'reply', { messages: [{ type: 'text', text: 'auto' }] }),
      ],
      edges: [['t', 'next', 'c'], ['c', 'else', 'r']],
    });
    const chat = new TestChat([flow]);
    for (let i = 0; i < 3; i++) expect(conditionExit(chat.advance(MINUTE).say(`m${i}`))).toBe('else');
    expect(conditionExit(chat.advance(MINUTE).say('m4'))).toBe('spam');
    expect(conditionExit(chat.advance(HOUR).say('m5'))).toBe('else');
  });

  it('detects repeated text within the window, not counting the message itself', () => {
    const flow = conditionFlow([{ id: 'repeat', rules: [{ field: 'repeated_text', count: 2, windowMinutes: 30 }] }]);
    const chat = new TestChat([flow]);
    expect(conditionExit(chat.say('Hello'))).toBe('else');
    expect(conditionExit(chat.advance(MINUTE).say('HELLO'))).toBe('else');
    expect(conditionExit(chat.advance(MINUTE).say('ｈｅｌｌｏ'))).toBe('repeat');
    expect(conditionExit(chat.advance(MINUTE).say('something else'))).toBe('else');
    expect(conditionExit(chat.advance(40 * MINUTE).say('hello'))).toBe('else');
  });

  it('compares repeated texts by their first 200 characters, what the conversation keeps of each', () => {
    const flow = conditionFlow([{ id: 'repeat', rules: [{ field: 'repeated_text', count: 1, windowMinutes: 30 }] }]);
    const chat = new TestChat([flow]);
    const long = 'x'.repeat(200);
    expect(conditionExit(chat.say(`${long} first ending`))).toBe('else');
    expect(conditionExit(chat.advance(MINUTE).say(`${long} another ending`))).toBe('repeat');
    expect(conditionExit(chat.advance(MINUTE).say(`y${long}`))).toBe('else');
  });

  it('refuses counts a conversation cannot remember: above 200 messages, above 199 earlier texts', () => {
    const parse = (rule: Record<string, unknown>) => conditionDataSchema.safeParse({ branches: [{ id: 'b', rules: [{ windowMinutes: 60, ...rule }] }] });
    const rate = (count: number) => parse({ field: 'message_rate', of: 'inbound', op: 'gte', count });
    const repeated = (count: number) => parse({ field: 'repeated_text', count });
    expect(rate(200).success).toBe(true);
    expect(repeated(199).success).toBe(true);
    for (const [refused, limit] of [[rate(201), '200'], [repeated(200), '199']] as const) {
      expect(refused.success).toBe(false);
      expect(refused.error?.issues[0]).toMatchObject({ path: ['branches', 0, 'rules', 0, 'count'], message: expect.stringContaining(limit) });
    }
  });
});
