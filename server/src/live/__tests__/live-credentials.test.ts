import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { connected, nextEvent, openSocket, refused } from '../../__tests__/support/socket-client';
import { createTestParley, keywordReplyFlow, postWebhook, type TestParley } from '../../__tests__/support/test-parley';
import { SESSION_TTL_MS } from '../../auth/session-cookie';

const PASSWORD = 'correct horse battery';

/** A /live socket signed in with an API token or a session cookie. */
function open(url: string, options: { token?: string; cookie?: string }): Socket {
  return openSocket(url, '/live', options.token ? { token: options.token } : {}, options.cookie || undefined);
}

/** Resolves with the reason the socket was disconnected. */
function disconnected(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

describe('/live sockets end with their credential', () => {
  let t: TestParley;
  let url: string;
  const sockets: Socket[] = [];
  const track = (socket: Socket) => (sockets.push(socket), socket);

  beforeEach(async () => {
    t = await createTestParley();
    const editor = (await t.userWithToken('editor')).headers;
    await request(t.app).post('/api/flows').set(editor).send(keywordReplyFlow('hello', 'hello', 'Hi!'));
    await request(t.app).post('/api/flows/hello/publish').set(editor).send({ revision: 0 });
    await t.auth.createUser({ email: 'ann@example.com', password: PASSWORD, name: 'Ann', role: 'agent', teams: [] });
    url = await t.listen();
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await t.close();
  });

  async function loginCookie(): Promise<string> {
    const res = await request(t.app).post('/api/auth/login').send({ email: 'ann@example.com', password: PASSWORD });
    expect(res.status).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] ?? '';
  }

  /** A live event reaches this socket: it is still connected and subscribed. */
  async function stillLive(socket: Socket, messageId: string): Promise<void> {
    const message = nextEvent<{ message: { direction: string } }>(socket, 'message');
    await postWebhook(t.app, t.clock, { contactId: 'c1', messageId, text: 'hello' });
    expect(await message).toMatchObject({ message: { direction: 'in' } });
  }

  it("logging out disconnects that session's socket, and only that session's", async () => {
    const laptop = await loginCookie();
    const phone = await loginCookie();
    const laptopSocket = track(open(url, { cookie: laptop }));
    const phoneSocket = track(open(url, { cookie: phone }));
    await Promise.all([connected(laptopSocket), connected(phoneSocket)]);
    const laptopGone = disconnected(laptopSocket);

    expect((await request(t.app).post('/api/auth/logout').set('cookie', laptop)).status).toBe(204);

    expect(await laptopGone).toBe('io server disconnect');
    expect(phoneSocket.connected).toBe(true);
    await stillLive(phoneSocket, 'm1');
    expect(await refused(track(open(url, { cookie: laptop })))).toBe('unauthenticated');
  });

  it('revoking an API token disconnects the sockets opened with it', async () => {
    const { headers } = await t.userWithToken('agent');
    const created = await request(t.app).post('/api/auth/tokens').set(headers).send({ name: 'dashboard' });
    const dashboard = track(open(url, { token: created.body.token }));
    const other = track(open(url, { token: headers.authorization.slice('Bearer '.length) }));
    await Promise.all([connected(dashboard), connected(other)]);
    const dashboardGone = disconnected(dashboard);

    expect((await request(t.app).delete(`/api/auth/tokens/${created.body.id}`).set(headers)).status).toBe(204);

    expect(await dashboardGone).toBe('io server disconnect');
    await stillLive(other, 'm1');
    expect(await refused(track(open(url, { token: created.body.token })))).toBe('unauthenticated');
  });

  it('disconnects a socket when its session expires', async () => {
    const cookie = await loginCookie();
    // Connect 300 ms before the session's end: the socket gets those 300 ms and no more.
    t.clock.advance(SESSION_TTL_MS - 300);
    const socket = track(open(url, { cookie }));
    await connected(socket);
    expect(await disconnected(socket)).toBe('io server disconnect');

    t.clock.advance(300);
    expect(await refused(track(open(url, { cookie })))).toBe('unauthenticated');
  });

  it('keeps a socket of a token that never expires connected', async () => {
    const { headers } = await t.userWithToken('agent');
    const socket = track(open(url, { token: headers.authorization.slice('Bearer '.length) }));
    await connected(socket);
    t.clock.advance(365 * 24 * 3600_000);
    await stillLive(socket, 'm1');
  });
});
