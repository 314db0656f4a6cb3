import request from 'supertest';
import { createTestParley, type TestParley } from '../../__tests__/support/test-parley';
import { LAST_USED_RESOLUTION_MS } from '../auth-service';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('personal API tokens: list and revoke', () => {
  let t: TestParley;
  beforeEach(async () => {
    t = await createTestParley();
  });
  afterEach(async () => {
    await t.close();
  });

  async function createToken(headers: { authorization: string }, name: string): Promise<{ id: string; token: string }> {
    const res = await request(t.app).post('/api/auth/tokens').set(headers).send({ name });
    expect(res.status).toBe(201);
    return res.body;
  }

  it("lists the signed-in user's tokens with id, name and dates, and never a secret or its hash", async () => {
    const { headers } = await t.userWithToken('analyst');
    const other = await t.userWithToken('editor');
    t.clock.advance(1_000);
    const script = await createToken(headers, 'reporting script');
    expect(script.id).toMatch(/^[0-9a-f]{16}$/);
    t.clock.advance(1_000);
    const cron = await createToken(headers, 'nightly export');
    await createToken(other.headers, 'not yours');

    const list = await request(t.app).get('/api/auth/tokens').set(headers);
    expect(list.status).toBe(200);
    // The token this request signed in with ('test', made by the test helper) comes first, oldest first.
    expect(list.body.map((token: { name: string }) => token.name)).toEqual(['test', 'reporting script', 'nightly export']);
    expect(list.body[1]).toEqual({ id: script.id, name: 'reporting script', createdAt: t.clock.now() - 1_000, lastUsedAt: null });
    expect(list.body[2]).toEqual({ id: cron.id, name: 'nightly export', createdAt: t.clock.now(), lastUsedAt: null });
    const text = JSON.stringify(list.body);
    for (const secret of [script.token, cron.token, headers.authorization.slice('Bearer '.length)]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/pat_|tokenHash|[0-9a-f]{64}/);
  });

  it('shows when a token was last used, to about the hour', async () => {
    const { headers } = await t.userWithToken('agent');
    const script = await createToken(headers, 'script');
    const lastUsed = async () => {
      const list = await request(t.app).get('/api/auth/tokens').set(headers);
      return list.body.find((token: { id: string }) => token.id === script.id).lastUsedAt;
    };
    expect(await lastUsed()).toBeNull();

    t.clock.advance(5_000);
    const usedAt = t.clock.now();
    expect((await request(t.app).get('/api/auth/me').set(bearer(script.token))).status).toBe(200);
    expect(await lastUsed()).toBe(usedAt);

    t.clock.advance(LAST_USED_RESOLUTION_MS - 1);
    await request(t.app).get('/api/auth/me').set(bearer(script.token));
    expect(await lastUsed()).toBe(usedAt);

    t.clock.advance(1);
    await request(t.app).get('/api/auth/me').set(bearer(script.token));
    expect(await lastUsed()).toBe(t.clock.now());
  });

  it('revokes a token: the next request with it is 401, and it is no longer listed', async () => {
    const { headers } = await t.userWithToken('editor');
    const script = await createToken(headers, 'script');
    expect((await request(t.app).get('/api/flows').set(bearer(script.token))).status).toBe(200);

    const revoke = await request(t.app).delete(`/api/auth/tokens/${script.id}`).set(headers);
    expect(revoke.status).toBe(204);

    const after = await request(t.app).get('/api/flows').set(bearer(script.token));
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthenticated');
    const list = await request(t.app).get('/api/auth/tokens').set(headers);
    expect(list.body.map((token: { id: string }) => token.id)).not.toContain(script.id);
    // The token used to revoke it still works.
    expect((await request(t.app).get('/api/flows').set(headers)).status).toBe(200);
    expect((await request(t.app).delete(`/api/auth/tokens/${script.id}`).set(headers)).status).toBe(404);
  });

  it("answers 404 for someone else's token or an unknown id, and leaves the other's token working", async () => {
    const ann = await t.userWithToken('admin');
    const bob = await t.userWithToken('agent');
    const bobs = await createToken(bob.headers, "bob's script");

    for (const id of [bobs.id, '0123456789abcdef', 'not-even-hex']) {
      const res = await request(t.app).delete(`/api/auth/tokens/${id}`).set(ann.headers);
      expect({ id, status: res.status, code: res.body.error?.code }).toEqual({ id, status: 404, code: 'not_found' });
    }
    expect((await request(t.app).get('/api/auth/me').set(bearer(bobs.token))).status).toBe(200);
    const list = await request(t.app).get('/api/auth/tokens').set(bob.headers);
    expect(list.body.map((token: { id: string }) => token.id)).toContain(bobs.id);
  });

  it('lets a signed-in browser session list and revoke tokens too', async () => {
    const { user, headers } = await t.userWithToken('analyst');
    const script = await createToken(headers, 'script');
    const login = await request(t.app).post('/api/auth/login').send({ email: user.email, password: 'correct horse battery' });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';

    const list = await request(t.app).get('/api/auth/tokens').set('cookie', cookie);
    // Login sessions are not API tokens: only the two tokens are listed.
    expect(list.body.map((token: { name: string }) => token.name)).toEqual(['test', 'script']);
    expect((await request(t.app).delete(`/api/auth/tokens/${script.id}`).set('cookie', cookie)).status).toBe(204);
    expect((await request(t.app).get('/api/auth/me').set(bearer(script.token))).status).toBe(401);
  });
});
