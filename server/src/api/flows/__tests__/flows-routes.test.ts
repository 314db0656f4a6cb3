import { flowDocumentSchema, validateGraph } from '@parley/shared';
import request from 'supertest';
import { createTestParley, keywordReplyFlow, postWebhook, replyTexts, type TestParley } from '../../../__tests__/support/test-parley';

describe('flows API', () => {
  let t: TestParley;
  let editor: { authorization: string };
  beforeEach(async () => {
    t = await createTestParley();
    editor = (await t.userWithToken('editor')).headers;
  });
  afterEach(async () => {
    await t.close();
  });

  const create = (body: object) => request(t.app).post('/api/flows').set(editor).send(body);

  describe('create', () => {
    it('creates a draft with a slug id generated from the name, suffixed when taken', async () => {
      const first = await create({ name: 'Welcome & FAQ!' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ id: 'welcome-faq', status: 'draft', revision: 0, publishedVersion: null, graph: { nodes: [], edges: [] } });
      expect(first.body.settings.timezone).toBe('UTC');
      const second = await create({ name: 'Welcome & FAQ' });
      expect(second.body.id).toBe('welcome-faq-2');
      const chinese = await create({ name: '欢迎' });
      expect(chinese.body.id).toBe('flow');
      expect((await request(t.app).get('/api/flows').set(editor)).body.map((f: { id: string }) => f.id).sort()).toEqual(['flow', 'welcome-faq', 'welcome-faq-2']);
    });

    it('keeps a given id and refuses a taken one with 409 naming id', async () => {
      expect((await create(keywordReplyFlow('hello', 'hi', 'Hello!'))).status).toBe(201);
      const again = await create({ ...keywordReplyFlow('hello', 'hi', 'Other'), name: 'Other' });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'flow_exists', details: [{ path: ['id'] }] });
      expect((await t.store.getFlow('hello'))?.name).toBe('Flow hello');
    });

    it('refuses an unknown node type with 400 naming its path, and writes nothing', async () => {
      const flow = keywordReplyFlow('bad', 'hi', 'x');
      const res = await create({ ...flow, graph: { ...flow.graph, nodes: [...flow.graph.nodes, { id: 'x', type: 'teleport', data: {} }] } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.details.map((d: { path: unknown[] }) => d.path)).toEqual([['graph', 'nodes', 3, 'type']]);
      expect(res.body.error.message).toMatch(/^body\.graph\.nodes\.3\.type/);
      expect(await t.store.listFlows()).toEqual([]);
    });

    it('refuses a name that is only white space with 400 naming name, on create, save and import', async () => {
      const blankCreate = await create({ ...keywordReplyFlow('blank', 'hi', 'x'), name: '   ' });
      expect(blankCreate.status).toBe(400);
      expect(blankCreate.body.error.details.map((d: { path: unknown[] }) => d.path)).toEqual([['name']]);
      const blankImport = await request(t.app).post('/api/flows/import').set(editor).send({ ...keywordReplyFlow('blank', 'hi', 'x'), name: '\t \n' });
      expect(blankImport.status).toBe(400);
      expect(blankImport.body.error.details.map((d: { path: unknown[] }) => d.path)).toEqual([['name']]);
      expect(await t.store.listFlows()).toEqual([]);

      await create(keywordReplyFlow('hello', 'hi', 'Hello!'));
      const blankSave = await request(t.app).put('/api/flows/hello').set(editor).send({ name: ' ', revision: 0 });
      expect(blankSave.status).toBe(400);
      expect(blankSave.body.error.details.map((d: { path: unknown[] }) => d.path)).toEqual([['name']]);
      expect(await t.store.getFlow('hello')).toMatchObject({ name: 'Flow hello', revision: 0 });
      const padded = await request(t.app).put('/api/flows/hello').set(editor).send({ name: '  Greeting  ', revision: 0 });
      expect(padded.body.name).toBe('Greeting');
    });

    it('refuses a bad id and an unknown time zone', async () => {
      const badId = await create({ id: 'no spaces', name: 'x' });
      expect(badId.status).toBe(400);
      expect(badId.body.error.details[0].path).toEqual(['id']);
      const badZone = await create({ name: 'x', settings: { timezone: 'Mars/Olympus' } });
      expect(badZone.status).toBe(400);
      expect(badZone.body.error.details[0].path).toEqual(['settings', 'timezone']);
      expect(await t.store.listFlows()).toEqual([]);
    });
  });

  describe('read', () => {
    it('lists summaries and gets one flow; unknown ids are 404, malformed ones 400', async () => {
      await create(keywordReplyFlow('hello', 'hi', 'Hello!'));
      const list = await request(t.app).get('/api/flows').set(editor);
      expect(list.body).toEqual([expect.objectContaining({ id: 'hello', nodeCount: 3, status: 'draft' })]);
      expect(list.body[0]).not.toHaveProperty('graph');
      const one = await request(t.app).get('/api/flows/hello').set(editor);
      expect(one.status).toBe(200);
      expect(one.body.graph.nodes).toHaveLength(3);
      const missing = await request(t.app).get('/api/flows/nope').set(editor);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
      const malformed = await request(t.app).get('/api/flows/a%20b').set(editor);
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toMatch(/^params\.id/);
    });
  });

  describe('draft save', () => {
    it('saves with the current revision and bumps it; keeps fields left out', async () => {
      await create(keywordReplyFlow('hello', 'hi', 'Hello!'));
      const saved = await request(t.app).put('/api/flows/hello').set(editor).send({ name: 'Greeting', revision: 0 });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ name: 'Greeting', revision: 1 });
      expect(saved.body.graph.nodes).toHaveLength(3);
    });

    it('refuses a stale revision with 409 and the current revision, leaving the newer save in place', async () => {
      await create(keywordReplyFlow('hello', 'hi', 'Hello!'));
      await request(t.app).put('/api/flows/hello').set(editor).send({ name: 'First editor', revision: 0 });
      const stale = await request(t.app).put('/api/flows/hello').set(editor).send({ name: 'Second editor', revision: 0 });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toMatchObject({ code: 'revision_conflict', details: { currentRevision: 1 } });
      expect(await t.store.getFlow('hello')).toMatchObject({ name: 'First editor', revision: 1 });
    });

    it('needs a revision and a valid graph; a bad save writes nothing', async () => {
      await create(keywordReplyFlow('hello', 'hi', 'Hello!'));
      const noRevision = await request(t.app).put('/api/flows/hello').set(editor).send({ name: 'x' });
      expect(noRevision.status).toBe(400);
      expect(noRevision.body.error.details[0].path).toEqual(['revision']);
      const badEdge = await request(t.app)
        .put('/api/flows/hello')
        .set(editor)
        .send({ revision: 0, name: 'changed', graph: { nodes: [], edges: [{ id: 'e', source: '', sourceHandle: 'next', target: 'x' }] } });
      expect(badEdge.status).toBe(400);
      expect(badEdge.body.error.details[0].path).toEqual(['graph', 'edges', 0, 'source']);
      expect(await t.store.getFlow('hello')).toMatchObject({ name: 'Flow hello', revision: 0 });
      expect((await request(t.app).put('/api/flows/nope').set(editor).send({ revision: 0 })).status).toBe(404);
    });
  });

  describe('unfinished drafts', () => {
    // A reply dropped on the canvas with no message yet, as the builder autosaves it.
    const halfDone = () => {
      const flow = keywordReplyFlow('hello', 'hi', 'Hello!');
      return { ...flow, graph: { ...flow.graph, nodes: flow.graph.nodes.map((node) => (node.id === 'r' ? { id: 'r', type: 'reply', position: { x: 40, y: 80 }, data: { messages: [] } } : node)) } };
    };

    it('saves a draft whose node data is not finished and gives it back as saved', async () => {
      await create(keywordReplyFlow('hello', 'hi', 'Hello!'));
      const draft = halfDone();
      const saved = await request(t.app).put('/api/flows/hello').set(editor).send({ graph: draft.graph, revision: 0 });
      expect(saved.status).toBe(200);
      expect(saved.body.revision).toBe(1);
      const read = await request(t.app).get('/api/flows/hello').set(editor);
      expect(read.body.graph.nodes[1]).toEqual({ id: 'r', type: 'reply', position: { x: 40, y: 80 }, data: { messages: [] } });
      expect(read.body.graph.edges).toEqual(draft.graph.edges);
      // Create and import take unfinished drafts too.
      expect((await create({ ...draft, id: 'created' })).status).toBe(201);
      expect((await request(t.app).post('/api/flows/import').set(editor).send({ ...draft, id: 'imported' })).status).toBe(201);
    });

    it('lists the unfinished field in validate, refuses to publish with it, and publishes once it is fixed, defaults filled in', async () => {
      await create(halfDone());
      const validation = await request(t.app).post('/api/flows/hello/validate').set(editor).send({});
      expect(validation.status).toBe(200);
      const unfinished = { severity: 'error', code: 'invalid_node_data', nodeId: 'r', path: ['nodes', 1, 'data', 'messages'] };
      expect(validation.body.errors).toEqual([expect.objectContaining(unfinished)]);
      expect(validation.body.errors[0].message).toMatch(/^Node "r" \(reply\): data\.messages — /);

      const refused = await request(t.app).post('/api/flows/hello/publish').set(editor).send({ revision: 0 });
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('graph_invalid');
      expect(refused.body.error.details).toEqual(validation.body.errors);
      expect(await t.store.listVersions('hello')).toEqual([]);
      expect(replyTexts(await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'm1', text: 'hi' }))).toEqual([]);

      const fixed = await request(t.app).put('/api/flows/hello').set(editor).send({ graph: keywordReplyFlow('hello', 'hi', 'Hello!').graph, revision: 0 });
      expect(fixed.status).toBe(200);
      // The draft stays as the editor sent it; the version holds the graph as it runs, defaults filled in.
      expect(fixed.body.graph.nodes[1].data).toEqual({ messages: [{ type: 'text', text: 'Hello!' }] });
      const published = await request(t.app).post('/api/flows/hello/publish').set(editor).send({ revision: 1 });
      expect(published.status).toBe(200);
      const version = await request(t.app).get('/api/flows/hello/versions/1').set(editor);
      expect(version.body.graph.nodes[1]).toEqual({ id: 'r', type: 'reply', position: { x: 0, y: 0 }, data: { messages: [{ type: 'text', text: 'Hello!', buttons: [] }], typingDelayMs: 0 } });
      expect(version.body.graph.nodes[0].data).toMatchObject({ kind: 'keyword', channels: [], priority: expect.any(Number) });
      expect(replyTexts(await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'm2', text: 'hi' }))).toEqual(['Hello!']);
    });
  });

  describe('validate', () => {
    it('checks the stored draft, or a posted graph', async () => {
      await create({ id: 'empty', name: 'Empty' });
      const draft = await request(t.app).post('/api/flows/empty/validate').set(editor).send({});
      expect(draft.status).toBe(200);
      expect(draft.body.errors.map((e: { code: string }) => e.code)).toEqual(['no_trigger']);
      const posted = await request(t.app).post('/api/flows/empty/validate').set(editor).send({ graph: keywordReplyFlow('x', 'hi', 'Hi').graph });
      expect(posted.body).toEqual({ errors: [], warnings: [] });
      // A posted graph may be broken in any way: every problem is reported, node by node.
      const broken = await request(t.app).post('/api/flows/empty/validate').set(editor).send({ graph: { nodes: [{ id: 'r', type: 'reply', data: {} }], edges: 'no' } });
      expect(broken.status).toBe(200);
      expect(broken.body.errors.length).toBeGreaterThan(0);
    });
  });

  describe('publish', () => {
    it('refuses a graph with errors with 422 listing every error, and writes nothing', async () => {
      const graph = {
        nodes: [
          { id: 'r', type: 'reply', data: { messages: [{ type: 'text', text: 'hi' }] } },
          { id: 'r2', type: 'reply', data: { messages: [{ type: 'text', text: 'again' }] } },
        ],
        edges: [
          { id: 'e1', source: 'r', sourceHandle: 'next', target: 'ghost' },
          { id: 'e2', source: 'r2', sourceHandle: 'nope', target: 'r' },
        ],
      };
      await create({ id: 'broken', name: 'Broken', graph });
      const expected = validateGraph(graph).errors;
      expect(expected.length).toBeGreaterThanOrEqual(3);
      const res = await request(t.app).post('/api/flows/broken/publish').set(editor).send({ revision: 0 });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('graph_invalid');
      expect(res.body.error.details).toEqual(expected);
      expect(res.body.error.details.map((e: { code: string }) => e.code)).toEqual(expect.arrayContaining(['no_trigger', 'edge_missing_target', 'edge_unknown_handle']));
      expect(await t.store.listVersions('broken')).toEqual([]);
      expect(await t.store.getFlow('broken')).toMatchObject({ status: 'draft', revision: 0, publishedVersion: null });
    });

    it('publishes an immutable version that the runtime runs at once', async () => {
      await create(keywordReplyFlow('hello', 'hi', 'Hello there!'));
      expect(replyTexts(await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'm0', text: 'hi' }))).toEqual([]);

      const res = await request(t.app).post('/api/flows/hello/publish').set(editor).send({ revision: 0 });
      expect(res.status).toBe(200);
      expect(res.body.flow).toMatchObject({ status: 'published', publishedVersion: 1, revision: 1 });
      expect(res.body.version).toMatchObject({ flowId: 'hello', version: 1 });
      expect(replyTexts(await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'm1', text: 'hi' }))).toEqual(['Hello there!']);

      // Editing the draft changes neither version 1 nor what runs, until the next publish.
      const flow = keywordReplyFlow('hello', 'hi', 'Changed!');
      const saved = await request(t.app).put('/api/flows/hello').set(editor).send({ graph: flow.graph, revision: 1 });
      expect(saved.status).toBe(200);
      expect(replyTexts(await postWebhook(t.app, t.clock, { contactId: 'c2', messageId: 'm2', text: 'hi' }))).toEqual(['Hello there!']);
      const v1 = await request(t.app).get('/api/flows/hello/versions/1').set(editor);
      expect(v1.body.graph.nodes[1].data.messages[0].text).toBe('Hello there!');

      const second = await request(t.app).post('/api/flows/hello/publish').set(editor).send({ revision: 2 });
      expect(second.body.version.version).toBe(2);
      expect(replyTexts(await postWebhook(t.app, t.clock, { contactId: 'c3', messageId: 'm3', text: 'hi' }))).toEqual(['Changed!']);
      const versions = await request(t.app).get('/api/flows/hello/versions').set(editor);
      expect(versions.body.map((v: { version: number }) => v.version)).toEqual([1, 2]);
      expect(versions.body[0]).not.toHaveProperty('graph');
    });

    it('refuses a stale revision with 409 and an unknown version with 404', async () => {
      await create(keywordReplyFlow('hello', 'hi', 'Hello!'));
      await request(t.app).put('/api/flows/hello').set(editor).send({ name: 'x', revision: 0 });
      const stale = await request(t.app).post('/api/flows/hello/publish').set(editor).send({ revision: 0 });
      expect(stale.status).toBe(409);
      expect(stale.body.error.details).toEqual({ currentRevision: 1 });
      expect(await t.store.listVersions('hello')).toEqual([]);
      expect((await request(t.app).get('/api/flows/hello/versions/7').set(editor)).status).toBe(404);
      expect((await request(t.app).get('/api/flows/hello/versions/zero').set(editor)).status).toBe(400);
      expect((await request(t.app).post('/api/flows/hello/publish').set(editor).send({ revision: '1' })).status).toBe(400);
    });
  });

  describe('archive', () => {
    it('stops an archived flow from firing and brings it back when unarchived', async () => {
      await create(keywordReplyFlow('hello', 'hi', 'Hello!'));
      await request(t.app).post('/api/flows/hello/publish').set(editor).send({ revision: 0 });
      const archived = await request(t.app).post('/api/flows/hello/archive').set(editor);
      expect(archived.status).toBe(200);
      expect(archived.body.status).toBe('archived');
      expect(replyTexts(await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'a1', text: 'hi' }))).toEqual([]);
      const back = await request(t.app).post('/api/flows/hello/unarchive').set(editor);
      expect(back.body.status).toBe('published');
      expect(replyTexts(await postWebhook(t.app, t.clock, { contactId: 'c1', messageId: 'a2', text: 'hi' }))).toEqual(['Hello!']);
      expect((await request(t.app).post('/api/flows/nope/archive').set(editor)).status).toBe(404);
    });

    it('unarchives a never-published flow as a draft', async () => {
      await create({ id: 'draft', name: 'Draft' });
      await request(t.app).post('/api/flows/draft/archive').set(editor);
      const back = await request(t.app).post('/api/flows/draft/unarchive').set(editor);
      expect(back.body.status).toBe('draft');
    });
  });

  describe('import and export', () => {
    it('exports the draft as a flow document that imports again', async () => {
      await create({ ...keywordReplyFlow('hello', 'hi', 'Hello!'), description: 'greets' });
      const exported = await request(t.app).get('/api/flows/hello/export').set(editor);
      expect(exported.status).toBe(200);
      expect(exported.headers['content-disposition']).toMatch(/^attachment; filename="?hello\.json"?$/);
      const doc = flowDocumentSchema.parse(exported.body);
      expect(doc).toMatchObject({ id: 'hello', name: 'Flow hello', description: 'greets' });

      const imported = await request(t.app).post('/api/flows/import').set(editor).send({ ...doc, id: 'hello-copy' });
      expect(imported.status).toBe(201);
      expect(imported.body).toMatchObject({ id: 'hello-copy', status: 'draft', graph: doc.graph, settings: doc.settings });
    });

    it('refuses an existing id with 409 and an invalid document with 400, writing nothing', async () => {
      await create(keywordReplyFlow('hello', 'hi', 'Hello!'));
      const taken = await request(t.app).post('/api/flows/import').set(editor).send(keywordReplyFlow('hello', 'x', 'y'));
      expect(taken.status).toBe(409);
      const noGraph = await request(t.app).post('/api/flows/import').set(editor).send({ id: 'other', name: 'Other' });
      expect(noGraph.status).toBe(400);
      expect(noGraph.body.error.details[0].path).toEqual(['graph']);
      const badVersion = await request(t.app).post('/api/flows/import').set(editor).send({ ...keywordReplyFlow('other', 'x', 'y'), schemaVersion: 99 });
      expect(badVersion.status).toBe(400);
      expect(badVersion.body.error.details[0].path).toEqual(['schemaVersion']);
      expect((await t.store.listFlows()).map((f) => f.id)).toEqual(['hello']);
    });
  });
});
