// The CLI runs as a separate process against the store in DATA_DIR, like a person runs it; it needs
// the built dist (npm test builds first).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from './store/sqlite-store';

const CLI = path.resolve(__dirname, '../dist/cli.js');
const FLOWS = path.resolve(__dirname, '../../flows');

describe('cli', () => {
  let dataDir: string;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, DATA_DIR: dataDir, WEBHOOK_SECRET: 'cli-test-secret-0123456789', LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 30_000 });
  const withStore = async <T>(read: (store: ReturnType<typeof openSqliteStore>) => Promise<T>): Promise<T> => {
    const store = openSqliteStore({ file: path.join(dataDir, 'parley.db') });
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  };

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  });
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-cli-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('load-flows validates and publishes all seven example flows into an empty store, and leaves unchanged ones alone on a second run', async () => {
    const files = readdirSync(FLOWS).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(7);
    const first = run('load-flows', FLOWS);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines.filter((l) => /^✓ .+: published v1 \(.+\.json\)$/.test(l))).toHaveLength(files.length);
    expect(lines.at(-1)).toBe(`${files.length} of ${files.length} flows loaded`);
    const live = await withStore((store) => store.liveVersions());
    // anti-spam goes to off-hours, which sorts after it: published all the same.
    expect(live.map((v) => v.flowId).sort()).toEqual(files.map((f) => f.replace(/\.json$/, '')).sort());

    const second = run('load-flows', FLOWS);
    expect(second.status).toBe(0);
    expect(second.stdout.trim().split('\n').filter((l) => / unchanged v1 /.test(l))).toHaveLength(files.length);
    expect(await withStore(async (store) => (await store.listVersions(live[0]?.flowId ?? '')).length)).toBe(1);
  });

  it('load-flows reports every bad file, publishes the good ones and exits 1', async () => {
    const dir = path.join(dataDir, 'flows');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'a-broken.json'), '{ not json');
    writeFileSync(path.join(dir, 'b-schema.json'), JSON.stringify({ id: 'schema', name: '', graph: { nodes: [], edges: [] } }));
    writeFileSync(path.join(dir, 'c-graph.json'), JSON.stringify({ id: 'graph', name: 'No trigger', graph: { nodes: [{ id: 'r', type: 'reply', data: { messages: [{ type: 'text', text: 'hi' }] } }], edges: [] } }));
    writeFileSync(
      path.join(dir, 'd-good.json'),
      JSON.stringify({
        id: 'good',
        name: 'Good',
        graph: {
          nodes: [
            { id: 't', type: 'trigger', data: { kind: 'any_message' } },
            { id: 'r', type: 'reply', data: { messages: [{ type: 'text', text: 'hi' }] } },
          ],
          edges: [{ id: 'e', source: 't', sourceHandle: 'next', target: 'r' }],
        },
      }),
    );
    const result = run('load-flows', dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/✗ a-broken\.json: not valid JSON/);
    expect(result.stdout).toMatch(/✗ b-schema\.json: name: /);
    expect(result.stdout).toMatch(/✗ graph \(c-graph\.json\): the graph has 1 error; fix it before publishing\n {4}.*trigger/);
    expect(result.stdout).toMatch(/✓ good: published v1 \(d-good\.json\)/);
    expect(result.stdout).toMatch(/1 of 4 flows loaded/);
    expect(await withStore(async (store) => (await store.listFlows()).map((f) => f.id))).toEqual(['good']);
  });

  it('load-flows publishes a goto to a file that sorts later, and refuses, with its reason, a goto to a refused file', async () => {
    const dir = path.join(dataDir, 'flows');
    mkdirSync(dir);
    const trigger = (kind: string) => ({ id: 't', type: 'trigger', data: { kind } });
    const gotoFlow = (id: string, target: string) => ({
      id,
      name: id,
      graph: { nodes: [trigger('any_message'), { id: 'g', type: 'goto', data: { flowId: target } }], edges: [{ id: 'e', source: 't', sourceHandle: 'next', target: 'g' }] },
    });
    writeFileSync(path.join(dir, 'a-entry.json'), JSON.stringify(gotoFlow('entry', 'target')));
    writeFileSync(path.join(dir, 'b-dangling.json'), JSON.stringify(gotoFlow('dangling', 'broken')));
    writeFileSync(path.join(dir, 'c-broken.json'), JSON.stringify({ id: 'broken', name: 'No trigger', graph: { nodes: [{ id: 'r', type: 'reply', data: { messages: [{ type: 'text', text: 'hi' }] } }], edges: [] } }));
    writeFileSync(
      path.join(dir, 'z-target.json'),
      JSON.stringify({
        id: 'target',
        name: 'Target',
        graph: { nodes: [trigger('api'), { id: 'r', type: 'reply', data: { messages: [{ type: 'text', text: 'hi' }] } }], edges: [{ id: 'e', source: 't', sourceHandle: 'next', target: 'r' }] },
      }),
    );
    const result = run('load-flows', dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/✓ entry: published v1 \(a-entry\.json\)/);
    expect(result.stdout).toMatch(/✓ target: published v1 \(z-target\.json\)/);
    expect(result.stdout).toMatch(/✗ broken \(c-broken\.json\): the graph has 1 error; fix it before publishing\n {4}The flow has no trigger node/);
    expect(result.stdout).toMatch(/✗ dangling \(b-dangling\.json\): the graph has 1 error; fix it before publishing\n {4}.*continues in flow "broken", which does not exist/);
    expect(result.stdout).toMatch(/2 of 4 flows loaded/);
    // Refused documents leave no draft behind.
    expect(await withStore(async (store) => (await store.listFlows()).map((f) => f.id).sort())).toEqual(['entry', 'target']);
    expect(await withStore(async (store) => (await store.liveVersions()).map((v) => v.flowId).sort())).toEqual(['entry', 'target']);
  });

  it('load-flows refuses a flow with an unfinished node, naming node and field, and leaves no draft', async () => {
    const dir = path.join(dataDir, 'flows');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'unfinished.json'),
      JSON.stringify({
        id: 'unfinished',
        name: 'Unfinished',
        graph: {
          nodes: [
            { id: 't', type: 'trigger', data: { kind: 'any_message' } },
            { id: 'r', type: 'reply', data: { messages: [] } },
          ],
          edges: [{ id: 'e', source: 't', sourceHandle: 'next', target: 'r' }],
        },
      }),
    );
    const result = run('load-flows', dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/✗ unfinished \(unfinished\.json\): the graph has 1 error; fix it before publishing\n {4}Node "r" \(reply\): data\.messages — /);
    expect(await withStore((store) => store.listFlows())).toEqual([]);
  });

  it('load-flows names a directory it cannot read in one line, without a stack trace, and exits 1', () => {
    const missing = path.join(dataDir, 'no-such-dir');
    const result = run('load-flows', missing);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`load-flows: ${missing} does not exist\n`);

    const file = path.join(dataDir, 'a-file.json');
    writeFileSync(file, '{}');
    const notDir = run('load-flows', file);
    expect(notDir.status).toBe(1);
    expect(notDir.stderr).toBe(`load-flows: ${file} is not a directory\n`);
  });

  it('create-admin creates an admin who can sign in, never printing the password', async () => {
    const created = run('create-admin', '--email', 'Root@Example.com', '--password', 'correct horse battery', '--name', 'Root');
    expect(created.status).toBe(0);
    expect(created.stdout).toBe('created admin root@example.com\n');
    expect(created.stdout + created.stderr).not.toContain('correct horse battery');
    const user = await withStore((store) => store.getUserByEmail('root@example.com'));
    expect(user).toMatchObject({ role: 'admin', name: 'Root' });
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);

    const again = run('create-admin', '--email', 'root@example.com', '--password', 'correct horse battery');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const weak = run('create-admin', '--email', 'other@example.com', '--password', 'short');
    expect(weak.status).toBe(2);
    expect(weak.stderr).toMatch(/--password: /);
    expect(weak.stderr).not.toContain('short\n');
    expect(run('create-admin', '--email').status).toBe(2);
    expect(run('nonsense').status).toBe(2);
  });
});
