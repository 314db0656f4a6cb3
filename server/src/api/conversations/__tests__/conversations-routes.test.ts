import request from 'supertest';
import { createTestParley, postWebhook, replyTexts, type TestParley } from '../../../__tests__/support/test-parley';

const handoffFlow = {
  id: 'human',
  name: 'Talk to a human',
  graph: {
    nodes: [
      { id: 't', type: 'trigger', data: { kind: 'keyword', keywords: [{ text: 'human', match: 'contains' }] } },
      { id: 'h', type: 'handoff', data: { team: 'support', strategy: 'least_busy', message: 'Passing you to a person.' } },
      { id: 'done', type: 'reply', data: { messages: [{ type: 'text', text: 'Glad we could help!' }] } },
      { id: 'nobody', type: 'reply', data: { messages: [{ type: 'text', text: 'Nobody is around.' }] } },
    ],
    edges: [
      { id: 'e1', source: 't', sourceHandle: 'next', target: 'h' },
      { id: 'e2', source: 'h', sourceHandle: 'resolved', target: 'done' },
      { id: 'e3', source: 'h', sourceHandle: 'no_agent', target: 'nobody' },
    ],
  },
};

const apiFlow = {
  id: 'order-update',
  name: 'Order update',
  graph: {
    nodes: [
      { id: 't', type: 'trigger', data: { kind: 'api' } },
      { id: 'r', type: 'reply', data: { messages: [{ type: 'text', text: 'Your order {{vars.order}} has shipped.' }] } },
    ],
    edges: [{ id: 'e1', source: 't', sourceHandle: 'next', target: 'r' }],
  },
};

describe('conversations and contacts API', () => {
  let t: TestParley;
  let agent: { authorization: string };
  let agentId: string;
  beforeEach(async () => {
    t = await createTestParley();
    const admin = (await t.userWithToken('admin')).headers;
    const a = await t.userWithToken('agent', ['support']);
    agent = a.headers;
    agentId = a.user.id;
    for (const flow of [handoffFlow, apiFlow]) {
      expect((await request(t.app).post('/api/flows').set(admin).send(flow)).status).toBe(201);
      expect((await request(t.app).post(`/api/flows/${flow.id}/publish`).set(admin).send({ revision: 0 })).status).toBe(200);
    }
  });
  afterEach(async () => {
    await t.close();
  });

  async function handedOff(contactId: string): Promise<string> {
    const res = await postWebhook(t.app, t.clock, { contactId, name: 'Mia', messageId: `${contactId}-1`, text: 'I want a human' });
    expect(replyTexts(res)).toEqual(['Passing you to a person.']);
    return res.body.conversationId;
  }

  it('lists conversations filtered by status, assignee and channel, and reads one with its messages', async () => {
    const id = await handedOff('c1');
    await postWebhook(t.app, t.clock, { contactId: 'c2', messageId: 'c2-1', text: 'just browsing' });

    const all = await request(t.app).get('/api/conversations').set(agent);
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(2);
    const mine = await request(t.app).get(`/api/conversations?status=handed_off&assignee=${agentId}&channel=webhook`).set(agent);
    expect(mine.body.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(mine.body[0]).toMatchObject({ status: 'handed_off', assignee: agentId, team: 'support', channel: 'webhook', externalId: 'c1' });
    expect((await request(t.app).get('/api/conversations?status=closed').set(agent)).body).toEqual([]);
    expect((await request(t.app).get('/api/conversations?limit=1').set(agent)).body).toHaveLength(1);

    const one = await request(t.app).get(`/api/conversations/${id}`).set(agent);
    expect(one.body.state.contact.name).toBe('Mia');
    const messages = await request(t.app).get(`/api/conversations/${id}/messages`).set(agent);
    expect(messages.body.map((m: { direction: string }) => m.direction)).toEqual(['in', 'out']);
    expect(messages.body[0].body.text).toBe('I want a human');
    expect((await request(t.app).get(`/api/conversations/${id}/messages?limit=1`).set(agent)).body).toHaveLength(1);
  });

  it('names bad filters and answers unknown conversations with 404', async () => {
    const status = await request(t.app).get('/api/conversations?status=sleeping').set(agent);
    expect(status.status).toBe(400);
    expect(status.body.error.details[0].path).toEqual(['status']);
    const limit = await request(t.app).get('/api/conversations?limit=100000').set(agent);
    expect(limit.status).toBe(400);
    expect(limit.body.error.details[0].path).toEqual(['limit']);
    expect((await request(t.app).get('/api/conversations/nope').set(agent)).status).toBe(404);
    expect((await request(t.app).get('/api/conversations/nope/messages').set(agent)).status).toBe(404);
    expect((await request(t.app).post('/api/conversations/nope/resolve').set(agent)).status).toBe(404);
  });

  it('resolves a handoff: the flow continues on `resolved`; resolving again is 409', async () => {
    const id = await handedOff('c1');
    const resolved = await request(t.app).post(`/api/conversations/${id}/resolve`).set(agent);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id, status: 'bot', assignee: null });
    const messages = await request(t.app).get(`/api/conversations/${id}/messages`).set(agent);
    expect(messages.body.at(-1).body.text).toBe('Glad we could help!');

    const again = await request(t.app).post(`/api/conversations/${id}/resolve`).set(agent);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('not_handed_off');
  });

  it("changes the contact's tags; an empty change is 400", async () => {
    const id = await handedOff('c1');
    const added = await request(t.app).post(`/api/conversations/${id}/tags`).set(agent).send({ add: ['vip', 'refund'] });
    expect(added.status).toBe(200);
    expect(added.body.state.contact.tags).toEqual(['vip', 'refund']);
    const removed = await request(t.app).post(`/api/conversations/${id}/tags`).set(agent).send({ remove: ['refund'] });
    expect(removed.body.state.contact.tags).toEqual(['vip']);
    const empty = await request(t.app).post(`/api/conversations/${id}/tags`).set(agent).send({});
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toEqual(['add']);
    const tooLong = await request(t.app).post(`/api/conversations/${id}/tags`).set(agent).send({ add: ['x'.repeat(61)] });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].path).toEqual(['add', 0]);
    expect((await t.store.getConversation(id))?.state.contact.tags).toEqual(['vip']);
  });

  it("starts a flow through its api trigger with variables; unknown flows are 404 naming flowId", async () => {
    const first = await postWebhook(t.app, t.clock, { contactId: 'c9', messageId: 'c9-1', text: 'hello' });
    const id: string = first.body.conversationId;
    const started = await request(t.app).post(`/api/conversations/${id}/start`).set(agent).send({ flowId: 'order-update', variables: { order: 'A123' } });
    expect(started.status).toBe(200);
    const messages = await request(t.app).get(`/api/conversations/${id}/messages`).set(agent);
    expect(messages.body.at(-1).body.text).toBe('Your order A123 has shipped.');

    const unknown = await request(t.app).post(`/api/conversations/${id}/start`).set(agent).send({ flowId: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details[0].path).toEqual(['flowId']);
    const badVariable = await request(t.app).post(`/api/conversations/${id}/start`).set(agent).send({ flowId: 'order-update', variables: { 'bad name': 1 } });
    expect(badVariable.status).toBe(400);
    expect(badVariable.body.error.details[0].path[0]).toBe('variables');
  });

  it('answers an unknown conversation with the same 404 not_found on every route', async () => {
    const routes = [
      request(t.app).get('/api/conversations/nope').set(agent),
      request(t.app).get('/api/conversations/nope/messages').set(agent),
      request(t.app).post('/api/conversations/nope/resolve').set(agent),
      request(t.app).post('/api/conversations/nope/tags').set(agent).send({ add: ['vip'] }),
      request(t.app).post('/api/conversations/nope/start').set(agent).send({ flowId: 'order-update' }),
    ];
    for (const res of await Promise.all(routes)) {
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({ code: 'not_found', message: 'conversation "nope" not found', details: [] });
    }
  });

  it('refuses to start a flow that has no api trigger, or a handed-off conversation, with 409 and sends nothing', async () => {
    const first = await postWebhook(t.app, t.clock, { contactId: 'c9', messageId: 'c9-1', text: 'hello' });
    const id: string = first.body.conversationId;
    const before = (await t.store.listMessages(id, 100)).length;
    const noApiTrigger = await request(t.app).post(`/api/conversations/${id}/start`).set(agent).send({ flowId: 'human' });
    expect(noApiTrigger.status).toBe(409);
    expect(noApiTrigger.body.error).toMatchObject({ code: 'no_api_trigger', details: [{ path: ['flowId'] }] });
    expect(noApiTrigger.body.error.message).toMatch(/has no api trigger/);

    const handed = await handedOff('c1');
    const busy = await request(t.app).post(`/api/conversations/${handed}/start`).set(agent).send({ flowId: 'order-update' });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('handed_off');
    expect((await t.store.listMessages(id, 100)).length).toBe(before);
    expect((await t.store.listMessages(handed, 100)).map((m) => m.direction)).toEqual(['in', 'out']);
  });

  it('refuses with 409 and the reason when the engine will not start the flow, and changes nothing', async () => {
    const admin = (await t.userWithToken('admin')).headers;
    const survey = {
      id: 'survey',
      name: 'Survey',
      settings: { interrupt: 'block' },
      graph: {
        nodes: [
          { id: 't', type: 'trigger', data: { kind: 'keyword', keywords: [{ text: 'survey', match: 'exact' }] } },
          { id: 'q', type: 'ask', data: { question: 'How did we do?', variable: 'score' } },
        ],
        edges: [{ id: 'e1', source: 't', sourceHandle: 'next', target: 'q' }],
      },
    };
    expect((await request(t.app).post('/api/flows').set(admin).send(survey)).status).toBe(201);
    expect((await request(t.app).post('/api/flows/survey/publish').set(admin).send({ revision: 0 })).status).toBe(200);
    const asked = await postWebhook(t.app, t.clock, { contactId: 'c7', messageId: 'c7-1', text: 'survey' });
    expect(replyTexts(asked)).toEqual(['How did we do?']);
    const id: string = asked.body.conversationId;
    const before = await request(t.app).get(`/api/conversations/${id}`).set(agent);

    const refused = await request(t.app).post(`/api/conversations/${id}/start`).set(agent).send({ flowId: 'order-update', variables: { order: 'A1' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'flow_not_started', message: expect.stringMatching(/session of flow survey is waiting and may not be interrupted/) });
    expect((await request(t.app).get(`/api/conversations/${id}`).set(agent)).body).toEqual(before.body);
    expect((await t.store.listMessages(id, 100)).map((m) => m.direction)).toEqual(['in', 'out']);
  });

  it('refuses variables nested absurdly deep with 400 instead of crashing', async () => {
    const first = await postWebhook(t.app, t.clock, { contactId: 'c9', messageId: 'c9-1', text: 'hello' });
    const id: string = first.body.conversationId;
    const raw = `{"flowId":"order-update","variables":{"order":${'['.repeat(3000)}${']'.repeat(3000)}}}`;
    const res = await request(t.app).post(`/api/conversations/${id}/start`).set(agent).set('content-type', 'application/json').send(raw);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('too_deep');
    expect((await t.store.getConversation(id))?.state.session).toBeNull();
  });

  it('names the bad variable with the rule it breaks', async () => {
    const first = await postWebhook(t.app, t.clock, { contactId: 'c9', messageId: 'c9-1', text: 'hello' });
    const res = await request(t.app).post(`/api/conversations/${first.body.conversationId}/start`).set(agent).send({ flowId: 'order-update', variables: { 'bad name': 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('body.variables.bad name: variable: a name like order_id');
  });

  it('shows contacts as a view over conversations', async () => {
    const id = await handedOff('c1');
    t.clock.advance(60_000);
    await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'c1-2', text: 'still there?' });
    await request(t.app).post(`/api/conversations/${id}/tags`).set(agent).send({ add: ['vip'] });

    const list = await request(t.app).get('/api/contacts').set(agent);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      { id: 'webhook:c1', conversationId: id, name: 'Mia', channel: 'webhook', externalId: 'c1', tags: ['vip'], attributes: expect.any(Object), lastSeenAt: t.clock.now() },
    ]);
    const one = await request(t.app).get('/api/contacts/webhook:c1').set(agent);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(list.body[0]);
    expect((await request(t.app).get('/api/contacts/web:c1').set(agent)).status).toBe(404);
    const malformed = await request(t.app).get('/api/contacts/nope').set(agent);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/^params\.id: expected <channel>:<address>/);
    expect((await request(t.app).get('/api/contacts?channel=web').set(agent)).body).toEqual([]);
    expect((await request(t.app).get('/api/contacts?channel=fax').set(agent)).status).toBe(400);
  });
});
