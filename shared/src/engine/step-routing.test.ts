import { DAY, HOUR, T0, TestChat, flowVersion, keywordReplyFlow, node, path, textReply, texts } from './test-graphs';
import type { EdgeSpec } from './test-graphs';

describe('step: which trigger fires', () => {
  it('lower priority number wins, whatever the creation order', () => {
    const older = keywordReplyFlow('older', [{ text: 'price' }], 'older flow', { priority: 100, createdAt: 1 });
    const urgent = keywordReplyFlow('urgent', [{ text: 'price' }], 'urgent flow', { priority: 10, createdAt: 2 });
    expect(texts(new TestChat([older, urgent]).say('price?').effects)).toEqual(['urgent flow']);
  });

  it('on equal priority the flow first in the flows list wins, whatever its age', () => {
    const a = keywordReplyFlow('a', [{ text: 'price' }], 'from a', { createdAt: 2 });
    const b = keywordReplyFlow('b', [{ text: 'price list', match: 'contains' }], 'from b', { createdAt: 1 });
    expect(texts(new TestChat([a, b]).say('send me the price list').effects)).toEqual(['from a']);
    expect(texts(new TestChat([b, a]).say('send me the price list').effects)).toEqual(['from b']);
    // Only one overlapping keyword matches here, so that flow answers wherever it stands.
    expect(texts(new TestChat([b, a]).say('what is the price').effects)).toEqual(['from a']);
  });

  it('within one flow, ties go to node order', () => {
    const flow = flowVersion('f', {
      nodes: [
        node('t1', 'trigger', { kind: 'keyword', keywords: [{ text: 'menu' }] }),
        node('t2', 'trigger', { kind: 'any_message' }),
        textReply('r1', 'keyword'),
        textReply('r2', 'any'),
      ],
      edges: [['t1', 'next', 'r1'], ['t2', 'next', 'r2']],
    });
    const chat = new TestChat([flow]);
    expect(texts(chat.say('menu').effects)).toEqual(['keyword']);
    expect(texts(chat.say('something else').effects)).toEqual(['any']);
  });

  it('exact needs the whole message, contains a part, regex a pattern', () => {
    const exact = keywordReplyFlow('exact', [{ text: 'menu', match: 'exact' }], 'exact', { createdAt: 1 });
    const contains = keywordReplyFlow('contains', [{ text: 'refund', match: 'contains' }], 'contains', { createdAt: 2 });
    const regex = keywordReplyFlow('regex', [{ text: '^order\\s*#?\\d{4,}$', match: 'regex' }], 'regex', { createdAt: 3 });
    const chat = new TestChat([exact, contains, regex]);
    expect(texts(chat.say('  MENU ').effects)).toEqual(['exact']);
    expect(path(chat.say('show me the menu'))).toEqual(['?show me the menu']);
    expect(texts(chat.say('I want a refund now').effects)).toEqual(['contains']);
    expect(texts(chat.say('Order #12345').effects)).toEqual(['regex']);
    expect(path(chat.say('order 12'))).toEqual(['?order 12']);
  });

  it('matches full-width and upper-case input', () => {
    const flow = keywordReplyFlow('refund', [{ text: 'refund' }, { text: '退款' }], 'refund flow');
    const chat = new TestChat([flow]);
    expect(texts(chat.say('ＲＥＦＵＮＤ').effects)).toEqual(['refund flow']);
    expect(texts(chat.say('我想申请退款').effects)).toEqual(['refund flow']);
  });

  it('regex keywords are width-insensitive too: full-width letters, digits and spaces match', () => {
    const regex = keywordReplyFlow('regex', [{ text: '^order\\s*#?\\d{4,}$', match: 'regex' }], 'regex');
    const chat = new TestChat([regex]);
    expect(texts(chat.say('ＯＲＤＥＲ　＃１２３４５').effects)).toEqual(['regex']);
    // A pattern written with full-width punctuation still matches the text as the contact typed it.
    const cjk = keywordReplyFlow('cjk', [{ text: '^怎么退款？$', match: 'regex' }], 'cjk');
    expect(texts(new TestChat([cjk]).say('怎么退款？').effects)).toEqual(['cjk']);
  });

  it('a regex keyword that matches the empty string does not fire on an image without text', () => {
    const digits = keywordReplyFlow('digits', [{ text: '^\\d*$', match: 'regex' }], 'order lookup');
    const chat = new TestChat([digits]);
    expect(chat.say('', { messageType: 'image' }).effects).toEqual([]);
    expect(texts(chat.say('12345').effects)).toEqual(['order lookup']);
  });

  it('traces an unmatched message with its normalised text and runs nothing', () => {
    const chat = new TestChat([keywordReplyFlow('f', [{ text: 'hi' }], 'hello')]);
    const result = chat.say('  Where IS my   ORDER ');
    expect(result.trace).toEqual([{ type: 'unmatched', text: 'where is my order' }]);
    expect(result.effects).toEqual([]);
  });

  it('an image without text is not an unmatched keyword', () => {
    const chat = new TestChat([keywordReplyFlow('f', [{ text: 'hi' }], 'hello')]);
    expect(chat.say('', { messageType: 'image' }).trace).toEqual([]);
  });

  it('runs the fallback flow after an unmatched message, from its entry trigger', () => {
    const main = keywordReplyFlow('main', [{ text: 'hi' }], 'hello', { settings: { fallbackFlowId: 'sorry' }, createdAt: 1 });
    const sorry = keywordReplyFlow('sorry', [{ text: 'never typed' }], 'Sorry, I did not get that', { createdAt: 2 });
    const result = new TestChat([main, sorry]).say('blah');
    expect(path(result)).toEqual(['?blah', '+t', 't>next', '+r', 'r>next']);
    expect(result.trace[1]).toMatchObject({ flowId: 'sorry' });
    expect(texts(result.effects)).toEqual(['Sorry, I did not get that']);
  });

  it('reports a fallback flow that is not published', () => {
    const main = keywordReplyFlow('main', [{ text: 'hi' }], 'hello', { settings: { fallbackFlowId: 'gone' } });
    expect(path(new TestChat([main]).say('blah'))).toEqual(['?blah', '!fallback flow gone is not published']);
  });

  it('channel filter and active window decide whether a trigger listens', () => {
    const flow = flowVersion('promo', {
      nodes: [
        node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'promo' }], channels: ['whatsapp'], activeFrom: T0, activeUntil: T0 + DAY }),
        textReply('r', 'promo!'),
      ],
      edges: [['t', 'next', 'r']],
    });
    expect(texts(new TestChat([flow], { channel: 'whatsapp' }).say('promo').effects)).toEqual(['promo!']);
    expect(texts(new TestChat([flow], { channel: 'web' }).say('promo').effects)).toEqual([]);
    expect(texts(new TestChat([flow], { channel: 'whatsapp', now: T0 - 1 }).say('promo').effects)).toEqual([]);
    expect(texts(new TestChat([flow], { channel: 'whatsapp', now: T0 + DAY }).say('promo').effects)).toEqual([]);
  });

  it('a channel filter names a whole kind or one account of it', () => {
    const flowOn = (id: string, channels: string[]) =>
      flowVersion(id, {
        nodes: [node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'promo' }], channels }), textReply('r', `${id}!`)],
        edges: [['t', 'next', 'r']],
      });
    const flows = [flowOn('shop', ['webhook.shop']), flowOn('any-webhook', ['webhook'])];
    expect(texts(new TestChat(flows, { channel: 'webhook.shop' }).say('promo').effects)).toEqual(['shop!']);
    expect(texts(new TestChat(flows, { channel: 'webhook.support' }).say('promo').effects)).toEqual(['any-webhook!']);
    expect(texts(new TestChat(flows, { channel: 'webhook' }).say('promo').effects)).toEqual(['any-webhook!']);
    // "webhook.shop" is not a prefix match for "webhook.shopping"
    expect(texts(new TestChat([flowOn('shop', ['webhook.shop'])], { channel: 'webhook.shopping' }).say('promo').effects)).toEqual([]);
  });

  it('re-entry "once" lets a contact start the flow only the first time', () => {
    const once = keywordReplyFlow('coupon', [{ text: 'coupon' }], 'Your code: HELLO10', { settings: { reentry: 'once' } });
    const chat = new TestChat([once]);
    expect(texts(chat.say('coupon').effects)).toEqual(['Your code: HELLO10']);
    // Nothing starts; the keyword is known, so it is no missed keyword either.
    expect(path(chat.advance(DAY * 30).say('coupon'))).toEqual([]);
    expect(chat.state.activity.flowsEntered).toEqual({ coupon: T0 });
  });

  it('re-entry "once": a keyword the contact may not use again still gets the fallback answer, as any message that starts nothing', () => {
    const once = keywordReplyFlow('coupon', [{ text: 'coupon' }], 'Your code: HELLO10', { settings: { reentry: 'once', fallbackFlowId: 'sorry' }, createdAt: 1 });
    const sorry = keywordReplyFlow('sorry', [{ text: 'never typed' }], 'Sorry, nothing more for you here', { createdAt: 2 });
    const chat = new TestChat([once, sorry]);
    chat.say('coupon');
    const again = chat.advance(DAY).say('coupon');
    expect(path(again)).toEqual(['+t', 't>next', '+r', 'r>next']);
    expect(texts(again.effects)).toEqual(['Sorry, nothing more for you here']);
  });

  it('api_start of a flow the contact may not re-enter says so', () => {
    const flow = flowVersion('notify', {
      nodes: [node('t', 'trigger', { kind: 'api' }), textReply('r', 'Hi')],
      edges: [['t', 'next', 'r']],
      settings: { reentry: 'once' },
    });
    const chat = new TestChat([flow]);
    expect(texts(chat.send({ type: 'api_start', flowId: 'notify', variables: {} }).effects)).toEqual(['Hi']);
    expect(path(chat.send({ type: 'api_start', flowId: 'notify', variables: {} }))).toEqual([
      '!flow notify runs once per contact and this contact already entered it; the flow was not started',
    ]);
  });

  it('first contact fires only on the very first inbound message', () => {
    const welcome = flowVersion('welcome', {
      nodes: [node('t', 'trigger', { kind: 'first_contact' }), textReply('r', 'Welcome, {{contact.name}}!')],
      edges: [['t', 'next', 'r']],
    });
    const chat = new TestChat([welcome]);
    expect(texts(chat.say('hello').effects)).toEqual(['Welcome, Ada!']);
    expect(path(chat.say('hello again'))).toEqual(['?hello again']);
  });

  it('a postback counts as first contact too', () => {
    const welcome = flowVersion('welcome', {
      nodes: [node('t', 'trigger', { kind: 'first_contact' }), textReply('r', 'Welcome')],
      edges: [['t', 'next', 'r']],
    });
    expect(texts(new TestChat([welcome]).press('GET_STARTED').effects)).toEqual(['Welcome']);
  });

  it('returning fires after N days of silence, measured from the previous message', () => {
    const back = flowVersion('back', {
      nodes: [node('t', 'trigger', { kind: 'returning', afterDays: 14 }), textReply('r', 'Welcome back!')],
      edges: [['t', 'next', 'r']],
    });
    const chat = new TestChat([back]);
    expect(path(chat.say('hi'))).toEqual(['?hi']);
    expect(path(chat.advance(14 * DAY - 1).say('still here'))).toEqual(['?still here']);
    // 14 days minus 1 ms after the previous message is not enough; the clock restarts at every message.
    expect(path(chat.advance(14 * DAY - 1).say('hi'))).toEqual(['?hi']);
    expect(texts(chat.advance(14 * DAY).say('hi').effects)).toEqual(['Welcome back!']);
  });

  it('postback triggers fire on a button press and on a message carrying the payload', () => {
    const flow = flowVersion('menu', {
      nodes: [node('t', 'trigger', { kind: 'postback', payloads: ['PRICING'] }), textReply('r', 'Our prices')],
      edges: [['t', 'next', 'r']],
    });
    const chat = new TestChat([flow]);
    expect(texts(chat.press('PRICING', 'Pricing').effects)).toEqual(['Our prices']);
    expect(texts(chat.say('Pricing', { payload: 'PRICING' }).effects)).toEqual(['Our prices']);
    expect(path(chat.press('OTHER'))).toEqual(['?OTHER']);
  });

  it("a quick reply's payload decides over keywords in its title, exactly as the same button sent as a postback", () => {
    const menu = flowVersion('menu', {
      nodes: [node('t', 'trigger', { kind: 'postback', payloads: ['PRICING'], priority: 100 }), textReply('r', 'Our prices')],
      edges: [['t', 'next', 'r']],
      createdAt: 1,
    });
    // A higher-priority keyword that happens to be in the button's title.
    const sales = keywordReplyFlow('sales', [{ text: 'pricing' }], 'Talk to sales', { priority: 10, createdAt: 2 });
    const chat = new TestChat([menu, sales]);
    expect(texts(chat.press('PRICING', 'See pricing').effects)).toEqual(['Our prices']);
    expect(texts(chat.say('See pricing', { payload: 'PRICING' }).effects)).toEqual(['Our prices']);
    // A payload no trigger knows decides nothing: the title is read like typed text.
    expect(texts(chat.say('See pricing', { payload: 'UNKNOWN' }).effects)).toEqual(['Talk to sales']);
    expect(texts(chat.say('See pricing').effects)).toEqual(['Talk to sales']);
  });

  it('tag_added fires when the tag is added, not when removed, and keeps the contact tags in step', () => {
    const flow = flowVersion('vip', {
      nodes: [node('t', 'trigger', { kind: 'tag_added', tag: 'vip' }), textReply('r', 'Welcome to VIP')],
      edges: [['t', 'next', 'r']],
    });
    const chat = new TestChat([flow]);
    expect(texts(chat.send({ type: 'tag_changed', tag: 'vip', added: true }).effects)).toEqual(['Welcome to VIP']);
    expect(chat.state.contact.tags).toEqual(['vip']);
    const removed = chat.send({ type: 'tag_changed', tag: 'vip', added: false });
    expect(removed.trace).toEqual([]);
    expect(chat.state.contact.tags).toEqual([]);
  });

  it('api_start starts the named flow with the given variables', () => {
    const flow = flowVersion('notify', {
      nodes: [node('t', 'trigger', { kind: 'api' }), textReply('r', 'Your order {{vars.order}} shipped')],
      edges: [['t', 'next', 'r']],
    });
    const other = flowVersion('other', { nodes: [node('t', 'trigger', { kind: 'api' })] });
    const chat = new TestChat([flow, other]);
    const result = chat.send({ type: 'api_start', flowId: 'notify', variables: { order: 'A-17' } });
    expect(texts(result.effects)).toEqual(['Your order A-17 shipped']);
    expect(path(chat.send({ type: 'api_start', flowId: 'nope', variables: {} }))).toEqual(['!flow nope has no active api trigger']);
  });
});

describe('step: interrupting a waiting session', () => {
  const askFlow = (interrupt: 'allow' | 'block') =>
    flowVersion('survey', {
      nodes: [
        node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'survey' }] }),
        node('q', 'ask', { question: 'How old are you?', validate: 'number', variable: 'age', timeoutMinutes: 60 }),
        textReply('thanks', 'Thanks, {{vars.age}}'),
      ],
      edges: [['t', 'next', 'q'], ['q', 'answered', 'thanks']],
      settings: { interrupt },
      createdAt: 1,
    });
  const refund = keywordReplyFlow('refund', [{ text: 'refund' }], 'Refund flow', { createdAt: 2 });
  const catchAll = flowVersion('catch', {
    nodes: [node('t', 'trigger', { kind: 'any_message', priority: 1000 }), textReply('r', 'catch-all')],
    edges: [['t', 'next', 'r']],
    createdAt: 3,
  });

  it('allow: a keyword of another flow replaces the waiting ask, cancelling its timer', () => {
    const chat = new TestChat([askFlow('allow'), refund]);
    chat.say('survey');
    const timer = chat.state.session?.waiting.token;
    const result = chat.say('I want a refund');
    expect(path(result)).toEqual(['x q:replaced', '+t', 't>next', '+r', 'r>next']);
    expect(result.trace[0]).toMatchObject({ flowId: 'survey', reason: 'replaced' });
    expect(result.effects).toContainEqual({ type: 'cancel', token: timer });
    expect(texts(result.effects)).toEqual(['Refund flow']);
    expect(chat.state.session).toBeNull();
  });

  it('allow: an answer the waiting ask accepts (a valid email, a choice) is its answer, not a keyword of another flow', () => {
    const lead = flowVersion('lead', {
      nodes: [
        node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'demo' }] }),
        node('q', 'ask', { question: 'Your email?', validate: 'email', variable: 'email' }),
        textReply('ok', 'We will write to {{vars.email}}'),
      ],
      edges: [['t', 'next', 'q'], ['q', 'answered', 'ok']],
      createdAt: 1,
    });
    const chat = new TestChat([lead, refund]);
    chat.say('demo');
    expect(texts(chat.say('refunds@shop.example').effects)).toEqual(['We will write to refunds@shop.example']);
    // Not an email: the keyword of the other flow still takes over, as the interrupt policy allows.
    chat.say('demo');
    expect(texts(chat.say('actually I want a refund').effects)).toEqual(['Refund flow']);

    const topic = flowVersion('topic', {
      nodes: [
        node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'help' }] }),
        node('q', 'ask', { question: 'What about?', validate: 'choice', variable: 'topic', choices: [{ id: 'refund', label: 'Refund' }, { id: 'other', label: 'Something else' }] }),
        textReply('r', 'Topic: {{vars.topic}}'),
      ],
      edges: [['t', 'next', 'q'], ['q', 'refund', 'r']],
      createdAt: 1,
    });
    const quick = new TestChat([topic, refund]);
    quick.say('help');
    // A quick-reply button comes back as its title with the choice id as payload.
    expect(texts(quick.say('Refund', { payload: 'refund' }).effects)).toEqual(['Topic: Refund']);
    quick.say('help');
    expect(texts(quick.say('refund').effects)).toEqual(['Topic: Refund']);
  });

  it('block: the message goes to the waiting ask as its answer', () => {
    const chat = new TestChat([askFlow('block'), refund]);
    chat.say('survey');
    const result = chat.say('refund');
    expect(path(result)).toEqual([]);
    expect(texts(result.effects)).toEqual(["Sorry, I didn't get that. How old are you?"]);
    expect(chat.state.session?.nodeId).toBe('q');
  });

  it('a catch-all trigger never takes over a session waiting for a reply', () => {
    const chat = new TestChat([askFlow('allow'), catchAll]);
    chat.say('survey');
    expect(texts(chat.say('42').effects)).toEqual(['Thanks, 42']);
  });

  it("the waiting flow's own keywords do not restart it", () => {
    const chat = new TestChat([askFlow('allow')]);
    chat.say('survey');
    const result = chat.say('survey');
    expect(path(result)).toEqual([]);
    expect(chat.state.session?.nodeId).toBe('q');
  });

  const delayFlowSpec = {
    nodes: [
      node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'start' }] }),
      node('w', 'wait', { mode: 'delay', amount: 1, unit: 'days' }),
      textReply('r', 'day two'),
    ],
    edges: [['t', 'next', 'w'], ['w', 'next', 'r']] satisfies EdgeSpec[],
    createdAt: 1,
  };
  const delayFlow = (interrupt: 'allow' | 'block') => flowVersion('drip', { ...delayFlowSpec, settings: { interrupt } });

  it('allowed, a keyword of another flow replaces a session waiting for a timer, cancelling the timer', () => {
    const chat = new TestChat([delayFlow('allow'), refund]);
    chat.say('start');
    const timer = chat.state.session?.waiting.token;
    const result = chat.say('refund');
    expect(path(result)).toEqual(['x w:replaced', '+t', 't>next', '+r', 'r>next']);
    expect(result.effects).toContainEqual({ type: 'cancel', token: timer });
  });

  it('a catch-all trigger never takes over a session waiting for a timer: a drip campaign survives small talk', () => {
    const chat = new TestChat([delayFlow('allow'), catchAll]);
    chat.say('start');
    const result = chat.say('hello?');
    // The catch-all understood the message, so it is no missed keyword; it just may not replace the session.
    expect(path(result)).toEqual([]);
    expect(result.effects).toEqual([]);
    expect(texts(chat.fireTimer().effects)).toEqual(['day two']);
  });

  it('blocked, a session waiting for a timer keeps waiting; an unmatched message is still recorded', () => {
    const chat = new TestChat([delayFlow('block'), refund]);
    chat.say('start');
    expect(path(chat.say('refund'))).toEqual([]);
    expect(path(chat.say('hello?'))).toEqual(['?hello?']);
    expect(chat.state.session?.nodeId).toBe('w');
    expect(texts(chat.fireTimer().effects)).toEqual(['day two']);
  });

  it("re-entry 'always': the flow's own keyword restarts a session waiting for a timer", () => {
    const chat = new TestChat([delayFlow('allow')]);
    chat.say('start');
    const first = chat.state.session?.waiting.token;
    const result = chat.advance(HOUR).say('start');
    expect(path(result)).toEqual(['x w:replaced', '+t', 't>next', '+w']);
    expect(result.trace[0]).toMatchObject({ flowId: 'drip', reason: 'replaced' });
    expect(result.effects).toEqual([
      { type: 'cancel', token: first },
      { type: 'schedule', token: chat.state.session?.waiting.token, at: T0 + HOUR + DAY },
    ]);
    expect([...chat.timers.values()]).toEqual([T0 + HOUR + DAY]);
    // The first timer is stale now: firing it does nothing.
    expect(chat.send({ type: 'timer', token: first ?? '' }).trace).toEqual([]);
    expect(texts(chat.fireTimer().effects)).toEqual(['day two']);
  });

  it("re-entry 'once': the flow's own keyword starts nothing and is no missed keyword; the session keeps waiting", () => {
    const drip = flowVersion('drip', { ...delayFlowSpec, settings: { reentry: 'once' } });
    const chat = new TestChat([drip]);
    chat.say('start');
    const timer = chat.state.session?.waiting.token;
    const result = chat.advance(HOUR).say('start');
    expect(result.trace).toEqual([]);
    expect(result.effects).toEqual([]);
    expect(chat.state.session?.waiting.token).toBe(timer);
    expect(texts(chat.fireTimer().effects)).toEqual(['day two']);
  });

  it("blocked, not even the flow's own keyword restarts a session waiting for a timer", () => {
    const chat = new TestChat([delayFlow('block')]);
    chat.say('start');
    expect(path(chat.advance(HOUR).say('start'))).toEqual([]);
    expect(texts(chat.fireTimer().effects)).toEqual(['day two']);
  });

  const lookupFlow = (settings: { fallbackFlowId?: string } = {}) =>
    flowVersion('lookup', {
      nodes: [
        node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'order' }] }),
        node('h', 'http', { url: 'https://api.example.com/orders', saveAs: [{ variable: 'status', path: 'status' }] }),
        textReply('ok', 'Your order is {{vars.status}}'),
      ],
      edges: [['t', 'next', 'h'], ['h', 'ok', 'ok']],
      settings,
      createdAt: 1,
    });

  it('a catch-all trigger never takes over a session waiting for an http result', () => {
    const chat = new TestChat([lookupFlow(), catchAll]);
    chat.say('my order');
    const result = chat.say('hello?');
    expect(path(result)).toEqual([]);
    expect(result.effects).toEqual([]);
    expect(texts(chat.httpResult(true, { status: 'shipped' }).effects)).toEqual(['Your order is shipped']);
  });

  it('a keyword of another flow replaces a session waiting for an http result; the late result is ignored', () => {
    const chat = new TestChat([lookupFlow(), refund]);
    chat.say('my order');
    const call = chat.state.session?.waiting.token ?? '';
    const result = chat.say('refund please');
    expect(path(result)).toEqual(['x h:replaced', '+t', 't>next', '+r', 'r>next']);
    expect(result.effects).toContainEqual({ type: 'cancel', token: call });
    const late = chat.send({ type: 'http_result', token: call, ok: true, status: 200, body: { status: 'shipped' } });
    expect(late.trace).toEqual([]);
    expect(late.effects).toEqual([]);
  });

  it('an unmatched message during an http call is traced unmatched, starts no fallback, and the call goes on', () => {
    const sorry = keywordReplyFlow('sorry', [{ text: 'never typed' }], 'Sorry?', { createdAt: 2 });
    const chat = new TestChat([lookupFlow({ fallbackFlowId: 'sorry' }), sorry]);
    chat.say('my order');
    const result = chat.say('hello?');
    expect(path(result)).toEqual(['?hello?']);
    expect(result.effects).toEqual([]);
    expect(chat.state.session?.nodeId).toBe('h');
    expect(texts(chat.httpResult(true, { status: 'shipped' }).effects)).toEqual(['Your order is shipped']);
  });

  it("re-entry 'always': the flow's own keyword during an http call restarts it with a fresh call", () => {
    const chat = new TestChat([lookupFlow()]);
    chat.say('my order');
    const first = chat.state.session?.waiting.token;
    const result = chat.say('order?');
    expect(path(result)).toEqual(['x h:replaced', '+t', 't>next', '+h']);
    const second = chat.state.session?.waiting.token;
    expect(second).not.toBe(first);
    expect(result.effects.map((e) => [e.type, 'token' in e ? e.token : null])).toEqual([
      ['cancel', first],
      ['schedule', second],
      ['http', second],
    ]);
  });

  it('while handed off, nothing automated runs, but activity is still recorded', () => {
    const flow = flowVersion('help', {
      nodes: [node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'agent' }] }), node('h', 'handoff', {})],
      edges: [['t', 'next', 'h']],
    });
    const chat = new TestChat([flow, keywordReplyFlow('hi', [{ text: 'hi' }], 'hello', { priority: 0 })]);
    chat.say('agent');
    const result = chat.advance(HOUR).say('hi');
    expect(result.effects).toEqual([]);
    expect(result.trace).toEqual([]);
    expect(chat.state.activity.lastInboundAt).toBe(T0 + HOUR);
    expect(path(chat.send({ type: 'api_start', flowId: 'hi', variables: {} }))).toEqual([
      '!the conversation is handed off to a person; the flow was not started',
    ]);
  });
});
