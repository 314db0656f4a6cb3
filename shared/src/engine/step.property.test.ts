// Random valid flows (every node type, edges on declared handles, cycles included) and random event
// sequences: `step` must never throw, always stop within the loop guard, and keep its books straight.
import fc from 'fast-check';
import type { FlowVersion } from '../flow/flow-schema';
import { outMessageSchema } from '../flow/message-schema';
import { handlesOf } from '../node-types/registry';
import type { FlowNode } from '../node-types/registry';
import { compileFlowSet } from './compile-flow-set';
import type { ConversationState, EngineEvent, StepResult } from './engine-types';
import { newConversationState } from './new-conversation-state';
import { step } from './step';
import { DAY, T0, flowVersion, node } from './test-graphs';

const FLOW_IDS = ['f0', 'f1', 'f2'];
const WORDS = ['hi', 'refund', 'menu', '42', 'a@b.co', 'yes', 'ＲＥＦＵＮＤ', '', '+1 555 0100 22'];
const PAYLOADS = ['BUY', 'HELP', 'small'];
const TAGS = ['vip', 'lead'];

const word = fc.constantFrom(...WORDS);
const text = fc.oneof(word, fc.string({ maxLength: 12 }));
const common = { priority: fc.integer({ min: 0, max: 3 }), channels: fc.constantFrom([], ['web'], ['whatsapp']) };

const triggerData = fc.oneof(
  fc.record({
    kind: fc.constant('keyword'),
    keywords: fc.array(
      fc.oneof(
        fc.record({ text: fc.constantFrom('hi', 'refund', 'menu'), match: fc.constantFrom('exact', 'contains') }),
        fc.record({ text: fc.constantFrom('^\\d+$', 're.*d', '(a|b)+c'), match: fc.constant('regex') }),
      ),
      { minLength: 1, maxLength: 3 },
    ),
    ...common,
  }),
  fc.record({ kind: fc.constantFrom('any_message', 'first_contact', 'api'), ...common }),
  fc.record({ kind: fc.constant('returning'), afterDays: fc.constantFrom(0.5, 1, 14), ...common }),
  fc.record({ kind: fc.constant('postback'), payloads: fc.subarray(PAYLOADS, { minLength: 1 }), ...common }),
  fc.record({ kind: fc.constant('tag_added'), tag: fc.constantFrom(...TAGS), ...common }),
);

const rule = fc.oneof(
  fc.record({ field: fc.constant('text'), op: fc.constantFrom('equals', 'contains', 'regex', 'is_empty'), value: fc.constantFrom('hi', 'refund', '^\\d+$') }),
  fc.record({ field: fc.constant('length'), op: fc.constantFrom('lt', 'gte'), value: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ field: fc.constant('message_type'), op: fc.constantFrom('is', 'is_not'), value: fc.constant('text') }),
  fc.record({ field: fc.constant('tag'), op: fc.constantFrom('has', 'has_not'), value: fc.constantFrom(...TAGS) }),
  fc.record({ field: fc.constantFrom('attribute', 'variable'), name: fc.constantFrom('answer', 'plan'), op: fc.constantFrom('equals', 'is_not_empty'), value: fc.constant('42') }),
  fc.record({ field: fc.constant('channel'), op: fc.constant('is'), value: fc.constantFrom('web', 'whatsapp') }),
  fc.record({ field: fc.constant('business_hours'), op: fc.constantFrom('open', 'closed') }),
  fc.record({ field: fc.constant('message_rate'), of: fc.constantFrom('inbound', 'automated'), op: fc.constantFrom('gte', 'lt'), count: fc.integer({ min: 0, max: 4 }), windowMinutes: fc.constantFrom(1, 60) }),
  fc.record({ field: fc.constant('repeated_text'), count: fc.integer({ min: 1, max: 2 }), windowMinutes: fc.constantFrom(5, 600) }),
);

const choices = fc.constant([
  { id: 'small', label: 'Small', synonyms: ['s'] },
  { id: 'large', label: 'Large', synonyms: [] },
]);

const nodeData: fc.Arbitrary<{ type: FlowNode['type']; data: unknown }> = fc.oneof(
  triggerData.map((data) => ({ type: 'trigger' as const, data })),
  fc
    .array(fc.record({ match: fc.constantFrom('all', 'any'), rules: fc.array(rule, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 3 })
    .map((branches) => ({ type: 'condition' as const, data: { branches: branches.map((b, i) => ({ id: `b${i}`, ...b })) } })),
  fc.constantFrom('Hi {{contact.name}}', 'You said {{message.text}}', '{{vars.answer|nothing}}').map((t) => ({ type: 'reply' as const, data: { messages: [{ type: 'text', text: t }] } })),
  fc
    .record({
      validate: fc.constantFrom('text', 'number', 'email', 'phone', 'choice'),
      retries: fc.integer({ min: 0, max: 2 }),
      timeoutMinutes: fc.constantFrom(null, 5),
      choices,
    })
    .map((d) => ({ type: 'ask' as const, data: { question: 'Q?', variable: 'answer', ...d } })),
  fc
    .oneof(
      fc.record({ mode: fc.constantFrom('delay', 'reply'), amount: fc.constantFrom(0, 1, 30), unit: fc.constantFrom('minutes', 'hours') }),
      fc.record({ mode: fc.constant('time_of_day'), time: fc.constantFrom('09:00', '23:30') }),
      fc.record({ mode: fc.constant('business_hours') }),
    )
    .map((data) => ({ type: 'wait' as const, data })),
  fc.record({ timeoutMinutes: fc.constantFrom(null, 10), message: fc.constantFrom('', 'Connecting…') }).map((data) => ({ type: 'handoff' as const, data })),
  fc.record({ add: fc.subarray(TAGS, { minLength: 1 }), remove: fc.subarray(TAGS) }).map((data) => ({ type: 'tag' as const, data })),
  fc
    .record({ target: fc.constantFrom('variable', 'attribute'), name: fc.constantFrom('answer', 'plan'), value: fc.constantFrom('42', '{{message.text}}') })
    .map((a) => ({ type: 'set' as const, data: { assignments: [a] } })),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 })).map(([a, b]) => ({
    type: 'split' as const,
    data: { variants: [{ id: 'A', weight: a }, { id: 'B', weight: b }] },
  })),
  fc.record({ url: fc.constantFrom('https://api.example.com/x', '{{vars.answer}}'), saveAs: fc.constant([{ variable: 'answer', path: 'data.value' }]) }).map((data) => ({ type: 'http' as const, data })),
  fc.constantFrom(...FLOW_IDS, 'missing').map((flowId) => ({ type: 'goto' as const, data: { flowId } })),
  fc.boolean().map((closeConversation) => ({ type: 'end' as const, data: { closeConversation } })),
);

/** A flow: a trigger first, then random nodes; each declared handle gets an edge to a random node (or none). */
const flowArb = (flowId: string, createdAt: number): fc.Arbitrary<FlowVersion> =>
  fc
    .record({
      first: triggerData,
      rest: fc.array(nodeData, { minLength: 1, maxLength: 7 }),
      targets: fc.array(fc.option(fc.nat(), { nil: undefined, freq: 3 }), { minLength: 60, maxLength: 60 }),
      settings: fc.record({
        interrupt: fc.constantFrom('allow', 'block'),
        reentry: fc.constantFrom('always', 'once'),
        fallbackFlowId: fc.constantFrom(null, ...FLOW_IDS),
        shanghaiHours: fc.boolean(),
      }),
    })
    .map(({ first, rest, targets, settings: { shanghaiHours, ...settings } }) => {
      const nodes = [node('n0', 'trigger', first), ...rest.map((n, i) => node(`n${i + 1}`, n.type, n.data))];
      const edges: [string, string, string][] = [];
      let slot = 0;
      for (const n of nodes) {
        for (const handle of handlesOf(n)) {
          const target = targets[slot++ % targets.length];
          if (target !== undefined) edges.push([n.id, handle, `n${target % nodes.length}`]);
        }
      }
      const calendar = shanghaiHours ? { timezone: 'Asia/Shanghai', weekly: { mon: [{ from: '09:00', to: '18:00' }] }, breaks: [], holidays: [], exceptions: [] } : null;
      return flowVersion(flowId, { nodes, edges, settings: { ...settings, calendar }, createdAt });
    });

/** An event, and how far the clock moves before it. 'own' tokens are read from the session when it is sent. */
type EventSpec = { advance: number; event: EngineEvent | { type: 'own_timer' } | { type: 'own_http'; ok: boolean } };

const eventArb: fc.Arbitrary<EventSpec> = fc.record({
  advance: fc.constantFrom(0, 1000, 10 * 60_000, 2 * 3_600_000, 15 * DAY),
  event: fc.oneof(
    { weight: 5, arbitrary: fc.record({ text, payload: fc.constantFrom(null, ...PAYLOADS) }).map(({ text: t, payload }) => ({ type: 'message' as const, id: 'm', messageType: 'text' as const, text: t, mediaUrl: null, payload })) },
    { weight: 2, arbitrary: fc.constantFrom(...PAYLOADS).map((payload) => ({ type: 'postback' as const, id: 'p', payload, title: payload })) },
    { weight: 3, arbitrary: fc.constant({ type: 'own_timer' as const }) },
    { weight: 2, arbitrary: fc.boolean().map((ok) => ({ type: 'own_http' as const, ok })) },
    { weight: 1, arbitrary: fc.constantFrom('conv:1', 'conv:999').map((token) => ({ type: 'timer' as const, token })) },
    { weight: 1, arbitrary: fc.constantFrom({ type: 'handoff_resolved' as const }, { type: 'handoff_unassigned' as const }) },
    { weight: 1, arbitrary: fc.record({ tag: fc.constantFrom(...TAGS), added: fc.boolean() }).map((e) => ({ type: 'tag_changed' as const, ...e })) },
    { weight: 1, arbitrary: fc.constantFrom(...FLOW_IDS).map((flowId) => ({ type: 'api_start' as const, flowId, variables: { answer: 'x' } })) },
  ),
});

function concrete(spec: EventSpec['event'], state: ConversationState): EngineEvent {
  const token = state.session?.waiting.token ?? 'none';
  if (spec.type === 'own_timer') return { type: 'timer', token };
  if (spec.type === 'own_http') return { type: 'http_result', token, ok: spec.ok, status: spec.ok ? 200 : 500, body: { data: { value: 7 } } };
  return spec;
}

/** Every `exited` follows an `entered` of the same node in this step, or is the node the session was parked at. */
function exitsFollowEntries(result: StepResult, parked: ConversationState['session']): boolean {
  const open = new Set<string>();
  if (parked !== null) open.add(`${parked.flowId}/${parked.version}/${parked.nodeId}`);
  for (const t of result.trace) {
    if (t.type === 'entered') open.add(`${t.flowId}/${t.version}/${t.nodeId}`);
    if (t.type === 'exited' && !open.has(`${t.flowId}/${t.version}/${t.nodeId}`)) return false;
  }
  return true;
}

/** Each node run is closed exactly once: exited (an end node by 'end'), dropped or still parked. */
function booksBalance(result: StepResult, before: ConversationState): boolean {
  const count = (type: string) => result.trace.filter((t) => t.type === type).length;
  const opened = (before.session === null ? 0 : 1) + count('entered');
  const closed = count('exited') + count('dropped') + (result.state.session === null ? 0 : 1);
  return opened === closed;
}

/** An end node is left by 'end' at once: reaching it never reads as a drop. */
function endsExitByEnd(result: StepResult): boolean {
  return result.trace.every((t, i) => {
    if (t.type !== 'entered' || t.nodeType !== 'end') return true;
    const next = result.trace[i + 1];
    return next?.type === 'exited' && next.nodeId === t.nodeId && next.handle === 'end';
  });
}

describe('step over random flows and events', () => {
  it('never throws, stops within the guard, and keeps its books', () => {
    fc.assert(
      fc.property(
        fc.tuple(flowArb('f0', 1), flowArb('f1', 2), flowArb('f2', 3)),
        fc.integer({ min: 1, max: 3 }),
        fc.array(eventArb, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(undefined, 5, 30),
        (allFlows, liveCount, events, maxNodeRuns) => {
          const flows = compileFlowSet(allFlows.slice(0, liveCount));
          const guard = maxNodeRuns ?? 100;
          let state = newConversationState('conv', 'web', { id: 'k', name: 'Kim' });
          let now = T0;
          const scheduled = new Set<string>();
          /** Timers armed and neither fired nor cancelled: only the parked session's own may remain. */
          const armed = new Set<string>();
          for (const spec of events) {
            now += spec.advance;
            const event = concrete(spec.event, state);
            const before = structuredClone(state);
            const input = { flows, state, event, now, random: () => 0.5, maxNodeRuns };
            const result = step(input);

            expect(step(input)).toEqual(result);
            expect(state).toEqual(before);
            expect(JSON.parse(JSON.stringify(result.state))).toEqual(result.state);
            expect(result.trace.filter((t) => t.type === 'entered').length).toBeLessThanOrEqual(guard);
            expect(result.trace.length).toBeLessThanOrEqual(2 * guard + 4);
            expect(exitsFollowEntries(result, before.session)).toBe(true);
            expect(booksBalance(result, before)).toBe(true);
            expect(endsExitByEnd(result)).toBe(true);
            if (event.type === 'timer') armed.delete(event.token);
            for (const e of result.effects) {
              // A token is minted once: no two timers and no two calls share one (an http call and its
              // give-up timer share theirs on purpose: it is one wait).
              if (e.type === 'schedule' || e.type === 'http') {
                const key = `${e.type}:${e.token}`;
                expect(scheduled.has(key)).toBe(false);
                scheduled.add(key);
              }
              if (e.type === 'send') expect(outMessageSchema.safeParse(e.message).success).toBe(true);
              if (e.type === 'schedule') armed.add(e.token);
              if (e.type === 'cancel') expect(armed.delete(e.token)).toBe(true);
            }
            const waiting = result.state.session?.waiting;
            if (waiting?.token != null) expect(scheduled.has(`schedule:${waiting.token}`) || scheduled.has(`http:${waiting.token}`)).toBe(true);
            expect([...armed].every((token) => token === waiting?.token)).toBe(true);
            expect(result.state.handedOff).toBe(waiting?.kind === 'handoff');
            state = result.state;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
