import { LoginThrottle, type LoginLimits } from './login-throttle';

const limits: LoginLimits = { perEmail: 3, perIp: 5, windowMs: 1_000, maxTracked: 100 };

function throttleAt(start = 0, options: LoginLimits = limits) {
  const clock = { ms: start, now: () => clock.ms };
  return { clock, throttle: new LoginThrottle(clock, options) };
}

describe('LoginThrottle', () => {
  it('refuses an email once it used up its attempts, until the oldest ages out', () => {
    const { clock, throttle } = throttleAt();
    expect(throttle.begin('ann@example.com', '10.0.0.1')).toBeNull();
    clock.ms = 400;
    expect(throttle.begin('ann@example.com', '10.0.0.2')).toBeNull();
    expect(throttle.begin('Ann@Example.com ', '10.0.0.3')).toBeNull();
    expect(throttle.begin('ann@example.com', '10.0.0.4')).toEqual({ retryAfterMs: 600 });
    expect(throttle.begin('bob@example.com', '10.0.0.4')).toBeNull();

    clock.ms = 999;
    expect(throttle.begin('ann@example.com', '10.0.0.4')).toEqual({ retryAfterMs: 1 });
    clock.ms = 1_000;
    expect(throttle.begin('ann@example.com', '10.0.0.4')).toBeNull();
    // That attempt counted again: full until the two from 400 ms age out.
    expect(throttle.begin('ann@example.com', '10.0.0.4')).toEqual({ retryAfterMs: 400 });
  });

  it('refuses an address across emails, and not another address', () => {
    const { throttle } = throttleAt();
    for (let i = 0; i < 5; i++) expect(throttle.begin(`user${i}@example.com`, '10.0.0.1')).toBeNull();
    expect(throttle.begin('new@example.com', '10.0.0.1')).toEqual({ retryAfterMs: 1_000 });
    expect(throttle.begin('new@example.com', '10.0.0.2')).toBeNull();
  });

  it('does not count a refused attempt', () => {
    const { clock, throttle } = throttleAt();
    for (let i = 0; i < 3; i++) throttle.begin('ann@example.com', '10.0.0.1');
    for (let i = 0; i < 10; i++) expect(throttle.begin('ann@example.com', '10.0.0.1')).not.toBeNull();
    // Had the refusals counted, the address (limit 5) would now be refused for other emails.
    expect(throttle.begin('bob@example.com', '10.0.0.1')).toBeNull();
    clock.ms = 1_000;
    expect(throttle.begin('ann@example.com', '10.0.0.1')).toBeNull();
  });

  it('forgets the email on success and takes back only that attempt from the address', () => {
    const { throttle } = throttleAt();
    throttle.begin('ann@example.com', '10.0.0.1');
    throttle.begin('ann@example.com', '10.0.0.1');
    throttle.begin('ann@example.com', '10.0.0.1');
    throttle.succeeded('ann@example.com', '10.0.0.1');
    // The email starts afresh (3 attempts); the address keeps its 2 failures: 2 + 3 = its limit of 5.
    for (let i = 0; i < 3; i++) expect(throttle.begin('ann@example.com', '10.0.0.1')).toBeNull();
    expect(throttle.begin('bob@example.com', '10.0.0.1')).not.toBeNull();
  });

  it('drops what has expired, so memory does not grow with time', () => {
    const { clock, throttle } = throttleAt();
    for (let i = 0; i < 40; i++) {
      clock.ms = i * 100;
      throttle.begin(`user${i}@example.com`, `10.0.${i}.1`);
    }
    // Only the last second's keys are left: 10 emails and 10 addresses.
    expect(throttle.size).toBe(20);
    clock.ms += 1_000;
    throttle.begin('late@example.com', '10.9.9.9');
    expect(throttle.size).toBe(2);
  });

  it('tracks at most maxTracked keys, forgetting the one that failed longest ago', () => {
    const { throttle } = throttleAt(0, { perEmail: 1, perIp: 100, windowMs: 1_000, maxTracked: 4 });
    throttle.begin('ann@example.com', '10.0.0.1');
    throttle.begin('bob@example.com', '10.0.0.2');
    expect(throttle.size).toBe(4);
    expect(throttle.begin('ann@example.com', '10.0.0.3')).not.toBeNull();

    throttle.begin('cy@example.com', '10.0.0.3');
    expect(throttle.size).toBe(4);
    // ann and 10.0.0.1 failed longest ago and were forgotten; bob is still counted.
    expect(throttle.begin('bob@example.com', '10.0.0.5')).not.toBeNull();
    expect(throttle.begin('ann@example.com', '10.0.0.4')).toBeNull();
  });
});
