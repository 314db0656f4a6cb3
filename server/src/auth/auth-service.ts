import { randomUUID } from 'node:crypto';
import type { CreateUserBody, UserView } from '@parley/shared';
import type { Clock } from '../runtime/runtime-types';
import { StoreConflictError, type Role, type Store, type UserRecord } from '../store/store';
import { ApiError } from '../http/api-error';
import { hashPassword, verifyPassword } from './password';
import { hashToken, newSecretToken } from './secret-token';
import { SESSION_TTL_MS } from './session-cookie';

export interface NewUser {
  email: string;
  password: string;
  name: string;
  role: Role;
  teams: string[];
}

/**
 * Users, login sessions and personal API tokens over the store. Secrets are handed out once and only
 * their sha256 is kept; passwords are kept as argon2id hashes.
 */
export class AuthService {
  /** Verified against when the email is unknown, so a wrong email costs as long as a wrong password. */
  private decoyHash: Promise<string> | null = null;
  /** First-admin creation is serialised so two concurrent setup requests cannot both succeed. */
  private firstAdminQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async login(email: string, password: string): Promise<{ token: string; user: UserRecord } | null> {
    const user = await this.store.getUserByEmail(email.toLowerCase());
    if (!user) {
      this.decoyHash ??= hashPassword(newSecretToken('ps'));
      await verifyPassword(await this.decoyHash, password);
      return null;
    }
    if (!(await verifyPassword(user.passwordHash, password))) return null;
    const token = newSecretToken('ps');
    const now = this.clock.now();
    await this.store.createAuthToken({ tokenHash: hashToken(token), userId: user.id, kind: 'session', name: 'login', createdAt: now, expiresAt: now + SESSION_TTL_MS });
    return { token, user };
  }

  async logout(token: string): Promise<void> {
    await this.store.deleteAuthToken(hashToken(token));
  }

  /** The user a session cookie or API token belongs to; null when unknown, expired, or the user is gone. */
  async userForToken(token: string): Promise<UserRecord | null> {
    const record = await this.store.getAuthToken(hashToken(token), this.clock.now());
    if (!record) return null;
    return this.store.getUser(record.userId);
  }

  /** A personal API token; the secret is returned this once. */
  async createApiToken(user: UserRecord, name: string): Promise<{ token: string; name: string; createdAt: number }> {
    const token = newSecretToken('pat');
    const createdAt = this.clock.now();
    await this.store.createAuthToken({ tokenHash: hashToken(token), userId: user.id, kind: 'api', name, createdAt, expiresAt: null });
    return { token, name, createdAt };
  }

  /** Throws ApiError 409 email_taken: checked first for a clear answer, and by the store against races. */
  async createUser(input: NewUser | CreateUserBody): Promise<UserRecord> {
    const taken = () => new ApiError(409, 'email_taken', 'a user with this email already exists', [{ path: ['email'], message: 'already taken', code: 'email_taken' }]);
    if (await this.store.getUserByEmail(input.email.toLowerCase())) throw taken();
    const user: UserRecord = {
      id: randomUUID(),
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      teams: input.teams,
      passwordHash: await hashPassword(input.password),
      createdAt: this.clock.now(),
    };
    try {
      return await this.store.createUser(user);
    } catch (error) {
      if (error instanceof StoreConflictError && error.code === 'email_taken') throw taken();
      throw error;
    }
  }

  async hasUsers(): Promise<boolean> {
    return (await this.store.countUsers()) > 0;
  }

  /**
   * Creates the first admin, only while there is no user at all (setup page, CLI, ADMIN_EMAIL).
   * Returns null when a user exists already.
   */
  createFirstAdmin(input: { email: string; password: string; name: string }): Promise<UserRecord | null> {
    const run = this.firstAdminQueue.then(async () => {
      if (await this.hasUsers()) return null;
      return this.createUser({ ...input, role: 'admin', teams: [] });
    });
    this.firstAdminQueue = run.catch(() => undefined);
    return run;
  }
}

export function userView(user: UserRecord): UserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role, teams: user.teams, createdAt: user.createdAt };
}
