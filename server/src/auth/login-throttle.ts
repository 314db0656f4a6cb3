import type { Clock } from '../runtime/runtime-types';

export interface LoginLimits {
  /** Failed logins allowed per email (case-insensitive) within the window. */
  perEmail: number;
  /** Failed logins allowed per client IP within the window, whatever the emails. */
  perIp: number;
  windowMs: number;
  /**
   * Past this many tracked emails and addresses, the one that failed longest ago is forgotten first:
   * a spray of made-up emails cannot grow memory without end (each tracked failure cost an argon2
   * verification, so getting there takes a sustained attack).
   */
  maxTracked: number;
}

export const LOGIN_LIMITS: LoginLimits = { perEmail: 10, perIp: 50, windowMs: 15 * 60 * 1000, maxTracked: 100_000 };

/**
 * Refuses logins for an email or from an IP that failed too often within a sliding window, before
 * any password is checked, so guessing costs the server no argon2 work either.
 *
 * Counts live in this process's memory: several instances behind a load balancer each keep their
 * own, which multiplies the limits by the number of instances — enough to make guessing slow, which
 * is all this is for. Expired entries are dropped as the clock passes them.
 */
export class LoginThrottle {
  /**
   * Key → times of its failed logins within the window, oldest first. A key moves to the end of the
   * map whenever it fails, so the map runs from the least to the most recently failed key, and the
   * expired keys are always at its front.
   */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: LoginLimits = LOGIN_LIMITS,
  ) {}

  /**
   * Starts a login attempt. Refused, with the milliseconds until one could succeed, when the email or
   * the IP has used up its failures. Otherwise the attempt is counted as failed at once — so parallel
   * guesses cannot all pass the check while their hashes are verified — and `succeeded` takes it back.
   */
  begin(email: string, ip: string): { retryAfterMs: number } | null {
    const now = this.clock.now();
    this.dropExpired(now);
    const keys = [
      { key: emailKey(email), limit: this.limits.perEmail },
      { key: ipKey(ip), limit: this.limits.perIp },
    ];
    let retryAfterMs = 0;
    for (const { key, limit } of keys) {
      const times = this.recent(key, now);
      // Free again once enough of its failures have aged out to leave one below the limit.
      const blocking = times.length >= limit ? times[times.length - limit] : undefined;
      if (blocking !== undefined) retryAfterMs = Math.max(retryAfterMs, blocking + this.limits.windowMs - now);
    }
    if (retryAfterMs > 0) return { retryAfterMs };
    for (const { key } of keys) this.record(key, now);
    return null;
  }

  /** The password was right: the email's failures are forgotten, and the IP's count drops this attempt only. */
  succeeded(email: string, ip: string): void {
    this.failures.delete(emailKey(email));
    const key = ipKey(ip);
    const times = this.failures.get(key);
    times?.pop();
    if (times?.length === 0) this.failures.delete(key);
  }

  /** How many emails and addresses are being tracked (memory stays bounded: see the tests). */
  get size(): number {
    return this.failures.size;
  }

  private recent(key: string, now: number): number[] {
    const times = this.failures.get(key) ?? [];
    const firstLive = times.findIndex((at) => at > now - this.limits.windowMs);
    if (firstLive === -1) {
      this.failures.delete(key);
      return [];
    }
    if (firstLive > 0) times.splice(0, firstLive);
    return times;
  }

  private record(key: string, now: number): void {
    const times = this.failures.get(key) ?? [];
    times.push(now);
    this.failures.delete(key);
    this.failures.set(key, times);
    for (const oldest of this.failures.keys()) {
      if (this.failures.size <= this.limits.maxTracked) break;
      this.failures.delete(oldest);
    }
  }

  /** Drops keys whose latest failure is out of the window; they sit at the front, so this stops at the first live one. */
  private dropExpired(now: number): void {
    for (const [key, times] of this.failures) {
      const latest = times[times.length - 1];
      if (latest !== undefined && latest > now - this.limits.windowMs) break;
      this.failures.delete(key);
    }
  }
}

function emailKey(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}

function ipKey(ip: string): string {
  return `ip:${ip}`;
}
