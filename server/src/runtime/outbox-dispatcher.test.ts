import { BACKOFF_MAX_MS, retryAt } from './outbox-dispatcher';

describe('retryAt', () => {
  it('doubles the wait from one second, caps it at five minutes, and gives up at the last attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => retryAt(0, attempt, 20))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryAt(0, 12, 20)).toBe(BACKOFF_MAX_MS);
    expect(retryAt(0, 8, 8)).toBeNull();
    expect(retryAt(500, 1, 8)).toBe(1_500);
  });
});
