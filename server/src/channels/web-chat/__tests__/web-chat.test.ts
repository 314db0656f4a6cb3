import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { connected, emitWithAck, nextEvent, openSocket, refused } from '../../../__tests__/support/socket-client';
import { createTestParley, keywordReplyFlow, postWebhook, type TestParley } from '../../../__tests__/support/test-parley';

const buttonFlow = {
  id: 'menu',
  name: 'Menu',
  graph: {
    nodes: [
      { id: 't', type: 'trigger', data: { kind: 'keyword', keywords: [{ text: 'menu', match: 'exact' }] } },
      { id: 'r', type: 'reply', data: { messages: [{ type: 'text', text: 'Pick one', buttons: [{ title: 'Prices', payload: 'PRICES' }] }] } },
      { id: 'p', type: 'trigger', data: { kind: 'postback', payloads: ['PRICES'] } },
      { id: 'r2', type: 'reply', data: { messages: [{ type: 'text', text: 'From 10 €.' }] } },
    ],
    edges: [
      { id: 'e1', source: 't', sourceHandle: 'next', target: 'r' },
      { id: 'e2', source: 'p', sourceHandle: 'next', target: 'r2' },
    ],
  },
};

type Ack = { ok?: true; duplicate?: boolean; conversationId?: string | null; error?: { code: string; message: string } };

describe('web chat over socket.io', () => {
  let t: TestParley;
  let url: string;
  const sockets: Socket[] = [];
  const track = (socket: Socket) => (sockets.push(socket), socket);

  beforeEach(async () => {
    t = await createTestParley();
    const editor = (await t.userWithToken('editor')).headers;
    for (const flow of [keywordReplyFlow('hello', 'hello', 'Hello from Parley!'), buttonFlow]) {
      await request(t.app).post('/api/flows').set(editor).send(flow);
      await request(t.app).post(`/api/flows/${flow.id}/publish`).set(editor).send({ revision: 0 });
    }
    url = await t.listen();
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await t.close();
  });

  it('runs a visitor message through the flow and delivers the reply to the visitor (every open tab)', async () => {
    const tab1 = track(openSocket(url, '/chat', { visitorId: 'visitor-0001' }));
    const tab2 = track(openSocket(url, '/chat', { visitorId: 'visitor-0001' }));
    const stranger = track(openSocket(url, '/chat', { visitorId: 'visitor-0002' }));
    await Promise.all([connected(tab1), connected(tab2), connected(stranger)]);
    let strangerGotMessage = false;
    stranger.on('message', () => (strangerGotMessage = true));

    const ack = await emitWithAck<Ack>(tab1, 'message', { id: 'msg-1', text: 'hello' });
    expect(ack).toMatchObject({ ok: true, duplicate: false, conversationId: expect.any(String) });
    const replies = Promise.all([nextEvent<{ id: string; type: string; text: string }>(tab1, 'message'), nextEvent<{ text: string }>(tab2, 'message')]);
    await t.runtime.tick();
    const [reply1, reply2] = await replies;
    expect(reply1).toMatchObject({ type: 'text', text: 'Hello from Parley!', id: expect.any(String), conversationId: ack.conversationId });
    expect(reply2.text).toBe('Hello from Parley!');
    // A round trip on the stranger's socket proves its events would have arrived by now.
    await emitWithAck<Ack>(stranger, 'message', { id: 'x', text: 'nothing matches this' });
    expect(strangerGotMessage).toBe(false);
    expect((await t.store.findConversation('web', 'visitor-0001'))?.id).toBe(ack.conversationId);
  });

  it('runs button postbacks, and acknowledges a repeated message id without running it again', async () => {
    const socket = track(openSocket(url, '/chat', { visitorId: 'visitor-0001' }));
    await connected(socket);
    await emitWithAck<Ack>(socket, 'message', { id: 'm1', text: 'menu' });
    const menu = nextEvent<{ buttons: { payload: string }[] }>(socket, 'message');
    await t.runtime.tick();
    expect((await menu).buttons[0]?.payload).toBe('PRICES');

    const again = await emitWithAck<Ack>(socket, 'message', { id: 'm1', text: 'menu' });
    expect(again).toMatchObject({ ok: true, duplicate: true });

    const ack = await emitWithAck<Ack>(socket, 'postback', { id: 'b1', payload: 'PRICES', title: 'Prices' });
    expect(ack.ok).toBe(true);
    const prices = nextEvent<{ text: string }>(socket, 'message');
    await t.runtime.tick();
    expect((await prices).text).toBe('From 10 €.');
    const conversation = await t.store.findConversation('web', 'visitor-0001');
    const messages = await t.store.listMessages(conversation?.id ?? '', 10);
    expect(messages.map((m) => m.direction)).toEqual(['in', 'out', 'in', 'out']);
  });

  it('sends the conversation so far when a visitor comes back', async () => {
    const first = track(openSocket(url, '/chat', { visitorId: 'visitor-0001' }));
    await connected(first);
    await emitWithAck<Ack>(first, 'message', { id: 'm1', text: 'hello' });
    await t.runtime.tick();
    first.disconnect();

    const back = track(openSocket(url, '/chat', { visitorId: 'visitor-0001' }));
    const history = nextEvent<{ direction: string; body: { text: string } }[]>(back, 'history');
    await connected(back);
    expect((await history).map((m) => [m.direction, m.body.text])).toEqual([
      ['in', 'hello'],
      ['out', 'Hello from Parley!'],
    ]);
  });

  it('refuses a missing or malformed visitorId, and answers a malformed message with an error ack', async () => {
    expect(await refused(track(openSocket(url, '/chat', {})))).toMatch(/visitorId/);
    expect(await refused(track(openSocket(url, '/chat', { visitorId: 'short' })))).toMatch(/visitorId/);
    expect(await refused(track(openSocket(url, '/chat', { visitorId: '../../etc/passwd-x' })))).toMatch(/visitorId/);

    const socket = track(openSocket(url, '/chat', { visitorId: 'visitor-0001' }));
    await connected(socket);
    const ack = await emitWithAck<Ack>(socket, 'message', { id: 'm1' });
    expect(ack.error).toEqual({ code: 'invalid_request', message: 'message.text: required', details: [{ path: ['text'], message: 'required', code: 'invalid_type' }] });
    const postback = await emitWithAck<Ack>(socket, 'postback', { id: 'p1', payload: '' });
    expect(postback.error?.message).toMatch(/^postback\.payload: /);
    expect(await t.store.findConversation('web', 'visitor-0001')).toBeNull();
  });

  it('tells a refused visitor why in the API error format (connect_error data)', async () => {
    const socket = track(openSocket(url, '/chat', { visitorId: 'has spaces in it' }));
    const error = await new Promise<Error & { data?: unknown }>((resolve) => socket.once('connect_error', resolve));
    expect(error.data).toEqual({ error: { code: 'invalid_request', message: expect.stringMatching(/^auth\.visitorId: /), details: [expect.objectContaining({ path: ['visitorId'] })] } });
  });
});

describe('staff live events on /live', () => {
  let t: TestParley;
  let url: string;
  const sockets: Socket[] = [];
  const track = (socket: Socket) => (sockets.push(socket), socket);

  beforeEach(async () => {
    t = await createTestParley();
    const editor = (await t.userWithToken('editor')).headers;
    await request(t.app).post('/api/flows').set(editor).send(keywordReplyFlow('hello', 'hello', 'Hi!'));
    await request(t.app).post('/api/flows/hello/publish').set(editor).send({ revision: 0 });
    url = await t.listen();
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await t.close();
  });

  it('refuses sockets without a valid session or token', async () => {
    expect(await refused(track(openSocket(url, '/live', {})))).toBe('unauthenticated');
    expect(await refused(track(openSocket(url, '/live', { token: 'pat_made-up' })))).toBe('unauthenticated');
  });

  it('sends agents conversations and messages, and analysts stats, as they happen', async () => {
    const agentToken = (await t.userWithToken('agent')).headers.authorization.replace('Bearer ', '');
    const analystToken = (await t.userWithToken('analyst')).headers.authorization.replace('Bearer ', '');
    const agent = track(openSocket(url, '/live', { token: agentToken }));
    const analyst = track(openSocket(url, '/live', { token: analystToken }));
    await Promise.all([connected(agent), connected(analyst)]);
    const agentEvents: string[] = [];
    const analystEvents: string[] = [];
    for (const event of ['conversation', 'message', 'stats']) {
      agent.on(event, () => agentEvents.push(event));
      analyst.on(event, () => analystEvents.push(event));
    }
    const stats = nextEvent<{ flowIds: string[] }>(analyst, 'stats');
    const message = nextEvent<{ conversationId: string; message: { direction: string } }>(agent, 'message');
    const res = await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'm1', text: 'hello' });
    expect((await stats).flowIds).toEqual(['hello']);
    expect(await message).toMatchObject({ conversationId: res.body.conversationId, message: { direction: 'in' } });
    expect(agentEvents).toContain('conversation');
    expect(agentEvents).not.toContain('stats');
    expect(analystEvents).toEqual(['stats']);
  });

  it('accepts the session cookie of a signed-in user', async () => {
    await t.auth.createUser({ email: 'ann@example.com', password: 'correct horse battery', name: 'Ann', role: 'agent', teams: [] });
    const login = await request(t.app).post('/api/auth/login').send({ email: 'ann@example.com', password: 'correct horse battery' });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const socket = track(openSocket(url, '/live', {}, cookie));
    await connected(socket);
    expect(socket.connected).toBe(true);
  });
});
