import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'parley-config-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('fills in defaults and puts the database under DATA_DIR', () => {
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: dir,
      databaseFile: path.join(dir, 'parley.db'),
      mongodbUri: null,
      admin: null,
      webhookCallbackUrl: null,
      webhookSyncDeadlineMs: 4000,
      logLevel: 'info',
      publicUrl: null,
    });
  });

  it('creates DATA_DIR when it does not exist', () => {
    const nested = path.join(dir, 'a', 'b');
    expect(loadConfig({ DATA_DIR: nested }).dataDir).toBe(nested);
    expect(statSync(nested).isDirectory()).toBe(true);
  });

  it('generates a webhook secret once, keeps it in DATA_DIR/webhook-secret with mode 600, and reuses it', () => {
    const first = loadConfig({ DATA_DIR: dir }).webhookSecret;
    const file = path.join(dir, 'webhook-secret');
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dir }).webhookSecret).toBe(first);
  });

  it('prefers WEBHOOK_SECRET and then writes no file', () => {
    expect(loadConfig({ DATA_DIR: dir, WEBHOOK_SECRET: 'a-long-enough-secret-value' }).webhookSecret).toBe('a-long-enough-secret-value');
    expect(() => statSync(path.join(dir, 'webhook-secret'))).toThrow();
  });

  it('reads an existing secret file as it is', () => {
    writeFileSync(path.join(dir, 'webhook-secret'), 'kept-from-an-earlier-start\n', { mode: 0o600 });
    expect(loadConfig({ DATA_DIR: dir }).webhookSecret).toBe('kept-from-an-earlier-start');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ ADMIN_EMAIL: 'root@example.com' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_PASSWORD: 'long enough password' }, 'ADMIN_EMAIL'],
    [{ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long enough password' }, 'ADMIN_EMAIL'],
    [{ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ WEBHOOK_SECRET: 'short' }, 'WEBHOOK_SECRET'],
    [{ WEBHOOK_CALLBACK_URL: 'ftp://example.com/x' }, 'WEBHOOK_CALLBACK_URL'],
    [{ WEBHOOK_SYNC_DEADLINE_MS: '-1' }, 'WEBHOOK_SYNC_DEADLINE_MS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ PUBLIC_URL: 'parley.example.com' }, 'PUBLIC_URL'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig({ DATA_DIR: dir, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dir, ...env })).toThrow(new RegExp(`\\b${variable}: `));
  });

  it('takes the admin bootstrap, the callback and the deadline', () => {
    const config = loadConfig({
      DATA_DIR: dir,
      PORT: '8080',
      HOST: '127.0.0.1',
      ADMIN_EMAIL: 'Root@Example.com',
      ADMIN_PASSWORD: 'long enough password',
      WEBHOOK_CALLBACK_URL: 'https://example.com/hook',
      WEBHOOK_SYNC_DEADLINE_MS: '2500',
      MONGODB_URI: 'mongodb://localhost/parley',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      admin: { email: 'root@example.com', password: 'long enough password' },
      webhookCallbackUrl: 'https://example.com/hook',
      webhookSyncDeadlineMs: 2500,
      mongodbUri: 'mongodb://localhost/parley',
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATA_DIR: dir, ADMIN_EMAIL: '', ADMIN_PASSWORD: '', WEBHOOK_CALLBACK_URL: ' ' })).toMatchObject({ admin: null, webhookCallbackUrl: null });
    expect(loadConfig({ DATA_DIR: dir, PORT: '', WEBHOOK_SYNC_DEADLINE_MS: ' ' })).toMatchObject({ port: 3000, webhookSyncDeadlineMs: 4000 });
  });

  it('refuses, and keeps, a secret file too short to be safe instead of replacing it', () => {
    const file = path.join(dir, 'webhook-secret');
    writeFileSync(file, 'shortsecret\n');
    expect(() => loadConfig({ DATA_DIR: dir })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dir })).toThrow(/webhook-secret holds fewer than 16 characters/);
    expect(readFileSync(file, 'utf8')).toBe('shortsecret\n');
  });
});
