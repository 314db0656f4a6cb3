import { randomUUID } from 'node:crypto';
import type { ApiTokenView, CreatedApiToken, CreateUserBody, UserView } from '@parley/shared';
import type { Clock } from '../runtime/runtime-types';
import { StoreConflictError, type AuthTokenRecord, type Role, type Store, type UserRecord } from '../store/store';
import { ApiError } from '../http/api-error';
import { hashPassword, verifyPassword } from './password';
import { hashToken, newSecretToken, newTokenId } from './secret-token';
import { SESSION_TTL_MS } from './session-cookie';

export interface NewUser {
  email: string;
  password: string;
  name: string;
  role: Role;
  teams: string[];
}

/** A signed-in request's user and the session or API token it signed in with. */
export interface Credential {
  user: UserRecord;
  token: AuthTokenRecord;
}

/** An API token's use is written down at most once per this interval, so authenticating stays a read. */
export const LAST_USED_RESOLUTION_MS = 60 * 60 * 1000;

/**
 * Users, login sessions and personal API tokens over the store. Secrets are handed out once and only
 * their sha256 is kept; passwords are kept as argon2id hashes.
 */
export class AuthService {
  /** Verified against when the email is unknown, so a wrong email costs as long as a wrong password. */
  private decoyHash: Promise<string> | null = null;
  /** First-admin creation is serialised so two concurrent setup requests cannot both succeed. */
  private firstAdminQueue: Promise<unknown> = Promise.resolve();
  private readonly revokedListeners: ((tokenId: string) => void)[] = [];

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
    await this.store.createAuthToken({
      id: newTokenId(),
      tokenHash: hashToken(token),
      userId: user.id,
      kind: 'session',
      name: 'login',
      createdAt: now,
      expiresAt: now + SESSION_TTL_MS,
      lastUsedAt: null,
    });
    return { token, user };
  }

  async logout(token: string): Promise<void> {
    const tokenHash = hashToken(token);
    const record = await this.store.getAuthToken(tokenHash, this.clock.now());
    await this.store.deleteAuthToken(tokenHash);
    if (record) this.announceRevoked(record.id);
  }

  /** The user and token behind a session cookie or API token; null when unknown, expired, or the user is gone. */
  async credentialFor(secret: string): Promise<Credential | null> {
    const now = this.clock.now();
    const token = await this.store.getAuthToken(hashToken(secret), now);
    if (!token) return null;
    const user = await this.store.getUser(token.userId);
    if (!user) return null;
    if (token.kind === 'api' && (token.lastUsedAt === null || now - token.lastUsedAt >= LAST_USED_RESOLUTION_MS)) {
      await this.store.touchAuthToken(token.id, now);
      return { user, token: { ...token, lastUsedAt: now } };
    }
    return { user, token };
  }

  /** A personal API token; the secret is returned this once. */
  async createApiToken(user: UserRecord, name: string): Promise<CreatedApiToken> {
    const token = newSecretToken('pat');
    const id = newTokenId();
    const createdAt = this.clock.now();
    await this.store.createAuthToken({ id, tokenHash: hashToken(token), userId: user.id, kind: 'api', name, createdAt, expiresAt: null, lastUsedAt: null });
    return { id, token, name, createdAt };
  }

  /** The user's personal API tokens, oldest first, without their secrets. */
  async listApiTokens(user: UserRecord): Promise<ApiTokenView[]> {
    const tokens = await this.store.listAuthTokens(user.id, 'api');
    return tokens.map((token) => ({ id: token.id, name: token.name, createdAt: token.createdAt, lastUsedAt: token.lastUsedAt }));
  }

  /** Revokes one of the user's own tokens; false when the user has no token with this id. */
  async revokeToken(user: UserRecord, id: string): Promise<boolean> {
    const deleted = await this.store.deleteAuthTokenById(user.id, id);
    if (deleted) this.announceRevoked(id);
    return deleted;
  }

  /**
   * Called with the id of every token that logout or revocation ends, so that connections which
   * authenticated once (the /live sockets) can be dropped too.
   */
  onRevoked(listener: (tokenId: string) => void): void {
    this.revokedListeners.push(listener);
  }

  private announceRevoked(tokenId: string): void {
    for (const listener of this.revokedListeners) listener(tokenId);
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
