import request from 'supertest';
import { createTestParley, type TestParley } from '../../__tests__/support/test-parley';
import { isLoopback } from '../is-loopback';

const PASSWORD = 'correct horse battery';

function sessionCookie(res: request.Response): string {
  const header = res.headers['set-cookie'];
  const cookies = Array.isArray(header) ? header : [String(header)];
  const cookie = cookies.find((c) => c.startsWith('parley_session='));
  if (!cookie) throw new Error('no parley_session cookie set');
  return cookie;
}

describe('auth', () => {
  let t: TestParley;
  beforeEach(async () => {
    t = await createTestParley();
  });
  afterEach(async () => {
    await t.close();
  });

  it('logs in with an httpOnly, SameSite=Lax session cookie that signs later requests in, and logs out', async () => {
    await t.auth.createUser({ email: 'ed@example.com', password: PASSWORD, name: 'Ed', role: 'editor', teams: [] });
    const login = await request(t.app).post('/api/auth/login').send({ email: 'ED@example.com ', password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ email: 'ed@example.com', role: 'editor' });
    expect(login.body).not.toHaveProperty('passwordHash');
    const cookie = sessionCookie(login);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const pair = cookie.split(';')[0] ?? '';

    const me = await request(t.app).get('/api/auth/me').set('cookie', pair);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('ed@example.com');

    const logout = await request(t.app).post('/api/auth/logout').set('cookie', pair);
    expect(logout.status).toBe(204);
    expect(String(logout.headers['set-cookie'])).toMatch(/parley_session=;/);
    expect((await request(t.app).get('/api/auth/me').set('cookie', pair)).status).toBe(401);
  });

  it('stores only a hash of the session token', async () => {
    await t.auth.createUser({ email: 'ed@example.com', password: PASSWORD, name: 'Ed', role: 'editor', teams: [] });
    const login = await request(t.app).post('/api/auth/login').send({ email: 'ed@example.com', password: PASSWORD });
    const token = decodeURIComponent((sessionCookie(login).split(';')[0] ?? '').split('=')[1] ?? '');
    expect(token.length).toBeGreaterThan(40);
    expect(await t.store.getAuthToken(token, t.clock.now())).toBeNull();
  });

  it('expires sessions after 14 days', async () => {
    await t.auth.createUser({ email: 'ed@example.com', password: PASSWORD, name: 'Ed', role: 'editor', teams: [] });
    const login = await request(t.app).post('/api/auth/login').send({ email: 'ed@example.com', password: PASSWORD });
    const pair = sessionCookie(login).split(';')[0] ?? '';
    t.clock.advance(13 * 24 * 3600_000);
    expect((await request(t.app).get('/api/auth/me').set('cookie', pair)).status).toBe(200);
    t.clock.advance(2 * 24 * 3600_000);
    expect((await request(t.app).get('/api/auth/me').set('cookie', pair)).status).toBe(401);
  });

  it('refuses a wrong password or an unknown email with the same 401', async () => {
    await t.auth.createUser({ email: 'ed@example.com', password: PASSWORD, name: 'Ed', role: 'editor', teams: [] });
    const wrong = await request(t.app).post('/api/auth/login').send({ email: 'ed@example.com', password: 'nope' });
    const unknown = await request(t.app).post('/api/auth/login').send({ email: 'who@example.com', password: PASSWORD });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_credentials');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('names the bad field of a login body', async () => {
    const res = await request(t.app).post('/api/auth/login').send({ email: 'not-an-email', password: PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details[0].path).toEqual(['email']);
    expect(res.body.error.message).toMatch(/^body\.email/);
  });

  it('creates personal API tokens that work as bearer tokens, shown once and stored hashed', async () => {
    const { headers } = await t.userWithToken('analyst');
    const created = await request(t.app).post('/api/auth/tokens').set(headers).send({ name: 'reporting script' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'reporting script', token: expect.stringMatching(/^pat_/) });
    expect(await t.store.getAuthToken(created.body.token, t.clock.now())).toBeNull();
    const me = await request(t.app).get('/api/auth/me').set('authorization', `Bearer ${created.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('analyst');
    expect((await request(t.app).get('/api/auth/me').set('authorization', 'Bearer pat_made-up')).status).toBe(401);
  });

  it('answers 401 without credentials on every non-public route', async () => {
    for (const route of t.routes.filter((r) => r.roles !== 'public')) {
      const path = route.path.replace(/:version/g, '1').replace(/:[A-Za-z]+/g, 'x');
      const res = await request(t.app)[route.method](path).send({});
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });

  it('answers 403 to roles a route does not allow, before looking at the input', async () => {
    const tokens = {
      admin: (await t.userWithToken('admin')).headers,
      editor: (await t.userWithToken('editor')).headers,
      analyst: (await t.userWithToken('analyst')).headers,
      agent: (await t.userWithToken('agent')).headers,
    };
    for (const route of t.routes.filter((r) => r.roles !== 'public')) {
      const path = route.path.replace(/:version/g, '1').replace(/:[A-Za-z]+/g, 'x');
      for (const role of ['admin', 'editor', 'analyst', 'agent'] as const) {
        const res = await request(t.app)[route.method](path).set(tokens[role]).send({});
        const allowed = route.roles.includes(role);
        // Allowed roles get past the check: to validation, a missing resource or success, never 401/403.
        expect({ route: `${route.method} ${route.path}`, role, forbidden: res.status === 403 }).toEqual({ route: `${route.method} ${route.path}`, role, forbidden: !allowed });
        expect(res.status).not.toBe(401);
      }
    }
  });

  it('follows the role matrix: admin everything, editor flows, analyst reads, agent conversations', async () => {
    const editor = (await t.userWithToken('editor')).headers;
    const analyst = (await t.userWithToken('analyst')).headers;
    const agent = (await t.userWithToken('agent')).headers;
    expect((await request(t.app).post('/api/flows').set(editor).send({ name: 'Mine' })).status).toBe(201);
    expect((await request(t.app).post('/api/flows').set(analyst).send({ name: 'Mine' })).status).toBe(403);
    expect((await request(t.app).get('/api/flows').set(analyst)).status).toBe(200);
    expect((await request(t.app).get('/api/flows/mine/stats').set(analyst)).status).toBe(200);
    expect((await request(t.app).get('/api/flows/mine/stats').set(editor)).status).toBe(200);
    expect((await request(t.app).get('/api/flows').set(agent)).status).toBe(403);
    expect((await request(t.app).get('/api/conversations').set(agent)).status).toBe(200);
    expect((await request(t.app).get('/api/contacts').set(agent)).status).toBe(200);
    expect((await request(t.app).get('/api/conversations').set(editor)).status).toBe(403);
    expect((await request(t.app).get('/api/users').set(editor)).status).toBe(403);
  });
});

describe('users API', () => {
  let t: TestParley;
  beforeEach(async () => {
    t = await createTestParley();
  });
  afterEach(async () => {
    await t.close();
  });

  it('lets an admin create users with a role and teams, and list them without password hashes', async () => {
    const { headers } = await t.userWithToken('admin');
    const created = await request(t.app).post('/api/users').set(headers).send({ email: 'ann@example.com', password: PASSWORD, name: 'Ann', role: 'agent', teams: ['support'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'ann@example.com', role: 'agent', teams: ['support'] });
    const list = await request(t.app).get('/api/users').set(headers);
    expect(list.body.map((u: { email: string }) => u.email)).toContain('ann@example.com');
    expect(JSON.stringify(list.body)).not.toMatch(/passwordHash|argon2/);
    // The new agent can sign in.
    expect((await request(t.app).post('/api/auth/login').send({ email: 'ann@example.com', password: PASSWORD })).status).toBe(200);
  });

  it('refuses a duplicate email with 409 and a bad role with 400, writing nothing', async () => {
    const { headers } = await t.userWithToken('admin');
    const body = { email: 'ann@example.com', password: PASSWORD, name: 'Ann', role: 'agent' };
    expect((await request(t.app).post('/api/users').set(headers).send(body)).status).toBe(201);
    const again = await request(t.app).post('/api/users').set(headers).send(body);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email_taken');
    const badRole = await request(t.app).post('/api/users').set(headers).send({ ...body, email: 'bob@example.com', role: 'owner' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.details[0].path).toEqual(['role']);
    const shortPassword = await request(t.app).post('/api/users').set(headers).send({ ...body, email: 'bob@example.com', password: 'short' });
    expect(shortPassword.status).toBe(400);
    expect(shortPassword.body.error.details[0].path).toEqual(['password']);
    expect(await t.store.getUserByEmail('bob@example.com')).toBeNull();
    expect(await t.store.countUsers()).toBe(2);
  });
});

describe('first-admin setup', () => {
  let t: TestParley;
  beforeEach(async () => {
    t = await createTestParley();
  });
  afterEach(async () => {
    await t.close();
  });

  it('trusts only loopback addresses', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('10.0.0.7')).toBe(false);
    expect(isLoopback('::ffff:192.168.1.20')).toBe(false);
    expect(isLoopback('192.127.0.0.1')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });

  it('creates the first admin from localhost and signs them in, once', async () => {
    const page = await request(t.app).get('/setup');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/api/setup');

    const res = await request(t.app).post('/api/setup').send({ email: 'root@example.com', password: PASSWORD, name: 'Root' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'root@example.com', role: 'admin' });
    const pair = sessionCookie(res).split(';')[0] ?? '';
    expect((await request(t.app).get('/api/users').set('cookie', pair)).status).toBe(200);

    const again = await request(t.app).post('/api/setup').send({ email: 'evil@example.com', password: PASSWORD, name: 'Evil' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('setup_done');
    expect(await t.store.getUserByEmail('evil@example.com')).toBeNull();
    expect((await request(t.app).get('/setup')).status).toBe(409);
  });

  it('is refused once any user exists, even a non-admin', async () => {
    await t.userWithToken('agent');
    const res = await request(t.app).post('/api/setup').send({ email: 'root@example.com', password: PASSWORD, name: 'Root' });
    expect(res.status).toBe(409);
    expect(await t.store.countUsers()).toBe(1);
  });

  it('creates exactly one admin when two setups race', async () => {
    const [a, b] = await Promise.all([
      request(t.app).post('/api/setup').send({ email: 'a@example.com', password: PASSWORD, name: 'A' }),
      request(t.app).post('/api/setup').send({ email: 'b@example.com', password: PASSWORD, name: 'B' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await t.store.countUsers()).toBe(1);
  });

  it('names the bad field and writes nothing', async () => {
    const res = await request(t.app).post('/api/setup').send({ email: 'root@example.com', password: 'short', name: 'Root' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toEqual(['password']);
    expect(await t.store.countUsers()).toBe(0);
  });
});
