// What a careless integrator sends, through the real app: every mistake is a 4xx in the API's error
// format that says what to fix, and nothing is written.
import request from 'supertest';
import { signedHeaders } from '../../__tests__/support/sign-webhook';
import { createTestParley, type TestParley } from '../../__tests__/support/test-parley';

describe('bad requests', () => {
  let t: TestParley;
  let editor: { authorization: string };
  beforeEach(async () => {
    t = await createTestParley();
    editor = (await t.userWithToken('admin')).headers;
  });
  afterEach(async () => {
    await t.close();
  });

  it('answers a path with broken percent-encoding with 400 invalid_path, not 500', async () => {
    for (const path of ['/api/flows/%', '/api/flows/%E0%A4%A', '/api/conversations/%zz/messages']) {
      const res = await request(t.app).get(path).set(editor);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_path', details: [] });
      expect(res.body.error.message).toMatch(/percent-encoding/);
    }
  });

  it('refuses a JSON body sent with another content type with 415 instead of ignoring it', async () => {
    const json = JSON.stringify({ name: 'Typed wrong' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await request(t.app).post('/api/flows').set(editor).set('content-type', type).send(json);
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
      expect(res.body.error.message).toMatch(/Content-Type: application\/json/);
    }
    expect(await t.store.listFlows()).toEqual([]);
    // An empty body is not a content-type mistake: it is a body without its required fields.
    const empty = await request(t.app).post('/api/flows').set(editor);
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toEqual(['name']);
  });

  it('refuses a body on an endpoint that takes none (415 when not JSON, 400 naming each field), archiving nothing', async () => {
    expect((await request(t.app).post('/api/flows').set(editor).send({ name: 'Keep' })).status).toBe(201);
    const archive = () => request(t.app).post('/api/flows/keep/archive').set(editor);

    const text = await archive().set('content-type', 'text/plain').send('x');
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('unsupported_media_type');
    expect(text.body.error.message).toMatch(/takes no body/);
    const fields = await archive().send({ reason: 'x', note: 'y' });
    expect(fields.status).toBe(400);
    expect(fields.body.error.message).toBe('body.reason: unknown field; none are taken here');
    expect(fields.body.error.details.map((d: { path: string[] }) => d.path)).toEqual([['reason'], ['note']]);
    const list = await archive().send([]);
    expect(list.status).toBe(400);
    expect(list.body.error.message).toMatch(/^body: .*takes no body/);
    expect((await t.store.getFlow('keep'))?.status).toBe('draft');

    // Nothing, or an empty object (what many clients send by default), is no body.
    expect((await archive()).status).toBe(200);
    expect((await t.store.getFlow('keep'))?.status).toBe('archived');
    expect((await request(t.app).post('/api/flows/keep/unarchive').set(editor).send({})).status).toBe(200);
    expect((await t.store.getFlow('keep'))?.status).toBe('draft');
    const logout = await request(t.app).post('/api/auth/logout').set(editor).send({ everywhere: true });
    expect(logout.status).toBe(400);
    expect(logout.body.error.details[0].path).toEqual(['everywhere']);
  });

  it('refuses query parameters on an endpoint that takes none, naming them', async () => {
    const flows = await request(t.app).get('/api/flows?foo=1').set(editor);
    expect(flows.status).toBe(400);
    expect(flows.body.error.message).toBe('query.foo: unknown parameter; none are taken here');
    expect(flows.body.error.details).toEqual([expect.objectContaining({ path: ['foo'], code: 'unrecognized_keys' })]);
    // Given twice and unknown: the unknown name is what to fix.
    const health = await request(t.app).get('/healthz?x=1&x=2');
    expect(health.status).toBe(400);
    expect(health.body.error.message).toBe('query.x: unknown parameter; none are taken here');
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    expect((await request(t.app).get('/api/flows').set(editor)).status).toBe(200);
  });

  it('refuses query parameters on the webhook, after its signature check and without processing the message', async () => {
    const raw = JSON.stringify({ contactId: 'c1', messageId: 'm1', text: 'hello' });
    const unsigned = await request(t.app).post('/webhooks/generic?source=crm').set('content-type', 'application/json').send(raw);
    expect(unsigned.status).toBe(401);
    const signed = await request(t.app).post('/webhooks/generic?source=crm').set(signedHeaders(raw, t.clock.now())).send(raw);
    expect(signed.status).toBe(400);
    expect(signed.body.error.message).toBe('query.source: unknown parameter; none are taken here');
    expect(await t.store.findConversation('webhook', 'c1')).toBeNull();
  });

  it('says a missing field is required', async () => {
    const res = await request(t.app).post('/api/flows').set(editor).send({});
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('body.name: required');
    expect(res.body.error.details).toEqual([{ path: ['name'], message: 'required', code: 'invalid_type' }]);
  });

  it('refuses unknown body fields by name (a typo is not silently dropped), writing nothing', async () => {
    const created = await request(t.app).post('/api/flows').set(editor).send({ name: 'Typos' });
    expect(created.status).toBe(201);
    const graph = { nodes: [{ id: 't', type: 'trigger', data: { kind: 'api' } }], edges: [] };
    const res = await request(t.app).put(`/api/flows/${created.body.id}`).set(editor).send({ revision: 0, grpah: graph });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(/^body\.grpah: unknown field/);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['grpah'], code: 'unrecognized_keys' })]);
    expect((await t.store.getFlow(created.body.id))?.revision).toBe(0);
  });

  it('refuses unknown and repeated query parameters by name', async () => {
    const typo = await request(t.app).get('/api/conversations?limt=5').set(editor);
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toMatch(/^query\.limt: unknown parameter/);
    const repeated = await request(t.app).get('/api/conversations?limit=1&limit=2').set(editor);
    expect(repeated.status).toBe(400);
    expect(repeated.body.error.message).toBe('query.limit: given 2 times; send it once');
    expect(repeated.body.error.details[0].path).toEqual(['limit']);
  });

  it('takes whole numbers in query and path only as plain digits', async () => {
    for (const limit of ['0x10', '1e2', '%201', '1.5', 'NaN', '-1', '']) {
      const res = await request(t.app).get(`/api/conversations?limit=${limit}`).set(editor);
      expect({ limit, status: res.status }).toEqual({ limit, status: 400 });
      expect(res.body.error.details[0].path).toEqual(['limit']);
    }
    expect((await request(t.app).get('/api/conversations?limit=20').set(editor)).status).toBe(200);
    const version = await request(t.app).get('/api/flows/x/versions/0x1').set(editor);
    expect(version.status).toBe(400);
    expect(version.body.error.message).toBe('params.version: expected a whole number, such as 20');
  });

  it('refuses JSON nested deeper than any request needs with 400, not a crash', async () => {
    const deep = `{"name":"deep","description":"","settings":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const res = await request(t.app).post('/api/flows').set(editor).set('content-type', 'application/json').send(deep);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('too_deep');
    expect(await t.store.listFlows()).toEqual([]);
  });

  it('always includes details in a 4xx, so clients can read error.details without a check', async () => {
    const notJson = await request(t.app).post('/api/flows').set(editor).set('content-type', 'application/json').send('{"name":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toEqual({ code: 'invalid_json', message: expect.any(String), details: [] });
    const missing = await request(t.app).get('/api/flows/nope').set(editor);
    expect(missing.status).toBe(404);
    expect(missing.body.error.details).toEqual([]);
  });
});
