// Command-line tasks that work on the store in DATA_DIR directly, whether or not the server runs:
//   node server/dist/cli.js load-flows <dir>
//   node server/dist/cli.js create-admin --email you@example.com --password '…' [--name Ada]
//   node server/dist/cli.js hook-url <account>
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { flowDocumentSchema, hookAccountSchema, setupBodySchema, type FlowDocument } from '@parley/shared';
import { FlowService } from './api/flows/flow-service';
import { AuthService } from './auth/auth-service';
import { hookPath } from './channels/hook/hook-key';
import { ConfigError, loadConfig } from './config';
import { ApiError } from './http/api-error';
import type { Clock } from './runtime/runtime-types';
import { openSqliteStore } from './store/sqlite-store';
import type { Store } from './store/store';

const USAGE = `usage:
  node server/dist/cli.js load-flows <dir>
  node server/dist/cli.js create-admin --email <email> --password <password> [--name <name>]
  node server/dist/cli.js hook-url <account>
`;

const clock: Clock = { now: () => Date.now() };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'load-flows':
      return withStore((store) => loadFlows(store, rest));
    case 'create-admin':
      return withStore((store) => createAdmin(store, rest));
    case 'hook-url':
      return printHookUrl(rest);
    default:
      process.stderr.write(USAGE);
      return 2;
  }
}

/** Prints the URL of a hook account: its key derives from WEBHOOK_SECRET, so nothing is stored. */
function printHookUrl(args: string[]): number {
  const account = hookAccountSchema.safeParse(args[0]);
  if (!account.success || args.length !== 1) {
    process.stderr.write(account.success ? USAGE : `hook-url: ${account.error.issues[0]?.message ?? 'bad account'}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const base = config.publicUrl ?? `http://localhost:${config.port}`;
  process.stdout.write(`${base.replace(/\/$/, '')}${hookPath(config.webhookSecret, account.data)}\n`);
  return 0;
}

async function withStore(task: (store: Store) => Promise<number>): Promise<number> {
  const config = loadConfig();
  const store = openSqliteStore({ file: config.databaseFile, backgroundCheckpoints: false });
  try {
    return await task(store);
  } finally {
    await store.close();
  }
}

/**
 * Validates every <dir>/*.json (flow document schema, then the graph rules), makes each the draft of
 * its flow, then publishes them all; a file identical to the live version is left alone. The store is
 * written directly; a running server notices the change through the store's live stamp within about a
 * second.
 */
async function loadFlows(store: Store, args: string[]): Promise<number> {
  const dir = args[0];
  if (!dir || args.length !== 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const listed = jsonFilesIn(dir);
  if (typeof listed === 'string') {
    process.stderr.write(`load-flows: ${listed}\n`);
    return 1;
  }
  const files = listed;
  if (files.length === 0) {
    process.stderr.write(`no .json files in ${dir}\n`);
    return 1;
  }
  let failures = 0;
  const docs: { file: string; doc: FlowDocument }[] = [];
  for (const file of files) {
    const problem = (message: string) => {
      failures++;
      process.stdout.write(`✗ ${file}: ${message}\n`);
    };
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    } catch (error) {
      problem(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const parsed = flowDocumentSchema.safeParse(json);
    if (!parsed.success) {
      problem(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(document)'}: ${issue.message}`).join('; '));
      continue;
    }
    const clash = docs.find((d) => d.doc.id === parsed.data.id);
    if (clash) {
      problem(`id "${parsed.data.id}" is used by ${clash.file} too`);
      continue;
    }
    docs.push({ file, doc: parsed.data });
  }

  // One batch: every draft is saved before any is published, so a goto may name a file that sorts later.
  const byId = new Map(docs.map(({ file, doc }) => [doc.id, file]));
  for (const result of await new FlowService(store, clock).loadAndPublish(docs.map(({ doc }) => doc))) {
    const file = byId.get(result.id) ?? '?';
    if (result.outcome === 'refused') {
      failures++;
      // Every reason, not just how many: the person running this has nothing else to go on.
      const issues = Array.isArray(result.error.details) ? result.error.details.map(issueMessage) : [];
      process.stdout.write(`✗ ${result.id} (${file}): ${[result.error.message, ...issues].join('\n    ')}\n`);
    } else {
      process.stdout.write(`✓ ${result.id}: ${result.outcome} v${result.version} (${file})\n`);
    }
  }
  process.stdout.write(`${files.length - failures} of ${files.length} flows loaded\n`);
  return failures === 0 ? 0 : 1;
}

/** The .json files of `dir` in name order, or why it cannot be read (said in a line: no stack trace for a typo). */
function jsonFilesIn(dir: string): string[] | string {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'ENOENT') return `${dir} does not exist`;
    if (code === 'ENOTDIR') return `${dir} is not a directory`;
    return `cannot read ${dir}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function issueMessage(issue: unknown): string {
  return typeof issue === 'object' && issue !== null && 'message' in issue && typeof issue.message === 'string' ? issue.message : JSON.stringify(issue);
}

/** Creates an admin (the first one, or another when locked out); the password is never printed. */
async function createAdmin(store: Store, args: string[]): Promise<number> {
  let values: { email?: string | undefined; password?: string | undefined; name?: string | undefined };
  try {
    ({ values } = parseArgs({ args, options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } }, strict: true }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const parsed = setupBodySchema.safeParse({ email: values.email, password: values.password, name: values.name ?? 'Admin' });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) process.stderr.write(`--${issue.path.join('.')}: ${issue.message}\n`);
    return 2;
  }
  try {
    const user = await new AuthService(store, clock).createUser({ ...parsed.data, role: 'admin', teams: [] });
    process.stdout.write(`created admin ${user.email}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
