import type { FlowChangeEvent } from '@parley/shared';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { connected, nextEvent, openSocket } from '../../__tests__/support/socket-client';
import { createTestParley, keywordReplyFlow, postWebhook, type TestParley } from '../../__tests__/support/test-parley';

describe('/live flow events', () => {
  let t: TestParley;
  let url: string;
  const sockets: Socket[] = [];
  const open = (authorization: string): Socket => {
    const socket = openSocket(url, '/live', { token: authorization.slice('Bearer '.length) });
    sockets.push(socket);
    return socket;
  };

  beforeEach(async () => {
    t = await createTestParley();
    url = await t.listen();
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await t.close();
  });

  /** Every `flow` event this socket gets, in order. */
  function record(socket: Socket): FlowChangeEvent[] {
    const events: FlowChangeEvent[] = [];
    socket.on('flow', (event: FlowChangeEvent) => events.push(event));
    return events;
  }

  it('tells those who read flows who created, saved, published, archived and unarchived a flow, at which revision', async () => {
    const { user, headers } = await t.userWithToken('editor');
    const analyst = open((await t.userWithToken('analyst')).headers.authorization);
    await connected(analyst);
    const events = record(analyst);

    await request(t.app).post('/api/flows').set(headers).send(keywordReplyFlow('hello', 'hi', 'Hello!'));
    await request(t.app).put('/api/flows/hello').set(headers).send({ name: 'Greeting', revision: 0 });
    const published = nextEvent<FlowChangeEvent>(analyst, 'flow');
    await request(t.app).post('/api/flows/hello/publish').set(headers).send({ revision: 1 });
    await published;
    await request(t.app).post('/api/flows/hello/archive').set(headers);
    const last = nextEvent<FlowChangeEvent>(analyst, 'flow');
    await request(t.app).post('/api/flows/hello/unarchive').set(headers);
    await last;

    expect(events).toEqual([
      { flowId: 'hello', kind: 'created', revision: 0, by: user.name },
      { flowId: 'hello', kind: 'saved', revision: 1, by: user.name },
      { flowId: 'hello', kind: 'published', revision: 2, by: user.name },
      { flowId: 'hello', kind: 'archived', revision: 3, by: user.name },
      { flowId: 'hello', kind: 'unarchived', revision: 4, by: user.name },
    ]);
  });

  it('announces a reorder, and a refused save announces nothing', async () => {
    const { user, headers } = await t.userWithToken('editor');
    for (const id of ['a', 'b']) await request(t.app).post('/api/flows').set(headers).send({ id, name: id });
    const editorSocket = open(headers.authorization);
    await connected(editorSocket);
    const events = record(editorSocket);

    expect((await request(t.app).put('/api/flows/a').set(headers).send({ name: 'x', revision: 7 })).status).toBe(409);
    const order = nextEvent<unknown>(editorSocket, 'flows-order');
    await request(t.app).put('/api/flow-order').set(headers).send({ ids: ['b', 'a'] });
    expect(await order).toEqual({ ids: ['b', 'a'], by: user.name });
    expect(events).toEqual([]);
  });

  it('keeps flow events from agents, who do not read flows', async () => {
    const { headers } = await t.userWithToken('editor');
    const agent = open((await t.userWithToken('agent')).headers.authorization);
    await connected(agent);
    const events = record(agent);
    await request(t.app).post('/api/flows').set(headers).send(keywordReplyFlow('hello', 'hi', 'Hello!'));
    await request(t.app).post('/api/flows/hello/publish').set(headers).send({ revision: 0 });

    // Sent after the flow events on the same namespace: once it arrives, any flow event would have too.
    const message = nextEvent(agent, 'message');
    await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'm1', text: 'hi' });
    await message;
    expect(events).toEqual([]);
  });
});
