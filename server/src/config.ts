import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Thrown at start-up with a message naming the variable; index.ts prints it and exits 1. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    MONGODB_URI: optionalText,
    ADMIN_EMAIL: optionalText.pipe(z.email({ message: 'expected an email address' }).optional()),
    ADMIN_PASSWORD: optionalText.pipe(z.string().min(10, 'at least 10 characters').optional()),
    WEBHOOK_SECRET: optionalText.pipe(z.string().min(16, 'at least 16 characters').optional()),
    WEBHOOK_CALLBACK_URL: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).optional()),
    WEBHOOK_SYNC_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(4000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).optional()),
  })
  .superRefine((env, ctx) => {
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({ code: 'custom', path: [env.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'], message: 'set ADMIN_EMAIL and ADMIN_PASSWORD together, or neither' });
    }
  });

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** The SQLite file: DATA_DIR/parley.db. */
  databaseFile: string;
  mongodbUri: string | null;
  /** First admin, created at start when there are no users yet. */
  admin: { email: string; password: string } | null;
  /** Shared secret of the generic webhook (from WEBHOOK_SECRET or DATA_DIR/webhook-secret). */
  webhookSecret: string;
  webhookCallbackUrl: string | null;
  webhookSyncDeadlineMs: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  publicUrl: string | null;
}

/**
 * Reads the environment once at start-up. Creates DATA_DIR, and when WEBHOOK_SECRET is not set keeps
 * a generated secret in DATA_DIR/webhook-secret (mode 600) so it survives restarts; the secret is
 * never logged — read it from that file to configure the sender.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`PORT=` in a compose file or .env) means unset, for every variable alike.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError(`DATA_DIR: cannot create ${dataDir}: ${String(error)}`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseFile: path.join(dataDir, 'parley.db'),
    mongodbUri: e.MONGODB_URI ?? null,
    admin: e.ADMIN_EMAIL !== undefined && e.ADMIN_PASSWORD !== undefined ? { email: e.ADMIN_EMAIL.toLowerCase(), password: e.ADMIN_PASSWORD } : null,
    webhookSecret: e.WEBHOOK_SECRET ?? storedWebhookSecret(dataDir),
    webhookCallbackUrl: e.WEBHOOK_CALLBACK_URL ?? null,
    webhookSyncDeadlineMs: e.WEBHOOK_SYNC_DEADLINE_MS,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL ?? null,
  };
}

function storedWebhookSecret(dataDir: string): string {
  const file = path.join(dataDir, 'webhook-secret');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 16) return existing;
    // Never replace a secret someone put there: senders may already sign with it.
    throw new ConfigError(`${file} holds fewer than 16 characters: set WEBHOOK_SECRET, or delete the file to have a new secret generated`);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // Duck-typed: fs errors are not always `instanceof Error` (e.g. across jest's realms).
    if (!(typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT')) {
      throw new ConfigError(`WEBHOOK_SECRET is not set and ${file} cannot be read: ${String(error)}`);
    }
  }
  const secret = randomBytes(32).toString('hex');
  // 0o600: the secret signs inbound webhooks; only the owner may read it.
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
