import request from 'supertest';
import { createTestParley, keywordReplyFlow, postWebhook, replyTexts, type TestParley } from '../../../__tests__/support/test-parley';

describe('flows list: order and changes since publish', () => {
  let t: TestParley;
  let editor: { authorization: string };
  beforeEach(async () => {
    t = await createTestParley();
    editor = (await t.userWithToken('editor')).headers;
  });
  afterEach(async () => {
    await t.close();
  });

  const listIds = async () => (await request(t.app).get('/api/flows').set(editor)).body.map((f: { id: string }) => f.id);
  const reorder = (body: object | string) => request(t.app).put('/api/flow-order').set(editor).send(body);
  async function publishNew(id: string, keyword: string, text: string): Promise<void> {
    expect((await request(t.app).post('/api/flows').set(editor).send(keywordReplyFlow(id, keyword, text))).status).toBe(201);
    expect((await request(t.app).post(`/api/flows/${id}/publish`).set(editor).send({ revision: 0 })).status).toBe(200);
  }

  describe('order', () => {
    it('lists flows in creation order until reordered, then in the order set, new flows last', async () => {
      for (const id of ['a', 'b', 'c']) await request(t.app).post('/api/flows').set(editor).send({ id, name: id });
      expect(await listIds()).toEqual(['a', 'b', 'c']);

      const res = await reorder({ ids: ['c', 'a', 'b'] });
      expect(res.status).toBe(200);
      expect(res.body.map((f: { id: string }) => f.id)).toEqual(['c', 'a', 'b']);
      await request(t.app).post('/api/flows').set(editor).send({ id: 'd', name: 'd' });
      expect(await listIds()).toEqual(['c', 'a', 'b', 'd']);
    });

    it('breaks a tie between equal-priority triggers by the list order, live at once, without a publish', async () => {
      await publishNew('first', 'price', 'from first');
      await publishNew('second', 'price', 'from second');
      expect(replyTexts(await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'm1', text: 'price?' }))).toEqual(['from first']);

      expect((await reorder({ ids: ['second', 'first'] })).status).toBe(200);
      expect(replyTexts(await postWebhook(t.app, t.clock, { contactId: 'c2', messageId: 'm2', text: 'price?' }))).toEqual(['from second']);
      // Nothing was published: both flows are still on version 1.
      expect((await t.store.listVersions('first')).length + (await t.store.listVersions('second')).length).toBe(2);
    });

    it('refuses bad bodies with 400 naming the field, and keeps the order', async () => {
      for (const id of ['a', 'b']) await request(t.app).post('/api/flows').set(editor).send({ id, name: id });
      await reorder({ ids: ['b', 'a'] });
      const cases: [object, (string | number)[], RegExp][] = [
        [{}, ['ids'], /^body\.ids: /],
        [{ ids: 'a,b' }, ['ids'], /^body\.ids: /],
        [{ ids: ['a', 'b', 'ghost'] }, ['ids', 2], /no flow "ghost"/],
        [{ ids: ['a'] }, ['ids'], /missing: b/],
        [{ ids: ['a', 'a', 'b'] }, ['ids'], /only once/],
        [{ ids: ['a', 'not valid!'] }, ['ids', 1], /^body\.ids\.1: /],
      ];
      for (const [body, path, message] of cases) {
        const res = await reorder(body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('invalid_request');
        expect(res.body.error.details[0].path).toEqual(path);
        expect(res.body.error.message).toMatch(message);
      }
      expect(await listIds()).toEqual(['b', 'a']);
    });

    it('lets only those who write flows reorder them', async () => {
      await request(t.app).post('/api/flows').set(editor).send({ id: 'a', name: 'a' });
      const analyst = (await t.userWithToken('analyst')).headers;
      expect((await request(t.app).put('/api/flow-order').set(analyst).send({ ids: ['a'] })).status).toBe(403);
    });
  });

  describe('changedSincePublish', () => {
    const summary = async (id: string) =>
      (await request(t.app).get('/api/flows').set(editor)).body.find((f: { id: string }) => f.id === id) as { changedSincePublish: boolean; revision: number };

    it('is false before the first publish and right after one, true once the graph or settings differ, false again when undone', async () => {
      const flow = keywordReplyFlow('hello', 'hi', 'Hello!');
      await request(t.app).post('/api/flows').set(editor).send(flow);
      expect((await summary('hello')).changedSincePublish).toBe(false);
      await request(t.app).post('/api/flows/hello/publish').set(editor).send({ revision: 0 });
      expect(await summary('hello')).toMatchObject({ changedSincePublish: false, revision: 1 });

      // Key order and defaults the version filled in are not changes; a moved node is.
      const reordered = { ...flow.graph, nodes: flow.graph.nodes.map(({ data, type, id }) => ({ data, type, id })) };
      await request(t.app).put('/api/flows/hello').set(editor).send({ graph: reordered, revision: 1 });
      expect((await summary('hello')).changedSincePublish).toBe(false);
      const moved = { ...flow.graph, nodes: flow.graph.nodes.map((n, i) => (i === 0 ? { ...n, position: { x: 40, y: 0 } } : n)) };
      await request(t.app).put('/api/flows/hello').set(editor).send({ graph: moved, revision: 2 });
      expect((await summary('hello')).changedSincePublish).toBe(true);
      await request(t.app).put('/api/flows/hello').set(editor).send({ graph: flow.graph, revision: 3 });
      expect((await summary('hello')).changedSincePublish).toBe(false);

      await request(t.app).put('/api/flows/hello').set(editor).send({ settings: { timezone: 'Asia/Shanghai' }, revision: 4 });
      expect((await summary('hello')).changedSincePublish).toBe(true);
      // A rename alone changes nothing the runtime runs.
      await request(t.app).put('/api/flows/hello').set(editor).send({ settings: {}, name: 'Greeting', revision: 5 });
      expect((await summary('hello')).changedSincePublish).toBe(false);
    });
  });
});
