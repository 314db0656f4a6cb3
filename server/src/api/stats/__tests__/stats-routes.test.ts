import request from 'supertest';
import { createTestParley, keywordReplyFlow, postWebhook, replyTexts, type TestParley } from '../../../__tests__/support/test-parley';

// trigger → ask (a number) → answered: thanks → end; invalid: handoff (nobody in the team: ends there).
const surveyFlow = {
  id: 'survey',
  name: 'Survey',
  settings: { timezone: 'Asia/Shanghai' },
  graph: {
    nodes: [
      { id: 't', type: 'trigger', data: { kind: 'keyword', keywords: [{ text: 'survey', match: 'exact' }] } },
      { id: 'ask', type: 'ask', data: { question: 'Score 1-10?', validate: 'number', variable: 'score', retries: 0 } },
      { id: 'thanks', type: 'reply', data: { messages: [{ type: 'text', text: 'Thanks!' }] } },
      { id: 'end', type: 'end', data: {} },
      { id: 'h', type: 'handoff', data: { team: 'nobody-here' } },
    ],
    edges: [
      { id: 'e1', source: 't', sourceHandle: 'next', target: 'ask' },
      { id: 'e2', source: 'ask', sourceHandle: 'answered', target: 'thanks' },
      { id: 'e3', source: 'thanks', sourceHandle: 'next', target: 'end' },
      { id: 'e4', source: 'ask', sourceHandle: 'invalid', target: 'h' },
    ],
  },
};

interface NodeStats {
  nodeId: string;
  entered: number;
  exited: number;
  exits: Record<string, number>;
  uniqueContacts: number;
  waitingNow: number;
  dropped: number;
  completionRate: number | null;
}

describe('stats API', () => {
  let t: TestParley;
  let analyst: { authorization: string };
  let editor: { authorization: string };
  let messageSeq = 0;
  const say = (contactId: string, text: string) => postWebhook(t.app, t.clock, { contactId, messageId: `m${++messageSeq}`, text });
  const node = (body: { nodes: NodeStats[] }, id: string) => body.nodes.find((n) => n.nodeId === id);

  beforeEach(async () => {
    t = await createTestParley();
    analyst = (await t.userWithToken('analyst')).headers;
    editor = (await t.userWithToken('editor')).headers;
    await request(t.app).post('/api/flows').set(editor).send(surveyFlow);
    await request(t.app).post('/api/flows/survey/publish').set(editor).send({ revision: 0 });
    // Three contacts on 2025-01-15 (18:00 in Shanghai): one answers, one answers badly, one still waits.
    await say('c1', 'survey');
    await say('c1', '7');
    await say('c2', 'survey');
    await say('c2', 'no idea');
    await say('c3', 'survey');
    await t.runtime.tick();
  });
  afterEach(async () => {
    await t.close();
  });

  it('reports per-node funnels and flow totals over the default range (last 30 days in the flow time zone)', async () => {
    const res = await request(t.app).get('/api/flows/survey/stats').set(analyst);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ flowId: 'survey', version: null, timezone: 'Asia/Shanghai', from: '2024-12-17', to: '2025-01-15' });
    expect(res.body.totals).toEqual({ started: 3, completed: 1, handedOff: 1 });
    expect(node(res.body, 't')).toMatchObject({ entered: 3, exited: 3, exits: { next: 3 }, uniqueContacts: 3, waitingNow: 0, dropped: 0, completionRate: 1 });
    expect(node(res.body, 'ask')).toMatchObject({ entered: 3, exited: 2, exits: { answered: 1, invalid: 1 }, uniqueContacts: 3, waitingNow: 1, dropped: 0 });
    expect(node(res.body, 'ask')?.completionRate).toBeCloseTo(2 / 3);
    expect(node(res.body, 'thanks')).toMatchObject({ entered: 1, exited: 1, uniqueContacts: 1 });
    // Reaching the end is success: it leaves by 'end', completes 100% and drops no one.
    expect(node(res.body, 'end')).toMatchObject({ entered: 1, exited: 1, exits: { end: 1 }, waitingNow: 0, dropped: 0, completionRate: 1 });
    expect(node(res.body, 'h')).toMatchObject({ entered: 1, waitingNow: 0 });
  });

  it('counts days in the flow time zone and filters by range', async () => {
    // 2025-01-15 17:30 UTC is already 2025-01-16 in Shanghai.
    t.clock.ms = Date.UTC(2025, 0, 15, 17, 30);
    await say('c4', 'survey');
    const day16 = await request(t.app).get('/api/flows/survey/stats?from=2025-01-16&to=2025-01-16').set(analyst);
    expect(node(day16.body, 't')?.entered).toBe(1);
    const day15 = await request(t.app).get('/api/flows/survey/stats?from=2025-01-15&to=2025-01-15').set(analyst);
    expect(node(day15.body, 't')?.entered).toBe(3);
    // Waiting now is a count at this instant, the counters are bounded by the range: dropped never goes negative.
    const later = await request(t.app).get('/api/flows/survey/stats?from=2025-01-20&to=2025-01-21').set(analyst);
    expect(node(later.body, 'ask')).toMatchObject({ entered: 0, exited: 0, waitingNow: 2, dropped: 0, completionRate: null });
  });

  it('counts a session given up at a node as dropped, by reason', async () => {
    const help = keywordReplyFlow('help', 'help', 'How can I help?');
    await request(t.app).post('/api/flows').set(editor).send(help);
    await request(t.app).post('/api/flows/help/publish').set(editor).send({ revision: 0 });
    // c3 waits at the question and asks for help instead: another flow's keyword replaces the session.
    expect(replyTexts(await say('c3', 'help'))).toEqual(['How can I help?']);
    const res = await request(t.app).get('/api/flows/survey/stats').set(analyst);
    expect(node(res.body, 'ask')).toMatchObject({ entered: 3, exited: 2, waitingNow: 0, dropped: 1 });
    expect(res.body.nodes.find((n: { nodeId: string }) => n.nodeId === 'ask').droppedByReason).toEqual({ replaced: 1 });
  });

  it('filters by version and answers an unknown version with 404', async () => {
    await request(t.app).put('/api/flows/survey').set(editor).send({ name: 'Survey v2', revision: 1 });
    await request(t.app).post('/api/flows/survey/publish').set(editor).send({ revision: 2 });
    await say('c5', 'survey');
    const v1 = await request(t.app).get('/api/flows/survey/stats?version=1').set(analyst);
    expect(v1.body.version).toBe(1);
    expect(v1.body.totals.started).toBe(3);
    const v2 = await request(t.app).get('/api/flows/survey/stats?version=2').set(analyst);
    expect(v2.body.totals.started).toBe(1);
    expect(node(v2.body, 'ask')?.waitingNow).toBe(1);
    const all = await request(t.app).get('/api/flows/survey/stats').set(analyst);
    expect(all.body.totals.started).toBe(4);
    const missing = await request(t.app).get('/api/flows/survey/stats?version=9').set(analyst);
    expect(missing.status).toBe(404);
    expect((await request(t.app).get('/api/flows/nope/stats').set(analyst)).status).toBe(404);
  });

  it('refuses from after to (naming from), ranges over 366 days and impossible dates', async () => {
    const reversed = await request(t.app).get('/api/flows/survey/stats?from=2025-02-01&to=2025-01-01').set(analyst);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details[0].path).toEqual(['from']);
    expect(reversed.body.error.message).toMatch(/^query\.from/);
    const long = await request(t.app).get('/api/flows/survey/stats?from=2023-01-01&to=2025-01-01').set(analyst);
    expect(long.status).toBe(400);
    expect(long.body.error.details[0].path).toEqual(['to']);
    const longFromDefaults = await request(t.app).get('/api/flows/survey/stats?from=2020-01-01').set(analyst);
    expect(longFromDefaults.status).toBe(400);
    // "to" was left out: the message shows the range the server filled in, so the integrator sees why.
    expect(longFromDefaults.body.error.message).toBe('query.to: 2020-01-01 to 2025-01-15 covers 1842 days; a range covers at most 366 days');
    const impossible = await request(t.app).get('/api/flows/survey/stats?from=2025-02-30').set(analyst);
    expect(impossible.status).toBe(400);
    expect(impossible.body.error.details[0].path).toEqual(['from']);
    const badVersion = await request(t.app).get('/api/flows/survey/stats?version=latest').set(analyst);
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.error.details[0].path).toEqual(['version']);
  });

  it('reports missed keywords grouped by normalised text, most frequent first', async () => {
    await say('c6', 'Opening hours?');
    await say('c7', 'ＯＰＥＮＩＮＧ  hours?');
    await say('c8', 'price');
    const res = await request(t.app).get('/api/stats/missed-keywords').set(analyst);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2024-12-17', to: '2025-01-15' });
    expect(res.body.keywords.map((k: { text: string; count: number }) => [k.text, k.count])).toEqual([
      ['opening hours?', 2],
      ['price', 1],
    ]);
    expect((await request(t.app).get('/api/stats/missed-keywords?limit=1').set(analyst)).body.keywords).toHaveLength(1);
    expect((await request(t.app).get('/api/stats/missed-keywords?from=2025-01-16').set(analyst)).body.keywords).toEqual([]);
    expect((await request(t.app).get('/api/stats/missed-keywords?limit=0').set(analyst)).status).toBe(400);
  });
});
