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
    for (const route of t.routes) {
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method]?.operationId).toBe(route.operationId);
    }
    const operations = Object.values(doc.paths).flatMap((methods) => Object.keys(methods as object));
    expect(operations).toHaveLength(t.routes.length);

    // The create-flow body comes from createFlowBodySchema: id optional, name required with its limits.
    const createFlow = doc.paths['/api/flows'].post;
    const ref: string = createFlow.requestBody.content['application/json'].schema.$ref;
    const body = doc.components.schemas[ref.replace('#/components/schemas/', '')];
    expect(body.required).toEqual(['name']);
    expect(body.properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    // Query parameters come from the query schema, path parameters from the params schema.
    const stats = doc.paths['/api/flows/{id}/stats'].get;
    expect(stats.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:from', 'query:to', 'query:version']);
    // Every $ref points at a component that exists.
    const refs = [...res.text.matchAll(/"\$ref":"#\/components\/(schemas|responses)\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(10);
    for (const [, kind, name] of refs) expect(doc.components[kind as string][name as string]).toBeDefined();
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
