import { TestChat, flowVersion, node, path, textReply, texts } from '../../engine/test-graphs';
import { HTTP_RESULT_GRACE_MS, valueAt } from './run';

function httpFlow(data: Record<string, unknown>) {
  return flowVersion('lead', {
    nodes: [
      node('t', 'trigger', { kind: 'keyword', keywords: [{ text: 'order', match: 'contains' }] }),
      node('h', 'http', data),
      textReply('ok', 'Order {{vars.id}} is {{vars.status|unknown}}'),
      textReply('error', 'The lookup failed'),
    ],
    edges: [['t', 'next', 'h'], ['h', 'ok', 'ok'], ['h', 'error', 'error']],
  });
}

const lookup = {
  method: 'POST',
  url: 'https://api.example.com/orders?who={{contact.id}}',
  headers: [{ name: 'X-Name', value: '{{contact.name}}' }],
  body: '{"text":"{{message.text}}"}',
  timeoutMs: 5000,
  saveAs: [
    { variable: 'id', path: 'data.id' },
    { variable: 'status', path: 'data.items.0.status' },
  ],
};

describe('http node', () => {
  it('asks the runtime to make the rendered request and waits for its result', () => {
    const chat = new TestChat([httpFlow(lookup)]);
    const result = chat.say('my order');
    const giveUpAt = chat.now + 5000 + HTTP_RESULT_GRACE_MS;
    expect(result.effects).toEqual([
      { type: 'schedule', token: 'conv1:1', at: giveUpAt },
      {
        type: 'http',
        token: 'conv1:1',
        request: { method: 'POST', url: 'https://api.example.com/orders?who=contact1', headers: { 'X-Name': 'Ada' }, body: '{"text":"my order"}', timeoutMs: 5000 },
      },
    ]);
    expect(chat.state.session).toMatchObject({ nodeId: 'h', waiting: { kind: 'http', token: 'conv1:1', until: giveUpAt } });
  });

  it('a result in time cancels the give-up timer', () => {
    const chat = new TestChat([httpFlow(lookup)]);
    chat.say('my order');
    const result = chat.httpResult(true, { data: { id: 'A-1' } });
    expect(result.effects).toContainEqual({ type: 'cancel', token: 'conv1:1' });
    expect(chat.timers.size).toBe(0);
  });

  it('no result at all (the process died with the call in flight): the give-up timer leaves by error, and a late result is ignored', () => {
    const chat = new TestChat([httpFlow(lookup)]);
    chat.say('my order');
    const token = chat.state.session?.waiting.token ?? '';
    expect(path(chat.fireTimer())).toEqual(['h>error', '+error', 'error>next']);
    expect(texts(chat.last.effects)).toEqual(['The lookup failed']);
    const late = chat.send({ type: 'http_result', token, ok: true, status: 200, body: { data: { id: 'A-1' } } });
    expect(late.effects).toEqual([]);
    expect(late.trace).toEqual([]);
  });

  it('ok: saves the mapped response values and leaves by ok', () => {
    const chat = new TestChat([httpFlow(lookup)]);
    chat.say('my order');
    const result = chat.httpResult(true, { data: { id: 'A-1', items: [{ status: 'shipped' }] } });
    expect(path(result)).toEqual(['h>ok', '+ok', 'ok>next']);
    expect(texts(result.effects)).toEqual(['Order A-1 is shipped']);
  });

  it('ok with a path that leads nowhere: the variable is null', () => {
    const chat = new TestChat([httpFlow(lookup)]);
    chat.say('my order');
    expect(texts(chat.httpResult(true, { data: { id: 7 } }).effects)).toEqual(['Order 7 is unknown']);
  });

  it('error: leaves by error', () => {
    const chat = new TestChat([httpFlow(lookup)]);
    chat.say('my order');
    expect(path(chat.httpResult(false, 'Bad Gateway', 502))).toEqual(['h>error', '+error', 'error>next']);
  });

  it('a JSON body stays valid JSON whatever the values hold: quotes, backslashes and line breaks are escaped', () => {
    const chat = new TestChat([httpFlow({ ...lookup, body: '{"text": "{{message.text}}", "name": "{{contact.name}}", "tries": {{vars.tries|0}}}' })], { name: 'Ada "The Countess"' });
    const said = 'my order\\A-1 is "lost"\nplease help';
    const request = chat.say(said).effects.find((e) => e.type === 'http');
    expect(request?.type === 'http' ? JSON.parse(request.request.body) : null).toEqual({ text: said, name: 'Ada "The Countess"', tries: 0 });
  });

  it('a body that is not JSON is rendered as written', () => {
    const chat = new TestChat([httpFlow({ ...lookup, body: 'text={{message.text}}&who="{{contact.name}}"' })]);
    const request = chat.say('order "A-1"').effects.find((e) => e.type === 'http');
    expect(request?.type === 'http' ? request.request.body : null).toBe('text=order "A-1"&who="Ada"');
  });

  it('a URL that does not render to http(s) is never requested', () => {
    const chat = new TestChat([httpFlow({ ...lookup, url: '{{vars.endpoint}}' })]);
    const result = chat.say('order');
    expect(result.effects.filter((e) => e.type === 'http')).toEqual([]);
    expect(texts(result.effects)).toEqual(['The lookup failed']);
  });

  it('reads dotted paths into JSON', () => {
    const body = { a: { b: [10, { c: 'x' }] } };
    expect(valueAt(body, '')).toEqual(body);
    expect(valueAt(body, 'a.b.1.c')).toBe('x');
    expect(valueAt(body, 'a.b.0')).toBe(10);
    expect(valueAt(body, 'a.missing.c')).toBeUndefined();
    expect(valueAt(body, 'a.constructor')).toBeUndefined();
  });
});
