// The stats API as an integrator meets it: every filter (version, from/to and their defaults in the
// flow's time zone, nodeId), every bad input answered 4xx naming the field, who may read, and the CSV
// exports. The numbers over realistic traffic are checked against the event log in
// __tests__/analytics-correctness.test.ts; here a few contacts make them easy to follow by hand.
import request from 'supertest';
import { StatsService } from '../stats-service';
import { createTestParley, keywordReplyFlow, postWebhook, replyTexts, START, type TestParley } from '../../../__tests__/support/test-parley';

// trigger → ask (a number) → answered: thanks → end; invalid: handoff (nobody in the team: it ends there).
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

/** START (2025-01-15 10:00 UTC) is 18:00 in Shanghai: the flow's day is 2025-01-15, and its last 30 days start on 2024-12-17. */
const TODAY = '2025-01-15';
const THIRTY_DAYS_AGO = '2024-12-17';

interface NodeStats {
  nodeId: string;
  entered: number;
  exited: number;
  droppedByReason: Record<string, number>;
  waitingNow: number;
}

/** RFC 4180 rows of a CSV body (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text.charAt(i + 1) === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else if (ch !== '\r') cell += ch;
  }
  return rows;
}

describe('stats API', () => {
  let t: TestParley;
  let analyst: { authorization: string };
  let editor: { authorization: string };
  let messageSeq = 0;
  const say = (contactId: string, text: string) => postWebhook(t.app, t.clock, { contactId, messageId: `m${++messageSeq}`, text });
  const node = (body: { nodes: NodeStats[] }, id: string) => body.nodes.find((n) => n.nodeId === id);
  const get = (path: string, headers: Record<string, string> = analyst) => request(t.app).get(path).set(headers);
  const publishSurveyAgain = async () => {
    await request(t.app).put('/api/flows/survey').set(editor).send({ name: 'Survey v2', revision: 1 });
    await request(t.app).post('/api/flows/survey/publish').set(editor).send({ revision: 2 });
  };

  beforeEach(async () => {
    t = await createTestParley();
    analyst = (await t.userWithToken('analyst')).headers;
    editor = (await t.userWithToken('editor')).headers;
    await request(t.app).post('/api/flows').set(editor).send(surveyFlow);
    await request(t.app).post('/api/flows/survey/publish').set(editor).send({ revision: 0 });
    // Three contacts: one answers, one answers badly, one still waits at the question.
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

  it("reports per-node funnels, edges and totals over the default range: the last 30 days in the flow's time zone", async () => {
    const res = await get('/api/flows/survey/stats');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ flowId: 'survey', version: null, timezone: 'Asia/Shanghai', from: THIRTY_DAYS_AGO, to: TODAY });
    expect(res.body.totals).toEqual({ started: 3, completed: 1, handedOff: 1, uniqueContacts: 3, completionRate: 1 / 3, medianTimeToCompleteMs: 0 });
    expect(node(res.body, 't')).toMatchObject({ entered: 3, exited: 3, exits: { next: 3 }, waitingNow: 0, dropped: 0, completionRate: 1 });
    expect(node(res.body, 'ask')).toMatchObject({ entered: 3, exited: 2, exits: { answered: 1, invalid: 1 }, waitingNow: 1, dropped: 0, completionRate: 2 / 3 });
    // Reaching the end is success: it leaves by 'end', completes 100% and drops no one.
    expect(node(res.body, 'end')).toMatchObject({ entered: 1, exited: 1, exits: { end: 1 }, waitingNow: 0, dropped: 0, completionRate: 1 });
    // Nobody is in the handoff's team: it leaves by no_agent, which leads nowhere.
    expect(node(res.body, 'h')).toMatchObject({ entered: 1, exited: 1, exits: { no_agent: 1 }, waitingNow: 0 });
    expect(res.body.edges).toEqual(
      expect.arrayContaining([
        { source: 't', sourceHandle: 'next', target: 'ask', count: 3, share: 1 },
        { source: 'ask', sourceHandle: 'answered', target: 'thanks', count: 1, share: 0.5 },
        { source: 'ask', sourceHandle: 'invalid', target: 'h', count: 1, share: 0.5 },
        { source: 'h', sourceHandle: 'no_agent', target: null, count: 1, share: 1 },
        { source: 'end', sourceHandle: 'end', target: null, count: 1, share: 1 },
      ]),
    );
    expect(res.body.splits).toEqual([]);
  });

  it("fills in a missing end of the range, by the flow's day rather than UTC's", async () => {
    expect((await get('/api/flows/survey/stats?from=2025-01-10')).body).toMatchObject({ from: '2025-01-10', to: TODAY });
    expect((await get('/api/flows/survey/stats?to=2025-01-10')).body).toMatchObject({ from: '2024-12-12', to: '2025-01-10' });
    // A from after today ends there: a one-day range, not an inverted one.
    expect((await get('/api/flows/survey/stats?from=2025-02-01')).body).toMatchObject({ from: '2025-02-01', to: '2025-02-01' });
    // 2025-01-15 17:30 UTC is already 2025-01-16 in Shanghai.
    t.clock.ms = Date.UTC(2025, 0, 15, 17, 30);
    expect((await get('/api/flows/survey/stats')).body).toMatchObject({ from: '2024-12-18', to: '2025-01-16' });
    expect((await get('/api/stats/missed-keywords')).body).toMatchObject({ from: '2024-12-17', to: TODAY });
  });

  it("counts days in the flow's time zone and filters by range", async () => {
    t.clock.ms = Date.UTC(2025, 0, 15, 17, 30);
    await say('c4', 'survey');
    const day16 = await get('/api/flows/survey/stats?from=2025-01-16&to=2025-01-16');
    expect(node(day16.body, 't')?.entered).toBe(1);
    const day15 = await get('/api/flows/survey/stats?from=2025-01-15&to=2025-01-15');
    expect(node(day15.body, 't')?.entered).toBe(3);
    // Waiting now is a count at this instant, the counters are bounded by the range: dropped never goes negative.
    const later = await get('/api/flows/survey/stats?from=2025-01-20&to=2025-01-21');
    expect(node(later.body, 'ask')).toMatchObject({ entered: 0, exited: 0, waitingNow: 2, dropped: 0, completionRate: null });
    expect(later.body.totals).toMatchObject({ started: 0, completionRate: null, medianTimeToCompleteMs: null });
  });

  it("counts days in the published version's time zone: a draft's new zone counts nothing until it is published", async () => {
    // 17:30 UTC: already the 16th in Shanghai, still the 15th in New York.
    t.clock.ms = Date.UTC(2025, 0, 15, 17, 30);
    expect((await request(t.app).put('/api/flows/survey').set(editor).send({ settings: { timezone: 'America/New_York' }, revision: 1 })).status).toBe(200);
    expect((await get('/api/flows/survey/stats')).body).toMatchObject({ timezone: 'Asia/Shanghai', to: '2025-01-16' });
    expect((await get('/api/flows/survey/versions')).body).toEqual([expect.objectContaining({ version: 1, timezone: 'Asia/Shanghai' })]);

    expect((await request(t.app).post('/api/flows/survey/publish').set(editor).send({ revision: 2 })).status).toBe(200);
    // All versions: the latest one's zone; one version: its own.
    expect((await get('/api/flows/survey/stats')).body).toMatchObject({ timezone: 'America/New_York', to: '2025-01-15' });
    expect((await get('/api/flows/survey/stats?version=1')).body).toMatchObject({ timezone: 'Asia/Shanghai', to: '2025-01-16' });
    expect((await get('/api/flows/survey/stats/daily?nodeId=ask&version=1')).body).toMatchObject({ timezone: 'Asia/Shanghai', to: '2025-01-16' });
  });

  it('counts a session given up at a node as dropped, by reason', async () => {
    const help = keywordReplyFlow('help', 'help', 'How can I help?');
    await request(t.app).post('/api/flows').set(editor).send(help);
    await request(t.app).post('/api/flows/help/publish').set(editor).send({ revision: 0 });
    // c3 waits at the question and asks for help instead: another flow's keyword replaces the session.
    expect(replyTexts(await say('c3', 'help'))).toEqual(['How can I help?']);
    const res = await get('/api/flows/survey/stats');
    expect(node(res.body, 'ask')).toMatchObject({ entered: 3, exited: 2, waitingNow: 0, dropped: 1, droppedByReason: { replaced: 1 } });
  });

  it('filters by version, all versions by default; an unknown version is a 400 naming version', async () => {
    await publishSurveyAgain();
    await say('c5', 'survey');
    const v1 = await get('/api/flows/survey/stats?version=1');
    expect(v1.body).toMatchObject({ version: 1, totals: { started: 3 } });
    expect(node(v1.body, 'ask')?.waitingNow).toBe(1);
    const v2 = await get('/api/flows/survey/stats?version=2');
    expect(v2.body).toMatchObject({ version: 2, totals: { started: 1, uniqueContacts: 1 } });
    expect(node(v2.body, 'ask')?.waitingNow).toBe(1);
    const all = await get('/api/flows/survey/stats');
    expect(all.body).toMatchObject({ version: null, totals: { started: 4, uniqueContacts: 4 } });
    expect(node(all.body, 'ask')?.waitingNow).toBe(2);

    const missing = await get('/api/flows/survey/stats?version=9');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'unknown_version', message: 'query.version: flow "survey" has no version 9 (the latest is 2)' });
    expect(missing.body.error.details[0].path).toEqual(['version']);
    for (const bad of ['latest', '0', '1.5']) {
      const res = await get(`/api/flows/survey/stats?version=${bad}`);
      expect({ bad, status: res.status, path: res.body.error.details[0].path }).toEqual({ bad, status: 400, path: ['version'] });
    }
  });

  it("answers one node's days, every day of the range listed, by version and range", async () => {
    const res = await get('/api/flows/survey/stats/daily?nodeId=ask');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ flowId: 'survey', version: null, nodeId: 'ask', timezone: 'Asia/Shanghai', from: THIRTY_DAYS_AGO, to: TODAY, uniqueContacts: 3 });
    expect(res.body.days).toHaveLength(30);
    expect(res.body.days[0]).toEqual({ day: THIRTY_DAYS_AGO, entered: 0, exited: 0, dropped: 0 });
    expect(res.body.days[29]).toEqual({ day: TODAY, entered: 3, exited: 2, dropped: 0 });

    // The next day: version 2 is published, c3 leaves the version 1 question for another flow, c6 starts on version 2.
    await publishSurveyAgain();
    const help = keywordReplyFlow('help', 'help', 'How can I help?');
    await request(t.app).post('/api/flows').set(editor).send(help);
    await request(t.app).post('/api/flows/help/publish').set(editor).send({ revision: 0 });
    t.clock.ms = START + 24 * 3_600_000;
    await say('c3', 'help');
    await say('c6', 'survey');
    const range = 'from=2025-01-15&to=2025-01-16';
    const all = await get(`/api/flows/survey/stats/daily?nodeId=ask&${range}`);
    // c1–c3 on the first day, c6 on the second (version 2): four contacts, each counted once.
    expect(all.body.uniqueContacts).toBe(4);
    expect(all.body.days).toEqual([
      { day: '2025-01-15', entered: 3, exited: 2, dropped: 0 },
      { day: '2025-01-16', entered: 1, exited: 0, dropped: 1 },
    ]);
    const v2 = await get(`/api/flows/survey/stats/daily?nodeId=ask&${range}&version=2`);
    expect(v2.body).toMatchObject({ version: 2, days: [{ day: '2025-01-15', entered: 0 }, { day: '2025-01-16', entered: 1, dropped: 0 }] });
  });

  it('refuses a daily series without a node, or of a node the flow does not have, naming nodeId', async () => {
    const missing = await get('/api/flows/survey/stats/daily');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toEqual(['nodeId']);
    const unknown = await get('/api/flows/survey/stats/daily?nodeId=nope');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_node', message: 'query.nodeId: flow "survey" has no node "nope" in any published version' });
    expect(unknown.body.error.details[0].path).toEqual(['nodeId']);
  });

  it('answers a funnel over a path: per step, the contacts that entered it and every step before it', async () => {
    const res = await get('/api/flows/survey/stats/funnel?steps=t,ask,thanks,end');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ flowId: 'survey', version: null, timezone: 'Asia/Shanghai', from: THIRTY_DAYS_AGO, to: TODAY });
    // Three started and were asked; c1 answered, was thanked and reached the end.
    expect(res.body.steps).toEqual([
      { nodeId: 't', inVersion: true, contacts: 3, enteredContacts: 3 },
      { nodeId: 'ask', inVersion: true, contacts: 3, enteredContacts: 3 },
      { nodeId: 'thanks', inVersion: true, contacts: 1, enteredContacts: 1 },
      { nodeId: 'end', inVersion: true, contacts: 1, enteredContacts: 1 },
    ]);
    // c2 is the one handed off: through "thanks" nobody reached the handoff.
    const branch = await get('/api/flows/survey/stats/funnel?steps=t,thanks,h');
    expect(branch.body.steps.map((step: { contacts: number; enteredContacts: number }) => [step.contacts, step.enteredContacts])).toEqual([
      [3, 3],
      [1, 1],
      [0, 1],
    ]);
    // Version 2 has no handoff node: the step is there, marked, and nobody passed it.
    const handoffless = { nodes: surveyFlow.graph.nodes.filter((n) => n.id !== 'h'), edges: surveyFlow.graph.edges.filter((e) => e.target !== 'h') };
    expect((await request(t.app).put('/api/flows/survey').set(editor).send({ graph: handoffless, revision: 1 })).status).toBe(200);
    expect((await request(t.app).post('/api/flows/survey/publish').set(editor).send({ revision: 2 })).status).toBe(200);
    const v2 = await get('/api/flows/survey/stats/funnel?steps=t,h&version=2');
    expect(v2.body.steps).toEqual([
      { nodeId: 't', inVersion: true, contacts: 0, enteredContacts: 0 },
      { nodeId: 'h', inVersion: false, contacts: 0, enteredContacts: 0 },
    ]);
    expect((await get('/api/flows/survey/stats/funnel?steps=t,h&version=1')).body.steps.map((step: { contacts: number }) => step.contacts)).toEqual([3, 1]);
  });

  it('refuses a funnel without steps, with an unknown, repeated or eleventh step, naming steps', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => (i === 0 ? 't' : `n${i}`)).join(',');
    for (const query of ['', '?steps=', '?steps=t,nope', '?steps=t,ask,t', `?steps=${eleven}`]) {
      const bad = await get(`/api/flows/survey/stats/funnel${query}`);
      expect({ query, status: bad.status, field: bad.body.error?.details[0]?.path?.[0] }).toEqual({ query, status: 400, field: 'steps' });
    }
    expect((await get('/api/flows/survey/stats/funnel?steps=t,nope')).body.error.message).toBe('query.steps: flow "survey" has no node "nope" in any published version');
    expect((await get('/api/flows/nowhere/stats/funnel?steps=t')).status).toBe(404);
  });

  it('refuses inverted, too long and impossible ranges with a 400 naming the field, on every endpoint', async () => {
    for (const path of ['/api/flows/survey/stats', '/api/flows/survey/stats.csv', '/api/flows/survey/stats/daily?nodeId=ask', '/api/stats/missed-keywords', '/api/stats/missed-keywords.csv']) {
      const query = (q: string) => `${path}${path.includes('?') ? '&' : '?'}${q}`;
      const reversed = await get(query('from=2025-02-01&to=2025-01-01'));
      expect({ path, status: reversed.status, field: reversed.body.error?.details[0].path }).toEqual({ path, status: 400, field: ['from'] });
      expect(reversed.body.error.message).toBe('query.from: "from" (2025-02-01) must not be after "to" (2025-01-01)');
      const long = await get(query('from=2023-01-01&to=2025-01-01'));
      expect({ path, status: long.status, field: long.body.error?.details[0].path }).toEqual({ path, status: 400, field: ['to'] });
      const impossible = await get(query('from=2025-02-31'));
      expect({ path, status: impossible.status, field: impossible.body.error?.details[0].path }).toEqual({ path, status: 400, field: ['from'] });
      const notADate = await get(query('to=yesterday'));
      expect({ path, status: notADate.status, field: notADate.body.error?.details[0].path }).toEqual({ path, status: 400, field: ['to'] });
    }
    // 366 days is the most a range covers (a leap year); "to" left out, the message shows the range the server filled in.
    expect((await get('/api/flows/survey/stats?from=2024-01-01&to=2024-12-31')).status).toBe(200);
    expect((await get('/api/flows/survey/stats?from=2024-01-01&to=2025-01-01')).status).toBe(400);
    const longFromDefaults = await get('/api/flows/survey/stats?from=2020-01-01');
    expect(longFromDefaults.body.error.message).toBe('query.to: 2020-01-01 to 2025-01-15 covers 1842 days; a range covers at most 366 days');
  });

  it('answers 404 for a flow that does not exist', async () => {
    for (const path of ['/api/flows/nope/stats', '/api/flows/nope/stats.csv', '/api/flows/nope/stats/daily?nodeId=ask']) {
      const res = await get(path);
      expect({ path, status: res.status, message: res.body.error?.message }).toEqual({ path, status: 404, message: 'flow "nope" not found' });
    }
  });

  it('lets analysts, editors and admins read stats; agents are refused with 403, strangers with 401', async () => {
    const admin = (await t.userWithToken('admin')).headers;
    const agent = (await t.userWithToken('agent')).headers;
    const paths = ['/api/flows/survey/stats', '/api/flows/survey/stats.csv', '/api/flows/survey/stats/daily?nodeId=ask', '/api/stats/missed-keywords', '/api/stats/missed-keywords.csv'];
    for (const path of paths) {
      for (const [role, headers] of [['analyst', analyst], ['editor', editor], ['admin', admin]] as const) {
        expect({ path, role, status: (await get(path, headers)).status }).toEqual({ path, role, status: 200 });
      }
      const refused = await get(path, agent);
      expect({ path, status: refused.status, code: refused.body.error?.code }).toEqual({ path, status: 403, code: 'forbidden' });
      expect({ path, status: (await request(t.app).get(path)).status }).toEqual({ path, status: 401 });
    }
  });

  it('exports the per-node stats as CSV: an attachment named after the flow, version and range, a header and one row per node', async () => {
    const res = await get('/api/flows/survey/stats.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename=survey-all-${THIRTY_DAYS_AGO}-${TODAY}.csv`);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual(['node_id', 'node_type', 'entered', 'exited', 'completion_rate', 'waiting_now', 'dropped', 'unique_contacts', 'exits']);
    expect(rows.map((row) => row[0]).sort()).toEqual(['ask', 'end', 'h', 't', 'thanks']);
    expect(rows.find((row) => row[0] === 'ask')).toEqual(['ask', 'ask', '3', '2', '0.6667', '1', '0', '3', 'answered=1; invalid=1']);

    // A drop adds a column per reason; the version and range are in the file name.
    const help = keywordReplyFlow('help', 'help', 'How can I help?');
    await request(t.app).post('/api/flows').set(editor).send(help);
    await request(t.app).post('/api/flows/help/publish').set(editor).send({ revision: 0 });
    await say('c3', 'help');
    const v1 = await get('/api/flows/survey/stats.csv?version=1&from=2025-01-01&to=2025-01-15');
    expect(v1.headers['content-disposition']).toBe('attachment; filename=survey-v1-2025-01-01-2025-01-15.csv');
    const [v1Header, ...v1Rows] = parseCsv(v1.text);
    expect(v1Header).toContain('dropped_replaced');
    const ask = v1Rows.find((row) => row[0] === 'ask') ?? [];
    expect(ask[v1Header?.indexOf('dropped_replaced') ?? -1]).toBe('1');
    expect(v1Rows).toHaveLength(5);
  });

  it('reports missed keywords: near-duplicates grouped, most frequent first, per UTC day, limited', async () => {
    await say('c6', 'Opening hours?');
    await say('c7', 'ＯＰＥＮＩＮＧ  hours?');
    await say('c8', 'opening hours!!');
    await say('c9', 'yes');
    await say('c10', 'yep');
    const res = await get('/api/stats/missed-keywords');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: THIRTY_DAYS_AGO, to: TODAY });
    expect(res.body.days).toHaveLength(30);
    expect(res.body.groups).toEqual([
      {
        text: 'opening hours?',
        count: 3,
        lastAt: START,
        variants: [
          { text: 'opening hours?', count: 2 },
          { text: 'opening hours!!', count: 1 },
        ],
        daily: [...Array<number>(29).fill(0), 3],
      },
      // Short words one letter apart are different words, not typos.
      { text: 'yep', count: 1, lastAt: START, variants: [{ text: 'yep', count: 1 }], daily: [...Array<number>(29).fill(0), 1] },
      { text: 'yes', count: 1, lastAt: START, variants: [{ text: 'yes', count: 1 }], daily: [...Array<number>(29).fill(0), 1] },
    ]);
    // Every unmatched message of the range and its distinct texts ('no idea' above was an answer to the survey, not a miss).
    expect(res.body).toMatchObject({ messages: 5, texts: 4, textsGrouped: 4 });
    expect((await get('/api/stats/missed-keywords?limit=1')).body.groups.map((g: { text: string }) => g.text)).toEqual(['opening hours?']);
    expect((await get('/api/stats/missed-keywords?from=2025-01-16')).body.groups).toEqual([]);
    for (const limit of ['0', '501', 'many']) {
      const bad = await get(`/api/stats/missed-keywords?limit=${limit}`);
      expect({ limit, status: bad.status, field: bad.body.error?.details[0].path }).toEqual({ limit, status: 400, field: ['limit'] });
    }
  });

  it('says how many texts were left out of the groups when a range holds more than the server reads', async () => {
    for (const [contact, text] of [['c6', 'refund please'], ['c7', 'Refund please'], ['c8', 'where is my parcel'], ['c9', 'price list']]) await say(contact as string, text as string);
    const service = new StatsService(t.store, t.clock, 2);
    const report = await service.missedKeywords({ limit: 50 });
    expect(report).toMatchObject({ messages: 4, texts: 3, textsGrouped: 2 });
    expect(report.groups.map((group) => [group.text, group.count])).toEqual([
      ['refund please', 2],
      ['price list', 1],
    ]);
  });

  it('exports missed keywords as CSV with a column per day, and a text a spreadsheet would run as a formula neutralised', async () => {
    await say('c6', '=HYPERLINK("http://evil.example","click")');
    await say('c7', 'where is my parcel');
    const res = await get('/api/stats/missed-keywords.csv?from=2025-01-14&to=2025-01-15');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=missed-keywords-2025-01-14-2025-01-15.csv');
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual(['text', 'count', 'last_seen', 'variants', '2025-01-14', '2025-01-15']);
    expect(rows.slice(1).sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''))).toEqual([
      ["'=hyperlink(\"http://evil.example\",\"click\")", '1', new Date(START).toISOString(), '\'=hyperlink("http://evil.example","click") (1)', '0', '1'],
      ['where is my parcel', '1', new Date(START).toISOString(), 'where is my parcel (1)', '0', '1'],
    ]);
    // No cell of the file starts with a character a spreadsheet would evaluate.
    expect(rows.flat().filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
  });
});
