import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createTestParley, type TestParley } from './__tests__/support/test-parley';

describe('the express app', () => {
  let t: TestParley;
  beforeEach(async () => {
    t = await createTestParley();
  });
  afterEach(async () => {
    await t.close();
  });

  it('answers /healthz with the store kind', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, store: 'sqlite' });
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const { headers } = await t.userWithToken('editor');
    const res = await request(t.app).post('/api/flows').set(headers).set('content-type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('refuses bodies over 1 MB with 413', async () => {
    const { headers } = await t.userWithToken('editor');
    const res = await request(t.app).post('/api/flows').set(headers).send({ name: 'big', description: 'x'.repeat(1_100_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers unknown /api paths with a JSON 404', async () => {
    const { headers } = await t.userWithToken('admin');
    const res = await request(t.app).get('/api/nothing-here').set(headers);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('answers unknown webhook paths in the API error format too', async () => {
    const res = await request(t.app).post('/webhooks/whatsapp').send({});
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', details: [] });
  });

  it('answers a known path with the wrong method with 405 and the methods it takes', async () => {
    const { headers } = await t.userWithToken('admin');
    const get = await request(t.app).get('/webhooks/generic');
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(get.body.error).toEqual({ code: 'method_not_allowed', message: 'GET /webhooks/generic is not a route; this path takes POST', details: [] });
    const remove = await request(t.app).delete('/api/flows/hello').set(headers);
    expect(remove.status).toBe(405);
    expect(remove.headers.allow).toBe('GET, PUT');
  });

  it('serves the web chat page and the socket.io client it loads', async () => {
    const url = await t.listen();
    const page = await fetch(`${url}/chat`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/socket.io/socket.io.js');
    const client = await fetch(`${url}/socket.io/socket.io.js`);
    expect(client.status).toBe(200);
    expect(await client.text()).toContain('io');
  });
});

describe('unexpected errors', () => {
  it('are logged with the request and answered 500 without details', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) }));
    const t = await createTestParley({ logger });
    const { headers } = await t.userWithToken('editor');
    // A closed database is an outage, not a client mistake.
    await t.store.close();
    const res = await request(t.app).get('/api/flows').set(headers);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ msg: 'unhandled error in request', method: 'GET', path: '/api/flows' });
    await t.runtime.stop();
  });
});

describe('GET /api/openapi.json', () => {
  let t: TestParley;
  beforeAll(async () => {
    t = await createTestParley();
  });
  afterAll(async () => {
    await t.close();
  });

  it('documents every registered route, with components generated from the zod schemas', async () => {
    const res = await request(t.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.text);
    expect(doc.openapi).toBe('3.1.0');
    for (const route of [...t.routes, ...t.hotRoutes]) {
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method]?.operationId).toBe(route.operationId);
    }
    const operations = Object.values(doc.paths).flatMap((methods) => Object.keys(methods as object));
    expect(operations).toHaveLength(t.routes.length + t.hotRoutes.length);

    // The create-flow body comes from createFlowBodySchema: id optional, name required with its limits.
    const createFlow = doc.paths['/api/flows'].post;
    const ref: string = createFlow.requestBody.content['application/json'].schema.$ref;
    const body = doc.components.schemas[ref.replace('#/components/schemas/', '')];
    expect(body.required).toEqual(['name']);
    // Unknown fields are refused, and the document says so.
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    // Query parameters come from the query schema, path parameters from the params schema.
    const stats = doc.paths['/api/flows/{id}/stats'].get;
    expect(stats.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:from', 'query:to', 'query:version']);
    // Every $ref points at a component that exists.
    const refs = [...res.text.matchAll(/"\$ref":"#\/components\/(schemas|responses)\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(10);
    for (const [, kind, name] of refs) expect(doc.components[kind as string][name as string]).toBeDefined();
  });

  it('documents the status and body each route really answers with', async () => {
    const doc = (await request(t.app).get('/api/openapi.json')).body;
    for (const route of t.routes) {
      const operation = doc.paths[route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')][route.method];
      const success = Object.keys(operation.responses).filter((code) => code.startsWith('2'));
      // A route that returns a body must say what it looks like; only routes that send nothing are 204.
      expect({ route: route.operationId, success }).toEqual({ route: route.operationId, success: [String(route.status ?? 200)] });
      // Its body is documented under the media type it really sends: JSON unless the route says otherwise (CSV exports).
      const mediaType = route.openapi?.produces ?? 'application/json';
      if (route.status !== 204) expect({ route: route.operationId, schema: operation.responses[success[0] ?? ''].content?.[mediaType]?.schema }).toEqual({ route: route.operationId, schema: expect.anything() });
    }
    expect(doc.paths['/api/conversations'].get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/ListConversationsResponse');
  });

  it('renders it at /api/docs with locally served assets', async () => {
    const page = await request(t.app).get('/api/docs/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui');
    expect(page.text).not.toMatch(/https?:\/\/(cdn|unpkg)/);
    const bundle = await request(t.app).get('/api/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
  });
});
