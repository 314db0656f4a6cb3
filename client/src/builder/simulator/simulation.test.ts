import './engine-test-env';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flowDocumentSchema } from '@parley/shared';
import { compileDraft } from './compile-draft';
import type { TraceRow } from './describe-step';
import { litOf } from './lit-path';
import { fromLocalInput } from './sim-time';
import { newSimulation, pendingTimer, restartSimulation, simulate, type RunnableDraft, type SimInput, type Simulation } from './simulation';

const FLOWS_DIR = join(__dirname, '../../../../flows');

/** An example flow as the builder holds its draft. */
function draftOf(name: string): RunnableDraft {
  const doc = flowDocumentSchema.parse(JSON.parse(readFileSync(join(FLOWS_DIR, `${name}.json`), 'utf8')));
  const compiled = compileDraft({ flowId: doc.id, name: doc.name, graph: doc.graph, settings: doc.settings });
  if (!compiled.ok) throw new Error(`${name} does not compile: ${JSON.stringify(compiled.problems)}`);
  return compiled;
}

const shanghai = (local: string): number => {
  const ms = fromLocalInput(local, 'Asia/Shanghai');
  if (ms === null) throw new Error(`bad time ${local}`);
  return ms;
};

/** 2024-10-12 is a Saturday; 2024-10-14 a Monday. */
const SATURDAY_23 = shanghai('2024-10-12T23:00');
const MONDAY_10 = shanghai('2024-10-14T10:00');

function run(draft: RunnableDraft, inputs: SimInput[], start: Partial<Parameters<typeof newSimulation>[0]> = {}): Simulation {
  let sim = newSimulation({ now: MONDAY_10, timezone: 'Asia/Shanghai', seed: 1, ...start });
  for (const input of inputs) sim = simulate(sim, draft, input);
  return sim;
}

const say = (text: string): SimInput => ({ kind: 'say', text });
const lastRows = (sim: Simulation): TraceRow[] => sim.steps.at(-1)?.rows ?? [];
const nodeRows = (sim: Simulation) => lastRows(sim).flatMap((row) => (row.kind === 'node' ? [row] : []));
const botTexts = (sim: Simulation) => sim.chat.flatMap((line) => (line.kind === 'bot' && line.message.type === 'text' ? [line.message.text] : []));
const systemTexts = (sim: Simulation) => sim.chat.flatMap((line) => (line.kind === 'system' ? [line.text] : []));

describe('simulating the example flows', () => {
  it('off-hours at Saturday 23:00 Asia/Shanghai takes the closed branch and lights that path in order', () => {
    const sim = run(draftOf('off-hours'), [{ kind: 'api_start' }], { now: SATURDAY_23 });
    expect(sim.path.hops).toEqual([
      { nodeId: 'trigger', viaEdgeId: null },
      { nodeId: 'business-hours', viaEdgeId: 'e-trigger-next' },
      { nodeId: 'reply-closed', viaEdgeId: 'e-business-hours-closed' },
      { nodeId: 'end', viaEdgeId: 'e-reply-closed-next' },
    ]);
    expect(nodeRows(sim).map((row) => [row.nodeId, row.outcome])).toEqual([
      ['trigger', { kind: 'exited', handle: 'next' }],
      ['business-hours', { kind: 'exited', handle: 'closed' }],
      ['reply-closed', { kind: 'exited', handle: 'next' }],
      ['end', { kind: 'exited', handle: 'end' }],
    ]);
    expect(botTexts(sim)).toEqual([expect.stringContaining("We're closed right now")]);
    expect(lastRows(sim).at(-1)).toEqual({ kind: 'ended' });
    expect(sim.steps[0]?.label).toBe('Started through the API');
    // Lit hop by hop: two hops light two nodes and the one edge between them.
    expect(litOf(sim.path, 2)).toEqual({ nodeIds: ['trigger', 'business-hours'], edgeIds: ['e-trigger-next'], waitingNodeId: null });
  });

  it('off-hours on a Monday morning takes the open branch', () => {
    const sim = run(draftOf('off-hours'), [{ kind: 'api_start' }], { now: MONDAY_10 });
    expect(nodeRows(sim).find((row) => row.nodeId === 'business-hours')?.outcome).toEqual({ kind: 'exited', handle: 'else' });
    expect(botTexts(sim)).toEqual(['Thanks for your message! An agent will be with you shortly.']);
  });

  it('a message no trigger knows is reported, with the fallback flow named instead of run', () => {
    const sim = run(draftOf('off-hours'), [say('where is my parcel')]);
    expect(lastRows(sim)).toEqual([{ kind: 'unmatched', text: 'where is my parcel', fallbackElsewhere: 'anti-spam' }]);
    expect(systemTexts(sim)).toEqual([expect.stringContaining('No trigger matched “where is my parcel”; the fallback flow “anti-spam” would answer')]);
    expect(sim.path.hops).toEqual([]);
  });

  it('a keyword replies, and a quick-reply button sends its postback', () => {
    const draft = draftOf('welcome-faq');
    const sim = run(draft, [say('what about shipping?')]);
    expect(botTexts(sim)).toEqual([expect.stringMatching(/^Shipping: we ship within 24 hours/)]);
    expect(sim.path.hops.map((hop) => hop.nodeId)).toEqual(['trigger-shipping', 'reply-shipping', 'end']);
    expect(sim.chat[0]).toEqual({ kind: 'user', text: 'what about shipping?' });

    const pressed = simulate(sim, draft, { kind: 'press', title: 'Opening hours', payload: 'FAQ_HOURS' });
    expect(pressed.path.hops.map((hop) => hop.nodeId)).toEqual(['trigger-hours-button', 'reply-hours', 'end']);
    expect(pressed.steps.at(-1)?.label).toBe('Pressed “Opening hours” (FAQ_HOURS)');
  });

  it('an ask waits, then takes `answered` and saves the variable', () => {
    const draft = draftOf('refund');
    const asked = run(draft, [say('I want a refund')]);
    expect(asked.path.waitingNodeId).toBe('ask-order');
    expect(nodeRows(asked).at(-1)).toMatchObject({ nodeId: 'ask-order', outcome: { kind: 'waiting', wait: 'reply' } });
    expect(lastRows(asked)).toContainEqual({ kind: 'effect', effect: 'schedule', text: 'Timer set for Mon 10:30' });

    const answered = simulate(asked, draft, say('A123'));
    expect(nodeRows(answered)[0]).toEqual({ kind: 'node', nodeId: 'ask-order', nodeType: 'ask', resumed: true, outcome: { kind: 'exited', handle: 'answered' } });
    expect(answered.path.hops.map((hop) => hop.nodeId)).toEqual(['ask-order', 'reply-confirm', 'handoff']);
    expect(answered.path.hops[1]?.viaEdgeId).toBe('e-ask-order-answered');
    expect(lastRows(answered)).toContainEqual({ kind: 'variable', name: 'order_id', value: '"A123"' });
    expect(botTexts(answered)).toContain('Thanks! I\'ve noted your refund request for order A123.');
    expect(systemTexts(answered)).toContain('Handed off to team “support” (least busy agent)');
    expect(answered.path.waitingNodeId).toBe('handoff');

    const resolved = simulate(answered, draft, { kind: 'handoff', outcome: 'resolved' });
    expect(nodeRows(resolved)[0]).toMatchObject({ nodeId: 'handoff', resumed: true, outcome: { kind: 'exited', handle: 'resolved' } });
    expect(resolved.path.waitingNodeId).toBe('ask-satisfaction');
    const lastBot = resolved.chat.findLast((line) => line.kind === 'bot');
    expect(lastBot).toMatchObject({ message: { buttons: [{ title: 'Good', payload: 'good' }, { title: 'OK', payload: 'ok' }, { title: 'Bad', payload: 'bad' }] } });
  });

  it('skip wait moves the clock to the timer and fires the timeout branch', () => {
    const draft = draftOf('refund');
    const asked = run(draft, [say('refund please')]);
    expect(pendingTimer(asked)?.at).toBe(MONDAY_10 + 30 * 60_000);

    const skipped = simulate(asked, draft, { kind: 'skip_wait' });
    expect(skipped.now).toBe(MONDAY_10 + 30 * 60_000);
    expect(nodeRows(skipped)[0]).toMatchObject({ nodeId: 'ask-order', resumed: true, outcome: { kind: 'exited', handle: 'timeout' } });
    expect(skipped.path.hops.map((hop) => hop.nodeId)).toEqual(['ask-order', 'reply-no-order', 'end']);
    expect(skipped.steps.at(-1)?.label).toBe('Wait skipped to Mon 10:30');
    expect(pendingTimer(skipped)).toBeNull();
  });

  it('an http call waits for the result the tester chooses', () => {
    const draft = draftOf('lead-capture');
    const calling = run(draft, [say('can I get a demo'), say('Ada'), say('ada@example.com')]);
    expect(calling.pendingHttp?.request).toMatchObject({ method: 'POST', url: 'https://crm.example.com/leads' });
    expect(calling.path.waitingNodeId).toBe('crm');

    const ok = simulate(calling, draft, { kind: 'http_result', ok: true, status: 200, body: { id: 'L-7' } });
    expect(nodeRows(ok)[0]).toMatchObject({ nodeId: 'crm', outcome: { kind: 'exited', handle: 'ok' } });
    expect(botTexts(ok).at(-1)).toMatch(/^You're all set, Ada! Your reference is L-7/);
    expect(ok.pendingHttp).toBeNull();

    const failed = simulate(calling, draft, { kind: 'http_result', ok: false, status: 500, body: {} });
    expect(failed.path.hops.map((hop) => hop.nodeId)).toEqual(['crm', 'tag-failed', 'reply-failed', 'end']);
    expect(lastRows(failed)).toContainEqual({ kind: 'effect', effect: 'tag', text: 'Tags +lead-failed' });
  });

  it('an ask that re-asks after a wrong answer still waits at the same node', () => {
    const draft = draftOf('lead-capture');
    const reasked = run(draft, [say('demo'), say('Ada'), say('not an email')]);
    expect(nodeRows(reasked)).toEqual([{ kind: 'node', nodeId: 'ask-email', nodeType: 'ask', resumed: true, outcome: { kind: 'waiting', wait: 'reply' } }]);
    expect(reasked.path).toEqual({ hops: [], waitingNodeId: 'ask-email' });
    expect(lastRows(reasked)).toContainEqual({ kind: 'effect', effect: 'send', text: expect.stringContaining('email') });
  });

  it('a goto to another flow reads as leaving the flow, not as an error', () => {
    const sim = run(draftOf('anti-spam'), [{ kind: 'api_start' }]);
    expect(nodeRows(sim).at(-1)).toEqual({ kind: 'node', nodeId: 'goto-off-hours', nodeType: 'goto', resumed: false, outcome: { kind: 'left_flow', flowId: 'off-hours' } });
    expect(lastRows(sim).some((row) => row.kind === 'error')).toBe(false);
    expect(systemTexts(sim)).toContain('Goes on in flow “off-hours” (other flows are not simulated)');
  });

  it('a seed repeats its A/B variant after a restart, and seeds spread over the variants', () => {
    const draft = draftOf('ab-welcome');
    const variantOf = (sim: Simulation) => nodeRows(sim).find((row) => row.nodeId === 'split')?.outcome;
    const first = run(draft, [say('hello')], { seed: 7 });
    const again = simulate(restartSimulation(first), draft, say('hello'));
    expect(variantOf(again)).toEqual(variantOf(first));

    const variants = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      const outcome = variantOf(run(draft, [say('hello')], { seed }));
      if (outcome?.kind === 'exited') variants.add(outcome.handle);
    }
    expect([...variants].sort()).toEqual(['a', 'b']);
  });

  it('tags set by hand reach the contact and survive a restart', () => {
    const draft = draftOf('welcome-faq');
    const tagged = run(draft, [{ kind: 'tag', tag: 'vip', added: true }]);
    expect(tagged.conversation.contact.tags).toEqual(['vip']);
    expect(restartSimulation(tagged).conversation.contact.tags).toEqual(['vip']);
  });
});

describe('compileDraft', () => {
  it('names the nodes whose settings are unfinished instead of compiling', () => {
    const compiled = compileDraft({
      flowId: 'f',
      name: 'F',
      settings: {},
      graph: {
        nodes: [
          { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { kind: 'keyword', keywords: [] } },
          { id: 'r', type: 'reply', position: { x: 0, y: 0 }, data: { messages: [{ type: 'text', text: 'hi' }] } },
        ],
        edges: [{ id: 'e', source: 't', sourceHandle: 'next', target: 'r' }],
      },
    });
    expect(compiled.ok).toBe(false);
    expect(compiled.ok ? [] : compiled.problems).toEqual([{ nodeId: 't', message: expect.stringMatching(/^data\.keywords — /) }]);
  });
});
