import request from 'supertest';
import { createTestParley, type TestParley } from '../../__tests__/support/test-parley';

const PASSWORD = 'correct horse battery';
const FIFTEEN_MINUTES = 15 * 60 * 1000;

describe('failed logins are limited', () => {
  let t: TestParley;
  beforeEach(async () => {
    t = await createTestParley();
    for (const name of ['ann', 'bob']) {
      await t.auth.createUser({ email: `${name}@example.com`, password: PASSWORD, name, role: 'agent', teams: [] });
    }
  });
  afterEach(async () => {
    await t.close();
  });

  const login = (email: string, password: string) => request(t.app).post('/api/auth/login').send({ email, password });

  async function failTimes(email: string, times: number): Promise<void> {
    for (let i = 0; i < times; i++) expect((await login(email, `wrong guess ${i}`)).status).toBe(401);
  }

  it('refuses the 11th login for an email with 429 and Retry-After, even with the right password; other emails are unaffected', async () => {
    await failTimes('ann@example.com', 10);

    const refused = await login('ann@example.com', PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('900');
    expect(refused.body).toEqual({
      error: { code: 'too_many_attempts', message: expect.stringMatching(/try again in 900 seconds/), details: { retryAfterSeconds: 900 } },
    });
    expect(refused.headers['set-cookie']).toBeUndefined();
    // The limit is per email, whatever its case.
    expect((await login('ANN@Example.com', PASSWORD)).status).toBe(429);

    expect((await login('bob@example.com', PASSWORD)).status).toBe(200);
  });

  it('lets the email in again once its failures are 15 minutes old', async () => {
    await failTimes('ann@example.com', 10);
    t.clock.advance(FIFTEEN_MINUTES - 1_000);
    const almost = await login('ann@example.com', PASSWORD);
    expect(almost.status).toBe(429);
    expect(almost.headers['retry-after']).toBe('1');

    t.clock.advance(1_000);
    const res = await login('ann@example.com', PASSWORD);
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/^parley_session=/);
  });

  it('counts failures in a sliding window: Retry-After is when the oldest of them ages out', async () => {
    await failTimes('ann@example.com', 1);
    t.clock.advance(5 * 60 * 1000);
    await failTimes('ann@example.com', 9);
    expect((await login('ann@example.com', PASSWORD)).headers['retry-after']).toBe('600');

    // The first failure has aged out: one more guess is allowed, then the door closes until the others age out.
    t.clock.advance(10 * 60 * 1000);
    await failTimes('ann@example.com', 1);
    const refused = await login('ann@example.com', PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error.details).toEqual({ retryAfterSeconds: 300 });
  });

  it('forgets the failures of an email once it signs in successfully', async () => {
    await failTimes('ann@example.com', 9);
    expect((await login('ann@example.com', PASSWORD)).status).toBe(200);
    await failTimes('ann@example.com', 10);
    expect((await login('ann@example.com', PASSWORD)).status).toBe(429);
  });

  it('refuses an address after 50 failures across emails, known or not', async () => {
    for (let i = 0; i < 10; i++) await failTimes(`guess${i}@example.com`, 5);
    const refused = await login('bob@example.com', PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
    expect(refused.headers['retry-after']).toBe('900');
  });

  it('does not count successful logins against the address', async () => {
    for (let i = 0; i < 60; i++) expect((await login('bob@example.com', PASSWORD)).status).toBe(200);
  });
});
